from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from learning.translated_snippets import localized_name


@register_snippet
class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A topic family of courses (governance, actuarial planning and financing, ...)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    # The slug is what URLs carry: the same in every language.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "name"], name="topic_name_per_locale"),
            models.UniqueConstraint(fields=["locale", "slug"], name="topic_slug_per_locale"),
        ]
        verbose_name = _("topic family")
        verbose_name_plural = _("topic families")

    def __str__(self) -> str:
        return localized_name(self)
