from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import AuditEventViewSet, AuditLogPermissionPolicy
from .models import AuditEvent

register_permission_policy(AuditEvent, AuditLogPermissionPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def audit_log_viewset():
    return AuditEventViewSet("audit_log")


@hooks.register("site_nav_items")
def dashboard_nav_item(request):
    if request.user.is_authenticated:
        return (10, _("My learning"), reverse("dashboard"))
    return None


# --- Role changes made in the Wagtail user admin are audited ----------------------------------
# Wagtail saves the form (groups, the superuser flag) between these two hooks; the snapshot of
# the stored roles taken before is compared with what is stored after, by the service.
_ROLES_BEFORE = "socle_roles_before"


@hooks.register("before_edit_user")
def remember_roles_before_edit(request, user):
    from .services import user_roles_snapshot

    setattr(request, _ROLES_BEFORE, user_roles_snapshot(user=user))


@hooks.register("after_edit_user")
def audit_roles_after_edit(request, user):
    from .services import user_role_change_record

    before = getattr(request, _ROLES_BEFORE, None)
    if before is not None:
        user_role_change_record(actor=request.user, user=user, before=before, request=request)


@hooks.register("after_create_user")
def audit_roles_after_create(request, user):
    from .services import user_role_change_record

    user_role_change_record(
        actor=request.user,
        user=user,
        before={"roles": [], "superuser": False},
        request=request,
    )
