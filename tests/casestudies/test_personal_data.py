"""The case-study library's part of a person's archive and of their erasure."""

import pytest

from casestudies.models import CaseStudyPage
from casestudies.personal_data import personal_data_export
from learning.services import user_erase
from tests.casestudies.test_proposals import URL, form
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_proposals_are_in_the_archive_and_lose_the_contributor_note_on_erasure(
    learner_client, learner, library, administrator
):
    learner_client.post(URL, form())
    other = UserFactory()
    rows = dict(personal_data_export(user=learner))["casestudies/proposals.csv"]
    assert [r["title"] for r in rows] == ["Cabo Verde: social pension for older persons"]
    assert dict(personal_data_export(user=other))["casestudies/proposals.csv"] == []

    user_erase(user=learner, actor=administrator, reason="Request")
    case = CaseStudyPage.objects.get()
    assert case.contributor_note == "" and case.title.startswith("Cabo Verde")
