"""The role matrix: each role against each protected URL.

Apps add their protected URLs to MATRIX below.
"""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from learning.roles import Role

pytestmark = pytest.mark.django_db

ANON, LEARNER, TRAINER, EDITOR, ADMIN = "anonymous", "learner", "trainer", "editor", "administrator"

# url -> the roles that get in (everyone else is refused: login redirect, 403 or 404)
MATRIX = {
    "/admin/": {EDITOR, ADMIN},
    "/admin/pages/": {EDITOR, ADMIN},
    "/admin/images/": {EDITOR, ADMIN},
    "/admin/users/": {ADMIN},
    "/admin/groups/": {ADMIN},
    "/django-admin-does-not-exist/": set(),
    "/dashboard/": {LEARNER, TRAINER, EDITOR, ADMIN},
    "/accounts/profile/": {LEARNER, TRAINER, EDITOR, ADMIN},
    "/accounts/password/change/": {LEARNER, TRAINER, EDITOR, ADMIN},
}


@pytest.fixture
def people(learner, trainer, editor, administrator):
    return {LEARNER: learner, TRAINER: trainer, EDITOR: editor, ADMIN: administrator}


@pytest.mark.parametrize("url", sorted(MATRIX))
@pytest.mark.parametrize("role", [ANON, LEARNER, TRAINER, EDITOR, ADMIN])
def test_role_matrix(client, home_page, people, url, role):
    if role != ANON:
        client.force_login(people[role])
    response = client.get(url)
    if role in MATRIX[url]:
        assert response.status_code == 200, (role, url, response.status_code)
    else:
        assert response.status_code in (302, 403, 404), (role, url, response.status_code)
        if response.status_code == 302:
            # To the login page, or (signed-in editors) back to the admin home with a
            # "permission denied" message.
            assert response.url.split("?")[0] in ("/accounts/login/", "/admin/login/", "/admin/")
            if role == ANON:
                assert "/login/" in response.url


def test_the_four_roles_exist_with_their_admin_access():
    names = set(Group.objects.values_list("name", flat=True))
    assert {r.value for r in Role} <= names
    assert not {"Moderators", "Editors"} & names
    editor = Group.objects.get(name=Role.CONTENT_EDITOR)
    assert editor.permissions.filter(codename="access_admin").exists()
    for role in (Role.LEARNER, Role.TRAINER):
        group = Group.objects.get(name=role)
        assert not group.permissions.filter(codename="access_admin").exists()


def test_editors_can_publish_pages_through_the_tree_root():
    perms = set(
        GroupPagePermission.objects.filter(group__name=Role.CONTENT_EDITOR).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= perms
