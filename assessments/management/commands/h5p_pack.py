"""Package Socle's own H5P content type into an .h5p file that any H5P player can open."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.h5p.build import SAMPLE_CONTENT, package_build


class Command(BaseCommand):
    help = "Build an .h5p package of SOCLE.KnowledgeCheck (offline; no network needed)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Where to write the .h5p file.")
        parser.add_argument("--title", default="Knowledge check: social protection floors")
        parser.add_argument(
            "--content", help="A JSON file with the parameters (question, options, explanation)."
        )

    def handle(self, *args, **options):
        content = SAMPLE_CONTENT
        if options["content"]:
            try:
                content = json.loads(Path(options["content"]).read_text())
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot read {options['content']}: {exc}") from exc
        data = package_build(title=options["title"], content=content)
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"Wrote {options['output']} ({len(data)} bytes).")
