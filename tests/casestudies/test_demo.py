"""The demo library: at least twelve real, published cases with key figures and sources."""

import io

import pytest
from django.core.management import call_command

from casestudies.models import CaseStudyPage, CaseStudySearchText

pytestmark = pytest.mark.django_db


def test_demo_library_is_loaded_once_with_real_cases(client):
    call_command("load_demo_data", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())  # idempotent
    live = CaseStudyPage.objects.live().filter(locale__language_code="en")
    assert live.count() >= 12
    assert (
        CaseStudyPage.objects.filter(live=False, locale__language_code="en").count() == 1
    )  # one proposal in review
    for case in live:
        assert case.key_figures.exists(), case.title
        assert case.sources.exists(), case.title
        assert case.countries.exists() and case.themes.exists(), case.title
        assert len(case.approach) > 100, case.title
    codes = set(live.values_list("countries__country", flat=True))
    assert {"CN", "LA", "TJ", "RW", "UZ", "MA"} <= codes
    pending = CaseStudyPage.objects.get(live=False, locale__language_code="en")
    assert pending.current_workflow_state is not None

    response = client.get(
        "/case-studies/", {"region": "asia-pacific", "theme": "digital-transformation"}
    )
    body = response.content.decode()
    assert "Lao PDR: digital transformation of the social-security administration" in body
    assert "China: digital social-security services" in body
    assert "Morocco" not in body.split("case-list")[1]
    # Every published demo case is in the library's search index; the pending one is not.
    indexed = set(CaseStudySearchText.objects.values_list("page_id", flat=True))
    assert indexed == set(live.values_list("pk", flat=True))
    response = client.get("/case-studies/", {"q": "openIMIS"})
    assert "openIMIS" in response.content.decode().split("case-list")[1]
