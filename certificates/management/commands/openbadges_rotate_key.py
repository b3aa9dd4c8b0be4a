"""Make a new Open Badges signing key current; the old one is retired but still verifies."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from certificates import keys
from certificates.models import SigningKey
from certificates.openbadges import key_url


class Command(BaseCommand):
    help = (
        "Create a new ES256 signing key for Open Badges and retire the current one. Credentials "
        "signed with retired keys keep verifying (their kid names the key). Where "
        f"{keys.ENV_VAR} holds the key (production), --output FILE receives the new private "
        "key: put its content into that variable on every app server and restart them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help=f"a new file (mode 0600) for the private key, where {keys.ENV_VAR} is used",
        )

    def handle(self, *args, output=None, **options):
        if output is not None and output.exists():
            raise CommandError(f"{output} exists already; choose a new file.")
        try:
            row = keys.key_rotate(output=output)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        keys.reset_cache()
        for key in SigningKey.objects.order_by("created_at", "pk"):
            state = "current" if key.is_current else f"retired {key.retired_at:%Y-%m-%d %H:%M}"
            self.stdout.write(f"{key.algorithm} {key.kid} {state}")
        self.stdout.write(self.style.SUCCESS(f"New signing key: {key_url(row.kid)}"))
        if output is not None:
            self.stdout.write(
                f"Put the content of {output} into {keys.ENV_VAR} on every app server and "
                "restart them; until then they sign with the retired key, which still verifies."
            )
