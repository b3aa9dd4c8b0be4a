"""Check an Open Badges credential (VC-JWT) issued by this platform: signature, then status."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certificates.codes import code_normalize
from certificates.openbadges import credential_verify
from certificates.selectors import certificate_by_code


class Command(BaseCommand):
    help = "Verify a credential's signature and status. Reads a file, or standard input with '-'."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a file holding the compact VC-JWT, or - for stdin")

    def handle(self, *args, source, **options):
        token = sys.stdin.read() if source == "-" else self._read(source)
        result = credential_verify(token)
        if not result.ok:
            raise CommandError(f"INVALID: {result.summary}")
        certificate = certificate_by_code(code_normalize(result.code))
        if certificate is None:
            raise CommandError("INVALID: signature is good but no such certificate exists")
        status = certificate.public_status
        line = (
            f"signature: valid; certificate {certificate.display_code}; "
            f"{certificate.learner_name}; {certificate.course_title}; status: {status}"
        )
        if status != "valid":
            reason = f" ({certificate.revoked_reason})" if certificate.is_revoked else ""
            raise CommandError(f"NOT VALID: {line}{reason}")
        self.stdout.write(self.style.SUCCESS(line))

    @staticmethod
    def _read(source: str) -> str:
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"no such file: {source}")
        return path.read_text(encoding="utf-8", errors="replace")
