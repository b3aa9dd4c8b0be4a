"""Participant imports read choices in every language, keep text that only looks like a
formula, refuse real formulas, and report cells outside the named columns."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation

from cohorts.import_values import fold, is_real_formula, lookup_choice
from cohorts.importing import parse_participants
from cohorts.models import Membership
from learning.models import OrganisationType, Sex
from tests.factories import cohorts as cf

from .test_import import _file, _state

User = get_user_model()


def _parse(rows, header="name,email,country,organisation,organisation_type,sex"):
    return parse_participants(filename="p.csv", data=cf.participants_csv(rows, header=header))


def _row(organisation_type="", sex="", organisation="Org", name="Ana Lima"):
    return [name, "ana@example.org", "BR", organisation, organisation_type, sex]


@pytest.mark.parametrize("interface", ["en", "fr", "ru", "ar", "zh-hans"])
@pytest.mark.parametrize(
    "cell",
    [
        "Social-security institution",
        "social security institution",
        "SOCIAL-SECURITY INSTITUTION",
        "social_security",
        "Institution de sécurité sociale",
        "INSTITUTION DE SECURITE SOCIALE",
        "Учреждение социального обеспечения",
        "учреждение социального обеспечения",
    ],
)
def test_organisation_type_in_any_language_whatever_the_interface(interface, cell):
    with translation.override(interface):
        [row] = _parse([_row(organisation_type=cell)])
    assert row.ok, row.errors
    assert row.values["organisation_type"] == OrganisationType.SOCIAL_SECURITY


@pytest.mark.parametrize("interface", ["en", "fr"])
@pytest.mark.parametrize(
    ("cell", "expected"),
    [("Femme", Sex.FEMALE), ("female", Sex.FEMALE), ("Женский", Sex.FEMALE), ("M", Sex.MALE)],
)
def test_sex_in_any_language(interface, cell, expected):
    with translation.override(interface):
        [row] = _parse([_row(sex=cell)])
    assert row.ok, row.errors
    assert row.values["sex"] == expected


def test_an_unknown_choice_is_still_refused():
    with translation.override("fr"):
        [row] = _parse([_row(organisation_type="Banque")])
    assert len(row.errors) == 1 and "Banque" in row.errors[0]


def test_choice_index_never_guesses_between_two_choices():
    assert lookup_choice("other", OrganisationType) == OrganisationType.OTHER
    assert lookup_choice("", OrganisationType) is None
    assert fold("  Sécurité-Sociale ") == "securite sociale"


@pytest.mark.parametrize("organisation", ["@SASSA", "+Office", "-Ministry (North)", "+33 1 23"])
def test_text_that_starts_like_a_formula_is_kept(organisation):
    [row] = _parse([_row(organisation=organisation, name="@Lerato Dlamini")])
    assert row.ok, row.errors
    assert row.values["organisation"] == organisation
    assert row.values["name"] == "@Lerato Dlamini"


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        "=cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        '+HYPERLINK("http://x.test")',
        "-2+3+cmd|' /C calc'!A0",
        "+A1",
        "-1+2",
        "@Sheet1!A1",
    ],
)
def test_real_formulas_stay_refused(cell):
    assert is_real_formula(cell)
    [row] = _parse([_row(organisation=cell.replace(",", ";"))])
    assert not row.ok
    assert "formula" in " ".join(row.errors)


def test_extra_cells_are_reported_not_dropped():
    rows = [
        ["Ana Lima", "ana@example.org", "BR", "Ministry of Labour", "Kenya", "ministry", "female"],
        ["Bo Chen", "bo@example.org", "CN", "Org", "", "", ""],  # empty extra cells are fine
    ]
    first, second = _parse(rows)
    assert not first.ok
    assert any(
        "outside the named columns" in error and "“female”" in error for error in first.errors
    )
    assert second.ok, second.errors


def test_cells_under_an_empty_header_cell_are_reported():
    [row] = _parse([["Ana Lima", "ana@example.org", "stray", "BR"]], header="name,email,,country")
    assert not row.ok
    assert "“stray”" in " ".join(row.errors)


def test_french_trainer_imports_an_english_file(client, trainer, cohort):
    trainer.preferred_language = "fr"
    trainer.save()
    client.force_login(trainer)
    data = cf.participants_csv(
        [
            [
                "Somchai Vongsa",
                "somchai@example.org",
                "LA",
                "@LSSO",
                "Social-security institution",
                "M",
            ],
            ["Bad Row", "bad@example.org", "LA", "Org", "ministry", "", "extra"],
        ]
    )
    before = _state()
    response = client.post(
        reverse("cohorts:import", args=[cohort.pk]), {"file": _file(data, "p.csv")}
    )
    assert response.status_code == 200
    rows = {row.line: row for row in response.context["plan"].rows}
    assert rows[2].action == "new", rows[2].messages
    assert rows[3].action == "error"
    assert "extra" in " ".join(rows[3].messages)
    assert _state() == before
    assert mail.outbox == []
    assert not Membership.objects.exists()
