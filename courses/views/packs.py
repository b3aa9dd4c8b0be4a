"""Course packs for reading offline: prepare (POST) and download (GET), learners enrolled."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learning.storage import private_file_response

from .. import packs
from ..models import CoursePage, PackKind, PackStatus
from ..selectors import course_outline

ANCHOR = "#course-packs"
TYPES = {PackKind.PDF: "application/pdf", PackKind.EPUB: "application/epub+zip"}


def _course(course_id: int) -> CoursePage:
    """The course by the id of any of its languages' pages, as the interface language's page
    (translation or alias) for its address; packs are recorded on the source course."""
    return get_object_or_404(CoursePage.objects.live().public(), pk=course_id).localized


@login_required
@require_POST
def pack_prepare(request, course_id: int):
    course = _course(course_id)
    try:
        prepared = packs.pack_prepare(user=request.user, course=course)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect(course.url)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(course.url + ANCHOR)
    if all(pack.status == PackStatus.READY for pack in prepared):
        messages.success(request, _("The course is ready to download."))
    else:
        messages.info(
            request, _("The course is being prepared for download. Come back in a few minutes.")
        )
    return redirect(course.url + ANCHOR)


@login_required
@require_GET
def pack_download(request, course_id: int, kind: str):
    if kind not in PackKind.values:
        raise Http404
    course = _course(course_id)
    offer = packs.pack_offer(user=request.user, course=course, outline=course_outline(course))
    if not offer:
        raise PermissionDenied(_("Enrol in “%(course)s” first.") % {"course": course.title})
    pack = offer.get(kind)
    if pack is None or pack.status != PackStatus.READY:
        messages.info(request, _("Prepare the course for download first."))
        return redirect(course.url + ANCHOR)
    try:
        return private_file_response(
            pack.file.name,
            content_type=TYPES[PackKind(kind)],
            as_attachment=True,
            filename=f"{course.slug}.{kind}",
        )
    except FileNotFoundError:
        pack.delete()
        messages.info(request, _("Prepare the course for download again."))
        return redirect(course.url + ANCHOR)
