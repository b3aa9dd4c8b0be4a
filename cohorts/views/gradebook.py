"""The cohort's gradebook: every member x every graded item, the trainers' overrides, and the
XLSX export. The cohort is found through `gradebook.cohort_for_grading` (its trainers and the
platform's administrators; 404 for anyone else, so others' cohorts are not even known)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from learning.spreadsheets import neutralise

from .. import services
from ..exports import Table, table_xlsx
from ..forms import GradeOverrideForm
from ..gradebook import cohort_for_grading, cohort_gradebook, grade_entry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def gradebook(request, pk):
    cohort = cohort_for_grading(user=request.user, pk=pk)
    book = cohort_gradebook(cohort=cohort)
    return render(request, "cohorts/trainer/gradebook.html", {"cohort": cohort, "book": book})


def _number(value):
    return None if value is None else round(value, 2)


@login_required
@require_GET
def gradebook_export(request, pk):
    """XLSX: one row per learner, one column per item (the grade that counts), then the
    computed grades of overridden cells and the reasons. Every text cell neutralised."""
    cohort = cohort_for_grading(user=request.user, pk=pk)
    book = cohort_gradebook(cohort=cohort)
    header = [_("Name"), _("E-mail")]
    header += [f"{item.title} ({item.kind})" for item in book.items]
    header += [_("Average"), _("Overrides")]
    rows = []
    for row in book.rows:
        notes = [
            _("%(item)s: %(grade)s instead of %(computed)s (%(reason)s)")
            % {
                "item": cell.item.title,
                "grade": cell.grade,
                "computed": "-" if cell.computed is None else _number(cell.computed),
                "reason": cell.override.reason,
            }
            for cell in row.cells
            if cell.override is not None
        ]
        rows.append(
            [neutralise(row.user.full_name), neutralise(row.user.email)]
            + [_number(cell.grade) for cell in row.cells]
            + [_number(row.average), neutralise("; ".join(notes))]
        )
    table = Table(
        title=_("Gradebook"),
        header=[neutralise(str(cell)) for cell in header],
        rows=rows,
    )
    response = HttpResponse(table_xlsx(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.pk}-gradebook.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def grade_override(request, pk, user_id, item):
    """The form of one cell: override with a reason, or remove the override."""
    cohort = cohort_for_grading(user=request.user, pk=pk)
    entry = grade_entry(cohort=cohort, user_id=user_id, item_key=item)
    if entry is None:
        raise Http404
    back = reverse("cohorts:gradebook", args=[cohort.pk])
    initial = {}
    if entry.override is not None:
        initial = {"score": entry.override.score, "reason": entry.override.reason}
    arguments = {"cohort": cohort, "actor": request.user, "user_id": user_id, "item_key": item}
    if request.method == "POST" and "remove" in request.POST:
        try:
            services.grade_override_remove(**arguments, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The override was removed; the computed grade counts."))
        return redirect(back)
    form = GradeOverrideForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.grade_override_set(
                    **arguments,
                    score=form.cleaned_data["score"],
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The grade was overridden."))
                return redirect(back)
        status = 400
    return render(
        request,
        "cohorts/trainer/grade_override.html",
        {"cohort": cohort, "entry": entry, "form": form},
        status=status,
    )
