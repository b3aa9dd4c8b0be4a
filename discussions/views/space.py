"""Members' pages: the cohort's space, a forum's threads, a thread's posts, a post's link.

Every view finds the cohort through `selectors.space_for` (404 for anyone who is neither a
member nor a trainer of it, signed in or not). Posting is limited per account by allauth's
limiter on the shared cache ("discussions_post" in ACCOUNT_RATE_LIMITS); a refused post
keeps the text in the form (429).
"""

from allauth.core import ratelimit
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import selectors, services
from ..forms import PostForm, ThreadForm

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 30
POST_RATE_ACTION = "discussions_post"


def _rate_refused(request) -> bool:
    """True when the account has posted its allowance (checked without counting)."""
    return not ratelimit.consume(request, action=POST_RATE_ACTION, user=request.user, dry_run=True)


def _rate_count(request) -> bool:
    return ratelimit.consume(request, action=POST_RATE_ACTION, user=request.user)


def _too_many(form) -> None:
    form.add_error(
        None,
        _(
            "You have posted a lot in a short time. Nothing was saved: "
            "wait a minute and send it again."
        ),
    )


@require_GET
def space_view(request, cohort_id):
    space = selectors.space_for(user=request.user, cohort_id=cohort_id)
    return render(
        request,
        "discussions/space.html",
        {
            "space": space,
            "cohort": space.cohort,
            "forums": selectors.forums(space),
            "digest_on": services.digest_enabled(user=request.user),
        },
    )


def _posted(request, form, create) -> tuple[int, object | None]:
    """(status, what `create()` made) of a thread's or a reply's form: refused (429) past the
    posting limit, 400 on a bad form or a refusal of the service, else counted and created."""
    if _rate_refused(request):
        _too_many(form)
        return 429, None
    if not form.is_valid():
        return 400, None
    if not _rate_count(request):
        _too_many(form)
        return 429, None
    try:
        return 302, create()
    except ValidationError as error:
        form.add_error(None, error)
        return 400, None


def _post_thread(request, space, forum, form) -> tuple[int, str | None]:
    """(status, address to go to) of a new thread's form."""
    status, thread = _posted(
        request,
        form,
        lambda: services.thread_create(
            space=space, forum=forum, author=request.user, **form.cleaned_data
        ),
    )
    if thread is None:
        return status, None
    messages.success(request, _("Your thread is open."))
    return status, reverse("discussions:thread", args=[space.cohort.pk, thread.pk])


@require_http_methods(["GET", "POST"])
def forum_view(request, cohort_id, forum):
    space = selectors.space_for(user=request.user, cohort_id=cohort_id)
    forum = selectors.forum_for(space, forum)
    form = ThreadForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status, target = _post_thread(request, space, forum, form)
        if target:
            return redirect(target)
    threads = Paginator(selectors.forum_threads(space, forum), THREADS_PER_PAGE)
    return render(
        request,
        "discussions/forum.html",
        {
            "space": space,
            "cohort": space.cohort,
            "forum": forum,
            "page": threads.get_page(request.GET.get("page")),
            "form": form,
        },
        status=status,
    )


def _post_reply(request, space, thread, form) -> tuple[int, str | None]:
    status, post = _posted(
        request,
        form,
        lambda: services.post_create(
            space=space, thread=thread, author=request.user, body=form.cleaned_data["body"]
        ),
    )
    if post is None:
        return status, None
    messages.success(request, _("Your reply is posted."))
    return status, reverse("discussions:post", args=[space.cohort.pk, post.pk])


@require_http_methods(["GET", "POST"])
def thread_view(request, cohort_id, thread_id):
    space = selectors.space_for(user=request.user, cohort_id=cohort_id)
    thread = selectors.thread_for(space, thread_id)
    form = PostForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status, target = _post_reply(request, space, thread, form)
        if target:
            return redirect(target)
    posts = Paginator(selectors.thread_posts(space, thread), POSTS_PER_PAGE)
    try:
        forum = selectors.forum_for(space, str(thread.module_id or selectors.GENERAL))
    except Http404:  # a module since taken out of the course: the thread stays readable
        forum = None
    return render(
        request,
        "discussions/thread.html",
        {
            "space": space,
            "cohort": space.cohort,
            "forum": forum,
            "thread": thread,
            "page": posts.get_page(request.GET.get("page")),
            "form": form,
            "can_reply": space.moderator or not thread.locked,
            # Each post's actions: the address of post 0 less its id, built once per page.
            "posts_base": reverse("discussions:post", args=[space.cohort.pk, 0])[:-2],
        },
        status=status,
    )


@require_GET
def post_link(request, cohort_id, post_id):
    """A post's permanent address: the page of its thread that shows it."""
    space = selectors.space_for(user=request.user, cohort_id=cohort_id)
    post = selectors.post_for(space, post_id)
    before = (
        selectors.thread_posts(space, post.thread)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    url = reverse("discussions:thread", args=[cohort_id, post.thread_id])
    return redirect(f"{url}?page={before // POSTS_PER_PAGE + 1}#post-{post.pk}")
