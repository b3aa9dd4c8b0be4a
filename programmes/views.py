"""Pages of the programmes app: the list, a programme's page for staff, its report (staff
and partners) and the report's exports. Each view finds its programme through a selector that
answers 404 to anyone who may not read it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from cohorts.exports import SEPARATORS, default_separator, table_csv, table_xlsx

from . import selectors
from .aggregates import filter_choices, programme_report
from .charts import bar_chart
from .exporting import report_table
from .forms import ReportFilterForm
from .reporting import programme_cohorts, programme_facts


@login_required
def programme_list(request):
    if not selectors.may_list_programmes(request.user):
        raise PermissionDenied
    staffed = set(selectors.programmes_staffed_by(request.user).values_list("pk", flat=True))
    programmes = [(p, p.pk in staffed) for p in selectors.programmes_readable_by(request.user)]
    return render(request, "programmes/list.html", {"programmes": programmes})


@login_required
def programme_detail(request, pk):
    programme = selectors.programme_for_staff(user=request.user, pk=pk)
    cohorts = programme_cohorts(programme)
    facts = programme_facts(programme, cohorts)
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "lines": selectors.cohort_lines(cohorts, facts),
            "total": programme_report(facts).total,
            "people": len({f.user_id for f in facts}),
        },
    )


def _report_inputs(request, pk):
    programme = selectors.programme_for_reader(user=request.user, pk=pk)
    facts = programme_facts(programme)
    form = ReportFilterForm(request.GET, choices=filter_choices(facts))
    return programme, facts, form


@login_required
def programme_report_view(request, pk):
    programme, facts, form = _report_inputs(request, pk)
    context = {
        "programme": programme,
        "form": form,
        "is_staff": selectors.is_staff_of(user=request.user, programme=programme),
        "separators": sorted(
            SEPARATORS, key=lambda s: s != default_separator(request.LANGUAGE_CODE)
        ),
    }
    if not form.is_valid():
        return render(request, "programmes/report.html", context, status=400)
    report = programme_report(facts, form.filters())
    context.update(
        report=report,
        sections=[(b, bar_chart(b)) for b in report.breakdowns],
        query=request.GET.urlencode(),
    )
    return render(request, "programmes/report.html", context)


@login_required
def programme_export(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    programme, facts, form = _report_inputs(request, pk)
    sep = request.GET.get("sep") or default_separator(request.LANGUAGE_CODE)
    if fmt == "csv" and sep not in SEPARATORS:
        return HttpResponseBadRequest(
            _("Unknown separator. Use sep=comma or sep=semicolon."),
            content_type="text/plain; charset=utf-8",
        )
    if not form.is_valid():
        return HttpResponseBadRequest(
            _("Unknown filter value. Choose the filters on the report page."),
            content_type="text/plain; charset=utf-8",
        )
    table = report_table(programme_report(facts, form.filters()), programme=programme)
    if fmt == "csv":
        body = table_csv(table, delimiter=SEPARATORS[sep])
        content_type = "text/csv; charset=utf-8"
    else:
        body = table_xlsx(table)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="programme-{programme.pk}.{fmt}"'
    return response
