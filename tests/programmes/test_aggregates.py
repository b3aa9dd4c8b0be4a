"""Suppression of small groups, without the database."""

from programmes.aggregates import Group, programme_report, suppress
from programmes.reporting import Fact


def groups(*sizes):
    return [Group(key=str(i), label=f"g{i}", people=n, enrolments=n) for i, n in enumerate(sizes)]


def hidden(gs):
    return [g.people for g in gs if g.suppressed]


def test_nothing_hidden_when_every_group_is_large():
    gs = groups(12, 7, 5)
    suppress(gs)
    assert hidden(gs) == []


def test_one_small_group_takes_the_smallest_other_with_it():
    gs = groups(30, 9, 6, 3)
    suppress(gs)
    assert sorted(hidden(gs)) == [3, 6]


def test_small_groups_are_hidden_until_together_they_reach_five():
    gs = groups(20, 8, 2, 1)
    suppress(gs)
    assert sorted(hidden(gs)) == [1, 2, 8]


def test_two_small_groups_that_reach_five_together_suffice():
    gs = groups(20, 8, 4, 3)
    suppress(gs)
    assert sorted(hidden(gs)) == [3, 4]


def test_a_lone_small_group_hides_what_is_left():
    gs = groups(6, 2)
    suppress(gs)
    assert sorted(hidden(gs)) == [2, 6]


def fact(user_id, *, country="TJ", quiz=None, year=2026):
    return Fact(
        user_id=user_id,
        cohort_id=1,
        course_id=1,
        year=year,
        country=country,
        region="europe-central-asia",
        sex="female",
        organisation_type="ministry",
        completed=user_id % 2 == 0,
        certified=False,
        attended=True,
        quiz=quiz,
    )


def test_a_report_under_five_people_shows_nothing():
    report = programme_report([fact(i) for i in range(4)])
    assert report.too_small and report.breakdowns == [] and report.total.suppressed


def test_quiz_average_needs_five_people_with_grades():
    facts = [fact(i, quiz=80.0 if i < 4 else None) for i in range(10)]
    assert programme_report(facts).total.quiz_shown is None
    facts = [fact(i, quiz=float(60 + 10 * (i % 2))) for i in range(10)]
    assert programme_report(facts).total.quiz_shown == 65.0


def test_a_learner_in_two_cohorts_is_one_person_and_two_enrolments():
    facts = [fact(i) for i in range(5)] + [fact(0, year=2025)]
    total = programme_report(facts).total
    assert (total.people, total.enrolments) == (5, 6)
