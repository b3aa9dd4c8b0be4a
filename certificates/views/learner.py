"""The learner's own certificates: download and request."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..codes import code_normalize
from ..models import Certificate
from ..services import certificate_issue, certificate_pdf_stored, certificate_render
from ..tasks import certificate_render_task

logger = logging.getLogger(__name__)


@login_required
def download(request, code):
    """The PDF, for its learner and for staff who may view certificates; 404 for anyone else."""
    certificate = Certificate.objects.filter(code=code_normalize(code) or "").first()
    if certificate is None or (
        certificate.user_id != request.user.pk
        and not request.user.has_perm("certificates.view_certificate")
    ):
        raise Http404(_("No such certificate."))
    if not certificate_pdf_stored(certificate):
        # Not rendered yet, interrupted, or its file lost: render it now (tens of ms); if
        # that fails, the task tries again and the learner is asked to come back shortly.
        try:
            certificate_render(certificate_id=certificate.pk)
        except Exception:
            logger.exception("certificate render failed", extra={"certificate": certificate.pk})
            certificate_render_task.delay(certificate.pk)
        certificate.refresh_from_db()
        if not certificate_pdf_stored(certificate):
            response = render(request, "certificates/pdf_pending.html", status=503)
            response["Retry-After"] = "60"
            return response
    response = FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=request.GET.get("inline") is None,
        filename=f"certificate-{certificate.display_code}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def request_certificate(request, course_id):
    """A learner asks for a course's certificate; refused with what is missing."""
    from courses.models import CoursePage

    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        certificate = certificate_issue(user=request.user, course=course)
    except ValidationError as error:
        messages.error(
            request,
            _("No certificate yet for %(course)s: %(missing)s")
            % {"course": course.title, "missing": " ".join(error.messages)},
        )
        return redirect("dashboard")
    messages.success(
        request,
        _("Your certificate for %(course)s is ready.") % {"course": certificate.course_title},
    )
    return redirect("dashboard")
