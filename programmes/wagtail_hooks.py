"""Programmes in the Wagtail admin (administrators) and in the site's navigation."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cohorts.models import Cohort
from learning.models import User
from learning.roles import Role

from . import selectors
from .models import Programme


class ProgrammeForm(WagtailAdminModelForm):
    """Partners are chosen among people who hold the Partner role: the role says what they
    may see (aggregates), the link says of which programme."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = User.objects.filter(
            groups__name=Role.PARTNER.value
        ).order_by("email")
        self.fields["cohorts"].queryset = Cohort.objects.select_related("course").order_by(
            "-start_date", "name"
        )


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "group"
    menu_label = _("Programmes")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "funder"]
    search_fields = ["name", "funder"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("funder"),
            FieldPanel("description"),
            FieldPanel("cohorts", widget=forms.CheckboxSelectMultiple),
            FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=ProgrammeForm,
    )


register_snippet(ProgrammeViewSet)


@hooks.register("site_nav_items")
def programmes_nav_item(request):
    if selectors.may_list_programmes(request.user):
        return (45, _("Programmes"), reverse("programmes:list"))
    return None
