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
