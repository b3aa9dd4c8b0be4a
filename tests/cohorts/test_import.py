"""Bulk import of participants: dry run row by row, nothing written, then commit and invite."""

import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from openpyxl import Workbook

from cohorts.models import Membership
from courses.models import Enrollment
from tests.factories import UserFactory
from tests.factories import cohorts as cf

User = get_user_model()

GOOD = [
    (
        "Malika Rahimova",
        "malika@example.org",
        "TJ",
        "Agency of Social Protection",
        "social_security",
        "female",
    ),
    (
        "Somchai Vongsa",
        "somchai@example.org",
        "Lao People's Democratic Republic",
        "Lao Social Security Organisation",
        "Social-security institution",
        "M",
    ),
]


def _upload(client, cohort, data: bytes, name="participants.csv"):
    return client.post(reverse("cohorts:import", args=[cohort.pk]), {"file": _file(data, name)})


def _file(data, name):
    f = io.BytesIO(data)
    f.name = name
    return f


def _state():
    return (User.objects.count(), Membership.objects.count(), Enrollment.objects.count())


def test_dry_run_shows_each_row_and_writes_nothing(trainer_client, cohort):
    existing = UserFactory(email="existing@example.org", full_name="Jean Habimana")
    rows = [
        *GOOD,
        ("Jean Habimana", "existing@example.org", "RW", "RSSB", "", ""),
        ("Bad Mail", "not-an-email", "TJ", "", "", ""),
        ("Nowhere Person", "nowhere@example.org", "Atlantis", "", "", ""),
        ("Malika Again", "MALIKA@example.org", "TJ", "", "", ""),
        ("=cmd|' /C calc'!A0", "evil@example.org", "TJ", "", "", ""),
    ]
    before = _state()
    response = _upload(
        trainer_client, cohort, cf.participants_csv([",".join(r).split(",") for r in rows])
    )
    assert response.status_code == 200
    plan = response.context["plan"]
    actions = {row.line: (row.action, " ".join(row.messages)) for row in plan.rows}
    assert actions[2][0] == "new" and actions[3][0] == "new"
    assert actions[4][0] == "existing"
    assert actions[5] == ("error", "“not-an-email” is not a valid e-mail address.")
    assert "Unknown country “Atlantis”" in actions[6][1]
    assert actions[7][0] == "error" and "same e-mail address is on line 2" in actions[7][1]
    assert actions[8][0] == "error" and "formula" in actions[8][1]
    assert _state() == before
    assert not Membership.objects.filter(user=existing).exists()
    assert mail.outbox == []
    body = response.content.decode()
    assert "Nothing has been saved yet." in body
    assert "Unknown country" in body


def test_commit_creates_and_matches_accounts_and_invites(
    trainer_client, cohort, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="existing@example.org", full_name="Jean Habimana", country="RW")
    rows = [list(r) for r in GOOD] + [
        ["Jean H.", "existing@example.org", "", "", "", ""],
        ["Bad", "x@", "", "", "", ""],
    ]
    response = _upload(trainer_client, cohort, cf.participants_csv(rows))
    token = response.context["token"]
    assert User.objects.filter(email="malika@example.org").count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(
            reverse("cohorts:import", args=[cohort.pk]), {"confirm": "1", "rows": token}
        )
    assert response.status_code == 200
    malika = User.objects.get(email="malika@example.org")
    assert malika.full_name == "Malika Rahimova"
    assert (malika.country.code, malika.organisation_type, malika.sex) == (
        "TJ",
        "social_security",
        "female",
    )
    somchai = User.objects.get(email="somchai@example.org")
    assert (somchai.country.code, somchai.organisation_type, somchai.sex) == (
        "LA",
        "social_security",
        "male",
    )
    assert not malika.has_usable_password()
    existing.refresh_from_db()
    assert existing.full_name == "Jean Habimana"  # matched by e-mail, not overwritten
    assert set(cohort.memberships.active().values_list("user__email", flat=True)) == {
        "malika@example.org",
        "somchai@example.org",
    }
    # An existing account is invited, never added: it answers the invitation itself.
    assert cohort.memberships.invited().get().user == existing
    assert not Enrollment.objects.filter(course=cohort.course, user=existing).exists()
    assert Enrollment.objects.filter(course=cohort.course, user=malika).exists()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "existing@example.org",
        "malika@example.org",
        "somchai@example.org",
    ]
    new_mail = next(m for m in mail.outbox if m.to == ["malika@example.org"])
    assert cohort.name in new_mail.subject
    assert "/cohorts/welcome/" in new_mail.body
    old_mail = next(m for m in mail.outbox if m.to == ["existing@example.org"])
    assert "/cohorts/welcome/" not in old_mail.body
    invitation = cohort.memberships.invited().get()
    assert reverse("cohorts:invitation", args=[invitation.pk]) in old_mail.body
    assert User.objects.filter(email="x@").count() == 0


def test_xlsx_import(trainer_client, cohort):
    wb = Workbook()
    ws = wb.active
    ws.append(["Full name", "E-mail", "Country", "Organization", "Organisation type", "Gender"])
    ws.append(
        [
            "Dilnoza Karimova",
            "dilnoza@example.org",
            "Uzbekistan",
            "Ministry of Employment",
            "ministry",
            "female",
        ]
    )
    ws.append(["Ahmed Benali", "bad email", "MA", "CNSS", "", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    before = _state()
    response = _upload(trainer_client, cohort, buffer.getvalue(), "list.xlsx")
    plan = response.context["plan"]
    assert [(r.line, r.action) for r in plan.rows] == [(2, "new"), (3, "error")]
    assert plan.rows[0].values["country"] == "UZ"
    assert _state() == before


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"nom,courriel\nA,a@example.org\n", "p.csv", "Wrong header"),
        (b"name,email,shoe size\nA,a@example.org,42\n", "p.csv", "unknown column(s): “shoe size”"),
        (b"", "p.csv", "The submitted file is empty."),
        (b"\xff\xfe\x00garbage" * 10, "p.csv", "not a text CSV"),
        (b"PK\x03\x04 not really a zip" * 10, "p.xlsx", "cannot be opened"),
        (b"name,email\n", "p.pdf", "Upload a CSV"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(trainer_client, cohort, data, name, message):
    before = _state()
    response = _upload(trainer_client, cohort, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["plan"] is None
    assert _state() == before


def test_five_megabytes_of_garbage(trainer_client, cohort):
    before = _state()
    response = _upload(trainer_client, cohort, os.urandom(5 * 1024 * 1024), "big.csv")
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()
    assert _state() == before


def test_capacity_is_enforced_in_the_plan(trainer_client, trainer, course):
    small = cf.cohort(course=course, trainer=trainer, capacity=1)
    response = _upload(trainer_client, small, cf.participants_csv([list(r) for r in GOOD]))
    actions = [r.action for r in response.context["plan"].rows]
    assert actions == ["new", "error"]
    assert "full" in " ".join(response.context["plan"].rows[1].messages)


def test_tampered_token_writes_nothing(trainer_client, cohort):
    before = _state()
    response = trainer_client.post(
        reverse("cohorts:import", args=[cohort.pk]), {"confirm": "1", "rows": "forged"}
    )
    assert response.status_code == 302
    assert _state() == before


def test_token_of_another_cohort_is_refused(trainer_client, trainer, cohort, course):
    other = cf.cohort(course=course, trainer=trainer)
    token = _upload(trainer_client, other, cf.participants_csv([list(GOOD[0])])).context["token"]
    before = _state()
    response = trainer_client.post(
        reverse("cohorts:import", args=[cohort.pk]), {"confirm": "1", "rows": token}
    )
    assert response.status_code == 302
    assert _state() == before


def test_invite_one_person(trainer_client, cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(
            reverse("cohorts:invite", args=[cohort.pk]),
            {"full_name": "Nilufar Saidova", "email": "nilufar@example.org"},
        )
    assert response.status_code == 302
    membership = cohort.memberships.get(user__email="nilufar@example.org")
    assert membership.source == "invitation"
    assert [m.to for m in mail.outbox] == [["nilufar@example.org"]]


@pytest.mark.parametrize(
    "text",
    [
        # A semicolon file whose cells hold commas (quoted, as spreadsheets save them).
        'Name;E-mail;Organisation\n"Rahimova, Malika";malika@example.org;"Agency, Social"\n'
        "Somchai Vongsa;somchai@example.org;LSSO\n",
        # A comma file whose cells hold semicolons; the header has as many of each.
        'Name,E-mail,Organisation\n"Rahimova, Malika",malika@example.org,"Agency; Social"\n'
        "Somchai Vongsa,somchai@example.org,LSSO\n",
        # A tab-separated export, Windows line ends.
        "Name\tE-mail\tOrganisation\r\nRahimova, Malika\tmalika@example.org\tAgency\r\n"
        "Somchai Vongsa\tsomchai@example.org\tLSSO\r\n",
    ],
    ids=["semicolon", "comma", "tab"],
)
def test_the_csv_delimiter_is_recognised(trainer_client, cohort, text):
    before = _state()
    response = _upload(trainer_client, cohort, text.encode())
    assert response.status_code == 200
    rows = response.context["plan"].rows
    assert [(r.action, r.values["email"]) for r in rows] == [
        ("new", "malika@example.org"),
        ("new", "somchai@example.org"),
    ]
    assert rows[0].values["name"] == "Rahimova, Malika"
    assert _state() == before


def test_a_one_column_file_is_read_as_commas_and_says_what_is_missing(trainer_client, cohort):
    before = _state()
    response = _upload(trainer_client, cohort, b"email\nmalika@example.org\n")
    assert response.status_code == 400
    assert "missing column(s): name" in response.content.decode()
    assert _state() == before
