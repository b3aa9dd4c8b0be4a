"""Case-study PDFs are rendered on request, so anonymous renders are limited per address."""

import pytest
from django.test import Client

from tests.factories import UserFactory, case_study

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


@pytest.fixture
def case(library):
    return case_study(library, title="Cash transfers in Zambia", countries=["ZM"])


@pytest.fixture
def tight(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "casestudies_pdf": "2/m/ip",
        "casestudies_pdf_user": "3/m/user",
    }


def pdf(client, case, address):
    return client.get(case.url + "pdf/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def test_anonymous_renders_are_limited_per_client_address(case, tight):
    client = Client()
    statuses = [pdf(client, case, "203.0.113.5").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = pdf(client, case, "203.0.113.5")
    assert refused["Content-Type"].startswith("text/html")
    assert "Too many requests" in refused.text
    # Another reader behind the same proxy is not refused.
    assert pdf(client, case, "198.51.100.7").status_code == 200


def test_a_forged_forwarded_for_entry_does_not_reset_the_limit(case, tight):
    client = Client()
    for n in range(2):
        client.get(
            case.url + "pdf/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.5"
        )
    response = client.get(
        case.url + "pdf/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5"
    )
    assert response.status_code == 429


def test_signed_in_readers_have_their_own_allowance(case, tight):
    anonymous = Client()
    for _ in range(2):
        pdf(anonymous, case, "203.0.113.5")
    reader = Client()
    reader.force_login(UserFactory(roles=["Learner"]))
    statuses = [pdf(reader, case, "203.0.113.5").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
