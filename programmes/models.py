"""Programmes: cohorts grouped across courses and years, reported to funders as a whole.

A programme holds no learner data of its own: its report is read from the cohorts' memberships,
the courses' enrolments, certificates, attendance and (through a hook) quiz grades. Partners
(funders) are linked per programme and only ever see aggregates (programmes/selectors.py).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from learning.validators import validate_single_line


class Programme(models.Model):
    name = models.CharField(
        _("name"), max_length=200, unique=True, validators=[validate_single_line]
    )
    funder = models.CharField(
        _("funder"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_("For example GIZ, the European Union or the ILO."),
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    cohorts = models.ManyToManyField(
        "cohorts.Cohort", verbose_name=_("cohorts"), related_name="programmes", blank=True
    )
    partners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partners"),
        related_name="partner_programmes",
        blank=True,
        help_text=_(
            "People with the Partner role who read this programme's report: aggregates only, "
            "never a name or an e-mail."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.pk])
