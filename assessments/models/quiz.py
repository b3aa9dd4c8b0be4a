"""Native quizzes: the QuizPage editors write, and the attempts learners make."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from courses.models import StepMixin
from learning.viewrestrictions import SourceViewRestrictions

from ..blocks import QuestionStreamBlock, question_specs
from ..calculated import sample
from ..grading import correct_answer_text


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")
    AVERAGE = "average", _("Average of attempts")


class RevealPolicy(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, question by question")
    AFTER_SUBMISSION = "after_submission", _("After the attempt is submitted")
    AFTER_CLOSE = "after_close", _("After the quiz closes")
    NEVER = "never", _("Never")


class OverduePolicy(models.TextChoices):
    AUTO_SUBMIT = "auto_submit", _("Grade the answers saved before time ran out")
    DISCARD = "discard", _("The attempt does not count")


class QuizPage(SourceViewRestrictions, StepMixin, Page):
    """A graded step of a module. Questions are graded on the server, never in the browser."""

    intro = RichTextField(_("introduction"), blank=True)
    questions = StreamField(QuestionStreamBlock(), blank=True, verbose_name=_("questions"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True
    )
    grace_period_seconds = models.PositiveSmallIntegerField(
        _("grace period (seconds)"),
        default=60,
        help_text=_("Submissions this long after the time limit still count (slow connections)."),
    )
    overdue_policy = models.CharField(
        _("when time runs out"),
        max_length=20,
        choices=OverduePolicy.choices,
        default=OverduePolicy.AUTO_SUBMIT,
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    draw_count = models.PositiveSmallIntegerField(
        _("questions drawn per attempt"),
        default=0,
        help_text=_("Draw this many questions at random from the pool; 0 uses every question."),
    )
    grading_method = models.CharField(
        _("grade across attempts"),
        max_length=20,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )
    feedback_policy = models.CharField(
        _("show feedback"),
        max_length=20,
        choices=RevealPolicy.choices,
        default=RevealPolicy.AFTER_SUBMISSION,
    )
    answers_policy = models.CharField(
        _("show correct answers"),
        max_length=20,
        choices=RevealPolicy.choices,
        default=RevealPolicy.AFTER_SUBMISSION,
        help_text=_("Never earlier than the feedback."),
    )

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    template = "assessments/quiz_page.html"

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("questions"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("attempts_allowed")]),
                FieldPanel("grading_method"),
                FieldRowPanel(
                    [
                        FieldPanel("time_limit_minutes"),
                        FieldPanel("grace_period_seconds"),
                        FieldPanel("overdue_policy"),
                    ]
                ),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel(
                    [
                        FieldPanel("shuffle_questions"),
                        FieldPanel("shuffle_options"),
                        FieldPanel("draw_count"),
                    ]
                ),
                FieldRowPanel([FieldPanel("feedback_policy"), FieldPanel("answers_policy")]),
                *StepMixin.step_panels,
            ],
            heading=_("Quiz settings"),
        ),
        *Page.settings_panels,
    ]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The quiz must close after it opens.")
        order = list(RevealPolicy.values)
        if order.index(self.answers_policy) < order.index(self.feedback_policy):
            errors["answers_policy"] = _("Correct answers cannot be shown before the feedback.")
        count = len(self.questions or [])
        if self.draw_count and self.draw_count > count:
            errors["draw_count"] = ngettext(
                "Only %(count)s question is in the pool.",
                "Only %(count)s questions are in the pool.",
                count,
            ) % {"count": count}
        if errors:
            raise ValidationError(errors)

    # Passing the quiz completes the step, not a button.
    completed_by_learner = False

    def serve(self, request, *args, **kwargs):
        # Cycle: the views import this model (Wagtail routes the page to them).
        from ..views.quiz import quiz_page  # noqa: PLC0415

        return quiz_page(request, self)

    def serve_preview(self, request, mode_name):
        # Only people who may edit the page can preview it: they see every question with
        # its answer, as a proof-reading view (learners only ever get `serve`).

        # A calculated question shows one example draw (drawn numbers and their answer).
        specs = [sample(q) for q in question_specs(self.questions)]
        questions = [{"spec": q, "answer": correct_answer_text(q)} for q in specs]
        return render(
            request, "assessments/quiz_preview.html", {"page": self, "questions": questions}
        )


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    DISCARDED = "discarded", _("Not counted (time ran out)")


class Attempt(models.Model):
    """One learner's attempt at a quiz, pinned to the revision it was taken on."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(QuizPage, on_delete=models.CASCADE, related_name="attempts")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    state = models.CharField(
        max_length=20, choices=AttemptState.choices, default=AttemptState.IN_PROGRESS
    )
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    overdue = models.BooleanField(default=False)
    points = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    max_points = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(null=True, blank=True)
    # Questions drawn for this attempt, in the order shown, and the per-attempt tokens that
    # stand for options in the browser (so no index or order gives an answer away).
    layout = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at", "-id"]
        permissions = [("view_itemanalysis", "Can see item analysis of quizzes")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "number"], name="attempt_unique_number"
            ),
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=models.Q(state="in_progress"),
                name="attempt_one_open_per_quiz",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | (models.Q(score__gte=0) & models.Q(score__lte=100)),
                name="attempt_score_0_100",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="submitted")
                | (models.Q(score__isnull=False) & models.Q(submitted_at__isnull=False)),
                name="attempt_submitted_has_score",
            ),
        ]
        indexes = [
            # The scheduled close looks for open attempts whose deadline has passed.
            models.Index(
                fields=["deadline"],
                condition=models.Q(state="in_progress"),
                name="attempt_open_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.quiz_id} #{self.number}"

    @property
    def question_ids(self) -> list[str]:
        return list(self.layout.get("questions", []))


class Response(models.Model):
    """A learner's answer to one question of an attempt (normalised; see grading.py)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question_id = models.CharField(max_length=64)
    answer = models.JSONField(default=dict)
    fraction = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    points = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    checked_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Checked for immediate feedback; final from then on.")
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="response_unique_question"
            ),
            models.CheckConstraint(
                condition=models.Q(fraction__isnull=True)
                | (models.Q(fraction__gte=0) & models.Q(fraction__lte=1)),
                name="response_fraction_0_1",
            ),
        ]

    def __str__(self):
        return f"{self.attempt_id}/{self.question_id}"
