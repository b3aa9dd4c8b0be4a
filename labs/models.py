"""Labs' data: country profiles (editors' snippets) and what learners do with the models.

A learner's saved scenarios and task results point at the lesson page and the exercise
block's id, which survives edits and revisions (as reflections do)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .engine.profile import AGE_GROUPS, Profile


class CountryProfile(models.Model):
    """A country's starting figures for the models; every real figure carries its source."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Made-up but plausible figures for teaching; shown as such to learners."),
    )
    base_year = models.PositiveSmallIntegerField(_("base year"))
    currency = models.CharField(_("currency"), max_length=12)
    # {"male": [21 numbers], "female": [21 numbers]}: persons by five-year age group.
    population = models.JSONField(_("population by age and sex"))
    population_source = models.CharField(_("source"), max_length=300, blank=True)
    total_fertility = models.FloatField(_("total fertility rate"))
    fertility_source = models.CharField(_("source"), max_length=300, blank=True)
    life_expectancy_male = models.FloatField(_("life expectancy at birth, men"))
    life_expectancy_female = models.FloatField(_("life expectancy at birth, women"))
    mortality_source = models.CharField(_("source"), max_length=300, blank=True)
    net_migration = models.FloatField(_("net migration per year"), default=0)
    migration_source = models.CharField(_("source"), max_length=300, blank=True)
    labour_force_participation = models.FloatField(_("labour-force participation (0-1)"))
    labour_source = models.CharField(_("source"), max_length=300, blank=True)
    coverage = models.FloatField(_("pension coverage of the labour force (0-1)"))
    coverage_source = models.CharField(_("source"), max_length=300, blank=True)
    average_wage = models.FloatField(_("average wage per year"))
    wage_source = models.CharField(_("source"), max_length=300, blank=True)
    gdp = models.FloatField(_("GDP per year"))
    gdp_source = models.CharField(_("source"), max_length=300, blank=True)
    government_revenue = models.FloatField(_("government revenue per year"))
    revenue_source = models.CharField(_("source"), max_length=300, blank=True)
    poverty_line = models.FloatField(_("poverty line per person per year"))
    poverty_source = models.CharField(_("source"), max_length=300, blank=True)

    SOURCES = (
        "population_source",
        "fertility_source",
        "mortality_source",
        "migration_source",
        "labour_source",
        "coverage_source",
        "wage_source",
        "gdp_source",
        "revenue_source",
        "poverty_source",
    )

    class Meta:
        verbose_name = _("country profile")
        verbose_name_plural = _("country profiles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        population = self.population if isinstance(self.population, dict) else {}
        for sex in ("male", "female"):
            values = population.get(sex)
            if (
                not isinstance(values, list)
                or len(values) != AGE_GROUPS
                or not all(isinstance(v, int | float) and v >= 0 for v in values)
            ):
                errors["population"] = _(
                    "Give %(n)s non-negative numbers for each sex (ages 0-4 to 100+)."
                ) % {"n": AGE_GROUPS}
        if not self.illustrative:
            for name in self.SOURCES:
                if not getattr(self, name).strip():
                    errors[name] = _("A real figure needs its source.")
        if errors:
            raise ValidationError(errors)

    def as_profile(self) -> Profile:
        """The engine's view of these figures."""
        return Profile(
            name=self.name,
            base_year=self.base_year,
            currency=self.currency,
            population_male=tuple(float(v) for v in self.population["male"]),
            population_female=tuple(float(v) for v in self.population["female"]),
            total_fertility=self.total_fertility,
            life_expectancy_male=self.life_expectancy_male,
            life_expectancy_female=self.life_expectancy_female,
            net_migration=self.net_migration,
            labour_force_participation=self.labour_force_participation,
            coverage=self.coverage,
            average_wage=self.average_wage,
            gdp=self.gdp,
            government_revenue=self.government_revenue,
            poverty_line=self.poverty_line,
            illustrative=self.illustrative,
        )


class Scenario(models.Model):
    """A learner's named set of assumptions for one exercise, kept to compare and export."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_scenarios"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    model = models.CharField(_("model"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    values = models.JSONField(_("assumptions"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "block_id", "name"], name="scenario_unique_name"
            )
        ]
        indexes = [models.Index(fields=["page", "block_id"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.name}"


class TaskResult(models.Model):
    """A learner's graded task on one exercise: one row, kept passed once passed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_task_results"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    passed = models.BooleanField(_("passed"), default=False)
    tries = models.PositiveIntegerField(_("tries"), default=0)
    values = models.JSONField(_("assumptions"), default=dict)
    answer = models.FloatField(_("answer"), null=True, blank=True)
    passed_at = models.DateTimeField(_("passed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("task result")
        verbose_name_plural = _("task results")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "block_id"], name="taskresult_unique_user_block"
            ),
            models.CheckConstraint(
                condition=models.Q(passed=False) | models.Q(passed_at__isnull=False),
                name="taskresult_passed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.block_id}: {self.passed}"
