from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.permissions import register_permission_policy

from . import admin_views, po_import
from .admin_views import AuditEventViewSet, AuditLogPermissionPolicy
from .models import AuditEvent
from .personal_data import EXPORT_HOOK
from .services import user_role_change_record, user_roles_snapshot

register_permission_policy(AuditEvent, AuditLogPermissionPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def audit_log_viewset():
    return AuditEventViewSet("audit_log")


@hooks.register("site_nav_items")
def dashboard_nav_item(request):
    if request.user.is_authenticated:
        return (10, _("My learning"), reverse("dashboard"))
    return None


@hooks.register("register_admin_urls")
def erase_user_urls():
    return [path("erase-user/<int:pk>/", admin_views.user_erase, name="learning_user_erase")]


@hooks.register("register_admin_urls", order=-1)
def po_upload_url():
    """Our checked PO upload at wagtail-localize's URL (`wagtail_localize:upload_pofile`
    reverses to it): listed before wagtail-localize's patterns, it answers first."""
    return [
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            po_import.upload_pofile,
            name="learning_po_upload",
        )
    ]


@hooks.register("before_delete_user")
def delete_user_is_erasure(request, user):
    """Deleting a person in the admin is erasure (a plain delete fails on their certificates
    and would lose the anonymous statistics): send both GET and POST to the erasure form."""
    return redirect("learning_user_erase", pk=user.pk)


@hooks.register("before_bulk_action")
def bulk_delete_users_refused(request, action_type, objects, action_class_instance):
    if action_type != "delete" or action_class_instance.model is not get_user_model():
        return None
    messages.error(request, _("People are erased one at a time, each with its reason."))
    if len(objects) == 1:
        return redirect("learning_user_erase", pk=objects[0].pk)
    return redirect("wagtailusers_users:index")


@hooks.register(EXPORT_HOOK)
def account_personal_data(*, user):
    profile = {
        field: getattr(user, field)
        for field in (
            "email",
            "full_name",
            "first_name",
            "last_name",
            "organisation",
            "organisation_type",
            "job_title",
            "sex",
            "preferred_language",
            "time_zone",
            "date_joined",
            "last_login",
            "is_active",
        )
    }
    profile["country"] = str(user.country)
    profile["roles"] = list(user.groups.order_by("name").values_list("name", flat=True))
    profile["email_addresses"] = list(
        EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
    )
    # The person's own actions in the audit log (with the address they came from). Events
    # about them by staff are not included: they would name the staff member.
    own_actions = AuditEvent.objects.filter(actor=user).order_by("created_at", "pk")
    return [
        ("account/profile.json", [profile]),
        (
            "account/audit_log.csv",
            list(own_actions.values("created_at", "action", "target_label", "ip_address")),
        ),
    ]


# --- Role changes made in the Wagtail user admin are audited ----------------------------------
# Wagtail saves the form (groups, the superuser flag) between these two hooks; the snapshot of
# the stored roles taken before is compared with what is stored after, by the service.
_ROLES_BEFORE = "socle_roles_before"


@hooks.register("before_edit_user")
def remember_roles_before_edit(request, user):
    setattr(request, _ROLES_BEFORE, user_roles_snapshot(user=user))


@hooks.register("after_edit_user")
def audit_roles_after_edit(request, user):
    before = getattr(request, _ROLES_BEFORE, None)
    if before is not None:
        user_role_change_record(actor=request.user, user=user, before=before, request=request)


@hooks.register("after_create_user")
def audit_roles_after_create(request, user):
    user_role_change_record(
        actor=request.user,
        user=user,
        before={"roles": [], "superuser": False},
        request=request,
    )
