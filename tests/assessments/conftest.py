"""Fixtures of the assessments tests."""

import pytest

from tests.factories import enrolled, quiz_page

from .calc_cases import toy_engine  # noqa: F401 - a fixture of the calculated-question tests


@pytest.fixture
def quiz(learner):
    """A quiz with a 70 % pass mark in a course the learner is enrolled in."""
    quiz = quiz_page(pass_mark=70)
    enrolled(learner, quiz)
    return quiz
