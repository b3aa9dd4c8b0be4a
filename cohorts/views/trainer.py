"""Trainers' pages. Every view finds its cohort through `cohort_for_trainer`, which answers 404
for a cohort the person does not train; the two pages that name no cohort (the list and the
form of a new one) answer 403 to someone who is not a trainer
(docs/decisions/certificates-staff-scope.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from learning.safeinput import ASCII_INT

from .. import reports, selectors, services
from ..calendar import calendar_bytes
from ..exports import SEPARATORS, default_separator, table_csv, table_xlsx
from ..forms import CohortForm, InviteForm, LiveSessionForm, MessageForm, UploadForm
from ..importing import ImportFileError, ParsedRow, parse_attendance_report, parse_participants
from ..models import AttendanceStatus, LiveSession, Membership, ModuleSchedule, Pacing
from . import dashboard_table

SIGNING_SALT = "cohorts.import"


_MAX_ID = 2**31 - 1


def _parse_id(raw: str) -> int | None:
    """A row id from a form key or value: ASCII digits only ("²" is a digit to Python but
    not to int()), and small enough for the database."""
    if not ASCII_INT.fullmatch(raw) or int(raw) > _MAX_ID:
        return None
    return int(raw)


def _trainer_only(request):
    if not selectors.is_trainer(request.user):
        raise PermissionDenied


def _cohort(request, pk):
    return selectors.cohort_for_trainer(user=request.user, pk=pk)


def _participants(cohort) -> dict:
    active, withdrawn = selectors.cohort_participants(cohort=cohort)
    invited = selectors.cohort_invitations_pending(cohort=cohort)
    return {"participants": active, "withdrawn": withdrawn, "invited": invited}


def _session(cohort, sid) -> LiveSession:
    return get_object_or_404(LiveSession.objects.select_related("cohort"), pk=sid, cohort=cohort)


@login_required
def cohort_list(request):
    _trainer_only(request)
    cohorts = selectors.cohorts_for_trainer(request.user).order_by("-start_date")
    return render(request, "cohorts/trainer/cohort_list.html", {"cohorts": cohorts})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request):
    _trainer_only(request)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        trainers = {request.user, *data.pop("trainers", [])}
        try:
            cohort = services.cohort_create(trainers=list(trainers), **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The cohort has been created."))
            return redirect(cohort.get_absolute_url())
    return render(
        request,
        "cohorts/trainer/cohort_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request, pk):
    cohort = _cohort(request, pk)
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "course"}
        if not request.user.is_superuser:
            # A trainer cannot remove themselves by accident and lose the cohort.
            data["trainers"] = {request.user, *data["trainers"]}
        try:
            services.cohort_update(cohort=cohort, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The cohort has been saved."))
            return redirect(cohort.get_absolute_url())
    return render(
        request,
        "cohorts/trainer/cohort_form.html",
        {"form": form, "cohort": cohort},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_schedule(request, pk):
    """Release and due days of each module (scheduled pacing)."""
    cohort = _cohort(request, pk)
    columns = selectors.cohort_steps(cohort)
    modules = {}
    for column in columns:
        if column.module_id and column.module_id not in modules:
            modules[column.module_id] = column.module_title
    current = {s.module_id: s for s in ModuleSchedule.objects.filter(cohort=cohort)}
    errors = {}
    if request.method == "POST":
        pages = Page.objects.in_bulk(list(modules))
        entries = {}
        for module_id in modules:
            release = request.POST.get(f"release_{module_id}", "").strip()
            due = request.POST.get(f"due_{module_id}", "").strip()
            if not due:
                continue
            try:
                entries[pages[module_id]] = (int(release or 0), int(due))
            except ValueError:
                errors[module_id] = _("Give whole numbers of days.")
        if not errors:
            try:
                services.module_schedules_save(cohort=cohort, entries=entries)
            except ValidationError as exc:
                errors = {int(key): " ".join(msgs) for key, msgs in exc.message_dict.items()}
        if not errors:
            messages.success(request, _("The schedule has been saved."))
            return redirect("cohorts:schedule", pk=cohort.pk)
    rows = [
        {"id": mid, "title": title, "schedule": current.get(mid), "error": errors.get(mid)}
        for mid, title in modules.items()
    ]
    return render(
        request,
        "cohorts/trainer/schedule.html",
        {"cohort": cohort, "rows": rows, "scheduled": cohort.pacing == Pacing.SCHEDULED},
        status=400 if errors else 200,
    )


@login_required
def cohort_dashboard(request, pk):
    cohort = _cohort(request, pk)
    overview = selectors.cohort_overview(cohort=cohort, page=request.GET.get("page"))
    return render(
        request,
        "cohorts/trainer/dashboard.html",
        {
            "cohort": cohort,
            "overview": overview,
            "matrix_header": dashboard_table.matrix_header(overview),
            "matrix_rows": dashboard_table.matrix_rows(overview),
            "at_risk_rows": dashboard_table.at_risk_rows(overview),
            "seats_left": services.cohort_seats_left(cohort=cohort),
            "join_url": request.build_absolute_uri(cohort.join_url()),
            "feed_url": request.build_absolute_uri(cohort.feed_url()),
        },
    )


# --- Participants -----------------------------------------------------------------------------


def _sign_rows(parsed, *, scope: str, pk: int) -> str:
    """The rows that passed the dry run, signed for the confirm step (one hour, one object)."""
    return signing.dumps(
        {scope: pk, "rows": [{"line": r.line, "values": r.values} for r in parsed if r.ok]},
        salt=SIGNING_SALT,
        compress=True,
    )


def _unsign_rows(token: str, *, scope: str, pk: int) -> list[ParsedRow]:
    data = signing.loads(token, salt=SIGNING_SALT, max_age=3600)
    if data.get(scope) != pk:
        raise signing.BadSignature(f"another {scope}")
    return [ParsedRow(line=item["line"], values=item["values"]) for item in data["rows"]]


@login_required
@require_http_methods(["GET", "POST"])
def participants_import(request, pk):
    """Upload -> dry run (nothing written) -> confirm -> commit."""
    cohort = _cohort(request, pk)
    form = UploadForm()
    invite_form = InviteForm()
    plan = None
    token = None
    if request.method == "POST" and "confirm" in request.POST:
        try:
            rows = _unsign_rows(request.POST.get("rows", ""), scope="cohort", pk=cohort.pk)
        except signing.BadSignature:
            messages.error(request, _("This import has expired. Upload the file again."))
            return redirect("cohorts:import", pk=cohort.pk)
        plan = services.participants_import_commit(
            cohort=cohort, rows=rows, invited_by=request.user
        )
        messages.success(
            request,
            ngettext(
                "%(n)s new account added and invited.",
                "%(n)s new accounts added and invited.",
                plan.new,
            )
            % {"n": plan.new}
            + " "
            + ngettext(
                "%(n)s existing account invited to join.",
                "%(n)s existing accounts invited to join.",
                plan.existing,
            )
            % {"n": plan.existing},
        )
        if plan.errors:
            messages.warning(
                request,
                ngettext(
                    "%(n)s row was not imported; see below.",
                    "%(n)s rows were not imported; see below.",
                    plan.errors,
                )
                % {"n": plan.errors},
            )
        return render(
            request,
            "cohorts/trainer/import.html",
            {
                "cohort": cohort,
                "form": form,
                "invite_form": invite_form,
                "plan": plan,
                "done": True,
                **_participants(cohort),
            },
        )
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            filename, data = form.read()
            try:
                parsed = parse_participants(filename=filename, data=data)
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                plan = services.participants_import_plan(cohort=cohort, rows=parsed)
                token = _sign_rows(parsed, scope="cohort", pk=cohort.pk)
    return render(
        request,
        "cohorts/trainer/import.html",
        {
            "cohort": cohort,
            "form": form,
            "invite_form": invite_form,
            "plan": plan,
            "token": token,
            **_participants(cohort),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def participant_invite(request, pk):
    cohort = _cohort(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.participant_invite(
                cohort=cohort,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                invited_by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("cohorts:import", pk=cohort.pk)
    return render(
        request,
        "cohorts/trainer/import.html",
        {"cohort": cohort, "form": UploadForm(), "invite_form": form, **_participants(cohort)},
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_remove(request, pk, user_id):
    """Confirm, then withdraw one participant (their own progress stays theirs)."""
    cohort = _cohort(request, pk)
    membership = get_object_or_404(
        Membership.objects.active().select_related("user"), cohort=cohort, user_id=user_id
    )
    if request.method == "POST":
        try:
            services.membership_remove(cohort=cohort, user=membership.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s has been removed from the cohort.")
                % {"name": membership.user.full_name or membership.user.email},
            )
        return redirect("cohorts:import", pk=cohort.pk)
    return render(
        request,
        "cohorts/trainer/participant_remove.html",
        {"cohort": cohort, "membership": membership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_message(request, pk):
    cohort = _cohort(request, pk)
    raw_ids = request.POST.getlist("user")
    selected = [_parse_id(v) for v in raw_ids]
    form = MessageForm(request.POST if "subject" in request.POST else None)
    if None in selected:
        selected = [i for i in selected if i is not None]
        form.is_valid()  # bound or not, the page shows why nothing was sent
        form.add_error(None, _("Unknown participant in the selection."))
    elif form.is_bound and form.is_valid():
        try:
            n = services.cohort_message_send(
                cohort=cohort,
                sender=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                user_ids=selected or None,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Your message is on its way to %(n)s person.",
                    "Your message is on its way to %(n)s people.",
                    n,
                )
                % {"n": n},
            )
            return redirect(cohort.get_absolute_url())
    recipients = (
        list(
            Membership.objects.active()
            .filter(cohort=cohort, user_id__in=selected)
            .select_related("user")
        )
        if selected
        else None
    )
    return render(
        request,
        "cohorts/trainer/message.html",
        {"cohort": cohort, "form": form, "recipients": recipients},
        status=400 if form.errors else 200,
    )


# --- Live sessions and attendance -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk, sid=None):
    cohort = _cohort(request, pk)
    session = _session(cohort, sid) if sid else None
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
    cohort = _cohort(request, pk)
    session = _session(cohort, sid)
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


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request, pk, sid):
    cohort = _cohort(request, pk)
    session = _session(cohort, sid)
    if session.is_cancelled:
        messages.error(request, _("This live session was cancelled: no attendance is recorded."))
        return redirect(cohort.get_absolute_url() + "#sessions")
    upload = UploadForm()
    plan = None
    token = None
    grid_errors = []
    if request.method == "POST" and "grid" in request.POST:
        entries = {}
        for key, value in request.POST.items():
            if not key.startswith("status_"):
                continue
            user_id = _parse_id(key.removeprefix("status_"))
            if user_id is None:
                grid_errors.append(_("Unknown participant in the attendance grid."))
                continue
            minutes_raw = request.POST.get(f"minutes_{user_id}", "").strip()
            if value not in ("", AttendanceStatus.PRESENT, AttendanceStatus.ABSENT):
                grid_errors.append(_("Unknown status."))
                continue
            try:
                minutes = int(minutes_raw) if minutes_raw else None
                if minutes is not None and not 0 <= minutes <= 1440:
                    raise ValueError(minutes_raw)
            except ValueError:
                grid_errors.append(
                    _("“%(v)s” is not a number of minutes.") % {"v": minutes_raw[:10]}
                )
                continue
            entries[user_id] = {"status": value, "minutes": minutes}
        if not grid_errors:
            try:
                services.attendance_grid_save(session=session, entries=entries)
            except ValidationError as exc:
                grid_errors.extend(exc.messages)
            else:
                messages.success(request, _("Attendance has been saved."))
                return redirect("cohorts:attendance", pk=cohort.pk, sid=session.pk)
    elif request.method == "POST" and "confirm" in request.POST:
        try:
            rows = _unsign_rows(request.POST.get("rows", ""), scope="session", pk=session.pk)
        except signing.BadSignature:
            messages.error(request, _("This import has expired. Upload the file again."))
            return redirect("cohorts:attendance", pk=cohort.pk, sid=session.pk)
        done = services.attendance_import_commit(
            session=session, rows=rows, imported_by=request.user
        )
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
        return redirect("cohorts:attendance", pk=cohort.pk, sid=session.pk)
    elif request.method == "POST":
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            filename, data = upload.read()
            try:
                parsed = parse_attendance_report(filename=filename, data=data)
            except ImportFileError as exc:
                upload.add_error("file", str(exc))
            else:
                plan = services.attendance_import_plan(session=session, rows=parsed)
                token = _sign_rows(parsed, scope="session", pk=session.pk)
    return render(
        request,
        "cohorts/trainer/attendance.html",
        {
            "cohort": cohort,
            "session": session,
            "grid": selectors.session_attendance_grid(session=session),
            "rule": services.attendance_rule_text(session),
            "upload": upload,
            "plan": plan,
            "plan_ok": sum(1 for r in plan if r.user_id) if plan else 0,
            "token": token,
            "grid_errors": grid_errors,
        },
        status=400 if (grid_errors or upload.errors) else 200,
    )


@login_required
def session_checkin_code(request, pk, sid):
    cohort = _cohort(request, pk)
    session = _session(cohort, sid)
    try:
        code = services.checkin_code_current(session=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(cohort.get_absolute_url() + "#sessions")
    response = render(
        request,
        "cohorts/trainer/checkin_code.html",
        {"cohort": cohort, "session": session, "code": code},
    )
    response["Cache-Control"] = "no-store"
    return response


# --- Calendar, reports and exports ------------------------------------------------------------


@login_required
def cohort_calendar(request, pk):
    cohort = _cohort(request, pk)
    sessions = LiveSession.objects.filter(cohort=cohort).select_related("cohort")
    response = HttpResponse(
        calendar_bytes(sessions, name=cohort.name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.pk}.ics"'
    return response


@login_required
def cohort_report(request, pk):
    cohort = _cohort(request, pk)
    summary = reports.funder_summary(cohort=cohort)
    return render(
        request,
        "cohorts/trainer/report.html",
        {
            "cohort": cohort,
            "summary": summary,
            "kinds": reports.EXPORT_KINDS,
            # The separator Excel expects in the reader's language first.
            "separators": sorted(
                SEPARATORS, key=lambda s: s != default_separator(request.LANGUAGE_CODE)
            ),
        },
    )


@login_required
def cohort_export(request, pk, kind, fmt):
    cohort = _cohort(request, pk)
    if kind not in reports.EXPORT_KINDS or fmt not in ("csv", "xlsx"):
        raise Http404
    sep = request.GET.get("sep") or default_separator(request.LANGUAGE_CODE)
    if fmt == "csv" and sep not in SEPARATORS:
        # A hand-made address: say so rather than guess which separator was meant.
        return HttpResponseBadRequest(
            _("Unknown separator. Use sep=comma or sep=semicolon."),
            content_type="text/plain; charset=utf-8",
        )
    table = reports.export_table(cohort=cohort, kind=kind)
    if fmt == "csv":
        body = table_csv(table, delimiter=SEPARATORS[sep])
        content_type = "text/csv; charset=utf-8"
    else:
        body = table_xlsx(table)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    suffix = "-semicolon" if fmt == "csv" and sep == "semicolon" else ""
    filename = f"cohort-{cohort.pk}-{kind}{suffix}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
