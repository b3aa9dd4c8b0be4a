"""Trainers' cohort pages: the list, the cohort form, the module schedule, the dashboard, the
funder report and its exports. Objects are found through `access` (404 for a cohort the
person does not train)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from .. import hooks, reports, selectors, services
from ..exports import SEPARATORS, default_separator, table_csv, table_xlsx
from ..forms import CohortForm
from ..grids import ScheduleGridFormSet
from ..models import ModuleSchedule, Pacing
from . import dashboard_table
from .access import cohort_for, trainer_only


@login_required
def cohort_list(request):
    trainer_only(request)
    cohorts = selectors.cohorts_for_trainer(request.user).order_by("-start_date")
    return render(request, "cohorts/trainer/cohort_list.html", {"cohorts": cohorts})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request):
    trainer_only(request)
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
    cohort = cohort_for(request, pk)
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


class _Module:
    """A module row of the schedule grid (from the cached outline: no page instance)."""

    def __init__(self, pk: int, title: str):
        self.pk, self.title = pk, title


@login_required
@require_http_methods(["GET", "POST"])
def cohort_schedule(request, pk):
    """Release and due days of each module (scheduled pacing), as a formset of one row per
    module of the cohort's course."""
    cohort = cohort_for(request, pk)
    modules: dict[int, _Module] = {}
    for column in selectors.cohort_steps(cohort):
        if column.module_id and column.module_id not in modules:
            modules[column.module_id] = _Module(column.module_id, column.module_title)
    current = {s.module_id: s for s in ModuleSchedule.objects.filter(cohort=cohort)}
    grid = ScheduleGridFormSet(
        request.POST if request.method == "POST" else None,
        modules=list(modules.values()),
        current=current,
    )
    if request.method == "POST" and grid.is_valid():
        entries = grid.entries()
        pages = Page.objects.in_bulk(list(entries))
        try:
            services.module_schedules_save(
                cohort=cohort, entries={pages[mid]: days for mid, days in entries.items()}
            )
        except ValidationError as exc:
            grid.add_row_errors({key: " ".join(msgs) for key, msgs in exc.message_dict.items()})
        else:
            messages.success(request, _("The schedule has been saved."))
            return redirect("cohorts:schedule", pk=cohort.pk)
    has_errors = request.method == "POST" and bool(grid.messages)
    return render(
        request,
        "cohorts/trainer/schedule.html",
        {"cohort": cohort, "grid": grid, "scheduled": cohort.pacing == Pacing.SCHEDULED},
        status=400 if has_errors else 200,
    )


@login_required
def cohort_dashboard(request, pk):
    cohort = cohort_for(request, pk)
    overview = selectors.cohort_overview(cohort=cohort, page=request.GET.get("page"))
    return render(
        request,
        "cohorts/trainer/dashboard.html",
        {
            "cohort": cohort,
            "overview": overview,
            "matrix": dashboard_table.progress_matrix(overview),
            "at_risk_rows": dashboard_table.at_risk_rows(overview),
            "seats_left": services.cohort_seats_left(cohort=cohort),
            "join_url": request.build_absolute_uri(cohort.join_url()),
            "feed_url": request.build_absolute_uri(cohort.feed_url()),
            "cohort_links": hooks.page_links(request=request, cohort=cohort),
        },
    )


@login_required
def cohort_report(request, pk):
    cohort = cohort_for(request, pk)
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
    cohort = cohort_for(request, pk)
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
