"""Open Badges 3.0 endpoints: issuer profile, public keys, achievements, credentials, status."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from courses.models import CoursePage

from .. import openbadges as ob
from .. import statuslist
from ..codes import code_normalize
from ..models import SigningAlgorithm, SigningKey
from ..selectors import certificate_by_code

JSON_LD = "application/ld+json"


def _json(data, content_type="application/json"):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = content_type
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
def issuer(request):
    return _json(ob.issuer_profile(), JSON_LD)


@login_not_required
@require_GET
def jwks(request):
    """Every signing key, current and retired (retired keys still verify what they signed)."""
    return _json(
        {"keys": [ob.published_jwk(row) for row in ob.signing_keys()]}, "application/jwk-set+json"
    )


@login_not_required
@require_GET
def key(request, kid):
    """One public key as a bare JWK: what the kid in a credential's header dereferences to."""
    if not ob.KID_PATTERN.match(kid):
        raise Http404
    row = SigningKey.objects.filter(kid=kid, algorithm=SigningAlgorithm.ES256).first()
    if row is None:
        raise Http404
    return _json(ob.published_jwk(row), "application/jwk+json")


@login_not_required
@require_GET
def status_list(request, number):
    """A BitstringStatusListCredential (VC-JWT; ?format=json shows the unsigned payload)."""
    if number >= statuslist.list_count():
        raise Http404
    if request.GET.get("format") == "json":
        response = _json(statuslist.status_list_credential(number), JSON_LD)
    else:
        response = HttpResponse(statuslist.status_list_signed(number), content_type=ob.MEDIA_TYPE)
        response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def achievement(request, course_id):
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        raise Http404
    return _json(
        {
            "@context": [ob.VC_CONTEXT, ob.OB_CONTEXT],
            "id": ob.absolute(request.path),
            "type": ["Achievement"],
            "name": course.title,
            "description": course.title,
            "criteria": {
                "id": ob.course_criteria_url(course),
                "narrative": "Completed every required step and assessment of the course.",
            },
            "achievementType": "Certificate",
        },
        JSON_LD,
    )


def _certificate(code):
    certificate = certificate_by_code(code_normalize(code))
    if certificate is None:
        raise Http404
    return certificate


@login_not_required
@require_GET
def credential(request, code):
    """The signed credential (VC-JWT); ?format=json shows the unsigned payload."""
    certificate = _certificate(code)
    if request.GET.get("format") == "json":
        return _json(ob.credential_for(certificate), JSON_LD)
    response = HttpResponse(ob.credential_sign(certificate), content_type=ob.MEDIA_TYPE)
    if request.GET.get("download"):
        response["Content-Disposition"] = (
            f'attachment; filename="openbadge-{certificate.display_code}.jwt"'
        )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
def status(request, code):
    """Revocation status of one credential in this platform's own JSON, named by credentials
    issued before the Bitstring Status List; kept so their URLs still resolve."""
    certificate = _certificate(code)
    data = {
        "id": request.build_absolute_uri(),
        "credential": ob.credential_for(certificate)["id"],
        "status": certificate.public_status,
        "revoked": certificate.is_revoked,
    }
    if certificate.is_revoked:
        data["revocationReason"] = certificate.revoked_reason
        data["revokedAt"] = certificate.revoked_at.isoformat()
    response = _json(data)
    response["Cache-Control"] = "no-cache"
    return response
