"""Editors manage the taxonomies as snippets; learners have no admin."""

import pytest

from casestudies.models import Theme

pytestmark = pytest.mark.django_db


def test_editor_adds_a_theme_in_the_admin(client, editor):
    client.force_login(editor)
    assert client.get("/admin/snippets/casestudies/theme/").status_code == 200
    response = client.post(
        "/admin/snippets/casestudies/theme/add/",
        {"name": "Social dialogue", "slug": "social-dialogue", "description": ""},
    )
    assert response.status_code == 302
    assert Theme.objects.filter(slug="social-dialogue").exists()


def test_learner_cannot_reach_the_taxonomy_admin(client, learner):
    client.force_login(learner)
    response = client.get("/admin/snippets/casestudies/theme/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    posted = client.post(
        "/admin/snippets/casestudies/theme/add/",
        {"name": "Social dialogue", "slug": "social-dialogue", "description": ""},
    )
    assert posted.status_code == 302
    assert not Theme.objects.filter(slug="social-dialogue").exists()


def test_a_new_theme_appears_as_a_facet(client, library, editor):
    client.force_login(editor)
    assert "Social dialogue" not in client.get(library.url).content.decode()
    client.post(
        "/admin/snippets/casestudies/theme/add/",
        {"name": "Social dialogue", "slug": "social-dialogue", "description": ""},
    )
    assert 'value="social-dialogue"' in client.get(library.url).content.decode()
