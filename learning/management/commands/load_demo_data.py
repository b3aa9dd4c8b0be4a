"""Load Socle's demo content. Idempotent: safe to run twice; built through the services."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from learning.contenttranslation import page_counts
from learning.locales import sync_trees

# Each app's demo module exposes load(*, stdout). Order follows the import direction.
DEMO_MODULES = [
    "learning.demo",
    "casestudies.demo",
    "courses.demo",
    "labs.demo",
    "labs.lesson_demo",
    "assessments.demo",
    "certificates.demo",
    "cohorts.demo",
    "programmes.demo",
    "discussions.demo",
]
# Modules that create demo accounts with passwords (--reset-passwords prints new ones).
ACCOUNT_MODULES = {"learning.demo", "programmes.demo"}


class Command(BaseCommand):
    help = "Create the demo site, accounts (one per role) and content. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the demo accounts new passwords and print them.",
        )

    def handle(self, *args, **options):
        for path in DEMO_MODULES:
            module = import_module(path)
            kwargs = {"stdout": self.stdout}
            if path in ACCOUNT_MODULES:
                kwargs["reset_passwords"] = options["reset_passwords"]
            module.load(**kwargs)
        # Every page in every content language: untranslated ones as aliases of the English.
        sync_trees(stdout=self.stdout)
        # Translated content files turn those aliases into translations (wagtail-localize).
        for path in DEMO_MODULES:
            loader = getattr(import_module(path), "load_translations", None)
            if loader is not None:
                with transaction.atomic():
                    loader(stdout=self.stdout)
        for language, (translated, aliases) in page_counts().items():
            self.stdout.write(f"{language}: {translated} translated, {aliases} aliases")
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
