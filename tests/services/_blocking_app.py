"""The Celery app for the worker-kill test: the project's app, with one step made to wait.

A worker started with `-A tests.services._blocking_app` and SOCLE_TEST_BLOCK_STEP=render (or
send) writes SOCLE_TEST_STARTED_FILE when a certificate task reaches that step, then waits
while SOCLE_TEST_BLOCK_FILE exists, so that the test can SIGKILL it mid-task. Without the
variables it is the plain project app. A short visibility timeout lets another worker take
back the unacknowledged message of a dead one (production keeps Redis's default hour).
"""

import os
import time
from pathlib import Path

from celery.signals import task_prerun

from learning.celery import app

app.conf.broker_transport_options = {
    "visibility_timeout": int(os.environ.get("SOCLE_TEST_VISIBILITY_TIMEOUT", "10")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

_installed = False


def _blocking(real):
    def wait_then_run(*args, **kwargs):
        Path(os.environ["SOCLE_TEST_STARTED_FILE"]).write_text(str(os.getpid()))
        block = Path(os.environ["SOCLE_TEST_BLOCK_FILE"])
        deadline = time.monotonic() + 300
        while block.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return real(*args, **kwargs)

    return wait_then_run


@task_prerun.connect
def _install(**kwargs):
    global _installed
    step = os.environ.get("SOCLE_TEST_BLOCK_STEP")
    if _installed or not step:
        return
    _installed = True
    if step == "render":
        # A Celery app module: Django's apps load in the worker after this module imports.
        import certificates.services as services  # noqa: PLC0415

        services.certificate_pdf = _blocking(services.certificate_pdf)
    elif step == "send":
        from django.core.mail import EmailMessage  # noqa: PLC0415

        EmailMessage.send = _blocking(EmailMessage.send)
    else:
        raise ValueError(f"unknown SOCLE_TEST_BLOCK_STEP {step!r}")


__all__ = ["app"]
