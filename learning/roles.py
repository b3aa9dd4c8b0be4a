"""The four roles, as Django groups, and the permissions each one holds.

Groups are created by a data migration; their permissions are (re)applied after every
`migrate` by `roles_sync` so that permissions of apps added later are granted too.
Each app lists what its roles need in ROLE_PERMISSIONS below (codenames "app_label.codename");
a permission that does not exist yet is skipped.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEARNER = "Learner", _("Learner")
    TRAINER = "Trainer", _("Trainer")
    CONTENT_EDITOR = "Content editor", _("Content editor")
    ADMINISTRATOR = "Administrator", _("Administrator")
    # Funders: read the aggregates of the programmes they are linked to (programmes app).
    PARTNER = "Partner", _("Partner")


ADMIN_ACCESS = "wagtailadmin.access_admin"

_EDITOR = [
    ADMIN_ACCESS,
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    *[
        f"casestudies.{a}_{m}"
        for a in ("add", "change", "delete", "view")
        for m in ("theme", "programmetype", "lifecyclerisk", "populationgroup")
    ],  # noqa: E501
    *[
        f"certificates.{a}_{m}"
        for a in ("add", "change", "delete", "view")
        for m in ("certificatetemplate", "coursecertificatesettings")
    ],  # noqa: E501
]
# Trainers and administrators issue, re-issue and revoke certificates.
_CERTIFICATES = [
    "certificates.view_certificate",
    "certificates.add_certificate",
    "certificates.change_certificate",
]  # noqa: E501

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.LEARNER: [],
    Role.PARTNER: [],
    Role.TRAINER: [*_CERTIFICATES],
    Role.CONTENT_EDITOR: _EDITOR,
    # Administrators are superusers as well; the group documents the role.
    Role.ADMINISTRATOR: [
        *_EDITOR,
        "learning.view_user",
        "learning.change_user",
        "learning.delete_user",
        *_CERTIFICATES,
    ],
}

# Assessments: editors add H5P packages and read item analysis, trainers read item analysis;
# only administrators install H5P libraries, which are program code.
_ASSESSMENTS_EDITOR = [
    *[f"assessments.{a}_h5ppackage" for a in ("add", "change", "delete", "view")],
    "assessments.view_itemanalysis",
]
ROLE_PERMISSIONS[Role.TRAINER] = [*ROLE_PERMISSIONS[Role.TRAINER], "assessments.view_itemanalysis"]
ROLE_PERMISSIONS[Role.CONTENT_EDITOR] = [
    *ROLE_PERMISSIONS[Role.CONTENT_EDITOR],
    *_ASSESSMENTS_EDITOR,
]
ROLE_PERMISSIONS[Role.ADMINISTRATOR] = [
    *ROLE_PERMISSIONS[Role.ADMINISTRATOR],
    *_ASSESSMENTS_EDITOR,
    "assessments.install_h5plibrary",
]

# Cohorts: trainers run their own cohorts from the front-end pages (no admin access).
_COHORTS = [
    f"cohorts.{a}_{m}"
    for a in ("add", "change", "view")
    for m in ("cohort", "livesession", "attendance", "membership")
]  # noqa: E501
ROLE_PERMISSIONS[Role.TRAINER] = [*ROLE_PERMISSIONS[Role.TRAINER], *_COHORTS]
ROLE_PERMISSIONS[Role.ADMINISTRATOR] = [*ROLE_PERMISSIONS[Role.ADMINISTRATOR], *_COHORTS]

# Programmes: administrators manage them in the Wagtail admin (snippets).
ROLE_PERMISSIONS[Role.ADMINISTRATOR] = [
    *ROLE_PERMISSIONS[Role.ADMINISTRATOR],
    *[f"programmes.{a}_programme" for a in ("add", "change", "delete", "view")],
]

# Roles that may edit pages in the Wagtail tree, with the page permissions they hold at the root.
PAGE_PERMISSIONS: dict[str, list[str]] = {
    Role.CONTENT_EDITOR: ["add_page", "change_page", "publish_page", "lock_page"],
    Role.ADMINISTRATOR: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "bulk_delete_page",
    ],
}


def role_names(user) -> frozenset[str]:
    """The names of the account's roles (groups), read once per user object: a request asks
    several times (navigation, MFA, scope checks) and pays one query."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    names = getattr(user, "socle_role_names", None)
    if names is None:
        names = frozenset(group.name for group in user.groups.all())
        user.socle_role_names = names
    return names


def has_permission(user, permission: str) -> bool:
    """`user.has_perm(permission)`, without its two queries for an account whose roles grant
    no permission at all (a learner: nearly every request). Permissions come from roles
    (groups), which `roles_sync` sets from ROLE_PERMISSIONS after every migrate."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not user.is_superuser and not any(ROLE_PERMISSIONS.get(r) for r in role_names(user)):
        return False
    return user.has_perm(permission)


def has_role(user, role: str) -> bool:
    """Whether this account holds the role (its group)."""
    return str(role) in role_names(user)


def is_administrator(user) -> bool:
    """Administrators: superusers, or holders of the Administrator role."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or has_role(user, Role.ADMINISTRATOR)
