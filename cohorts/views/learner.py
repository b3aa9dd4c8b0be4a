"""Learners' pages: joining by link, a cohort's schedule, a live session, checking in,
calendar files and the tokenised feeds that calendar programs subscribe to."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learning.net import safe_next_url

from .. import hooks, selectors, services, zones
from ..calendar import calendar_bytes
from ..forms import CheckInForm
from ..models import CalendarToken, Cohort, LiveSession, Membership, MembershipStatus
from ..webinars.views import webinar_context


def _ics(payload: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def join(request, pk, key):
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=pk)
    already = Membership.objects.active().filter(cohort=cohort, user=request.user).exists()
    problem = None
    if request.method == "POST":
        try:
            services.cohort_join(cohort=cohort, user=request.user, key=key)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            messages.success(request, _("Welcome to %(cohort)s.") % {"cohort": cohort.name})
            return redirect("cohorts:learner_cohort", pk=cohort.pk)
    else:
        if (
            not secrets.compare_digest(key, cohort.join_key)
            or cohort.enrollment_mode != "join_link"
        ):
            raise Http404
        if not already:
            problem = services.cohort_enrollment_problem(cohort=cohort, user=request.user)
    return render(
        request,
        "cohorts/join.html",
        {"cohort": cohort, "problem": problem, "already": already},
        status=409 if problem else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request, pk):
    """The invited person accepts or declines (the e-mailed link, or the dashboard's
    buttons). Someone else's invitation, or an answered one, is a 404."""
    membership = get_object_or_404(
        Membership.objects.invited().select_related("cohort__course"), pk=pk, user=request.user
    )
    problem = None
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        if request.POST.get("answer") not in ("accept", "decline"):
            problem = _("Choose to accept or to decline the invitation.")
        else:
            try:
                services.invitation_answer(membership_id=pk, user=request.user, accept=accept)
            except Membership.DoesNotExist as exc:
                raise Http404 from exc
            except ValidationError as exc:
                problem = " ".join(exc.messages)
            else:
                if not accept:
                    messages.success(request, _("You have declined the invitation."))
                    return redirect("dashboard")
                messages.success(
                    request, _("Welcome to %(cohort)s.") % {"cohort": membership.cohort.name}
                )
                return redirect("cohorts:learner_cohort", pk=membership.cohort_id)
    return render(
        request,
        "cohorts/invitation.html",
        {"membership": membership, "cohort": membership.cohort, "problem": problem},
        status=400 if problem else 200,
    )


@login_required
def learner_cohort(request, pk):
    cohort = get_object_or_404(
        Cohort.objects.select_related("course"),
        pk=pk,
        memberships__user=request.user,
        memberships__status=MembershipStatus.ACTIVE,
    )
    entry = next(
        c for c in selectors.learner_cohorts(user=request.user) if c.cohort.pk == cohort.pk
    )
    return render(
        request,
        "cohorts/learner_cohort.html",
        {
            "entry": entry,
            "cohort": cohort,
            "feed_url": request.build_absolute_uri(_learner_feed_url(request.user)),
            "cohort_links": hooks.page_links(request=request, cohort=cohort),
            "zone": zones.learner_zone(request.user, cohort),
        },
    )


def _learner_feed_url(user) -> str:
    return reverse("cohorts:learner_feed", args=[services.calendar_token_for(user=user).token])


@login_required
def session_detail(request, sid):
    session = selectors.session_for_member(user=request.user, pk=sid)
    return render(
        request,
        "cohorts/session.html",
        {
            "session": session,
            "cohort": session.cohort,
            "form": CheckInForm(),
            **webinar_context(session=session, user=request.user),
            "zone": zones.learner_zone(request.user, session.cohort),
        },
    )


@login_required
def session_ics(request, sid):
    session = selectors.session_for_member(user=request.user, pk=sid)
    return _ics(calendar_bytes([session], name=session.title), f"session-{session.pk}.ics")


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request):
    """Type the session's code, or confirm the one a scanned QR code carries (`?code=`: the
    code is shown with its session, and nothing is written until the member confirms). An
    anonymous visitor is sent to log in and comes back here with the code."""
    scanned = request.method == "GET" and "code" in request.GET
    form = CheckInForm(
        request.POST if request.method == "POST" else request.GET if scanned else None
    )
    found, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            done = services.checkin_redeem(
                request=request, user=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
        else:
            title = done.attendance.session.title
            if done.already:
                text = _("You were already checked in to “%(session)s”.")
            else:
                text = _("You are checked in to “%(session)s”.")
            messages.success(request, text % {"session": title})
            return redirect("cohorts:session", sid=done.attendance.session_id)
    elif scanned and form.is_valid():
        try:
            found = services.checkin_code_lookup(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
    if form.errors:
        status = 400
    return render(
        request,
        "cohorts/check_in.html",
        {"form": form, "found": found, "zone": zones.learner_zone(request.user)},
        status=status,
    )


@login_required
@require_POST
def calendar_reset(request):
    services.calendar_token_reset(user=request.user)
    messages.success(
        request, _("Your calendar link has been changed. Subscribe again with the new one.")
    )
    # Only a page of this site: `next` comes from the form and could name any address.
    target = safe_next_url(request, request.POST.get("next"), reverse("dashboard"))
    return HttpResponseRedirect(target)


@login_not_required
def cohort_feed(request, token):
    cohort = get_object_or_404(Cohort, feed_token=token)
    sessions = LiveSession.objects.filter(cohort=cohort).select_related("cohort")
    return _ics(
        calendar_bytes(sessions, name=cohort.name), f"cohort-{cohort.pk}.ics", attachment=False
    )


@login_not_required
def learner_feed(request, token):
    token_row = get_object_or_404(CalendarToken.objects.select_related("user"), token=token)
    user = token_row.user
    if not user.is_active:
        raise Http404
    sessions = selectors.sessions_for_feed_user(user)
    return _ics(
        calendar_bytes(sessions, name=_("Socle live sessions")), "socle.ics", attachment=False
    )
