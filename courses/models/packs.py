"""Course packs: a course as one PDF or EPUB to read offline (courses/packs.py builds them).

A pack is built once per course content version, interface language and set of modules open
to the learner (cohort release dates close some), stored in the private storage and served
through a permission-checked view; a newer version replaces the older packs.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from learning.storage import get_private_storage


class PackKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    EPUB = "epub", _("EPUB (e-readers)")


class PackStatus(models.TextChoices):
    BUILDING = "building", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class CoursePack(models.Model):
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="packs")
    kind = models.CharField(max_length=8, choices=PackKind.choices)
    language = models.CharField(max_length=16)
    # The course's content version: the newest publication in its tree and its live pages.
    version = models.CharField(max_length=64)
    # The modules in the pack (a digest of their ids): learners who see the same modules share.
    modules = models.CharField(max_length=64)
    module_ids = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=PackStatus.choices)
    file = models.FileField(storage=get_private_storage, upload_to="course-packs/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("course pack")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "kind", "language", "version", "modules"],
                name="course_pack_once_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_id} {self.kind} {self.language} {self.version[:8]}"
