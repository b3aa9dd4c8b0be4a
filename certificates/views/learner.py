"""The learner's own certificates: download and request."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import CoursePage
from learning.storage import private_file_response

from ..models import Certificate
from ..selectors import certificate_for_download
from ..services import certificate_issue, certificate_pdf_stored, certificate_render
from ..tasks import certificate_render_task

logger = logging.getLogger(__name__)


@login_required
def download(request, code):
    """The PDF, for its learner and for staff who oversee it; 404 for anyone else."""
    try:
        certificate = certificate_for_download(user=request.user, code=code)
    except (Certificate.DoesNotExist, PermissionDenied):
        raise Http404(_("No such certificate.")) from None
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
    try:
        response = private_file_response(
            certificate.pdf.name,
            storage=certificate.pdf.storage,
            content_type="application/pdf",
            as_attachment=request.GET.get("inline") is None,
            filename=f"certificate-{certificate.display_code}.pdf",
        )
    except FileNotFoundError as exc:
        raise Http404(_("No such certificate.")) from exc
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def request_certificate(request, course_id):
    """A learner asks for a course's certificate; refused with what is missing."""
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
