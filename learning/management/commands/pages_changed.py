"""Move the shared cache versions by hand, e.g. after restoring a database backup: every app
server and worker then stops reading what it cached from the pages before."""

from django.core.management.base import BaseCommand

from casestudies.facets import LIBRARY
from learning.pagetree import PAGE_TREE


class Command(BaseCommand):
    help = "Move the page tree's cache version (and the case-study library's) on now."

    def handle(self, *args, **options) -> None:
        PAGE_TREE.move()
        LIBRARY.move()
        self.stdout.write("Page caches moved to a new version.")
