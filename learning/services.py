"""Services of the project package: users, roles and erasure."""

import logging
import tempfile

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.users.models import UserProfile

from .audit import audit_record
from .models import AuditAction, User
from .personal_data import archive_write, erasing_run
from .roles import PAGE_PERMISSIONS, ROLE_PERMISSIONS, Role

logger = logging.getLogger(__name__)


def preferred_language_set(*, user: User, language: str | None) -> bool:
    """Make `language` the user's preferred language (certificates and e-mail are printed in
    it) when the site offers it; True if it changed."""
    if language not in dict(settings.LANGUAGES) or user.preferred_language == language:
        return False
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return True


def user_assign_default_role(*, user: User) -> None:
    """New accounts are learners."""
    group, _created = Group.objects.get_or_create(name=Role.LEARNER)
    user.groups.add(group)


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    full_name: str,
    roles: tuple[str, ...] = (Role.LEARNER,),
    verified: bool = True,
    actor: User | None = None,
    request=None,
    **profile,
) -> User:
    """Create (or return the existing) account for this e-mail, with its roles.

    Used by demo data, bulk imports and tests; sign-up goes through allauth. Roles given to
    an existing account, or staff roles to a new one, are audited (`actor` None: the system).
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    existed = user is not None
    if user is None:
        user = User(email=email, full_name=full_name, **profile)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    _user_roles_add(user=user, roles=roles, existed=existed, actor=actor, request=request)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": verified}
    )
    return user


def _user_roles_add(*, user: User, roles, existed: bool, actor, request) -> None:
    """Add the roles the account lacks; audit it for an existing account, and for a new one
    given more than the Learner role. One query when an existing account has them all (bulk
    imports of people who already have accounts)."""
    current = set(user.groups.values_list("name", flat=True)) if existed else set()
    missing = [role for role in roles if role not in current]
    needs_superuser = Role.ADMINISTRATOR in roles and not user.is_superuser
    if not missing and not needs_superuser:
        return
    before = {"roles": sorted(current), "superuser": bool(user.is_superuser)}
    for role in missing:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    if needs_superuser:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    if existed or set(roles) != {Role.LEARNER}:
        # A new learner is not a role change; new staff and any change to an account are.
        user_role_change_record(actor=actor, user=user, before=before, request=request)


def user_roles_snapshot(*, user: User) -> dict:
    """The account's roles and superuser flag as stored now (read from the database, not from
    an instance a form may have changed)."""
    stored = User.objects.filter(pk=user.pk).values_list("is_superuser", flat=True).first()
    roles = sorted(Group.objects.filter(user__pk=user.pk).values_list("name", flat=True))
    return {"roles": roles, "superuser": bool(stored)}


def user_role_change_record(*, actor, user: User, before: dict, request=None):
    """Audit a change of roles (groups) or of the superuser flag, if there was one.

    `before` is `user_roles_snapshot` taken before the change. Returns the audit event, or
    None when nothing changed."""
    after = user_roles_snapshot(user=user)
    if after == before:
        return None
    added = sorted(set(after["roles"]) - set(before["roles"]))
    removed = sorted(set(before["roles"]) - set(after["roles"]))
    return audit_record(
        actor=actor,
        action=AuditAction.ROLE_CHANGE,
        target=user,
        detail={
            "added": added,
            "removed": removed,
            "superuser_before": before["superuser"],
            "superuser_after": after["superuser"],
        },
        request=request,
    )


@transaction.atomic
def user_roles_set(*, user: User, roles, actor, request=None) -> User:
    """Give the account exactly these roles (the Administrator role also makes it a superuser,
    and losing it takes that away), audited in the same transaction."""
    roles = {str(role) for role in roles}
    unknown = roles - {role.value for role in Role}
    if unknown:
        raise ValidationError(
            _("Unknown roles: %(roles)s") % {"roles": ", ".join(sorted(unknown))},
            code="unknown_role",
        )
    before = user_roles_snapshot(user=user)
    user.groups.set([Group.objects.get_or_create(name=role)[0] for role in sorted(roles)])
    administrator = Role.ADMINISTRATOR in roles
    if user.is_superuser != administrator:
        user.is_superuser = user.is_staff = administrator
        user.save(update_fields=["is_superuser", "is_staff"])
    user_role_change_record(actor=actor, user=user, before=before, request=request)
    return user


def roles_sync() -> None:
    """Create the four role groups and grant each the permissions listed in learning.roles.

    Idempotent; runs after every `migrate` so that apps added later get their grants.
    """
    all_codenames = {c for codes in ROLE_PERMISSIONS.values() for c in codes}
    perms = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={c.split(".", 1)[1] for c in all_codenames}
        )
    }
    # Wagtail's default groups would give a second, unmanaged way into the admin.
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = [perms[c] for c in ROLE_PERMISSIONS.get(role, []) if c in perms]
        group.permissions.add(*wanted)
        if root_page is not None:
            for codename in PAGE_PERMISSIONS.get(role, []):
                permission = Permission.objects.filter(
                    content_type__app_label="wagtailcore", codename=codename
                ).first()
                if permission:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root_page, permission=permission
                    )
        if root_collection is not None and role in (Role.CONTENT_EDITOR, Role.ADMINISTRATOR):
            for perm in wanted:
                if perm.content_type.app_label in {"wagtailimages", "wagtaildocs"}:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm
                    )


def _account_anonymise(*, user: User) -> None:
    """Turn the account into an inactive tombstone: no name, no address, no way in.

    The row stays so that the rows the apps keep for statistics (attempts, progress,
    attendance, revoked certificates) keep a valid foreign key; see
    docs/decisions/data-protection.md.
    """
    EmailAddress.objects.filter(user=user).delete()
    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None:
        if profile.avatar:
            storage, name = profile.avatar.storage, profile.avatar.name
            transaction.on_commit(lambda: storage.delete(name))
        profile.delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"erased-{user.pk}@invalid"
    user.full_name = user.first_name = user.last_name = ""
    user.country = user.organisation = user.organisation_type = ""
    user.job_title = user.sex = ""
    user.preferred_language = settings.LANGUAGE_CODE
    user.time_zone = "UTC"
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.inactivity_warned_at = None
    # A new password hash also ends every session: Django checks each session's hash of the
    # password on every request, and an inactive account is refused sign-in.
    user.set_unusable_password()
    user.save()


def user_is_erased(user: User) -> bool:
    return not user.is_active and user.email == f"erased-{user.pk}@invalid"


@transaction.atomic
def user_erase(*, user: User, actor: User | None, reason: str, request=None) -> dict:
    """Erase one person: every app removes or anonymises its rows, then the account becomes an
    anonymised tombstone. Audited as user.erase. Returns the counts per kind of row.

    `actor` is the person themselves, an administrator (who may delete users), or None for the
    scheduled retention task.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for erasing this account."), code="no_reason")
    if actor is not None and actor.pk != user.pk and not actor.has_perm("learning.delete_user"):
        raise PermissionDenied
    if actor is not None and actor.pk != user.pk and user.is_superuser and not actor.is_superuser:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor is not None and actor.pk == user.pk and (user.is_staff or user.is_superuser):
        raise ValidationError(
            _("A staff account cannot delete itself: ask an administrator to erase it."),
            code="staff_self",
        )
    if user_is_erased(user):
        raise ValidationError(_("This account has already been erased."), code="already_erased")
    counts = erasing_run(user=user)
    _account_anonymise(user=user)
    audit_record(
        actor=actor,
        action=AuditAction.USER_ERASE,
        target=user,
        reason=reason,
        detail={
            "counts": counts,
            "by": "self" if actor == user else "staff" if actor else "retention",
        },
        request=request,
    )
    return counts


def personal_data_export(*, user: User, request=None):
    """The ZIP archive of everything the apps hold about `user`, in a temporary file (never in
    media storage); audited as data.export with the archive's sections. Returns the open
    file, positioned at its start."""
    # Closed by the FileResponse that sends it.
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    names = archive_write(user=user, target=target, now=timezone.now())
    target.seek(0)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        target=user,
        reason="Personal data archive requested by the account holder",
        detail={"sections": names},
        request=request,
    )
    return target
