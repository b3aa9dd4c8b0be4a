"""What every page of the site shell needs: navigation items, languages, the admin link."""

from django.conf import settings
from wagtail import hooks

from .roles import ADMIN_ACCESS, has_permission


def site_shell(request) -> dict:
    # Apps register `site_nav_items` hooks: callable(request) -> (order, label, url) or None.
    items = []
    for fn in hooks.get_hooks("site_nav_items"):
        item = fn(request)
        if item:
            items.append(item)
    items.sort(key=lambda item: item[0])
    return {
        "nav_items": [{"label": label, "url": url} for _, label, url in items],
        "site_languages": settings.LANGUAGES,
        "can_edit_site": has_permission(getattr(request, "user", None), ADMIN_ACCESS),
    }
