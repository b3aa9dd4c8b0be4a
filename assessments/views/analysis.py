"""Item analysis for trainers and editors: a page with charts, and a CSV export."""

import csv

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from learning.spreadsheets import neutralise

from ..analysis import quiz_item_analysis
from ..models import QuizPage

PERMISSION = "assessments.view_itemanalysis"


def _cell(value) -> str:
    return neutralise("" if value is None else str(value))


@login_required
@permission_required(PERMISSION, raise_exception=True)
def item_analysis(request, quiz_id):
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    return render(
        request,
        "assessments/item_analysis.html",
        {"quiz": quiz, "analysis": quiz_item_analysis(quiz=quiz)},
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
def item_analysis_csv(request, quiz_id):
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    analysis = quiz_item_analysis(quiz=quiz)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(quiz.title) or "quiz"
    response["Content-Disposition"] = f'attachment; filename="item-analysis-{name}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Question"),
            _("Type"),
            _("Text"),
            _("Attempts"),
            _("Facility (%)"),
            _("Discrimination"),
            _("Distribution"),
        ]
    )
    for q in analysis.questions:
        writer.writerow(
            [
                q.number,
                q.kind,
                _cell(q.prompt),
                q.attempts,
                q.facility if q.facility is not None else "",
                q.discrimination if q.discrimination is not None else "",
                _cell("; ".join(f"{b.label}: {b.count}" for b in q.distribution)),
            ]
        )
    writer.writerow([])
    writer.writerow([_("Score band (%)"), _("Attempts")])
    for bar in analysis.histogram:
        writer.writerow([bar.label, bar.count])
    return response
