"""Demo discussions: a pinned thread with replies in the demo cohort's general forum, built
through the services. Idempotent: nothing is added once the thread exists."""

from cohorts.demo import COHORT_NAME
from cohorts.models import Cohort, Membership

from . import services
from .models import Thread
from .selectors import GENERAL, Forum, Space

THREAD_TITLE = "Introduce yourself: which scheme do you work on?"
OPENING = (
    "<p>Welcome to the cohort's discussions. Tell the others who you are, which social "
    "protection scheme you work on, and one question you hope this course will answer.</p>"
)
REPLIES = [
    "<p>I manage contribution collection at our national social security fund. I would like "
    "to compare how other funds reach workers in the <strong>informal economy</strong>.</p>",
    "<p>I work in the ministry of labour on the pension reform. Our question: how to keep the "
    "scheme sustainable as the population ages.</p>",
    "<p>Здравствуйте! I lead the actuarial unit of our health insurance fund; I hope to use "
    "the labs with my team.</p>",
]


def load(*, stdout) -> None:
    cohort = Cohort.objects.filter(name=COHORT_NAME).first()
    if cohort is None or Thread.objects.filter(cohort=cohort, title=THREAD_TITLE).exists():
        return
    trainer = cohort.trainers.order_by("pk").first()
    members = [
        m.user
        for m in Membership.objects.active()
        .filter(cohort=cohort)
        .select_related("user")
        .order_by("pk")[: len(REPLIES)]
    ]
    general = Forum(key=GENERAL, title="", module_id=None)
    thread = services.thread_create(
        space=Space(cohort=cohort, moderator=True),
        forum=general,
        author=trainer,
        title=THREAD_TITLE,
        body=OPENING,
    )
    services.thread_moderate(
        space=Space(cohort=cohort, moderator=True), thread=thread, action="pin"
    )
    member_space = Space(cohort=cohort, moderator=False)
    for user, body in zip(members, REPLIES, strict=False):
        services.post_create(space=member_space, thread=thread, author=user, body=body)
    stdout.write(f"Discussions: a thread with {len(members)} replies in {cohort.name}.\n")
