"""Taxonomies editors manage as snippets: themes, programme types, life-cycle risks and
population groups. Learners filter the library by them; the slug is what the URL carries."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Taxonomy(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("Used in URLs."))
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Theme(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class ProgrammeType(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("programme type")
        verbose_name_plural = _("programme types")


class LifeCycleRisk(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("life-cycle risk")
        verbose_name_plural = _("life-cycle risks")


class PopulationGroup(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("population group")
        verbose_name_plural = _("population groups")
