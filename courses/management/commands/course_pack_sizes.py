"""`manage.py course_pack_sizes [--language LANG]`: build every live course's packs (as a
learner who sees every module would get them) and print their sizes."""

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from courses import packs
from courses.models import CoursePack, CoursePage, PackKind, PackStatus
from courses.selectors import course_outline
from learning.locales import active_locale_id


class Command(BaseCommand):
    help = "Build each live course's PDF and EPUB pack and print their sizes."

    def add_arguments(self, parser):
        parser.add_argument("--language", default="en")

    def handle(self, *args, language: str, **options):
        with translation.override(language):
            # Each course once, in the tree of that language (a translation or an alias).
            courses = CoursePage.objects.live().public().filter(locale_id=active_locale_id())
            for course in courses.order_by("path"):
                modules = [m.pk for m in course_outline(course).modules]
                sizes = []
                for kind in PackKind.values:
                    pack, _ = CoursePack.objects.get_or_create(
                        course=course,
                        kind=kind,
                        language=language,
                        version=packs.pack_version(course),
                        modules=packs.modules_digest(modules),
                        defaults={"status": PackStatus.BUILDING, "module_ids": modules},
                    )
                    packs.pack_build(pack.pk)
                    pack.refresh_from_db()
                    sizes.append(f"{kind.upper()} {filesizeformat(pack.size)}")
                self.stdout.write(f"{course.title}: {', '.join(sizes)}")
