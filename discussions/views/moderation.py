"""Trainers pin, lock and hide threads, hide posts and read reports; members report posts.

A member who is not a trainer of the cohort gets 403 on the trainers' actions; anyone
outside the cohort a 404 (selectors.space_for)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services
from ..forms import ReportForm

REPORTS_PER_PAGE = 50


def _moderator_space(request, cohort_id):
    space = selectors.space_for(user=request.user, cohort_id=cohort_id)
    if not space.moderator:
        raise PermissionDenied
    return space


@require_POST
def thread_moderate_view(request, cohort_id, thread_id):
    space = _moderator_space(request, cohort_id)
    thread = selectors.thread_for(space, thread_id)
    try:
        services.thread_moderate(space=space, thread=thread, action=request.POST.get("action", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The thread is updated."))
    return redirect("discussions:thread", cohort_id=cohort_id, thread_id=thread.pk)


@require_POST
def post_hide_view(request, cohort_id, post_id):
    space = _moderator_space(request, cohort_id)
    post = selectors.post_for(space, post_id)
    hidden = request.POST.get("hidden") != "0"
    services.post_hide(space=space, post=post, hidden=hidden)
    messages.success(
        request, _("The post is hidden from the members.") if hidden else _("The post is shown.")
    )
    return redirect("discussions:post", cohort_id=cohort_id, post_id=post.pk)


@require_http_methods(["GET", "POST"])
def report_view(request, cohort_id, post_id):
    space = selectors.space_for(user=request.user, cohort_id=cohort_id)
    post = selectors.post_for(space, post_id)
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.post_report(
                    space=space, post=post, reporter=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you. The trainers will look at this post."))
                return redirect("discussions:post", cohort_id=cohort_id, post_id=post.pk)
    return render(
        request,
        "discussions/report.html",
        {"space": space, "cohort": space.cohort, "post": post, "form": form},
        status=status,
    )


@require_GET
def reports_view(request, cohort_id):
    space = _moderator_space(request, cohort_id)
    reports = Paginator(selectors.cohort_reports(space), REPORTS_PER_PAGE)
    return render(
        request,
        "discussions/reports.html",
        {
            "space": space,
            "cohort": space.cohort,
            "page": reports.get_page(request.GET.get("page")),
            "space_url": reverse("discussions:space", args=[cohort_id]),
        },
    )
