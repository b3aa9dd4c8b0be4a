"""The course tree editors build: CourseIndexPage > CoursePage > ModulePage > steps.

How a page is served reads top to bottom here, the Wagtail way: a `RoutablePageMixin` page's
`@path("")` route renders `get_template()` with `get_context()` as a `TemplateResponse`; its
other routes are the page's own actions (enrol in a course, complete a lesson, save a
reflection). Reads come from `courses.selectors`, writes from `courses.services`; both import
these models, so the methods below import them when called. The route names live in
`courses/slugs.py`, which also keeps child pages from taking them as slugs.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from learning.translated_snippets import in_default_locale
from learning.viewrestrictions import SourceViewRestrictions

from ..blocks import LESSON_BODY_BLOCKS
from ..hooks import course_page_links, outline_panels
from ..slugs import COMPLETE, ENROL, REFLECTIONS, child_slug_error, course_slug_error
from .choices import CourseFormat, CourseLevel

# A lesson fetched with this header set to "offline" is being saved on the learner's device
# (the offline app's course download): access is checked, but no visit is recorded.
DOWNLOAD_HEADER = "X-Socle-Download"

# A page's own actions change state: POST only, by a signed-in person.
action = method_decorator([login_required, require_POST])


def _refuse_if_not_public(page: Page) -> None:
    """Actions need a live page that no view restriction hides, as they always have (Wagtail's
    serve view lets a signed-in person through a "signed-in users only" restriction)."""
    if not type(page).objects.live().public().filter(pk=page.pk).exists():
        raise Http404


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


class CourseIndexPage(SourceViewRestrictions, Page):
    """The catalogue."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["learning.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    template = "courses/course_index_page.html"

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from ..views.catalogue import catalogue_context  # noqa: PLC0415 (cycle: they import these models)

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(request, self))
        return context


class CoursePage(SourceViewRestrictions, RoutablePageMixin, Page):
    topic = models.ForeignKey(
        "courses.Topic",
        verbose_name=_("topic family"),
        limit_choices_to=in_default_locale,
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
    # Every translation keeps the source topic (its name is shown translated); see
    # docs/decisions/learning-translating-content.md.
    override_translatable_fields = [SynchronizedField("topic")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("course")

    def clean(self):
        super().clean()
        errors = {}
        if self.cover_image_id and not self.cover_alt.strip():
            errors["cover_alt"] = _("Describe the cover image for people who cannot see it.")
        if slug_error := course_slug_error(self.slug):
            errors["slug"] = slug_error
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        """The outline with the learner's progress, where to resume, what blocks enrolment."""
        from .. import packs, prerequisites, selectors  # noqa: PLC0415 (cycle: they import these models)
        from ..languages import available_languages, record_course  # noqa: PLC0415 (cycle)
        from ..views.outline import outline_modules_html, outline_rows  # noqa: PLC0415 (cycle: they import these models)

        context = super().get_context(request, *args, **kwargs)
        # The page shown is this one (its language); the records, the prerequisites and what
        # other apps attach to a course are the source course's (courses/languages.py).
        preview = getattr(request, "is_preview", False)
        course = self if preview else record_course(self)
        outline = selectors.course_outline(self)
        progress = selectors.course_progress_for(user=request.user, course=course, outline=outline)
        resume, missing = None, []
        if request.user.is_authenticated:
            if progress.enrollment:
                resume = selectors.resume_step_for(
                    user=request.user, course=course, progress=progress, outline=outline
                )
            else:
                missing = prerequisites.unmet_prerequisites(user=request.user, course=course)
        context.update(
            catalogue=selectors.catalogue_link(),
            outline=outline,
            progress=progress,
            resume=resume,
            missing_prerequisites=missing,
            prerequisites=prerequisites.course_prerequisites(course, preview=preview),
            modules=outline_modules_html(outline_rows(outline, progress)),
            page_links=course_page_links(request=request, course=course),
            available_languages=available_languages(self),
        )
        if progress.enrollment:
            offer = packs.pack_offer(
                user=request.user, course=course, outline=outline, progress=progress
            )
            context["packs"] = offer
            context["packs_missing"] = any(
                pack is None or pack.status == "failed" for pack in offer.values()
            )
        # Other apps' sections of the outline (the `course_outline_panels` hook, courses/hooks.py).
        context["outline_panels"] = outline_panels(
            request=request, course=course, progress=progress
        )
        return context

    @path("", name="outline")
    def outline(self, request):
        return TemplateResponse(request, self.get_template(request), self.get_context(request))

    @path(f"{ENROL}/", name="enrol")
    @action
    def enrol(self, request):
        from .. import services  # noqa: PLC0415 (cycle: they import these models)

        _refuse_if_not_public(self)
        try:
            services.enrollment_create(user=request.user, course=self)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.url)
        messages.success(request, gettext("You are enrolled. Welcome to the course!"))
        return redirect(self.url)


class ModulePage(SourceViewRestrictions, Page):
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

    def clean(self):
        super().clean()
        if slug_error := child_slug_error(self.slug):
            raise ValidationError({"slug": slug_error})

    def serve(self, request, *args, **kwargs):
        # A module has no page of its own: its course's outline lists it (under its source id).
        from ..languages import record_page_id  # noqa: PLC0415 (cycle: it imports these models)

        course = self.get_parent()
        return redirect(course.url + f"#module-{record_page_id(self)}")


class LessonPage(SourceViewRestrictions, RoutablePageMixin, StepMixin, Page):
    body = StreamField(LESSON_BODY_BLOCKS, verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, *StepMixin.step_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    template = "courses/lesson_page.html"

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

    def get_context(self, request, *args, **kwargs):
        """The lesson's blocks (the learner-independent ones pre-rendered), the learner's
        reflections, and what every step shows: course, progress, previous and next step."""
        from ..selectors import reflection_answers  # noqa: PLC0415 (cycle: they import these models)
        from ..views.steps import lesson_body, step_context  # noqa: PLC0415 (cycle: they import these models)

        context = super().get_context(request, *args, **kwargs)
        context.update(step_context(request, self, kwargs.get("course")))
        parts = lesson_body(request, self)
        reflections = {}
        if any(part.block_type == "reflection" for part in parts):
            reflections = reflection_answers(user=request.user, lesson=self)
        context["body"] = [
            (part, reflections.get(part.id) if part.block_type == "reflection" else None)
            for part in parts
        ]
        return context

    @path("", name="lesson")
    def lesson(self, request):
        """The lesson, for a signed-in learner allowed to open it; the visit is recorded."""
        from .. import services  # noqa: PLC0415 (cycle: they import these models)
        from ..selectors import course_for_step  # noqa: PLC0415 (cycle: they import these models)
        from ..views.steps import step_forbidden  # noqa: PLC0415 (cycle: they import these models)

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        course = course_for_step(self)
        context = self.get_context(request, course=course)
        try:
            if request.headers.get(DOWNLOAD_HEADER) == "offline":
                # Saved for offline use, not opened: checked like a visit, recorded as none.
                services.step_access_assert(user=request.user, step=self)
            else:
                services.step_visit(
                    user=request.user,
                    step=self,
                    course=course,
                    progress=context["progress"],
                    outline=context["outline"],
                )
        except PermissionDenied as exc:
            return step_forbidden(request, str(exc), course)
        return TemplateResponse(request, self.get_template(request), context)

    @path(f"{COMPLETE}/", name="complete")
    @action
    def complete(self, request):
        from ..views.steps import step_completed  # noqa: PLC0415 (cycle: they import these models)

        _refuse_if_not_public(self)
        return step_completed(request, self)

    @path(f"{REFLECTIONS}/<str:block_id>/", name="save_reflection")
    @action
    def save_reflection(self, request, block_id: str):
        from .. import services  # noqa: PLC0415 (cycle: they import these models)
        from ..selectors import course_for_step  # noqa: PLC0415 (cycle: they import these models)
        from ..views.steps import step_forbidden  # noqa: PLC0415 (cycle: they import these models)

        _refuse_if_not_public(self)
        try:
            services.reflection_save(
                user=request.user,
                lesson=self,
                block_id=block_id,
                answer=request.POST.get("answer", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            return step_forbidden(request, str(exc), course_for_step(self))
        else:
            messages.success(
                request, gettext("Your reflection has been saved. Only you can see it.")
            )
        return redirect(f"{self.url}#reflection-{block_id}")
