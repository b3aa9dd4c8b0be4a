"""The assessments app's part of a person's erasure: item analysis is unchanged by it."""

import pytest

from assessments.analysis import quiz_item_analysis
from assessments.models import Attempt, H5PResult, H5PState, H5PStatement
from assessments.personal_data import personal_data_export, user_erasing
from assessments.services import h5p_state_save, h5p_statement_record
from learning.services import user_erase
from tests.assessments.test_item_analysis import analysed  # noqa: F401 (a fixture)
from tests.factories import h5p_package

pytestmark = pytest.mark.django_db


def test_item_analysis_is_the_same_after_learners_are_erased(analysed, administrator):  # noqa: F811
    before = quiz_item_analysis(quiz=analysed)
    for attempt in Attempt.objects.filter(quiz=analysed).select_related("user")[:4]:
        user_erase(user=attempt.user, actor=administrator, reason="Request")
    after = quiz_item_analysis(quiz=analysed)
    assert after.attempts == before.attempts == 10
    assert [(q.facility, q.discrimination) for q in after.questions] == [
        (q.facility, q.discrimination) for q in before.questions
    ]


def test_h5p_state_goes_statements_lose_the_actor_results_stay(learner):
    package = h5p_package()
    statement = {
        "actor": {"name": learner.full_name, "mbox": f"mailto:{learner.email}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "result": {"score": {"raw": 1, "max": 2}},
    }
    h5p_statement_record(user=learner, package=package, page=None, statement=statement)
    h5p_state_save(user=learner, package=package, data='{"page": 3}')
    exported = dict(personal_data_export(user=learner))
    assert exported["assessments/h5p_statements.json"][0]["statement"]["actor"]["name"]

    counts = user_erasing(user=learner)
    assert counts == {
        "assessments.h5p_states_deleted": 1,
        "assessments.h5p_statements_anonymised": 1,
    }
    assert not H5PState.objects.filter(user=learner).exists()
    kept = H5PStatement.objects.get(user=learner).statement
    assert learner.email not in str(kept) and learner.full_name not in str(kept)
    assert kept["result"] == {"score": {"raw": 1, "max": 2}}
    assert H5PResult.objects.filter(user=learner, score_raw=1).exists()
