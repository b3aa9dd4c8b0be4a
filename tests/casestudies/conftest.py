import pytest

from tests.factories import case_library


@pytest.fixture
def library(home_page):
    return case_library(home_page)
