"""What the cohorts app holds about one person: its part of the personal-data archive and of
erasure (the `personal_data_export` and `user_erasing` hooks of learning.personal_data)."""

from django.utils import timezone

from .models import (
    Attendance,
    CalendarToken,
    Cohort,
    Membership,
    MembershipStatus,
    WebinarPresence,
)


def personal_data_export(*, user) -> list[tuple[str, list[dict]]]:
    memberships = Membership.objects.filter(user=user).order_by("joined_at", "pk")
    attendance = Attendance.objects.filter(user=user).order_by("session__starts_at", "pk")
    return [
        (
            "cohorts/memberships.csv",
            list(
                memberships.values(
                    "cohort__name",
                    "cohort__course__title",
                    "source",
                    "status",
                    "invited_at",
                    "joined_at",
                    "withdrawn_at",
                )
            ),
        ),
        (
            "cohorts/attendance.csv",
            list(
                attendance.values(
                    "session__cohort__name",
                    "session__title",
                    "session__starts_at",
                    "status",
                    "minutes",
                    "source",
                    "recorded_at",
                )
            ),
        ),
        (
            # When BigBlueButton saw the person in a live session's meeting.
            "cohorts/webinar_presence.csv",
            list(
                WebinarPresence.objects.filter(user=user)
                .order_by("joined_at", "pk")
                .values("meeting__session__title", "joined_at", "last_seen_at", "left_at")
            ),
        ),
        (
            "cohorts/trained_cohorts.csv",
            list(Cohort.objects.filter(trainers=user).order_by("pk").values("name")),
        ),
    ]


def user_erasing(*, user) -> dict[str, int]:
    """Memberships and attendance stay, tied to the anonymised account, so funder figures
    keep their counts; active memberships are withdrawn, as when a person leaves, so reminders
    and messages no longer go to the account. The calendar-feed secret and the times seen in
    webinars go (their minutes are in the attendance), and a trainer leaves the cohorts they
    trained."""
    withdrawn = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).update(
        status=MembershipStatus.WITHDRAWN, withdrawn_at=timezone.now()
    )
    tokens, _by_model = CalendarToken.objects.filter(user=user).delete()
    presences, _by_model = WebinarPresence.objects.filter(user=user).delete()
    trained = Cohort.trainers.through.objects.filter(user=user)
    left, _by_model = trained.delete()
    return {
        "cohorts.memberships_withdrawn": withdrawn,
        "cohorts.calendar_tokens_deleted": tokens,
        "cohorts.webinar_presences_deleted": presences,
        "cohorts.trainer_seats_left": left,
    }
