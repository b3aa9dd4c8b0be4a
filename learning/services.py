"""Services of the project package: users and roles."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import Role


def user_assign_default_role(*, user: User) -> None:
    """New accounts are learners."""
    group, _ = Group.objects.get_or_create(name=Role.LEARNER)
    user.groups.add(group)


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    full_name: str,
    roles: tuple[str, ...] = (Role.LEARNER,),
    verified: bool = True,
    **profile,
) -> User:
    """Create (or return the existing) account for this e-mail, with its roles.

    Used by demo data, bulk imports and tests; sign-up goes through allauth.
    """
    from allauth.account.models import EmailAddress

    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, full_name=full_name, **profile)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    if Role.ADMINISTRATOR in roles and not user.is_superuser:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": verified}
    )
    return user


def roles_sync() -> None:
    """Create the four role groups and grant each the permissions listed in learning.roles.

    Idempotent; runs after every `migrate` so that apps added later get their grants.
    """
    from django.contrib.auth.models import Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    from .roles import PAGE_PERMISSIONS, ROLE_PERMISSIONS

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
        group, _ = Group.objects.get_or_create(name=role.value)
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
