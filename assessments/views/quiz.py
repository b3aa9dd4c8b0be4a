"""Quiz views: start, answer (save, check, submit) and see results. Rules live in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from courses.hooks import course_completion_for
from courses.models.pages import DOWNLOAD_HEADER
from courses.selectors import course_for_step
from courses.services import step_access_assert, step_visit
from courses.views.steps import step_context, step_forbidden
from learning.locales import source_page
from learning.safeinput import ASCII_INT

from .. import selectors
from ..forms import answers_from_post
from ..models import Attempt, AttemptState, QuizPage
from ..services import quiz as quiz_services


def _attempt_or_404(request, attempt_uuid) -> Attempt:
    # Another learner's attempt does not exist as far as this user is concerned.
    return get_object_or_404(
        Attempt.objects.select_related("quiz", "revision").defer(*quiz_services.HEAVY_FIELDS),
        uuid=attempt_uuid,
        user=request.user,
    )


@login_required
@require_POST
def attempt_start(request, quiz_id):
    # Any language's page of the quiz: the attempt is the source quiz's, on this page's text.
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    try:
        attempt = quiz_services.attempt_start(user=request.user, quiz=quiz)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return HttpResponseRedirect(quiz.url)
    return redirect("assessments:attempt", attempt.uuid)


def _render_attempt(request, attempt, *, status=200, posted=None, errors=None, notice=""):
    questions = selectors.attempt_display(attempt=attempt, posted=posted, errors=errors)
    general = (errors or {}).get("__all__", [])
    # Shown in the language the attempt was started in, whatever the interface's now.
    language = selectors.attempt_language(attempt)
    return render(
        request,
        "assessments/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "page": attempt.quiz,
            "questions": questions,
            "general_errors": general if isinstance(general, list) else [general],
            "notice": notice,
            "attempt_language": language,
            "attempt_language_note": language.lower() != (get_language() or "").lower(),
        },
        status=status,
    )


def _errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        found = exc.message_dict
        errors = {k: " ".join(v) for k, v in found.items() if k != "__all__"}
        errors["__all__"] = found.get("__all__", [])
        return errors
    return {"__all__": exc.messages}


@login_required
@require_http_methods(["GET", "POST"])
def attempt_view(request, attempt_uuid):
    if request.method == "GET":
        attempt = _attempt_or_404(request, attempt_uuid)
        # (POSTs close an overdue attempt themselves, under the attempt's lock.)
        if attempt.state == AttemptState.IN_PROGRESS and quiz_services.attempts_close_overdue(
            user=request.user, quiz=attempt.quiz
        ):
            attempt.refresh_from_db()
        if attempt.state != AttemptState.IN_PROGRESS:
            return redirect("assessments:attempt_result", attempt.uuid)
        return _render_attempt(request, attempt)

    action = request.POST.get("action", "save")
    version = request.POST.get("version") or None
    check = action.removeprefix("check:") if action.startswith("check:") else None
    posted: dict = {}

    def read_answers(locked: Attempt) -> dict:
        # Called by the service once it holds the attempt's lock: one read of the attempt.
        questions = {q.id: q for q in quiz_services.attempt_questions(locked)}
        posted.update(answers_from_post(locked, questions, request.POST))
        return posted

    try:
        if version is not None and not ASCII_INT.fullmatch(version):
            # ASCII digits only: "²" passes str.isdigit() and then fails int().
            raise ValidationError(_("The form is damaged; reload the page."))
        version = None if version is None else int(version)
        if action == "submit":
            quiz_services.attempt_submit(
                user=request.user, attempt=attempt_uuid, answers=read_answers, version=version
            )
            messages.success(request, _("Your attempt has been submitted."))
            return redirect("assessments:attempt_result", attempt_uuid)
        quiz_services.response_save(
            user=request.user,
            attempt=attempt_uuid,
            answers=read_answers,
            version=version,
            check=check,
        )
    except quiz_services.AttemptNotFound as exc:
        raise Http404 from exc
    except quiz_services.AttemptConflict as exc:
        attempt = _attempt_or_404(request, attempt_uuid)
        if attempt.state != AttemptState.IN_PROGRESS:
            return _render_result(request, attempt, status=409, notice=str(exc))
        return _render_attempt(
            request,
            attempt,
            status=409,
            notice=_("%(reason)s Nothing was saved; here is the attempt as it stands now.")
            % {"reason": exc},
        )
    except quiz_services.AttemptClosed as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessments:attempt_result", attempt_uuid)
    except ValidationError as exc:
        attempt = _attempt_or_404(request, attempt_uuid)
        return _render_attempt(
            request,
            attempt,
            status=400,
            posted={k: v for k, v in posted.items() if isinstance(v, str)},
            errors=_errors(exc),
        )
    if check:
        messages.success(request, _("Answer checked."))
        return HttpResponseRedirect(
            reverse("assessments:attempt", args=[attempt_uuid]) + f"#question-{check}"
        )
    messages.success(request, _("Your answers are saved. You can come back to them later."))
    return redirect("assessments:attempt", attempt_uuid)


def _render_result(request, attempt, *, status=200, notice=""):
    overview = selectors.quiz_overview(quiz=attempt.quiz, user=request.user)
    return render(
        request,
        "assessments/attempt_result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "overview": overview,
            "questions": selectors.attempt_display(attempt=attempt),
            "notice": notice,
            # A pass that finished the course says so, with what other apps offer next.
            "completion": course_completion_for(
                user=request.user, course=course_for_step(attempt.quiz)
            )
            if attempt.passed
            else None,
        },
        status=status,
    )


@login_required
def attempt_result(request, attempt_uuid):
    attempt = _attempt_or_404(request, attempt_uuid)
    if attempt.state == AttemptState.IN_PROGRESS:
        if quiz_services.attempts_close_overdue(user=request.user, quiz=attempt.quiz):
            attempt.refresh_from_db()
        else:
            return redirect("assessments:attempt", attempt.uuid)
    return _render_result(request, attempt)


def quiz_page(request, page: QuizPage):
    """The quiz's own page (QuizPage.serve): rules, the learner's attempts, start or resume."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # The page shown may be a translation or an alias; the learner's record (visits,
    # attempts, grade) is the source quiz's, shared by every language.
    source = source_page(page)
    course = course_for_step(source)
    try:
        if request.headers.get(DOWNLOAD_HEADER) == "offline":
            step_access_assert(user=request.user, step=source)  # saved for offline use: no visit
        else:
            step_visit(user=request.user, step=source)
    except PermissionDenied as exc:
        return step_forbidden(request, str(exc), course)
    quiz_services.attempts_close_overdue(user=request.user, quiz=source)
    overview = selectors.quiz_overview(quiz=source, user=request.user)
    open_attempt = overview.open_attempt
    context = {
        "page": page,
        "self": page,
        "overview": overview,
        "may_analyse": selectors.quiz_analysis_allowed(user=request.user, quiz=source),
        # An attempt started in another language goes on in it (graded on its own text).
        "continues_elsewhere": open_attempt is not None
        and open_attempt.revision.object_id != str(source.pk if page.alias_of_id else page.pk),
        **step_context(request, page, course),
    }
    return render(request, page.template, context)
