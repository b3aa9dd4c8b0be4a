"""Trainers see their cohort's saved scenarios side by side (the model run on each), filter
them, export them, and see lab tasks in the progress matrix; nobody else does."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cohorts.services import membership_remove
from labs.models import Scenario
from labs.trainer import task_scores
from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course
from tests.factories.courses import lessons
from tests.factories.users import UserFactory

from .conftest import exercise_block, put_blocks, save_scenario, task_result

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("toy_model", "exercise_block_type")]


@pytest.fixture
def exercise(lesson):
    (block_id,) = put_blocks(lesson, exercise_block())
    return lesson, block_id


def _url(cohort, lesson, block_id, name="cohorts:lab"):
    return reverse(name, args=[cohort.pk, lesson.pk, block_id])


def _member(cohort, name):
    return cf.member(cohort, full_name=name)


def test_the_dashboard_links_to_the_exercises_with_their_counts(trainer_client, cohort, exercise):
    lesson, block_id = exercise
    ana = _member(cohort, "Ana Lima")
    save_scenario(ana, lesson, block_id, "Low rate", rate=1)
    save_scenario(ana, lesson, block_id, "High rate", rate=4)
    dashboard = trainer_client.get(reverse("cohorts:dashboard", args=[cohort.pk]))
    assert reverse("cohorts:labs", args=[cohort.pk]) in dashboard.content.decode()
    page = trainer_client.get(reverse("cohorts:labs", args=[cohort.pk])).content.decode()
    assert "Find the rate" in page and _url(cohort, lesson, block_id) in page
    assert "<td>2</td>\n              <td>1</td>" in page  # two scenarios, one learner


def test_scenarios_side_by_side_with_outputs_run_by_the_model(trainer_client, cohort, exercise):
    lesson, block_id = exercise
    ana, bo = _member(cohort, "Ana Lima"), _member(cohort, "Bo Chen")
    save_scenario(ana, lesson, block_id, "Low rate", rate=1)
    save_scenario(bo, lesson, block_id, "High rate", rate=4, base=99)  # base is fixed: ignored
    task_result(ana, lesson, block_id, passed=True)
    page = trainer_client.get(_url(cohort, lesson, block_id)).content.decode()
    assert "Ana Lima<br><small>Low rate</small>" in page
    assert "Bo Chen<br><small>High rate</small>" in page
    # total in 2030 = rate x 5 x 6: 30 and 120 (the fixed base stays the editor's 5).
    assert "Total cost (2030)" in page
    assert "<td>30</td><td>120</td>" in page
    assert "<td>passed</td><td>not tried</td>" in page
    assert "Illustrative country (fictitious)" in page and "illustrative</span>" in page


def test_a_year_and_large_type_can_be_chosen(trainer_client, cohort, exercise):
    lesson, block_id = exercise
    save_scenario(_member(cohort, "Ana"), lesson, block_id, "A", rate=1)
    page = trainer_client.get(_url(cohort, lesson, block_id), {"year": 2026, "large": 1})
    text = page.content.decode()
    assert "Total cost (2026)" in text and "<td>10</td>" in text
    assert 'class="projection"' in text


def test_filters_pick_learners_and_scenarios(trainer_client, cohort, exercise):
    lesson, block_id = exercise
    ana, bo = _member(cohort, "Ana Lima"), _member(cohort, "Bo Chen")
    low = save_scenario(ana, lesson, block_id, "Low rate", rate=1)
    save_scenario(ana, lesson, block_id, "Mid rate", rate=2)
    save_scenario(bo, lesson, block_id, "High rate", rate=4)
    only_bo = trainer_client.get(_url(cohort, lesson, block_id), {"learner": bo.pk})
    assert "High rate</small>" in only_bo.content.decode()
    assert "Low rate</small>" not in only_bo.content.decode()
    only_low = trainer_client.get(_url(cohort, lesson, block_id), {"scenario": low.pk})
    assert "Low rate</small>" in only_low.content.decode()
    assert "Mid rate</small>" not in only_low.content.decode()
    assert "High rate</small>" not in only_low.content.decode()


def test_columns_are_paged(trainer_client, cohort, exercise):
    lesson, block_id = exercise
    ana = _member(cohort, "Ana")
    for i in range(8):
        save_scenario(ana, lesson, block_id, f"Scenario {i}", rate=i)
    first = trainer_client.get(_url(cohort, lesson, block_id)).content.decode()
    second = trainer_client.get(_url(cohort, lesson, block_id), {"page": 2}).content.decode()
    assert first.count('<th scope="col" dir="auto">') == 6
    assert second.count('<th scope="col" dir="auto">') == 2
    assert "Scenario 7" in second
    # An absurd page number shows the last page.
    last = trainer_client.get(_url(cohort, lesson, block_id), {"page": "9" * 30})
    assert last.status_code == 200 and "Scenario 7" in last.content.decode()


def test_the_xlsx_export_has_one_row_per_scenario_as_numbers(trainer_client, cohort, exercise):
    lesson, block_id = exercise
    ana = _member(cohort, "Ana Lima")
    save_scenario(ana, lesson, block_id, "=HYPERLINK(1)", rate=3)
    task_result(ana, lesson, block_id, passed=False)
    response = trainer_client.get(_url(cohort, lesson, block_id, "cohorts:lab_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("Learner", "Scenario", "Task")
    assert "Contribution rate (%)" in header and "Total cost (2030) (USD)" in header
    row = dict(zip(header, rows[1], strict=True))
    assert row["Learner"] == "Ana Lima"
    assert row["Scenario"] == "=HYPERLINK(1)"  # text, never a formula
    assert row["Task"] == "not passed yet"
    assert row["Contribution rate (%)"] == 3
    assert row["Total cost (2030) (USD)"] == 90
    assert row["Peak cost (USD)"] == 90


def test_a_scenario_the_model_refuses_shows_why_and_nothing_breaks(
    trainer_client, cohort, exercise
):
    lesson, block_id = exercise
    save_scenario(_member(cohort, "Ana"), lesson, block_id, "Absurd", rate=1e300)
    save_scenario(_member(cohort, "Bo"), lesson, block_id, "Words", rate="lots")
    response = trainer_client.get(_url(cohort, lesson, block_id))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("The model refused these assumptions") == 2
    export = trainer_client.get(_url(cohort, lesson, block_id, "cohorts:lab_export"))
    assert export.status_code == 200


def test_a_scenario_runs_by_the_learners_own_rule(trainer_client, cohort, lesson):
    """The trainer's comparison runs a scenario exactly as the learner's own does: within
    the range the editor now gives (narrowed after the scenario was saved: refused, with the
    learner's message), and never with a fixed assumption the saved values carry."""
    block = exercise_block()
    rate = block["value"]["assumptions"][0]["value"]
    rate["minimum"], rate["maximum"] = 1, 3
    (block_id,) = put_blocks(lesson, block)
    save_scenario(_member(cohort, "Ana"), lesson, block_id, "Inside", rate=3, base=99)
    save_scenario(_member(cohort, "Bo"), lesson, block_id, "Outside", rate=4)
    text = trainer_client.get(_url(cohort, lesson, block_id)).content.decode()
    assert text.count("The model refused these assumptions") == 1
    assert "Enter a value between 1 and 3." in text
    assert "<td>90</td><td>–</td>" in text  # 3 x 5 (the editor's base, not 99) x 6


def test_a_model_the_site_does_not_have_is_said(trainer_client, cohort, lesson):
    (block_id,) = put_blocks(lesson, exercise_block(model="gone"))
    save_scenario(_member(cohort, "Ana"), lesson, block_id, "A", rate=1)
    response = trainer_client.get(_url(cohort, lesson, block_id))
    assert response.status_code == 200
    assert "model is not available on this site" in response.content.decode()


# --- Who may see what ----------------------------------------------------------------------------


def test_other_trainers_learners_and_anonymous_are_refused(client, cohort, course, exercise):
    lesson, block_id = exercise
    save_scenario(_member(cohort, "Ana"), lesson, block_id, "Secret plan", rate=1)
    other_trainer = UserFactory(roles=["Trainer"])
    cf.cohort(course=course, trainer=other_trainer)  # trains another cohort of the same course
    member = _member(cohort, "Bo")
    for name in ("cohorts:lab", "cohorts:lab_export"):
        url = _url(cohort, lesson, block_id, name)
        assert client.get(url).status_code == 302  # anonymous: to the sign-in page
        for person in (other_trainer, member):
            client.force_login(person)
            response = client.get(url)
            assert response.status_code == 404
            assert b"Secret plan" not in response.content
            client.logout()
    client.force_login(other_trainer)
    assert client.get(reverse("cohorts:labs", args=[cohort.pk])).status_code == 404


def test_administrators_see_any_cohort(client, administrator, cohort, exercise):
    lesson, block_id = exercise
    save_scenario(_member(cohort, "Ana"), lesson, block_id, "Plan A", rate=1)
    client.force_login(administrator)
    assert b"Plan A" in client.get(_url(cohort, lesson, block_id)).content


def test_only_the_cohorts_members_scenarios_are_shown(trainer_client, cohort, course, exercise):
    lesson, block_id = exercise
    save_scenario(_member(cohort, "Ana"), lesson, block_id, "Ours", rate=1)
    other_cohort = cf.cohort(course=course)
    outsider = cf.member(other_cohort, full_name="Zed Outsider")
    theirs = save_scenario(outsider, lesson, block_id, "Theirs", rate=2)
    page = trainer_client.get(_url(cohort, lesson, block_id)).content.decode()
    assert "Ours" in page and "Theirs" not in page and "Zed Outsider" not in page
    # A forged scenario or learner id of another cohort finds nothing.
    forged = trainer_client.get(
        _url(cohort, lesson, block_id), {"scenario": theirs.pk, "learner": outsider.pk}
    ).content.decode()
    assert "Theirs" not in forged and "Zed Outsider" not in forged
    export = trainer_client.get(
        _url(cohort, lesson, block_id, "cohorts:lab_export"), {"scenario": theirs.pk}
    )
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["Ours"]


def test_a_withdrawn_members_scenarios_are_not_shown(trainer_client, cohort, exercise):
    lesson, block_id = exercise
    gone = _member(cohort, "Gone Learner")
    save_scenario(gone, lesson, block_id, "Old plan", rate=1)
    membership_remove(cohort=cohort, user=gone)
    assert b"Old plan" not in trainer_client.get(_url(cohort, lesson, block_id)).content


def test_forged_pages_and_blocks_are_not_found(trainer_client, cohort, lesson, exercise, home_page):
    _lesson, block_id = exercise
    elsewhere = lessons(make_course(title="Another course", modules=1, steps_per_module=1))[0]
    (their_block,) = put_blocks(elsewhere, exercise_block())
    assert trainer_client.get(_url(cohort, elsewhere, their_block)).status_code == 404
    assert trainer_client.get(_url(cohort, lesson, "not-a-block")).status_code == 404
    url = reverse("cohorts:lab", args=[cohort.pk, 2**31, block_id])
    assert trainer_client.get(url).status_code == 404


def test_filters_that_are_not_ids_say_so(trainer_client, cohort, exercise):
    lesson, block_id = exercise
    save_scenario(_member(cohort, "Ana"), lesson, block_id, "A", rate=1)
    before = Scenario.objects.count()
    for bad in ({"learner": "abc"}, {"scenario": "²"}, {"year": "-1"}, {"scenario": "9" * 40}):
        response = trainer_client.get(_url(cohort, lesson, block_id), bad)
        assert response.status_code == 400
        assert "were not understood" in response.content.decode()
        export = trainer_client.get(_url(cohort, lesson, block_id, "cohorts:lab_export"), bad)
        assert export.status_code == 400
        assert "nothing was exported" in export.content.decode()
    assert Scenario.objects.count() == before


def test_a_year_outside_the_projection_shows_the_tasks_year(trainer_client, cohort, exercise):
    lesson, block_id = exercise
    save_scenario(_member(cohort, "Ana"), lesson, block_id, "A", rate=1)
    response = trainer_client.get(_url(cohort, lesson, block_id), {"year": 10000})
    assert response.status_code == 200
    assert "Total cost (2030)" in response.content.decode()


# --- Query budget --------------------------------------------------------------------------------


def _grow(cohort, lesson, block_id, n):
    for i in range(n):
        user = _member(cohort, f"Learner {i:02d}")
        save_scenario(user, lesson, block_id, f"Plan {i}", rate=i % 10)
        task_result(user, lesson, block_id, passed=bool(i % 2))


def test_the_comparison_runs_a_fixed_number_of_queries(
    trainer_client, cohort, exercise, django_assert_max_num_queries
):
    lesson, block_id = exercise
    _grow(cohort, lesson, block_id, 3)
    url = _url(cohort, lesson, block_id)
    trainer_client.get(url)  # warm the session and the caches
    with django_assert_max_num_queries(12) as small:
        assert trainer_client.get(url).status_code == 200
    _grow(cohort, lesson, block_id, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert trainer_client.get(url).status_code == 200
    with django_assert_max_num_queries(len(small.captured_queries)):
        trainer_client.get(reverse("cohorts:labs", args=[cohort.pk]))


# --- Task results in the progress matrix ---------------------------------------------------------


def test_the_progress_matrix_shows_the_share_of_tasks_passed(trainer_client, cohort, lesson):
    first, second = put_blocks(lesson, exercise_block(), exercise_block(title="Second"))
    put_blocks(lesson, exercise_block(task_kind=""))  # no graded task: not counted
    ana, bo, cy = _member(cohort, "Ana"), _member(cohort, "Bo"), _member(cohort, "Cy")
    task_result(ana, lesson, first, passed=True)
    task_result(ana, lesson, second, passed=True)
    task_result(bo, lesson, first, passed=True)
    task_result(bo, lesson, second, passed=False)
    task_result(cy, lesson, "removed-block", passed=True)  # a block no longer in the lesson
    page = trainer_client.get(reverse("cohorts:dashboard", args=[cohort.pk])).content.decode()
    rows = {
        name: page.split(f'<th scope="row">{name}</th>')[1].split("</tr>")[0]
        for name in ("Ana", "Bo", "Cy")
    }
    assert " 100%" in rows["Ana"]
    assert " 50%" in rows["Bo"]
    assert "%" not in rows["Cy"]
    assert "share of its lab tasks passed" in page


def test_the_progress_matrix_keeps_its_query_budget(
    trainer_client, cohort, lesson, django_assert_max_num_queries
):
    (block_id,) = put_blocks(lesson, exercise_block())
    _grow(cohort, lesson, block_id, 3)
    url = reverse("cohorts:dashboard", args=[cohort.pk])
    trainer_client.get(url)
    with django_assert_max_num_queries(20) as small:
        trainer_client.get(url)
    _grow(cohort, lesson, block_id, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        trainer_client.get(url)


def test_task_scores_cost_at_most_two_queries_and_none_once_cached(
    cohort, lesson, django_assert_max_num_queries
):
    (block_id,) = put_blocks(lesson, exercise_block())
    ana = _member(cohort, "Ana")
    task_result(ana, lesson, block_id, passed=True)
    with django_assert_max_num_queries(2):
        assert task_scores(user_ids=[ana.pk], step_ids=[lesson.pk, 999_999]) == {
            (ana.pk, lesson.pk): 100.0
        }
    with django_assert_max_num_queries(0):
        assert task_scores(user_ids=[ana.pk], step_ids=[999_999]) == {}  # known: no task there


def test_the_real_pension_model_runs_on_each_scenario(trainer_client, cohort, lesson):
    block = exercise_block(
        model="payg",
        title="Keep the reserve positive",
        output="reserve",
        year=2060,
        adjustable=("contribution_rate", "retirement_age"),
        values={"contribution_rate": 12, "retirement_age": 60, "horizon": 50},
    )
    (block_id,) = put_blocks(lesson, block)
    save_scenario(_member(cohort, "Ana"), lesson, block_id, "Low", contribution_rate=8)
    save_scenario(_member(cohort, "Bo"), lesson, block_id, "High", contribution_rate=20)
    response = trainer_client.get(_url(cohort, lesson, block_id))
    text = response.content.decode()
    assert response.status_code == 200
    assert "The model refused" not in text
    assert "(2060)" in text and 'class="tag">graded' in text
    export = trainer_client.get(_url(cohort, lesson, block_id, "cohorts:lab_export"))
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    reserve = next(i for i, name in enumerate(rows[0]) if str(name).startswith("Reserve"))
    low, high = rows[1][reserve], rows[2][reserve]
    assert isinstance(low, float) and isinstance(high, float) and high > low
