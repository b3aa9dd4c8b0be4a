"""Trainers' live-session pages: the session form, cancellation, attendance (the grid as a
formset, and the webinar report through the shared upload flow), the check-in code and the
cohort's calendar file."""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..calendar import calendar_bytes
from ..forms import LiveSessionForm
from ..grids import AttendanceGridFormSet
from ..models import LiveSession, Membership
from ..webinars.reports import parse_webinar_report
from .access import cohort_for, session_for
from .upload_flow import UploadFlow


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk, sid=None):
    cohort = cohort_for(request, pk)
    session = session_for(cohort, sid) if sid else None
    form = LiveSessionForm(request.POST or None, instance=session, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "starts_local"}
        fields["starts_at"] = form.cleaned_data["starts_local"]
        try:
            if session:
                services.live_session_update(session=session, changed_by=request.user, **fields)
            else:
                session = services.live_session_create(cohort=cohort, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The live session has been saved."))
            return redirect(cohort.get_absolute_url())
    return render(
        request,
        "cohorts/trainer/session_form.html",
        {"cohort": cohort, "session": session, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk, sid):
    """Confirm, then cancel a live session (POST with CSRF). A session already cancelled or
    already held is refused with its reason (409) and nothing changes."""
    cohort = cohort_for(request, pk)
    session = session_for(cohort, sid)
    problem = None
    if session.is_cancelled:
        problem = _("This live session has already been cancelled.")
    elif session.has_ended():
        problem = _("This live session has already taken place; it can no longer be cancelled.")
    reason = request.POST.get("reason", "")
    if request.method == "POST" and problem is None:
        try:
            services.live_session_cancel(session=session, cancelled_by=request.user, reason=reason)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("“%(title)s” has been cancelled; the participants are being told by e-mail.")
                % {"title": session.title},
            )
            return redirect(cohort.get_absolute_url() + "#sessions")
    return render(
        request,
        "cohorts/trainer/session_cancel.html",
        {
            "cohort": cohort,
            "session": session,
            "problem": problem,
            "reason": reason,
            "members": Membership.objects.active().filter(cohort=cohort).count(),
        },
        status=409 if problem else 200,
    )


def attendance_flow(session: LiveSession) -> UploadFlow:
    return UploadFlow(name="attendance", pk=session.pk, parse=parse_webinar_report)


def _attendance_grid_post(request, session: LiveSession, grid) -> HttpResponse | list[str]:
    """Save the grid: the redirect on success, else the messages to show above it."""
    if not grid.is_valid():
        return grid.messages
    try:
        services.attendance_grid_save(session=session, entries=grid.entries())
    except ValidationError as exc:
        return exc.messages
    messages.success(request, _("Attendance has been saved."))
    return redirect("cohorts:attendance", pk=session.cohort_id, sid=session.pk)


def _attendance_import_commit(request, session: LiveSession, rows) -> HttpResponse:
    done = services.attendance_import_commit(session=session, rows=rows, imported_by=request.user)
    imported = sum(1 for r in done if r.user_id)
    messages.success(
        request,
        ngettext(
            "Attendance imported for %(n)s participant.",
            "Attendance imported for %(n)s participants.",
            imported,
        )
        % {"n": imported},
    )
    return redirect("cohorts:attendance", pk=session.cohort_id, sid=session.pk)


def _attendance_page(request, session: LiveSession, *, grid, step, grid_errors=()):
    plan = None
    if step.parsed is not None:
        plan = services.attendance_import_plan(session=session, rows=step.parsed)
    return render(
        request,
        "cohorts/trainer/attendance.html",
        {
            "cohort": session.cohort,
            "session": session,
            "grid": grid,
            "rule": services.attendance_rule_text(session),
            "upload": step.form,
            "plan": plan,
            "plan_ok": sum(1 for r in plan if r.user_id) if plan else 0,
            "token": step.token,
            "grid_errors": grid_errors,
        },
        status=400 if (grid_errors or step.form.errors) else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request, pk, sid):
    """The attendance grid (a formset, posted with the "grid" button) and the import of the
    webinar tool's report (the shared upload flow) of one live session."""
    cohort = cohort_for(request, pk)
    session = session_for(cohort, sid)
    if session.is_cancelled:
        messages.error(request, _("This live session was cancelled: no attendance is recorded."))
        return redirect(cohort.get_absolute_url() + "#sessions")
    is_grid = request.method == "POST" and "grid" in request.POST
    grid = AttendanceGridFormSet(
        request.POST if is_grid else None,
        grid=selectors.session_attendance_grid(session=session),
    )
    if is_grid:
        outcome = _attendance_grid_post(request, session, grid)
        if isinstance(outcome, HttpResponse):
            return outcome
        return _attendance_page(
            request, session, grid=grid, step=UploadFlow.idle(), grid_errors=outcome
        )
    step = attendance_flow(session).step(request)
    if step.expired:
        return UploadFlow.restart(request, reverse("cohorts:attendance", args=[pk, sid]))
    if step.confirmed is not None:
        return _attendance_import_commit(request, session, step.confirmed)
    return _attendance_page(request, session, grid=grid, step=step)


def _qr_svg(url: str) -> str:
    """The check-in link as a QR code: one SVG path (segno), scaled by the stylesheet."""
    qr = segno.make(url, error="m", micro=False, mask=0)  # a fixed mask: no scoring of eight
    return qr.svg_inline(
        scale=1, border=4, dark="#000", omitsize=True, title=_("QR code of the check-in link")
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_checkin_code(request, pk, sid):
    """The code every participant types, its QR code (the check-in link with the code in
    it) and its window. POST draws a new code when the old one leaked; the old one is then
    refused."""
    cohort = cohort_for(request, pk)
    session = session_for(cohort, sid)
    try:
        if request.method == "POST":
            services.checkin_code_replace(session=session)
            messages.success(request, _("A new code has been drawn; the previous one is refused."))
            return redirect("cohorts:checkin_code", pk=pk, sid=sid)
        code = services.checkin_code_current(session=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(cohort.get_absolute_url() + "#sessions")
    link = request.build_absolute_uri(
        reverse("cohorts:check_in") + "?" + urlencode({"code": code.code})
    )
    opens, closes = services.checkin_window(session)
    response = render(
        request,
        "cohorts/trainer/checkin_code.html",
        {
            "cohort": cohort,
            "session": session,
            "code": code,
            "link": link,
            "qr": mark_safe(_qr_svg(link)),  # noqa: S308 - segno's markup, the link escaped
            "opens": opens,
            "closes": closes,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def cohort_calendar(request, pk):
    cohort = cohort_for(request, pk)
    sessions = LiveSession.objects.filter(cohort=cohort).select_related("cohort")
    response = HttpResponse(
        calendar_bytes(sessions, name=cohort.name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.pk}.ics"'
    return response
