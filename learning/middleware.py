"""Apply a signed-in user's language and time zone when they have not picked one explicitly."""

import zoneinfo

from django.conf import settings
from django.utils import timezone, translation


class UserPreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and user.preferred_language:
                translation.activate(user.preferred_language)
                request.LANGUAGE_CODE = translation.get_language()
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone or "UTC"))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        response = self.get_response(request)
        timezone.deactivate()
        return response


class AdminLanguageFallbackMiddleware:
    """The Wagtail admin in one language: a user whose language Wagtail ships no catalogue for
    (Lao; `WAGTAILADMIN_PERMITTED_LANGUAGES` lists those it has) gets the admin in the default
    language, not Wagtail's strings in English around ours in Lao. Wagtail applies a language
    chosen in the admin's own account settings itself; this covers everyone else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            permitted = {code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES}
            if translation.get_language() not in permitted:
                translation.activate(settings.LANGUAGE_CODE)
                request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
