"""What the case-study library holds about one person: the proposals they sent (the
`personal_data_export` and `user_erasing` hooks of learning.personal_data)."""

from .models import CaseStudyPage


def personal_data_export(*, user) -> list[tuple[str, list[dict]]]:
    proposals = CaseStudyPage.objects.filter(owner=user).order_by("pk")
    return [
        (
            "casestudies/proposals.csv",
            list(
                proposals.values(
                    "title", "live", "first_published_at", "latest_revision_created_at"
                )
            ),
        )
    ]


def user_erasing(*, user) -> dict[str, int]:
    """The proposals stay (they are the library's content); the note naming the contributor
    is emptied on the page. Older revisions keep their copy (see the decision record)."""
    updated = (
        CaseStudyPage.objects.filter(owner=user)
        .exclude(contributor_note="")
        .update(contributor_note="")
    )
    return {"casestudies.contributor_notes_cleared": updated}
