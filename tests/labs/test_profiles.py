"""Country profiles in the admin: a grid of labelled fields for the population, every figure
next to its source, sources required for real figures; learners see name, label and sources;
the demo's illustrative profile."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from labs.demo import ensure_illustrative_profile
from labs.engine.illustrative import PROFILE
from labs.engine.profile import AGE_GROUPS
from labs.models import CountryProfile
from labs.profiles import SOURCE_LABELS
from learning.pagetree import tree_version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("toy_model", "exercise_block_type")]

ADD = "wagtailsnippets_labs_countryprofile:add"
LIST = "wagtailsnippets_labs_countryprofile:list"


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def _form(**overrides) -> dict:
    data = {
        "name": "Ruritania",
        "illustrative": "on",
        "base_year": "2025",
        "currency": "RUR",
        "total_fertility": "3.1",
        "life_expectancy_male": "66",
        "life_expectancy_female": "70.5",
        "net_migration": "-12000",
        "labour_force_participation": "0.62",
        "coverage": "0.25",
        "average_wage": "4200",
        "gdp": "3.5e10",
        "government_revenue": "6e9",
        "poverty_line": "650",
    }
    for group in range(AGE_GROUPS):
        data[f"population_male_{group}"] = str(100_000 - group * 4_000)
        data[f"population_female_{group}"] = str(98_000 - group * 3_900)
    for name in SOURCE_LABELS:
        data[name] = ""
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _real_sources() -> dict:
    return {name: f"National statistics office, yearbook 2024 ({name})" for name in SOURCE_LABELS}


def test_the_form_has_a_labelled_grid_and_a_source_beside_each_figure(admin_client):
    page = admin_client.get(reverse(ADD)).content.decode()
    assert "JSON" not in page
    assert '<label class="w-sr-only" for="id_population_male_0">Men, 0-4</label>' in page
    assert '<label class="w-sr-only" for="id_population_female_20">Women, 100+</label>' in page
    assert page.count('name="population_male_') == AGE_GROUPS
    assert page.count('name="population_female_') == AGE_GROUPS
    for label in SOURCE_LABELS.values():
        assert f"Source: {label}" in page


def test_an_illustrative_profile_is_saved_from_the_grid(admin_client):
    response = admin_client.post(reverse(ADD), _form())
    assert response.status_code == 302
    profile = CountryProfile.objects.get(name="Ruritania")
    assert profile.illustrative
    assert profile.population["male"][0] == 100_000
    assert profile.population["female"][20] == 98_000 - 20 * 3_900
    assert len(profile.population["male"]) == AGE_GROUPS
    assert profile.as_profile().population_female[1] == 98_000 - 3_900
    # Editing shows the figures back in the grid.
    edit = reverse("wagtailsnippets_labs_countryprofile:edit", args=[profile.pk])
    assert 'id="id_population_male_20" value="20000"' in admin_client.get(edit).content.decode()


def test_real_figures_need_every_source(admin_client):
    response = admin_client.post(
        reverse(ADD), _form(illustrative=None, population_source="UN WPP 2024")
    )
    assert response.status_code == 200
    assert (
        response.content.decode().count("A real figure needs its source.") == len(SOURCE_LABELS) - 1
    )
    assert not CountryProfile.objects.exists()
    response = admin_client.post(reverse(ADD), _form(illustrative=None, **_real_sources()))
    assert response.status_code == 302
    assert not CountryProfile.objects.get().illustrative


def test_a_bad_figure_in_the_grid_is_named_and_nothing_is_written(admin_client):
    response = admin_client.post(
        reverse(ADD),
        _form(population_female_4="lots", population_male_20="-5", population_male_3="1e12"),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Women, 20-24: enter a number of persons (0 or more)." in text
    assert "Men, 100+: enter a number of persons (0 or more)." in text
    assert "Men, 15-19: more than a billion persons is not plausible." in text
    assert 'value="lots"' in text  # what was typed is kept, to be corrected
    assert not CountryProfile.objects.exists()


def test_missing_cells_and_a_zero_population_are_refused(admin_client):
    missing = _form(population_male_7="")
    response = admin_client.post(reverse(ADD), missing)
    assert "Men, 35-39: enter a number of persons (0 or more)." in response.content.decode()
    zeros = _form(
        **{f"population_{sex}_{g}": "0" for sex in ("male", "female") for g in range(AGE_GROUPS)}
    )
    response = admin_client.post(reverse(ADD), zeros)
    assert "The population cannot be zero" in response.content.decode()
    assert not CountryProfile.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("total_fertility", "25", "Enter a value between 0 and 12."),
        ("coverage", "80", "Enter a value between 0 and 1."),
        ("life_expectancy_male", "500", "Enter a value between 20 and 110."),
        ("base_year", "2500", "Enter a value between 1950 and 2100."),
        ("base_year", "99999", "Enter a value between 1950 and 2100."),
        ("gdp", "0", "Enter an amount above zero"),
        ("poverty_line", "-3", "Enter an amount above zero"),
        ("gdp", "inf", "Enter a number."),
        ("average_wage", "nan", "Enter a number."),
        ("labour_force_participation", "abc", "Enter a number."),
    ],
)
def test_absurd_figures_are_refused(admin_client, field, value, message):
    response = admin_client.post(reverse(ADD), _form(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CountryProfile.objects.exists()


def test_the_list_shows_name_illustrative_and_base_year_and_searches_by_name(admin_client):
    admin_client.post(reverse(ADD), _form(name="Ruritania"))
    admin_client.post(reverse(ADD), _form(name="Freedonia", base_year="2023"))
    listing = admin_client.get(reverse(LIST)).content.decode()
    assert "Ruritania" in listing and "Freedonia" in listing
    assert "Base year" in listing and "Illustrative" in listing and "2023" in listing
    found = admin_client.get(reverse(LIST), {"q": "Freed"}).content.decode()
    assert "Freedonia" in found and "Ruritania" not in found


def test_the_profiles_are_in_the_labs_menu(admin_client):
    page = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Actuarial labs" in page and "Country profiles" in page


def test_learners_see_the_name_the_label_and_the_sources():
    real = CountryProfile(name="Ruritania", illustrative=False, **_real_sources())
    html = render_to_string("labs/includes/profile_sources.html", {"profile": real})
    assert "Ruritania" in html and "illustrative" not in html
    assert (
        '<dt>GDP</dt><dd dir="auto">National statistics office, yearbook 2024 (gdp_source)</dd>'
        in html
    )
    made_up = CountryProfile(name="Toyland", illustrative=True)
    html = render_to_string("labs/includes/profile_sources.html", {"profile": made_up})
    assert '<span class="tag">illustrative</span>' in html and "<dl>" not in html
    assert render_to_string("labs/includes/profile_sources.html", {"profile": None}).strip() == ""


def test_the_demo_profile_is_illustrative_and_made_once():
    first = ensure_illustrative_profile()
    first.currency = "XYZ"  # an editor's change survives the next demo load
    first.save()
    again = ensure_illustrative_profile()
    assert again.pk == first.pk and CountryProfile.objects.count() == 1
    assert again.currency == "XYZ"
    assert first.illustrative and first.name == PROFILE.name
    assert first.as_profile().population_male == tuple(float(v) for v in PROFILE.population_male)


def test_the_demo_loader_creates_the_profile(demo_data):
    assert CountryProfile.objects.filter(name=PROFILE.name, illustrative=True).exists()


def test_editing_a_profile_moves_the_tree_version(django_capture_on_commit_callbacks):
    """Exercises cache their starting results under the tree version: a profile's edit must
    show on the next request, as any registered snippet's does."""
    profile = ensure_illustrative_profile()
    before = tree_version()
    with django_capture_on_commit_callbacks(execute=True):
        profile.gdp = profile.gdp * 2
        profile.save()
    assert tree_version() != before
