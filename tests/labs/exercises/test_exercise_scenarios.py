"""Saved scenarios: save (unique names, replace on request), list, delete, compare side by
side, export to XLSX; another learner's scenarios are never found."""

import io

import pytest
from openpyxl import load_workbook

from labs.models import Scenario
from labs.selectors import SCENARIOS_MAX
from tests.factories import UserFactory
from tests.labs.exercises.conftest import BLOCK_ID, url

pytestmark = pytest.mark.django_db


def save(client, lesson, name, **values):
    data = {"name": name, "contribution_rate": "15", "retirement_age": "60", **values}
    return client.post(url(lesson, "scenario_save"), data)


def test_save_list_and_open_a_scenario(learner_client, enrolled, lesson):
    response = save(learner_client, lesson, "  Later   retirement ", retirement_age="65")
    assert response.status_code == 302
    scenario = Scenario.objects.get()
    assert scenario.name == "Later retirement"
    assert scenario.values == {"retirement_age": 65, "contribution_rate": 15.0}
    assert (scenario.user, scenario.page_id, scenario.block_id) == (enrolled, lesson.pk, BLOCK_ID)
    page = learner_client.get(response["Location"]).content.decode()
    assert "Scenario “Later retirement” saved." in page
    assert 'value="65"' in page
    assert "Later retirement" in learner_client.get(lesson.url).content.decode()


def test_a_duplicate_name_is_refused_unless_replace_is_ticked(learner_client, enrolled, lesson):
    save(learner_client, lesson, "Plan A")
    response = save(learner_client, lesson, "Plan A", contribution_rate="20")
    assert response.status_code == 400
    assert "You already have a scenario named “Plan A”" in response.content.decode()
    assert Scenario.objects.get().values["contribution_rate"] == 15.0
    response = save(learner_client, lesson, "Plan A", contribution_rate="20", replace="1")
    assert response.status_code == 302
    assert Scenario.objects.get().values["contribution_rate"] == 20.0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Name your scenario."),
        ({"name": "   "}, "Name your scenario."),
        ({"name": "x" * 101}, "Ensure this value has at most 100 characters"),
        ({"name": "Bad", "contribution_rate": "99"}, "less than or equal to 30"),
        ({"name": "Bad", "contribution_rate": "NaN"}, "Enter a number."),
    ],
)
def test_bad_scenarios_are_refused_and_nothing_is_saved(
    learner_client, enrolled, lesson, data, message
):
    response = learner_client.post(
        url(lesson, "scenario_save"), {"contribution_rate": "15", **data}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Scenario.objects.exists()


def test_a_learner_keeps_a_bounded_number_of_scenarios(learner_client, enrolled, lesson):
    Scenario.objects.bulk_create(
        Scenario(
            user=enrolled, page=lesson, block_id=BLOCK_ID, model="toy", name=f"S{i}", values={}
        )
        for i in range(SCENARIOS_MAX)
    )
    response = save(learner_client, lesson, "One too many")
    assert response.status_code == 400
    assert "delete one first" in response.content.decode()
    assert Scenario.objects.count() == SCENARIOS_MAX


def test_a_learner_not_enrolled_cannot_save(learner_client, learner, lesson):
    assert save(learner_client, lesson, "Plan").status_code == 403
    assert not Scenario.objects.exists()


def scenario(user, lesson, name, **values):
    return Scenario.objects.create(
        user=user, page=lesson, block_id=BLOCK_ID, model="toy", name=name, values=values
    )


def test_delete_my_scenario(learner_client, enrolled, lesson):
    mine = scenario(enrolled, lesson, "Mine")
    response = learner_client.post(url(lesson, "scenario_delete", mine.pk))
    assert response.status_code == 302
    assert not Scenario.objects.exists()


def test_another_learners_scenario_is_not_found(learner_client, enrolled, lesson):
    theirs = scenario(UserFactory(roles=["Learner"]), lesson, "Theirs")
    mine = scenario(enrolled, lesson, "Mine")
    assert learner_client.post(url(lesson, "scenario_delete", theirs.pk)).status_code == 404
    assert (
        learner_client.get(url(lesson, "compare"), {"scenario": [mine.pk, theirs.pk]}).status_code
        == 404
    )
    assert (
        learner_client.get(url(lesson, "export"), {"scenario": [mine.pk, theirs.pk]}).status_code
        == 404
    )
    assert (
        learner_client.get(url(lesson, "compare"), {"scenario": [mine.pk, "x"]}).status_code == 404
    )
    assert Scenario.objects.count() == 2


def test_compare_two_scenarios_side_by_side(learner_client, enrolled, lesson):
    low = scenario(enrolled, lesson, "Low rate", contribution_rate=10)
    high = scenario(enrolled, lesson, "High rate", contribution_rate=25, retirement_age=65)
    response = learner_client.get(url(lesson, "compare"), {"scenario": [low.pk, high.pk]})
    html = response.content.decode()
    assert response.status_code == 200
    table = html.split("data-lab-compare")[1].split("</table>")[0]
    assert "Low rate" in table and "High rate" in table
    row = table.split("Contribution rate (%)</th>")[1].split("</tr>")[0]
    assert row == "<td>10</td><td>25</td>"
    assert "Year the reserve runs out" in table
    assert html.count("<svg") == 2  # both charts, each scenario's line overlaid


def test_compare_needs_two_and_at_most_six(learner_client, enrolled, lesson):
    one = scenario(enrolled, lesson, "Only one")
    response = learner_client.get(url(lesson, "compare"), {"scenario": [one.pk]})
    assert response.status_code == 400
    assert "Tick at least two of your scenarios" in response.content.decode()
    response = learner_client.get(url(lesson, "compare"), {"scenario": list(range(1, 9))})
    assert response.status_code == 400
    assert "at most 6" in response.content.decode()


def test_export_the_compared_scenarios_to_xlsx(learner_client, enrolled, lesson):
    low = scenario(enrolled, lesson, "=HYPERLINK(1)", contribution_rate=10)
    high = scenario(enrolled, lesson, "High rate", contribution_rate=25)
    response = learner_client.get(url(lesson, "export"), {"scenario": [low.pk, high.pk]})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Assumptions"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[1] == ["Assumption", "'=HYPERLINK(1)", "High rate"]
    assert ["Contribution rate (%)", 10, 25] in rows
    assert ["Interest rate (%)", 0, 0] in rows
    yearly = [list(r) for r in book["Yearly results"].iter_rows(values_only=True)]
    assert yearly[0] == ["Scenario", "Year", "Reserve fund (TOY)", "Cost rate (%)"]
    assert len(yearly) == 1 + 2 * 51
    assert yearly[1][:2] == ["'=HYPERLINK(1)", 2025]
    assert yearly[1][2] == pytest.approx(5000 + 1000 - 1000)
