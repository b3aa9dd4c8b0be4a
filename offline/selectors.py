"""Reads of the offline app: every URL a course needs on a learner's device, with its size.

The list holds the course outline, the steps the learner may open now (lessons, and quizzes,
whose overview says they need a connection), the image renditions the lessons show, and for
each H5P activity its player document, its content files, the libraries it uses and the
player's own static files. Pages are rendered per learner, so their size is an estimate
(the stored body plus the page around it); files have their exact size. Video transcripts are
part of the lesson page. Queries stay flat: a fixed number whatever the number of steps.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.templatetags.static import static
from django.urls import reverse
from wagtail.images import get_image_model

from assessments.h5p import store
from assessments.h5p.blocks import H5P_BLOCK
from assessments.models import H5PPackage
from courses.models import CoursePage, EnrollmentStatus, LessonPage
from courses.selectors import course_outline, course_progress_for
from learning.storage import private_storage

# What a page adds around its stored body: header, navigation, footer (measured on the demo).
PAGE_OVERHEAD = 12 * 1024
PLAYER_SIZE = 4 * 1024
# The rendition lesson image blocks and the course cover show (courses/blocks/image.html).
RENDITION = "width-800"
# h5p-standalone's files, all served under this static prefix (settings STATICFILES_DIRS).
H5P_STATIC = "vendor/h5p"
H5P_OWN_STATIC = ("assessments/h5p-player.js", "assessments/h5p-frame.css")
FILE_LIST_TTL = 24 * 3600


@dataclass(frozen=True)
class OfflineFile:
    url: str
    size: int
    estimated: bool = False


@dataclass
class CourseDownload:
    course_id: int
    title: str
    url: str
    version: str = ""
    files: list[OfflineFile] = field(default_factory=list)

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    def as_json(self) -> dict:
        return {
            "course": self.course_id,
            "title": self.title,
            "url": self.url,
            "version": self.version,
            "total_size": self.total_size,
            "files": [
                {"url": f.url, "size": f.size, **({"estimated": True} if f.estimated else {})}
                for f in self.files
            ],
        }


def may_download(*, user, progress) -> bool:
    enrollment = progress.enrollment
    return (
        user.is_authenticated
        and enrollment is not None
        and enrollment.status != EnrollmentStatus.WITHDRAWN
    )


def course_download(*, user, course: CoursePage) -> CourseDownload | None:
    """What the learner's device must fetch to study `course` offline; None unless the user
    is enrolled (not withdrawn). Locked steps are left out: they cannot be opened yet."""
    outline = course_outline(course)
    progress = course_progress_for(user=user, course=course, outline=outline)
    if not may_download(user=user, progress=progress):
        return None
    return course_files(course, outline=outline, locked=progress.locked_step_ids)


def course_files(course: CoursePage, *, outline=None, locked=frozenset()) -> CourseDownload:
    """The download of `course` without the steps in `locked`, whoever asks (callers check
    access; the `offline_sizes` command measures whole courses)."""
    outline = outline or course_outline(course)
    steps = [s for s in outline.steps if s.pk not in locked]
    lessons = {
        lesson.pk: lesson for lesson in LessonPage.objects.filter(pk__in=[s.pk for s in steps])
    }
    download = CourseDownload(course_id=course.pk, title=course.title, url=outline.url)
    download.files.append(OfflineFile(outline.url, PAGE_OVERHEAD, estimated=True))
    image_ids = [course.cover_image_id] if getattr(course, "cover_image_id", None) else []
    h5p: list[tuple[int, int]] = []
    stamps = [str(course.last_published_at), sorted(locked)]
    for step in steps:
        lesson = lessons.get(step.pk)
        raw = list(getattr(lesson.body, "raw_data", []) or []) if lesson else []
        body_size = len(json.dumps(raw, default=str)) if raw else 0
        download.files.append(OfflineFile(step.url, PAGE_OVERHEAD + body_size, estimated=True))
        stamps.append(
            [step.pk, step.url, body_size, str(lesson.last_published_at if lesson else "")]
        )
        for block in raw:
            value = block.get("value") if isinstance(block, dict) else None
            if not isinstance(value, dict):
                continue
            if block.get("type") == "image" and isinstance(value.get("image"), int):
                image_ids.append(value["image"])
            elif block.get("type") == H5P_BLOCK and isinstance(value.get("package"), int):
                h5p.append((value["package"], step.pk))
    download.files.extend(_renditions(image_ids))
    download.files.extend(_h5p_files(h5p))
    download.version = hashlib.sha256(
        json.dumps([stamps, [(f.url, f.size) for f in download.files]], default=str).encode()
    ).hexdigest()[:16]
    return download


def _renditions(image_ids: list[int]) -> list[OfflineFile]:
    if not image_ids:
        return []
    files = []
    images = get_image_model().objects.filter(pk__in=set(image_ids)).prefetch_renditions(RENDITION)
    for image in images:
        rendition = image.get_rendition(RENDITION)
        try:
            size = rendition.file.size
        except (OSError, ValueError):
            continue
        files.append(OfflineFile(rendition.url, size))
    return files


def _h5p_files(placements: list[tuple[int, int]]) -> list[OfflineFile]:
    if not placements:
        return []
    packages = {
        p.pk: p
        for p in H5PPackage.objects.filter(pk__in={pk for pk, _ in placements}).prefetch_related(
            "libraries"
        )
    }
    files = [OfflineFile(static(path), size) for path, size in _player_static()]
    libraries = {}
    for package_id, page_id in placements:
        package = packages.get(package_id)
        if package is None:
            continue
        base = reverse("assessments:h5p_player", args=[package.uuid, page_id])
        files.append(OfflineFile(base, PLAYER_SIZE, estimated=True))
        for relative, size in stored_files(store.content_prefix(package.uuid)):
            if relative == "h5p.json" or relative.startswith("content/"):
                files.append(OfflineFile(f"{base}files/{relative}", size))
        libraries.update({lib.pk: lib for lib in package.libraries.all()})
    for lib in libraries.values():
        key = f"{lib.machine_name}-{lib.major_version}.{lib.minor_version}"
        for relative, size in stored_files(store.library_prefix(key, lib.patch_version)):
            url = reverse("assessments:h5p_library_file", args=[key, relative])
            files.append(OfflineFile(url, size))
    return files


def stored_files(prefix: str) -> list[tuple[str, int]]:
    """(relative path, size) of every file under a private-storage folder. H5P folders are
    written once and never changed, so the listing is cached."""
    key = f"offline:files:{prefix}"
    found = cache.get(key)
    if found is None:
        found = []
        _walk(prefix, "", found)
        cache.set(key, found, FILE_LIST_TTL)
    return found


def _walk(prefix: str, relative: str, found: list) -> None:
    folder = f"{prefix}/{relative}".rstrip("/")
    try:
        dirs, names = private_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(names):
        path = f"{relative}{name}"
        found.append((path, private_storage.size(f"{prefix}/{path}")))
    for name in sorted(dirs):
        _walk(prefix, f"{relative}{name}/", found)


@lru_cache(maxsize=1)
def _player_static() -> tuple[tuple[str, int], ...]:
    """h5p-standalone's files (scripts, styles, fonts, images) and the player's own."""
    # The finders find files, not folders: the folder is that of the player's main script.
    main = finders.find(f"{H5P_STATIC}/main.bundle.js")
    root = (
        os.path.dirname(main)
        if isinstance(main, str)
        else os.path.join(settings.STATIC_ROOT, H5P_STATIC)
    )
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in sorted(names):
            if name.endswith((".d.ts", ".txt", ".map")):
                continue
            full = os.path.join(folder, name)
            relative = os.path.relpath(full, root).replace(os.sep, "/")
            found.append((f"{H5P_STATIC}/{relative}", os.path.getsize(full)))
    for path in H5P_OWN_STATIC:
        full = finders.find(path) or os.path.join(settings.STATIC_ROOT, path)
        if isinstance(full, str) and os.path.isfile(full):
            found.append((path, os.path.getsize(full)))
    return tuple(sorted(found))
