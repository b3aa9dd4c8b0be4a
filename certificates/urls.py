"""URLs of the certificates app, mounted by learning/urls.py under the "certificates" namespace."""

from django.urls import path

from .views import learner, public, staff
from .views import openbadges as ob

app_name = "certificates"
urlpatterns = [
    path("verify/", public.verify_lookup, name="verify_lookup"),
    path("verify/pdf/", public.verify_pdf, name="verify_pdf"),
    path("verify/credential/", public.verify_credential, name="verify_credential"),
    path("verify/<str:code>/", public.verify, name="verify"),
    path("mine/<str:code>/pdf/", learner.download, name="download"),
    path("request/<int:course_id>/", learner.request_certificate, name="request"),
    path("manage/", staff.manage, name="manage"),
    path("manage/<int:pk>/reissue/", staff.reissue, name="reissue"),
    path("manage/<int:pk>/revoke/", staff.revoke, name="revoke"),
    path("openbadges/issuer/", ob.issuer, name="ob_issuer"),
    path("openbadges/issuer/jwks.json", ob.jwks, name="ob_jwks"),
    path("openbadges/keys/<str:kid>.json", ob.key, name="ob_key"),
    path("openbadges/status/<int:number>/", ob.status_list, name="ob_status_list"),
    path("openbadges/achievements/<int:course_id>/", ob.achievement, name="ob_achievement"),
    path("openbadges/credentials/<str:code>/", ob.credential, name="ob_credential"),
    path("openbadges/credentials/<str:code>/status/", ob.status, name="ob_status"),
]
