"""H5P: the shared library store, uploaded packages, and what learners do with them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from learning.storage import get_private_storage


class H5PLibrary(models.Model):
    """One library in the shared store, unpacked once per machineName-major.minor.

    A later upload with a higher patch version replaces the files (newest patch wins); the
    same or an older patch is not copied again.
    """

    machine_name = models.CharField(max_length=255)
    major_version = models.PositiveIntegerField()
    minor_version = models.PositiveIntegerField()
    patch_version = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=255, blank=True)
    runnable = models.BooleanField(default=False)
    metadata = models.JSONField(default=dict, help_text=_("library.json as uploaded"))
    installed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["machine_name", "major_version", "minor_version"]
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version"],
                name="h5plibrary_unique_minor",
            )
        ]
        permissions = [("install_h5plibrary", "Can install or upgrade H5P libraries (code)")]

    def __str__(self):
        return f"{self.machine_name} {self.major_version}.{self.minor_version}.{self.patch_version}"

    @property
    def key(self) -> str:
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"


class H5PPackage(index.Indexed, models.Model):
    """An uploaded .h5p: its content is unpacked under a folder named by `uuid`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    source = models.FileField(
        _("H5P file"),
        upload_to="h5p/packages/",
        storage=get_private_storage,
        help_text=_("An .h5p file exported from an H5P editor (Lumi, Moodle, WordPress)."),
    )
    main_library = models.ForeignKey(
        H5PLibrary, on_delete=models.PROTECT, related_name="main_of", editable=False
    )
    libraries = models.ManyToManyField(H5PLibrary, related_name="packages", editable=False)
    h5p_json = models.JSONField(default=dict, editable=False)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("title"), FieldPanel("source")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("H5P package")
        verbose_name_plural = _("H5P packages")

    def __str__(self):
        return self.title


class H5PStatement(models.Model):
    """An xAPI statement as the player sent it. Kept as received, never changed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    package = models.ForeignKey(H5PPackage, on_delete=models.CASCADE, related_name="statements")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=255)
    statement = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "package", "received_at"])]

    def __str__(self):
        return f"{self.verb} by {self.user_id} on {self.package_id}"


class H5PResult(models.Model):
    """A scored outcome reported by the player: one row per report, never overwritten.

    H5P computes scores in the browser, so every result is self-reported.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_results"
    )
    package = models.ForeignKey(H5PPackage, on_delete=models.CASCADE, related_name="results")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.OneToOneField(H5PStatement, on_delete=models.CASCADE, related_name="result")
    verb = models.CharField(max_length=20)
    score_raw = models.DecimalField(max_digits=10, decimal_places=3)
    score_max = models.DecimalField(max_digits=10, decimal_places=3)
    scaled = models.DecimalField(max_digits=5, decimal_places=4)
    success = models.BooleanField(null=True, blank=True)
    completion = models.BooleanField(null=True, blank=True)
    self_reported = models.BooleanField(default=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("H5P result")
        indexes = [models.Index(fields=["user", "package", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score_max__gt=0)
                & models.Q(score_raw__gte=0)
                & models.Q(score_raw__lte=models.F("score_max")),
                name="h5presult_score_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(scaled__gte=0) & models.Q(scaled__lte=1),
                name="h5presult_scaled_0_1",
            ),
            models.CheckConstraint(
                condition=models.Q(self_reported=True), name="h5presult_self_reported"
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.package}: {self.score_raw}/{self.score_max}"

    @property
    def percent(self):
        return round(self.scaled * 100)


class H5PState(models.Model):
    """The player's saved state (so a learner resumes where they stopped), one per package."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    package = models.ForeignKey(H5PPackage, on_delete=models.CASCADE, related_name="states")
    data = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "package"], name="h5pstate_unique_user_package")
        ]

    def __str__(self):
        return f"state of {self.user_id} on {self.package_id}"
