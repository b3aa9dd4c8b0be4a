"""The Wagtail hooks this app defines for others (the certificates app registers on them).

- `cohort_attendance_changed`: fn(*, course_id: int, user_ids: list[int]), called on commit
  when the attendance of these members of a cohort of that course was recorded, or when what
  the cohort asks for (its attendance threshold, its certificate template) changed. Something
  that depends on attendance, such as a certificate, may now be due. Receivers should queue
  their work (a Celery task) rather than do it in the trainer's request.
- `cohort_page_links`: fn(*, request, cohort) -> [(label, url)] or None, links that other
  apps add to a cohort's pages (the learner's cohort page and the trainer's dashboard), such
  as the cohort's discussions. Called only for someone who may see that page.
"""

from django.db import transaction
from wagtail import hooks

ATTENDANCE_CHANGED = "cohort_attendance_changed"
PAGE_LINKS = "cohort_page_links"


def page_links(*, request, cohort) -> list[tuple[str, str]]:
    """What the apps registered on `cohort_page_links` add to this cohort's page."""
    links: list[tuple[str, str]] = []
    for fn in hooks.get_hooks(PAGE_LINKS):
        links.extend(fn(request=request, cohort=cohort) or ())
    return links


def attendance_changed(*, course_id: int, user_ids) -> None:
    """Tell the receivers, once the current transaction commits."""
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return

    def notify():
        for fn in hooks.get_hooks(ATTENDANCE_CHANGED):
            fn(course_id=course_id, user_ids=user_ids)

    transaction.on_commit(notify)


GRADED_ITEMS = "cohort_graded_items"
"""`cohort_graded_items`: fn(*, course_id: int, step_ids: list[int], user_ids: list[int])
-> list of dicts, one per graded item of these steps (the course's live steps, in order):

    {"key": "quiz-12",          # unique in the course, slug characters only (URLs, overrides)
     "step_id": 12,             # the step the item sits in (columns follow the course's order)
     "title": "Check your understanding",
     "kind": "Quiz",            # translated label of the item type
     "method": "Highest grade", # translated: how the learner's results make one grade
     "scores": {user_id: percent (0-100)}}  # only these learners, only those with a result

Called once per gradebook page or export with every learner of the cohort: an implementation
reads in bulk (a fixed number of queries per item type, never one per learner). The cohorts
app cannot import the apps that grade (assessments, labs), so they contribute their columns
this way (the cohort's gradebook, docs/decisions/cohorts-gradebook.md)."""
