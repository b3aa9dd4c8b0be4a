"""Item analysis for trainers and editors: a page with charts, and a CSV export.

A quiz the person may not analyse answers 404, as one that does not exist (the rule of every
staff URL that names an object: docs/decisions/certificates-staff-scope.md)."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from learning.spreadsheets import neutralise

from ..analysis import quiz_item_analysis
from ..models import QuizPage
from ..selectors import quiz_for_analysis


def _quiz(request, quiz_id) -> QuizPage:
    try:
        return quiz_for_analysis(user=request.user, quiz_id=quiz_id)
    except (QuizPage.DoesNotExist, PermissionDenied):
        raise Http404 from None


def _cell(value) -> str:
    return neutralise("" if value is None else str(value))


@login_required
def item_analysis(request, quiz_id):
    quiz = _quiz(request, quiz_id)
    return render(
        request,
        "assessments/item_analysis.html",
        {"quiz": quiz, "analysis": quiz_item_analysis(quiz=quiz)},
    )


@login_required
def item_analysis_csv(request, quiz_id):
    quiz = _quiz(request, quiz_id)
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
