"""The site's home page. Sections below the hero come from the apps through the
`home_page_sections` hook so that the home page never imports them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..routing import route_below
from ..viewrestrictions import SourceViewRestrictions


class HomePage(SourceViewRestrictions, Page):
    hero_title = models.CharField(_("hero title"), max_length=200)
    hero_text = RichTextField(_("hero text"), features=["bold", "italic", "link"], blank=True)
    hero_cta_label = models.CharField(_("button label"), max_length=60, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("button target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("hero_cta_label"),
        FieldPanel("hero_cta_page"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)

        return route_below(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each app registers a callable(request, page) -> {"template": ..., **ctx} or None.
        sections = []
        for fn in hooks.get_hooks("home_page_sections"):
            section = fn(request, self)
            if section:
                sections.append(section)
        context["sections"] = sorted(sections, key=lambda s: s.get("order", 100))
        return context
