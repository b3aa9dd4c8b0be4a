import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_profile_requires_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_learner_edits_the_profile_in_any_script(learner_client, learner):
    response = learner_client.post(
        reverse("profile"),
        {
            "full_name": "ສຸກສະຫວັນ ພົມມະຈັນ",
            "country": "LA",
            "organisation": "Lao Social Security Organisation",
            "organisation_type": "social_security",
            "job_title": "Director",
            "sex": "undisclosed",
            "preferred_language": "lo",
            "time_zone": "Asia/Vientiane",
        },
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.full_name == "ສຸກສະຫວັນ ພົມມະຈັນ"
    assert learner.time_zone == "Asia/Vientiane"
    assert response.cookies["django_language"].value == "lo"


def test_bad_profile_input_is_refused_and_nothing_changes(learner_client, learner):
    before = learner.full_name
    response = learner_client.post(
        reverse("profile"),
        {"full_name": "x" * 500, "country": "ZZ", "preferred_language": "en", "time_zone": "UTC"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "at most 200 characters" in body
    assert "not one of the available choices" in body
    learner.refresh_from_db()
    assert learner.full_name == before
