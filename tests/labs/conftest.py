"""The labs engine's tests need no database: plain functions on plain data."""

import dataclasses

import pytest

from labs.engine.illustrative import PROFILE


@pytest.fixture
def profile():
    return PROFILE


@pytest.fixture
def make_profile():
    """The illustrative profile with some fields replaced."""

    def make(**changes):
        return dataclasses.replace(PROFILE, **changes)

    return make
