"""The library (CaseStudyIndexPage) and its case studies (CaseStudyPage).

Structured fields rather than one blob, so that learners can filter by country, region,
theme, programme type, life-cycle risk, population group and period. The library's own
views (facets, country pages, feed, proposals) are routes of the index page, so they live
wherever an editor puts the library in the tree.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Workflow
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from learning.translated_snippets import in_default_locale
from learning.validators import validate_single_line
from learning.viewrestrictions import SourceViewRestrictions

from ..publishing import (
    REFUSED_MESSAGE,
    CaseStudyLibraryPermissionTester,
    CaseStudyPermissionTester,
    case_study_publish_allowed,
    publish_override_record,
    publish_was_reviewed,
)
from ..regions import Region, region_for

SECTION_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]
MIN_YEAR, MAX_YEAR = 1900, 2100


class CaseStudyIndexPage(SourceViewRestrictions, RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["casestudies.CaseStudyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("case-study library")

    def permissions_for_user(self, user):
        return CaseStudyLibraryPermissionTester(user, self)

    @path("")
    def library(self, request):
        # Cycle: the views import this model (Wagtail routes the page to them).
        from ..views import library  # noqa: PLC0415

        return library(request, self)

    @path("country/<str:code>/")
    def country(self, request, code):
        # Cycle: the views import this model (Wagtail routes the page to them).
        from ..views import country  # noqa: PLC0415

        return country(request, self, code)

    @path("feed/")
    def feed(self, request):
        # Cycle: the views import this model (Wagtail routes the page to them).
        from ..views import feed  # noqa: PLC0415

        return feed(request, self)

    @path("propose/")
    def propose(self, request):
        # Cycle: the views import this model (Wagtail routes the page to them).
        from ..views import propose  # noqa: PLC0415

        return propose(request, self)


class CaseStudyPage(SourceViewRestrictions, RoutablePageMixin, Page):
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("Two or three sentences shown in lists.")
    )
    themes = ParentalManyToManyField(
        "casestudies.Theme",
        verbose_name=_("themes"),
        blank=True,
        limit_choices_to=in_default_locale,
    )
    programme_types = ParentalManyToManyField(
        "casestudies.ProgrammeType",
        verbose_name=_("programme types"),
        blank=True,
        limit_choices_to=in_default_locale,
    )
    risks = ParentalManyToManyField(
        "casestudies.LifeCycleRisk",
        verbose_name=_("life-cycle risks"),
        blank=True,
        limit_choices_to=in_default_locale,
    )
    population_groups = ParentalManyToManyField(
        "casestudies.PopulationGroup",
        verbose_name=_("population groups"),
        blank=True,
        limit_choices_to=in_default_locale,
    )
    year_start = models.PositiveSmallIntegerField(
        _("from (year)"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    year_end = models.PositiveSmallIntegerField(
        _("to (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
        help_text=_("Leave empty while the practice is ongoing."),
    )
    institutions = models.TextField(
        _("institutions and partners"), blank=True, help_text=_("One per line.")
    )
    funders = models.TextField(_("funders"), blank=True, help_text=_("One per line."))
    context = RichTextField(_("context"), features=SECTION_FEATURES, blank=True)
    challenge = RichTextField(_("challenge"), features=SECTION_FEATURES, blank=True)
    approach = RichTextField(_("approach"), features=SECTION_FEATURES, blank=True)
    results = RichTextField(_("results"), features=SECTION_FEATURES, blank=True)
    lessons_learned = RichTextField(_("lessons learned"), features=SECTION_FEATURES, blank=True)
    contributor_note = models.TextField(
        _("contributor's note"),
        blank=True,
        help_text=_("From a proposal sent through the public form; never shown to learners."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                InlinePanel("countries", label=_("Country"), min_num=1),
                FieldRowPanel([FieldPanel("year_start"), FieldPanel("year_end")]),
            ],
            heading=_("Where and when"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("programme_types", widget=forms.CheckboxSelectMultiple),
                FieldPanel("risks", widget=forms.CheckboxSelectMultiple),
                FieldPanel("population_groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Tags"),
        ),
        MultiFieldPanel([FieldPanel("institutions"), FieldPanel("funders")], heading=_("Who")),
        FieldPanel("context"),
        FieldPanel("challenge"),
        FieldPanel("approach"),
        FieldPanel("results"),
        FieldPanel("lessons_learned"),
        InlinePanel("key_figures", label=_("Key figure")),
        InlinePanel("sources", label=_("Source or document")),
        InlinePanel("related_pages", label=_("Related course or lesson")),
        FieldPanel("contributor_note", read_only=True),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("context"),
        index.SearchField("challenge"),
        index.SearchField("approach"),
        index.SearchField("results"),
        index.SearchField("lessons_learned"),
        index.SearchField("institutions"),
        index.SearchField("funders"),
        index.SearchField("search_tags", boost=2),
        index.FilterField("year_start"),
        index.FilterField("year_end"),
    ]

    # Tags point at the source terms in every translation (their names are shown translated):
    # wagtail-localize copies them from the source, translators do not choose them again.
    override_translatable_fields = [
        SynchronizedField("themes"),
        SynchronizedField("programme_types"),
        SynchronizedField("risks"),
        SynchronizedField("population_groups"),
    ]

    parent_page_types = ["casestudies.CaseStudyIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_end__isnull=True)
                | models.Q(year_end__gte=models.F("year_start")),
                name="casestudy_period_ordered",
            )
        ]

    def permissions_for_user(self, user):
        # Every publishing path of the admin asks this tester (see casestudies/publishing.py).

        return CaseStudyPermissionTester(user, self)

    def get_workflow(self):
        """Always the library's review workflow: a workflow that an editor may approve,
        assigned to a case directly, never replaces it."""
        # Cycle: casestudies.services imports the models, which load before it.
        from ..services import WORKFLOW_NAME  # noqa: PLC0415

        review = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
        return review or super().get_workflow()

    def publish(self, revision, user=None, skip_permission_checks=False, **kwargs):
        """Publishing checks the reviewers' rule even when the caller skips Wagtail's
        permission checks, and audits a publication that no approved review preceded."""
        if not case_study_publish_allowed(user=user):
            raise PublishPagePermissionError(str(REFUSED_MESSAGE))
        with transaction.atomic():
            result = super().publish(
                revision, user=user, skip_permission_checks=skip_permission_checks, **kwargs
            )
            if user is not None and not publish_was_reviewed(page=self, revision=revision):
                publish_override_record(page=self, revision=revision, user=user)
        return result

    def clean(self):
        super().clean()

        # The title is in the reviewers' notification subjects: one line only.
        try:
            validate_single_line(self.title)
        except ValidationError as exc:
            raise ValidationError({"title": exc.messages}) from exc
        if self.year_start and self.year_end and self.year_end < self.year_start:
            raise ValidationError({"year_end": _("The period cannot end before it starts.")})

    def search_tags(self) -> str:
        """Country, region and taxonomy names, so that a search for "Rwanda" finds Rwanda."""
        names = []
        for row in self.countries.all():
            names += [str(row.country.name), str(Region(row.region).label) if row.region else ""]
        for relation in (self.themes, self.programme_types, self.risks, self.population_groups):
            names += [t.name for t in relation.all()]
        return " ".join(n for n in names if n)

    @property
    def period_label(self) -> str:
        if self.year_end is None:
            return _("since %(year)s") % {"year": self.year_start}
        if self.year_end == self.year_start:
            return str(self.year_start)
        return f"{self.year_start}–{self.year_end}"

    def institution_list(self) -> list[str]:
        return [line.strip() for line in self.institutions.splitlines() if line.strip()]

    def funder_list(self) -> list[str]:
        return [line.strip() for line in self.funders.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        # Cycle: casestudies.selectors imports the models, which load before it.
        from ..selectors import case_study_detail_context  # noqa: PLC0415

        context = super().get_context(request, *args, **kwargs)
        context.update(case_study_detail_context(case=self, request=request))
        return context

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("pdf/")
    def pdf(self, request):
        # Cycle: the views import this model (Wagtail routes the page to them).
        from ..views import case_study_pdf  # noqa: PLC0415

        return case_study_pdf(request, self)


class CaseStudyCountry(Orderable):
    """A country of a case study; its ILO region is derived from the country."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="countries")
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, editable=False)

    panels = [FieldPanel("country")]

    class Meta(Orderable.Meta):
        verbose_name = _("country")
        constraints = [
            models.UniqueConstraint(fields=["page", "country"], name="casestudy_country_once")
        ]
        indexes = [
            models.Index(fields=["country", "page"]),
            models.Index(fields=["region", "page"]),
        ]

    def save(self, *args, **kwargs):
        # The region is a pure function of the country: kept in the row so that the region
        # facet can be counted in SQL, never typed by hand.
        self.region = region_for(str(self.country))
        super().save(*args, **kwargs)

    def __str__(self):
        return str(self.country.name)


class KeyFigure(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="key_figures")
    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    source = models.CharField(_("source"), max_length=300)

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("value"), FieldPanel("unit"), FieldPanel("year")]),
        FieldPanel("source"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("key figure")

    @property
    def value_display(self) -> str:
        value = self.value.normalize()
        text = f"{value:,f}"
        return text


class CaseStudySource(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("author or publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("web address"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("publisher"), FieldPanel("year")]),
        FieldPanel("url", widget=forms.URLInput(attrs={"dir": "ltr"})),
        FieldPanel("document"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("source")


class CaseStudyRelatedPage(Orderable):
    """A course or lesson an editor relates to the case by hand (lessons that cite the case
    through the case-study block are found through Wagtail's reference index instead)."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="related_pages")
    target = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("course or lesson"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related course or lesson")
