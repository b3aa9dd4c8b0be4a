"""The live-session page's BigBlueButton buttons: a trainer starts (and ends) the meeting,
a member joins it. Each answers with a redirect: to the meeting, or back to the session's
page with a message. Another cohort's trainer and non-members get a 404, as elsewhere."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import selectors
from ..views.access import cohort_for, session_for
from . import services


def _back(session_id: int):
    return redirect("cohorts:session", sid=session_id)


def _enabled() -> None:
    if not services.bigbluebutton_enabled():
        raise Http404


@login_required
@require_POST
def webinar_start(request, pk, sid):
    """A trainer of the cohort creates the meeting and goes in as a moderator."""
    _enabled()
    session = session_for(cohort_for(request, pk), sid)
    logout_url = request.build_absolute_uri(reverse("cohorts:session", args=[session.pk]))
    try:
        address = services.meeting_start(session=session, user=request.user, logout_url=logout_url)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(session.pk)
    return HttpResponseRedirect(address)


@login_required
@require_POST
def webinar_join(request, sid):
    """A member (as a viewer) or a trainer (as a moderator) goes into the running meeting."""
    _enabled()
    session = selectors.session_for_member(user=request.user, pk=sid)
    try:
        address = services.meeting_join(session=session, user=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(session.pk)
    return HttpResponseRedirect(address)


@login_required
@require_POST
def webinar_end(request, pk, sid):
    """A trainer ends the meeting for everyone; the attendance is written at once."""
    _enabled()
    session = session_for(cohort_for(request, pk), sid)
    try:
        written = services.meeting_end(session=session, user=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(session.pk)
    messages.success(
        request,
        ngettext(
            "The webinar has ended; attendance recorded for %(n)s participant.",
            "The webinar has ended; attendance recorded for %(n)s participants.",
            len(written),
        )
        % {"n": len(written)},
    )
    return redirect("cohorts:attendance", pk=pk, sid=session.pk)


def webinar_context(*, session, user) -> dict:
    """What the session's page shows of BigBlueButton (nothing when it is not configured)."""
    if not services.bigbluebutton_enabled() or session.is_cancelled:
        return {"bbb": None}
    meeting = services.open_meeting(session)
    ended = meeting is None and hasattr(session, "webinar")
    return {
        "bbb": {
            "trainer": services.is_session_trainer(session=session, user=user),
            "open": meeting is not None,
            "ended": ended,
        }
    }
