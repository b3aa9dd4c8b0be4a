"""The course tree editors build: CourseIndexPage > CoursePage > ModulePage > steps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from ..blocks import LESSON_BODY_BLOCKS


class CourseLevel(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseFormat(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced")
    COHORT = "cohort", _("Cohort-based")
    BLENDED = "blended", _("Blended")


class StepMixin(models.Model):
    """What every step of a module has: lessons here, quizzes in the assessments app."""

    is_required = models.BooleanField(
        _("required"), default=True, help_text=_("Required steps count toward completion.")
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=10)

    step_panels = [FieldRowPanel([FieldPanel("is_required"), FieldPanel("estimated_minutes")])]

    class Meta:
        abstract = True

    is_course_step = True
    # Lessons are marked complete by the learner; a quiz completes itself when passed.
    completed_by_learner = True

    def completes_through_own_result(self) -> bool:
        """Does this step complete only through a passing result of its own (a quiz, a lesson
        holding a required H5P activity), never through the "mark as complete" button?

        `courses.services.step_complete` refuses such steps; the app that judges the result
        calls `step_complete_through_result` once a passing result exists.
        """
        return not self.completed_by_learner


class CourseIndexPage(Page):
    """The catalogue."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["learning.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")

    def serve(self, request, *args, **kwargs):
        from ..views.catalogue import catalogue

        return catalogue(request, self)


class CoursePage(Page):
    topic = models.ForeignKey(
        "courses.Topic",
        verbose_name=_("topic family"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    level = models.CharField(
        _("level"), max_length=16, choices=CourseLevel.choices, default=CourseLevel.INTRODUCTORY
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=5, decimal_places=1, default=4
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    summary = models.TextField(_("summary"), max_length=600)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt = models.CharField(
        _("cover image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Required when there is a cover image; leave empty only if it is decorative."),
    )
    learning_outcomes = RichTextField(
        _("learning outcomes"), features=["ul", "ol", "bold", "italic"], blank=True
    )
    prerequisites = ParentalManyToManyField(
        "courses.CoursePage", verbose_name=_("prerequisites"), blank=True, related_name="+"
    )
    format = models.CharField(
        _("format"), max_length=16, choices=CourseFormat.choices, default=CourseFormat.SELF_PACED
    )
    sequential = models.BooleanField(
        _("sequential order"),
        default=False,
        help_text=_("Learners must finish each required step before the next one opens."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("topic"), FieldPanel("level")]),
                FieldRowPanel([FieldPanel("language"), FieldPanel("format")]),
                FieldRowPanel([FieldPanel("estimated_hours"), FieldPanel("sequential")]),
            ],
            heading=_("About the course"),
        ),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], heading=_("Cover")),
        FieldPanel("learning_outcomes"),
        FieldPanel("prerequisites"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.FilterField("level"),
        index.FilterField("language"),
        index.FilterField("format"),
        index.FilterField("topic_id"),
        index.RelatedFields("topic", [index.SearchField("name")]),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.cover_image_id and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": _("Describe the cover image for people who cannot see it.")}
            )

    def serve(self, request, *args, **kwargs):
        from ..views.outline import course_outline_view

        return course_outline_view(request, self)


class ModulePage(Page):
    summary = models.TextField(_("summary"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["courses.CoursePage"]
    # Its children are the steps: see `clean_subpage_models`.

    @classmethod
    def clean_subpage_models(cls):
        """Every step page model (a page that mixes in `StepMixin`: lessons here, quizzes in
        assessments), so that courses names no app above it. Each still chooses its parents
        with `parent_page_types`."""
        return [model for model in get_page_models() if issubclass(model, StepMixin)]

    class Meta:
        verbose_name = _("module")

    def serve(self, request, *args, **kwargs):
        # A module has no page of its own: its course's outline lists it.
        from django.shortcuts import redirect

        course = self.get_parent()
        return redirect(course.url + f"#module-{self.pk}")


class LessonPage(StepMixin, Page):
    body = StreamField(LESSON_BODY_BLOCKS, verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, *StepMixin.step_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    def required_blocks(self) -> list[tuple[str, dict]]:
        """(block name, value) of the body blocks marked "required" (a `required` member that
        is true: assessments' H5P activities), in body order. Read from the raw JSON so
        that no block's value is built."""
        found = []
        for block in getattr(self.body, "raw_data", []) or []:
            value = block.get("value") if isinstance(block, dict) else None
            if isinstance(value, dict) and value.get("required"):
                found.append((block.get("type"), value))
        return found

    def completes_through_own_result(self) -> bool:
        # A required activity's passing result completes the lesson; the button cannot.
        return bool(self.required_blocks())

    def serve(self, request, *args, **kwargs):
        from ..views.steps import lesson

        return lesson(request, self)
