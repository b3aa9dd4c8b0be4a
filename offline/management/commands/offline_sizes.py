"""Print the size of each live course's offline download (all steps unlocked)."""

from django.core.management.base import BaseCommand

from courses.models import CoursePage
from learning.locales import default_locale_id
from offline.selectors import course_files


class Command(BaseCommand):
    help = "Print the size of each live course's offline download, for the release notes."

    def handle(self, *args, **options):
        total = 0
        # Each course once: the source; a translation's download is the same size to a few %.
        for course in (
            CoursePage.objects.live().filter(locale_id=default_locale_id()).order_by("path")
        ):
            download = course_files(course)
            pages = sum(1 for f in download.files if f.estimated)
            size = download.total_size
            total += size
            self.stdout.write(
                f"{course.title}: {size / 1e6:.2f} MB in {len(download.files)} files "
                f"({pages} pages, estimated)"
            )
        self.stdout.write(f"All courses: {total / 1e6:.2f} MB")
