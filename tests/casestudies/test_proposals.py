"""Contributors outside the editorial team propose a case: it lands as a draft for review."""

import pytest
from django.test import Client
from wagtail.models import WorkflowState

from casestudies.models import CaseStudyPage
from casestudies.services import case_study_approve
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/case-studies/propose/"


def form(**overrides):
    data = {
        "title": "Cabo Verde: social pension for older persons",
        "summary": "A non-contributory social pension reaches older people without a pension.",
        "countries": ["CV"],
        "year_start": "2006",
        "year_end": "",
        "themes": ["coverage-extension"],
        "context": "Many older people worked informally.\n\nFew had contributed.",
        "challenge": "Reach people on nine islands.",
        "approach": "A single social pension managed by the national centre.",
        "results": "",
        "lessons_learned": "",
        "sources": "https://www.social-protection.org/\nNational social pension decree",
        "note": "I worked on this scheme.",
    }
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_log_in(client, library):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.post(URL, form())
    assert not CaseStudyPage.objects.exists()


def test_proposal_lands_as_a_draft_in_review(learner_client, learner, library):
    response = learner_client.post(URL, form())
    assert response.status_code == 302
    case = CaseStudyPage.objects.get()
    assert not case.live
    assert case.owner == learner
    assert case.countries.get().region == "africa"
    assert [t.slug for t in case.themes.all()] == ["coverage-extension"]
    assert case.context == "<p>Many older people worked informally.</p><p>Few had contributed.</p>"
    assert [s.url for s in case.sources.all()] == ["https://www.social-protection.org/", ""]
    assert "I worked on this scheme." in case.contributor_note
    assert case.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    # Invisible to learners while in review.
    assert learner_client.get(case.url).status_code == 404
    assert "Cabo Verde" not in learner_client.get(library.url).content.decode()


def test_script_in_a_proposal_is_stored_and_shown_as_text(learner_client, library, client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    learner_client.post(URL, form(title=f"Title {payload}", context=payload, summary=payload))
    case = CaseStudyPage.objects.get()
    assert "<script>" not in case.context
    assert "&lt;script&gt;" in case.context
    reviewer = UserFactory(roles=["Case-study reviewers"])
    case_study_approve(page=case, user=reviewer)
    case.refresh_from_db()
    body = client.get(case.url).content.decode()
    assert "<script>alert" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"year_start": "2010", "year_end": "2005"}, "year_end"),
        ({"countries": []}, "countries"),
        ({"countries": ["XX"]}, "countries"),
        ({"title": ""}, "title"),
        ({"title": "A title\r\nBcc: everyone@example.org"}, "title"),
        ({"themes": ["not-a-theme"]}, "themes"),
        ({"context": "x" * 5001}, "context"),
    ],
)
def test_invalid_proposals_are_refused_and_nothing_is_written(
    learner_client, library, overrides, field
):
    response = learner_client.post(URL, form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert not CaseStudyPage.objects.exists()


def test_the_sixth_proposal_in_an_hour_is_refused_and_nothing_is_written(learner_client, library):
    for n in range(4):
        response = learner_client.post(URL, form(title=f"Proposal number {n}"))
        assert response.status_code == 302
    # A form sent back with errors does not use up the allowance.
    assert learner_client.post(URL, form(title="")).status_code == 200
    assert learner_client.post(URL, form(title="Proposal number 4")).status_code == 302
    assert CaseStudyPage.objects.count() == 5
    response = learner_client.post(URL, form(title="One proposal too many"))
    assert response.status_code == 429
    body = response.content.decode()
    assert "You have sent as many proposals as we accept from one account in an hour." in body
    assert "Nothing was saved" in body
    assert "One proposal too many" in body  # the text is given back to the contributor
    assert CaseStudyPage.objects.count() == 5
    assert not CaseStudyPage.objects.filter(title="One proposal too many").exists()
    assert WorkflowState.objects.count() == 5


def test_the_limit_counts_per_account(learner_client, library):
    for n in range(5):
        assert learner_client.post(URL, form(title=f"Proposal number {n}")).status_code == 302
    assert learner_client.post(URL, form(title="A sixth one")).status_code == 429
    other = UserFactory()
    other_client = Client()
    other_client.force_login(other)
    assert other_client.post(URL, form(title="Another contributor's case")).status_code == 302
    assert CaseStudyPage.objects.filter(owner=other).count() == 1
