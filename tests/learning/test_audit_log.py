"""The audit log: role changes are recorded; administrators read the log in the Wagtail admin,
nobody can change or delete a row there, and editors and trainers cannot see it."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from wagtail.permissions import policy_registry

from learning.audit import audit_record
from learning.models import AuditAction, AuditEvent, User
from learning.services import user_create, user_roles_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _edit_form_data(client, user, **changes):
    """The Wagtail user edit form as the admin renders it, with some fields changed."""
    form = client.get(reverse("wagtailusers_users:edit", args=[user.pk])).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "groups":
            value = [g.pk for g in user.groups.all()]
        if value is None or name.startswith("password"):
            continue
        data[name] = value
    # Wagtail's user form asks for first and last names, which this User model does not keep.
    data["first_name"] = data.get("first_name") or "Zarina"
    data["last_name"] = data.get("last_name") or "Rahmonova"
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not False}
    return data


def test_role_change_in_the_wagtail_user_admin_is_audited(client, administrator, learner):
    trainer_group = Group.objects.get(name="Trainer")
    client.force_login(administrator)
    groups = [g.pk for g in learner.groups.all()] + [trainer_group.pk]
    data = _edit_form_data(client, learner, groups=groups)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[learner.pk]), data, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 302
    assert learner.groups.filter(name="Trainer").exists()
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.ROLE_CHANGE
    assert event.actor == administrator and event.target_id == str(learner.pk)
    assert event.detail["added"] == ["Trainer"] and event.detail["removed"] == []
    assert event.ip_address == "198.51.100.7"


def test_an_edit_that_changes_no_role_is_not_audited(client, administrator, learner):
    client.force_login(administrator)
    data = _edit_form_data(client, learner, full_name="Zarina Rahmonova")
    response = client.post(reverse("wagtailusers_users:edit", args=[learner.pk]), data)
    assert response.status_code == 302
    assert not AuditEvent.objects.exists()


def test_granting_superuser_in_the_admin_is_audited(client, administrator, learner):
    client.force_login(administrator)
    data = _edit_form_data(client, learner, is_superuser="on")
    client.post(reverse("wagtailusers_users:edit", args=[learner.pk]), data)
    event = AuditEvent.objects.get()
    assert event.detail["superuser_before"] is False and event.detail["superuser_after"] is True


def test_role_change_through_the_service_is_audited_in_its_transaction(administrator, learner):
    user_roles_set(user=learner, roles=["Learner", "Trainer"], actor=administrator)
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.ROLE_CHANGE and event.detail["added"] == ["Trainer"]
    user_roles_set(user=learner, roles=["Learner", "Trainer"], actor=administrator)
    assert AuditEvent.objects.count() == 1  # no change, no row


def test_unknown_role_is_refused_and_nothing_changes(administrator, learner):
    with pytest.raises(ValidationError, match="Unknown roles: Overlord"):
        user_roles_set(user=learner, roles=["Overlord"], actor=administrator)
    assert list(learner.groups.values_list("name", flat=True)) == ["Learner"]
    assert not AuditEvent.objects.exists()


def test_user_create_audits_staff_roles_but_not_a_new_learner(db):
    user_create(email="new-learner@example.org", password=None, full_name="New Learner")
    assert not AuditEvent.objects.exists()
    user_create(email="new-trainer@example.org", password=None, full_name="T", roles=("Trainer",))
    assert AuditEvent.objects.get().detail["added"] == ["Trainer"]


# --- The audit log in the admin ---------------------------------------------------------------


@pytest.fixture
def event(administrator):
    return audit_record(
        actor=administrator,
        action=AuditAction.EXPORT,
        reason="Quarterly report for the funder",
        detail={"cohort": 3},
    )


def test_administrator_reads_filters_searches_and_inspects(client, administrator, event):
    other = audit_record(actor=None, action=AuditAction.IMPORT, reason="Attendance upload")
    client.force_login(administrator)
    index = reverse("audit_log:index")
    assert client.get(index).status_code == 200
    filtered = client.get(index, {"action": "data.export"}).content.decode()
    assert reverse("audit_log:inspect", args=[event.pk]) in filtered
    assert reverse("audit_log:inspect", args=[other.pk]) not in filtered
    by_actor = client.get(index, {"actor": administrator.pk}).content.decode()
    assert reverse("audit_log:inspect", args=[other.pk]) not in by_actor
    by_date = client.get(index, {"created_at__date__gte": "2000-01-01"})
    assert by_date.status_code == 200
    assert reverse("audit_log:inspect", args=[event.pk]) in by_date.content.decode()
    none_yet = client.get(index, {"created_at__date__lte": "2000-01-01"}).content.decode()
    assert reverse("audit_log:inspect", args=[event.pk]) not in none_yet
    searched = client.get(index, {"q": "Quarterly"}).content.decode()
    assert reverse("audit_log:inspect", args=[event.pk]) in searched
    assert reverse("audit_log:inspect", args=[other.pk]) not in searched
    inspect = client.get(reverse("audit_log:inspect", args=[event.pk]))
    assert inspect.status_code == 200
    assert "Quarterly report for the funder" in inspect.content.decode()


@pytest.mark.parametrize("name", ["add", "edit", "delete", "copy", "history"])
def test_no_url_can_change_an_event(name):
    with pytest.raises(NoReverseMatch):
        reverse(f"audit_log:{name}", args=[] if name == "add" else [1])


def test_guessed_change_urls_do_not_exist(client, administrator, event):
    client.force_login(administrator)
    for url in (
        f"/admin/audit_log/edit/{event.pk}/",
        f"/admin/audit_log/delete/{event.pk}/",
        "/admin/audit_log/new/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "rewritten"}).status_code == 404, url
    event.refresh_from_db()
    assert event.reason == "Quarterly report for the funder"
    assert AuditEvent.objects.count() == 1


def test_even_a_superuser_holds_only_the_view_permission():
    policy = policy_registry.get_by_type(AuditEvent)
    superuser = UserFactory(is_superuser=True)
    assert policy.user_has_permission(superuser, "view")
    for action in ("add", "change", "delete"):
        assert not policy.user_has_permission(superuser, action)


def test_editor_is_turned_away_and_trainer_sent_to_sign_in(client, editor, trainer, event):
    url = reverse("audit_log:inspect", args=[event.pk])
    for person, location in ((editor, "/admin/"), (trainer, "/accounts/login/")):
        client.force_login(person)
        for target in (reverse("audit_log:index"), url):
            response = client.get(target)
            assert response.status_code == 302, target
            assert response["Location"].startswith(location), target
    client.force_login(editor)
    assert "Audit log" not in client.get("/admin/").content.decode()


def test_creating_a_trainer_in_the_wagtail_user_admin_is_audited(client, administrator):
    client.force_login(administrator)
    trainer_group = Group.objects.get(name="Trainer")
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "new.trainer@example.org",
            "first_name": "Aziz",
            "last_name": "Karimov",
            "full_name": "Aziz Karimov",
            "country": "TJ",
            "organisation": "ILO",
            "password1": "correct-horse-battery-9",
            "password2": "correct-horse-battery-9",
            "groups": [trainer_group.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(email="new.trainer@example.org")
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.ROLE_CHANGE and event.actor == administrator
    assert event.target_id == str(created.pk) and event.detail["added"] == ["Trainer"]
