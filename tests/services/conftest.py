"""The services tier: a real PostgreSQL, a real Redis and one real Celery worker.

`make test-services` points DATABASE_URL, CACHE_URL and CELERY_BROKER_URL at the running
services; tests/conftest.py stops the session at once if they are unreachable.
"""

import importlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from moto.server import ThreadedMotoServer

import learning.settings.base as base
from bench.cluster import s3_buckets_create
from learning.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _services_only():
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.fail("services tests run against PostgreSQL: use `make test-services`")
    if not settings.CELERY_BROKER_URL:
        pytest.fail("services tests need CELERY_BROKER_URL: use `make test-services`")


class Worker:
    def __init__(self, process: subprocess.Popen, mail_dir: Path, log: Path):
        self.process = process
        self.mail_dir = mail_dir
        self.log = log

    def mail(self) -> list[str]:
        return [p.read_text() for p in sorted(self.mail_dir.glob("*.log"))]

    def wait_for(self, predicate, timeout: float = 30.0, what: str = "condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; worker log:\n{self.log.read_text()}")


@pytest.fixture
def celery_workers(django_db_setup, django_db_blocker, tmp_path, settings):
    """Start real Celery workers on the test database; tasks stop running eagerly.

    `start(app="learning", env=None, pool="solo")` starts one more worker on the test's queue
    (all of a test's workers share it and one mail folder) and returns it once it is ready. Tests
    that use it must commit their data (`@pytest.mark.django_db(transaction=True)`), since a
    worker is another process with its own connection. Workers still running are stopped
    at the end of the test.
    """

    db = settings.DATABASES["default"]
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "learning.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}"
            f"/{db['NAME']}"
        ),
        "EMAIL_FILE_PATH": str(mail_dir),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    }
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    workers: list[Worker] = []

    def start(*, app: str = "learning", env: dict | None = None, pool: str = "solo") -> Worker:
        log = tmp_path / f"worker-{len(workers) + 1}.log"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                f"--pool={pool}",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"w{len(workers) + 1}-{queue}@%h",
                "-Q",
                queue,
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env={**base_env, **(env or {})},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        worker = Worker(process, mail_dir, log)
        workers.append(worker)
        worker.wait_for(lambda: "ready" in log.read_text(), timeout=60, what="worker start")
        return worker

    old = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield start
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = old
        for worker in workers:
            if worker.process.poll() is None:
                worker.process.terminate()
        for worker in workers:
            try:
                worker.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.process.kill()


@pytest.fixture
def celery_worker(celery_workers):
    """One real Celery worker on the test database (see `celery_workers`)."""
    return celery_workers()


@pytest.fixture(scope="session")
def s3_server():
    """moto's standalone S3 server on a free loopback port, for the whole session.

    MinIO's server cannot be installed here; moto's (PyPI, `moto[server]`) speaks the S3 API
    over HTTP, checks signatures' presence and object ACLs, which is what the storage tests
    need (docs/decisions/storage-private-and-s3.md).
    """

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings):
    """Both storages on S3 (two fresh buckets), as production sets them with S3_BUCKET.

    Returns the environment a worker needs to use the same buckets and a boto3 client.
    """

    suffix = uuid.uuid4().hex[:12]
    env = {
        "S3_BUCKET": f"media-{suffix}",
        "S3_PRIVATE_BUCKET": f"private-{suffix}",
        "S3_ENDPOINT_URL": s3_server,
        "S3_ACCESS_KEY_ID": "test-key",
        "S3_SECRET_ACCESS_KEY": "test-secret",
        "S3_REGION": "us-east-1",
        # Public media readable by anyone, as a bucket policy would make it in production.
        "S3_MEDIA_ACL": "public-read",
    }
    client = s3_buckets_create(env)
    settings.STORAGES = _s3_storages(env, settings.STORAGES["staticfiles"])
    return type("S3", (), {"env": env, "client": client, "endpoint": s3_server})


def _s3_storages(env: dict, staticfiles: dict) -> dict:
    """The STORAGES that learning/settings/base.py builds from the same environment."""

    with mock.patch.dict(os.environ, env):
        try:
            return {**importlib.reload(base).STORAGES, "staticfiles": staticfiles}
        finally:
            importlib.reload(base)
