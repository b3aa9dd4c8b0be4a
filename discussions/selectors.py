"""Reads of the discussions: who may see a cohort's space, its forums, threads and posts.

Only the cohort's active members and trainers (and administrators) see its space; for
anyone else every address of it is a 404, so that a cohort's discussions are not even known
to exist. Members do not see what trainers hid; trainers see it, marked.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from cohorts.models import Cohort, Membership, MembershipStatus
from courses.selectors import course_outline

from .models import Post, PostReport, Thread

GENERAL = "general"


@dataclass(frozen=True)
class Space:
    """A cohort's discussion space as one person sees it."""

    cohort: Cohort
    moderator: bool  # a trainer of the cohort, or an administrator


@dataclass(frozen=True)
class Forum:
    key: str  # "general" or the module page's id, as in the URL
    title: str
    module_id: int | None
    thread_count: int = 0
    last_post_at: object = None


def space_for(*, user, cohort_id: int) -> Space:
    """The space of this cohort if the person is an active member or a trainer of it (one
    query); Http404 otherwise."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    trainers = Cohort.trainers.through.objects.filter(cohort_id=OuterRef("pk"), user_id=user.pk)
    members = Membership.objects.filter(
        cohort_id=OuterRef("pk"), user_id=user.pk, status=MembershipStatus.ACTIVE
    )
    cohort = (
        Cohort.objects.select_related("course")
        .annotate(is_trainer=Exists(trainers), is_member=Exists(members))
        .filter(pk=cohort_id)
        .first()
    )
    if cohort is None:
        raise Http404
    moderator = bool(cohort.is_trainer or user.is_superuser)
    if not (moderator or cohort.is_member):
        raise Http404
    return Space(cohort=cohort, moderator=moderator)


def _visible_threads(space: Space) -> QuerySet:
    threads = Thread.objects.filter(cohort=space.cohort)
    return threads if space.moderator else threads.filter(hidden=False)


def forums(space: Space) -> list[Forum]:
    """The general forum, then one per module of the course in the outline's order, each
    with its number of threads and last activity (one query; the outline is cached)."""
    stats = {
        row["module_id"]: row
        for row in _visible_threads(space)
        .values("module_id")
        .annotate(n=Count("pk"), last=Max("last_post_at"))
    }
    outline = course_outline(space.cohort.course)
    entries = [(GENERAL, gettext("General discussion"), None)] + [
        (str(module.pk), module.title, module.pk) for module in outline.modules
    ]
    return [
        Forum(
            key=key,
            title=title,
            module_id=module_id,
            thread_count=stats.get(module_id, {}).get("n", 0),
            last_post_at=stats.get(module_id, {}).get("last"),
        )
        for key, title, module_id in entries
    ]


def forum_for(space: Space, key: str) -> Forum:
    """The forum named in a URL ("general" or a module id of the course); Http404 else."""
    for forum in forums(space):
        if forum.key == key:
            return forum
    raise Http404


def forum_threads(space: Space, forum: Forum) -> QuerySet:
    """Pinned threads first, then the most recently active."""
    return (
        _visible_threads(space)
        .filter(module_id=forum.module_id)
        .select_related("author")
        .order_by("-pinned", "-last_post_at", "-pk")
    )


def thread_for(space: Space, thread_id: int) -> Thread:
    thread = _visible_threads(space).select_related("author").filter(pk=thread_id).first()
    if thread is None:
        raise Http404
    return thread


def thread_posts(space: Space, thread: Thread) -> QuerySet:
    posts = Post.objects.filter(thread=thread).select_related("author").order_by("created_at", "pk")
    if space.moderator:
        return posts.annotate(report_count=Count("reports"))
    return posts.filter(hidden=False)


def post_for(space: Space, post_id: int) -> Post:
    posts = Post.objects.filter(thread__cohort=space.cohort).select_related("thread")
    if not space.moderator:
        posts = posts.filter(hidden=False, thread__hidden=False)
    post = posts.filter(pk=post_id).first()
    if post is None:
        raise Http404
    return post


def cohort_reports(space: Space) -> QuerySet:
    """Reports on the cohort's posts, newest first, for its trainers."""
    return (
        PostReport.objects.filter(post__thread__cohort=space.cohort)
        .select_related("reporter", "post__author", "post__thread")
        .order_by("-created_at", "-pk")
    )


def cohort_people(cohort_id: int) -> QuerySet:
    """The active members and trainers of a cohort: who can be mentioned, who gets its
    digest."""
    return (
        get_user_model()
        .objects.filter(
            Q(
                cohort_memberships__cohort_id=cohort_id,
                cohort_memberships__status=MembershipStatus.ACTIVE,
            )
            | Q(trained_cohorts__pk=cohort_id),
            is_active=True,
        )
        .distinct()
    )


def spaces_of(*, user, course_id: int | None = None) -> list[Cohort]:
    """The cohorts whose space this person may enter (of one course, if given): one query."""
    if not user.is_authenticated:
        return []
    cohorts = Cohort.objects.filter(
        Q(memberships__user=user, memberships__status=MembershipStatus.ACTIVE) | Q(trainers=user)
    )
    if course_id is not None:
        cohorts = cohorts.filter(course_id=course_id)
    return list(cohorts.distinct().order_by("-start_date", "pk").only("pk", "name"))
