"""Web addresses read left to right in every interface: their inputs say so (dir="ltr")."""

from types import SimpleNamespace

from bs4 import BeautifulSoup

from cohorts.forms import LiveSessionForm


def test_session_links_are_left_to_right_inputs():
    form = LiveSessionForm(cohort=SimpleNamespace(time_zone="Asia/Dubai"))
    soup = BeautifulSoup(str(form), "html.parser")
    for name in ("join_url", "recording_url"):
        field = soup.select_one(f'input[name="{name}"]')
        assert field["type"] == "url" and field["dir"] == "ltr", name
