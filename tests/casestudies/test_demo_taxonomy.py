"""taxonomy.yaml: the seeded English names, and translations guarded until translatable."""

import io

import pytest

from casestudies import demo
from casestudies.demo.files import read_taxonomy
from casestudies.models import Theme
from learning.contenttranslation import translatable

pytestmark = pytest.mark.django_db


def test_the_seeded_terms_are_the_english_names_of_the_file():
    themes = read_taxonomy()["Theme"]
    assert dict(Theme.objects.values_list("slug", "name")) == {
        slug: names["en"] for slug, names in themes.items()
    }


@pytest.mark.skipif(translatable(Theme), reason="guard of the untranslatable models only")
def test_translations_are_skipped_with_a_note_while_terms_are_not_translatable():
    out = io.StringIO()
    before = Theme.objects.count()
    demo.load_translations(stdout=out)
    assert "Theme: not translatable yet" in out.getvalue()
    assert Theme.objects.count() == before
