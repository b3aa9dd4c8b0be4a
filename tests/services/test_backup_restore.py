"""Backup and restore on PostgreSQL (pg_dump/pg_restore): the procedure of docs/operations.md.

The second test is production's shape: files on S3, the signing key in the environment,
Redis shared, and the restore run as an operator runs it, by `manage.py restore` in another
process, while this process (an app server that was not restarted) holds warm caches.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from certificates.models import Certificate
from learning import pagetree
from tests.learning import backup_scenario
from tests.learning.test_backup_restore import (  # noqa: F401 - the same learner and course
    leaks,
    signing_key,
    site,
)

pytestmark = pytest.mark.services

ROOT = Path(__file__).resolve().parents[2]
# Stands for what the shared cache holds besides derived data: sessions, rate-limit counters.
SENTINEL = "tests:backup:not-derived"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_damage_restore_brings_everything_back_exactly_on_postgresql(
    site,  # noqa: F811
    tmp_path,
):
    backup_scenario.run(tmp_path=tmp_path, **site)


def bucket_keys(s3, bucket: str) -> list[str]:
    listing = s3.client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def manage_env(s3) -> dict:
    """This process's settings for `manage.py`: the test database, Redis, the buckets and
    OPENBADGES_SIGNING_KEY (inherited from the environment)."""
    db = settings.DATABASES["default"]
    return {
        **os.environ,
        **s3.env,
        "DJANGO_SETTINGS_MODULE": "learning.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}"
            f"/{db['NAME']}"
        ),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_from_another_process_with_files_on_s3_serves_nothing_stale(
    s3,
    signing_key,  # noqa: F811
    site,  # noqa: F811
    tmp_path,
):
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower()
    private_bucket = s3.env["S3_PRIVATE_BUCKET"]
    certificate = Certificate.objects.get(user=site["learner"], course=site["course"])
    pdf_key = f"private/{certificate.pdf.name}"
    assert pdf_key in bucket_keys(s3, private_bucket)  # rendered to S3, not to disk
    assert not (Path(settings.PRIVATE_MEDIA_ROOT) / certificate.pdf.name).exists()
    seen: dict = {}

    def on_damage(browser):
        assert pdf_key not in bucket_keys(s3, private_bucket)
        seen["version"] = cache.get(pagetree.VERSION_KEY)
        assert seen["version"] == pagetree.tree_version()
        cache.set(SENTINEL, "kept", 600)

    def restore_elsewhere(backup):
        manifest = json.loads((backup / "manifest.json").read_text())
        # The other process has no key folder of its own: the key is the environment's.
        assert [m for m in manifest["files"] if m.startswith("keys/")] == ["keys/openbadges.pem"]
        assert f"storage/private/{certificate.pdf.name}" in manifest["files"]
        connections.close_all()  # pg_restore --clean drops the tables this process reads
        result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "manage.py", "restore", str(backup), "--yes"],
            cwd=ROOT,
            env=manage_env(s3),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert "is the backup's" in result.stdout and "WARNING" not in output
        assert not leaks(signing_key, output)
        # The version moved (set anew, not flushed: a flush would leave no key at all) and
        # the rest of the shared cache is still there.
        moved = cache.get(pagetree.VERSION_KEY)
        assert moved is not None and moved != seen["version"]
        assert cache.get(SENTINEL) == "kept"

    backup_scenario.run(tmp_path=tmp_path, restore=restore_elsewhere, on_damage=on_damage, **site)
    assert pdf_key in bucket_keys(s3, private_bucket)
    assert not (Path(settings.PRIVATE_MEDIA_ROOT) / certificate.pdf.name).exists()
