from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from certificates.views import public as certificates_public

from . import views

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    # The Wagtail admin signs in through allauth, which throttles failed logins.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="account_login", query_string=True)),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/export/", views.personal_data_export, name="personal_data_export"),
    path("accounts/profile/delete/", views.account_delete, name="account_delete"),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("courses/", include("courses.urls")),
    path("assessments/", include("assessments.urls")),
    path("certificates/", include("certificates.urls")),
    # The short address printed on certificates and in their QR codes.
    path("verify/<str:code>/", certificates_public.verify, name="certificate_verify_short"),
    path("cohorts/", include("cohorts.urls")),
    path("programmes/", include("programmes.urls")),
    path("discussions/", include("discussions.urls")),
    path("case-studies/", include("casestudies.urls")),
    path("labs/", include("labs.urls")),
    # /sw.js, /manifest.webmanifest and /offline/...: the offline web app.
    path("", include("offline.urls")),
]

if settings.DEBUG or getattr(settings, "SOCLE_SERVE_MEDIA", False):
    # Public media only (images, documents); private files live outside MEDIA_ROOT. Served as
    # inert data, like the production proxy does (docs/operations.md); by `make run` and by
    # the classroom server, which has no proxy (learning/settings/classroom.py).
    from django.urls import re_path

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            views.media_serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Wagtail's page serving comes last: it catches every remaining path.
urlpatterns += [path("", include(wagtail_urls))]
