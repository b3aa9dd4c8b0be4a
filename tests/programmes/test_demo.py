"""The demo programme: two cohorts and a partner, loaded twice without a duplicate, and a
report the demo partner reads without a single participant's name or e-mail."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from cohorts.demo import PARTICIPANTS
from learning.models import User
from programmes.demo import PARTNER_EMAIL, PROGRAMME_NAME, SPRING_PARTICIPANTS
from programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_demo_programme_is_idempotent_and_partner_reads_aggregates(client):
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert f"Partner: {PARTNER_EMAIL} / " in out.getvalue()
    counts = (User.objects.count(), Programme.objects.count())
    again = io.StringIO()
    call_command("load_demo_data", stdout=again)
    assert (User.objects.count(), Programme.objects.count()) == counts
    assert PARTNER_EMAIL not in again.getvalue().split("programmes:")[0].split("Demo accounts")[-1]

    programme = Programme.objects.get(name=PROGRAMME_NAME)
    assert programme.cohorts.count() == 2
    partner = User.objects.get(email=PARTNER_EMAIL)
    assert partner.groups.filter(name="Partner").exists()
    assert list(programme.partners.all()) == [partner]

    client.force_login(partner)
    response = client.get(reverse("programmes:report", args=[programme.pk]))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.total.people == len(PARTICIPANTS) + len(SPRING_PARTICIPANTS)
    assert report.total.completed >= 9
    html = response.content.decode()
    for row in [*PARTICIPANTS, *SPRING_PARTICIPANTS]:
        assert row[0] not in html and row[1] not in html
