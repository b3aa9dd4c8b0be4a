"""Country profiles in Wagtail's admin: the snippet's viewset and a form editors can use.

Population by age and sex is a grid of 21 x 2 labelled number fields (ages 0-4 to 100+, men
and women), never raw JSON: editors copy figures group by group from a statistical yearbook,
each field says which group it is, an error names the group it is about, and the grid works
with a keyboard and a screen reader without any script. Every figure sits next to its source.
"""

import math

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .engine.profile import AGE_GROUPS
from .models import CountryProfile

SEXES = (("male", _("Men")), ("female", _("Women")))
# No country has a billion people in one five-year age group of one sex.
MAX_GROUP = 1_000_000_000

# What learners read next to each source (labs/includes/profile_sources.html).
SOURCE_LABELS = {
    "population_source": _("Population by age and sex"),
    "fertility_source": _("Fertility"),
    "mortality_source": _("Life expectancy"),
    "migration_source": _("Net migration"),
    "labour_source": _("Labour-force participation"),
    "coverage_source": _("Pension coverage"),
    "wage_source": _("Average wage"),
    "gdp_source": _("GDP"),
    "revenue_source": _("Government revenue"),
    "poverty_source": _("Poverty line"),
}

# Plausible bounds, so that a typo (a fertility of 25, a coverage of 80 for 80 %) is caught
# in the form with a message instead of giving learners absurd projections.
BOUNDS = {
    "base_year": (1950, 2100),
    "total_fertility": (0.0, 12.0),
    "life_expectancy_male": (20.0, 110.0),
    "life_expectancy_female": (20.0, 110.0),
    "net_migration": (-1e8, 1e8),
    "labour_force_participation": (0.0, 1.0),
    "coverage": (0.0, 1.0),
}
# Amounts in the profile's currency: above zero, and short of absurd.
AMOUNTS = ("average_wage", "gdp", "government_revenue", "poverty_line")
MAX_AMOUNT = 1e18


def age_label(group: int) -> str:
    """ "0-4", "5-9", ..., "95-99", "100+"."""
    start = group * 5
    return f"{start}+" if group == AGE_GROUPS - 1 else f"{start}-{start + 4}"


class PopulationGridWidget(forms.Widget):
    """A table: one row per age group, one labelled number field per sex."""

    template_name = "labs/admin/population_grid.html"

    def format_value(self, value):
        """{"male": [...], "female": [...]} (or the raw list posted back) -> {sex: [str]}."""
        if isinstance(value, dict):
            return {
                sex: [_as_text(v) for v in (list(value.get(sex) or []) + [""] * AGE_GROUPS)][
                    :AGE_GROUPS
                ]
                for sex, _label in SEXES
            }
        return {sex: [""] * AGE_GROUPS for sex, _label in SEXES}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = context["widget"]["value"]
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"]["sexes"] = [label for _sex, label in SEXES]
        context["widget"]["rows"] = [
            {
                "age": age_label(group),
                "cells": [
                    {
                        "name": f"{name}_{sex}_{group}",
                        "id": f"{base_id}_{sex}_{group}",
                        "value": values[sex][group],
                        "label": f"{label}, {age_label(group)}",
                    }
                    for sex, label in SEXES
                ],
            }
            for group in range(AGE_GROUPS)
        ]
        return context

    def value_from_datadict(self, data, files, name):
        return {
            sex: [data.get(f"{name}_{sex}_{group}", "") for group in range(AGE_GROUPS)]
            for sex, _label in SEXES
        }

    def value_omitted_from_data(self, data, files, name):
        return not any(key.startswith(f"{name}_") for key in data)

    def id_for_label(self, id_):
        return f"{id_}_male_0" if id_ else id_


def _as_text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class PopulationGridField(forms.Field):
    """The grid's 42 figures as {"male": [21 numbers], "female": [21 numbers]}; each bad one
    is named by its sex and age group."""

    widget = PopulationGridWidget

    def to_python(self, value):
        raw = value if isinstance(value, dict) else {}
        errors: list[ValidationError] = []
        result: dict[str, list[float]] = {}
        for sex, label in SEXES:
            numbers = []
            for group, text in enumerate(
                (list(raw.get(sex) or []) + [""] * AGE_GROUPS)[:AGE_GROUPS]
            ):
                where = {"who": label, "age": age_label(group)}
                number = _parse_count(str(text))
                if number is None:
                    errors.append(
                        ValidationError(
                            _("%(who)s, %(age)s: enter a number of persons (0 or more).") % where
                        )
                    )
                elif number > MAX_GROUP:
                    errors.append(
                        ValidationError(
                            _("%(who)s, %(age)s: more than a billion persons is not plausible.")
                            % where
                        )
                    )
                numbers.append(number or 0.0)
            result[sex] = [int(n) if n.is_integer() else n for n in numbers]
        if errors:
            raise ValidationError(errors)
        if not any(result["male"]) and not any(result["female"]):
            raise ValidationError(_("The population cannot be zero: enter the figures."))
        return result


def _parse_count(text: str) -> float | None:
    """A non-negative finite number; spaces (thousands, as some yearbooks print) allowed."""
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
    if not cleaned:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return number


class CountryProfileForm(WagtailAdminModelForm):
    population = PopulationGridField(
        label=_("Population by age and sex"),
        help_text=_("Persons by five-year age group, men and women, in the base year."),
    )

    def clean(self):
        data = super().clean()
        for name, (low, high) in BOUNDS.items():
            value = data.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(
                    name,
                    _("Enter a value between %(low)s and %(high)s.")
                    % {"low": f"{low:g}", "high": f"{high:g}"},
                )
        for name in AMOUNTS:
            value = data.get(name)
            if value is not None and not 0 < value <= MAX_AMOUNT:
                self.add_error(name, _("Enter an amount above zero (and below 10¹⁸)."))
        return data


def _figure(*fields: str, source: str, heading) -> MultiFieldPanel:
    """A figure (or two) and its source, side by side, under one heading."""
    return MultiFieldPanel(
        [
            FieldRowPanel(
                [FieldPanel(f) for f in fields]
                + [
                    FieldPanel(
                        source,
                        heading=_("Source: %(figure)s") % {"figure": SOURCE_LABELS[source]},
                    )
                ]
            )
        ],
        heading=heading,
    )


class CountryProfileViewSet(SnippetViewSet):
    model = CountryProfile
    icon = "globe"
    menu_label = _("Country profiles")
    list_display = ["name", "illustrative", "base_year"]
    list_filter = ["illustrative"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("name"), FieldPanel("illustrative")],
                heading=_("Profile"),
            ),
            FieldRowPanel([FieldPanel("base_year"), FieldPanel("currency")]),
            MultiFieldPanel(
                [
                    FieldPanel("population"),
                    FieldPanel(
                        "population_source",
                        heading=_("Source: %(figure)s")
                        % {"figure": SOURCE_LABELS["population_source"]},
                    ),
                ],
                heading=_("Population"),
            ),
            _figure("total_fertility", source="fertility_source", heading=_("Fertility")),
            _figure(
                "life_expectancy_male",
                "life_expectancy_female",
                source="mortality_source",
                heading=_("Life expectancy"),
            ),
            _figure("net_migration", source="migration_source", heading=_("Migration")),
            _figure(
                "labour_force_participation",
                source="labour_source",
                heading=_("Labour force"),
            ),
            _figure("coverage", source="coverage_source", heading=_("Pension coverage")),
            _figure("average_wage", source="wage_source", heading=_("Wages")),
            _figure("gdp", source="gdp_source", heading=_("GDP")),
            _figure("government_revenue", source="revenue_source", heading=_("Government revenue")),
            _figure("poverty_line", source="poverty_source", heading=_("Poverty line")),
        ],
        base_form_class=CountryProfileForm,
    )


class LabsSnippets(SnippetViewSetGroup):
    items = (CountryProfileViewSet,)
    menu_icon = "globe"
    menu_label = _("Actuarial labs")
    menu_name = "labs"
    menu_order = 310
