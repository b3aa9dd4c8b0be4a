"""Taxonomies editors manage as snippets: themes, programme types, life-cycle risks and
population groups. Learners filter the library by them; the slug is what the URL carries."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from learning.translated_snippets import localized_name


class Taxonomy(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, help_text=_("Used in URLs."))
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    # The slug is what facet URLs carry: the same in every language.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return localized_name(self)


class Theme(Taxonomy):
    class Meta(Taxonomy.Meta):
        constraints = [
            models.UniqueConstraint(fields=["locale", "name"], name="theme_name_per_locale"),
            models.UniqueConstraint(fields=["locale", "slug"], name="theme_slug_per_locale"),
        ]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class ProgrammeType(Taxonomy):
    class Meta(Taxonomy.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "name"], name="programmetype_name_per_locale"
            ),
            models.UniqueConstraint(
                fields=["locale", "slug"], name="programmetype_slug_per_locale"
            ),
        ]
        verbose_name = _("programme type")
        verbose_name_plural = _("programme types")


class LifeCycleRisk(Taxonomy):
    class Meta(Taxonomy.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "name"], name="lifecyclerisk_name_per_locale"
            ),
            models.UniqueConstraint(
                fields=["locale", "slug"], name="lifecyclerisk_slug_per_locale"
            ),
        ]
        verbose_name = _("life-cycle risk")
        verbose_name_plural = _("life-cycle risks")


class PopulationGroup(Taxonomy):
    class Meta(Taxonomy.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "name"], name="populationgroup_name_per_locale"
            ),
            models.UniqueConstraint(
                fields=["locale", "slug"], name="populationgroup_slug_per_locale"
            ),
        ]
        verbose_name = _("population group")
        verbose_name_plural = _("population groups")
