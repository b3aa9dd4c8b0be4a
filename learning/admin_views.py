"""Wagtail admin views of the project package: the audit log and erasing a person.

The audit log:  administrators read it; nobody adds, edits or deletes.

Only the listing (with filters and search) and the inspect view are routed, so there is no
URL that could change a row; the permission policy answers "view" for administrators and
nothing else for anyone, superusers included (see docs/decisions/audit-log.md)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.users.utils import user_can_delete_user

from . import services
from .forms import UserEraseForm
from .models import AuditEvent
from .roles import Role, is_administrator


class AuditLogPermissionPolicy(ModelPermissionPolicy):
    """View for administrators (superusers or the Administrator role); no other action."""

    def user_has_permission(self, user, action):
        return action == "view" and is_administrator(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and is_administrator(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name=Role.ADMINISTRATOR)).distinct()


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "list-ul"
    menu_label = _("Audit log")
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["created_at", "actor_label", "action", "target_label", "ip_address"]
    list_filter = {
        "action": ["exact"],
        "actor": ["exact"],
        "created_at": ["date__gte", "date__lte"],
    }
    search_fields = ["actor_label", "target_label", "target_id", "reason"]
    search_backend_name = None
    inspect_view_fields = [
        "created_at",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "reason",
        "detail",
        "ip_address",
    ]

    def get_urlpatterns(self):
        # Read-only: no add, edit, delete, copy or history routes exist at all.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


def user_erase(request, pk: int):
    """Erase one person, with a reason; the admin's "Delete user" leads here too."""
    target = get_object_or_404(get_user_model(), pk=pk)
    if not user_can_delete_user(request.user, target):
        raise PermissionDenied
    form = UserEraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_erase(
                user=target, actor=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person's personal data has been erased."))
            return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "learning/admin/user_erase.html",
        {
            "form": form,
            "target": target,
            "page_title": _("Erase personal data"),
            "header_icon": "user",
        },
        status=400 if form.errors else 200,
    )
