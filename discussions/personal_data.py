"""What the discussions hold about one person: their part of the personal-data archive and of
erasure (the `personal_data_export` and `user_erasing` hooks of learning.personal_data)."""

from .models import DigestOptOut, DiscussionEmail, Post, PostReport, Thread
from .richtext import plain_text


def personal_data_export(*, user) -> list[tuple[str, list[dict]]]:
    posts = Post.objects.filter(author=user).select_related("thread__cohort").order_by("pk")
    return [
        (
            "discussions/posts.csv",
            [
                {
                    "cohort": post.thread.cohort.name,
                    "thread": post.thread.title,
                    "created_at": post.created_at,
                    "hidden": post.hidden,
                    "text": plain_text(post.body),
                }
                for post in posts
            ],
        ),
        (
            "discussions/reports.csv",
            list(
                PostReport.objects.filter(reporter=user)
                .order_by("pk")
                .values("post_id", "reason", "created_at")
            ),
        ),
        (
            "discussions/digest.csv",
            [{"daily_digest": not DigestOptOut.objects.filter(user=user).exists()}],
        ),
    ]


def user_erasing(*, user) -> dict[str, int]:
    """The person's posts lose their text and are hidden (the threads keep their shape, the
    trainers see an empty post); their thread titles are replaced; their reports, digest
    choice and pending e-mails go."""
    posts = Post.objects.filter(author=user).update(body="", hidden=True)
    threads = Thread.objects.filter(author=user).update(title="—")
    reports, _by_model = PostReport.objects.filter(reporter=user).delete()
    DigestOptOut.objects.filter(user=user).delete()
    emails, _by_model = DiscussionEmail.objects.filter(recipient=user).delete()
    return {
        "discussions.posts_erased": posts,
        "discussions.thread_titles_erased": threads,
        "discussions.reports_deleted": reports,
        "discussions.emails_deleted": emails,
    }
