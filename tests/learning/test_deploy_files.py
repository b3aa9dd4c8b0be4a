"""deploy/: the environment template names every variable the settings read, and the units
start what the operations guide says."""

import re
import subprocess
from pathlib import Path

from bench.deploy_files import environment_template, unit_commands, with_option

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# Read only by the test and development settings, never in production.
NOT_FOR_PRODUCTION = {"EMAIL_FILE_PATH", "PYTEST_XDIST_WORKER", "PORT"}


def _variables_read_by_settings() -> set[str]:
    names = set()
    for path in (ROOT / "learning" / "settings").glob("*.py"):
        names |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text()))
    names |= {"OPENBADGES_SIGNING_KEY", "DJANGO_SETTINGS_MODULE"}  # certificates/keys.py, wsgi
    return names - NOT_FOR_PRODUCTION


def test_the_environment_template_names_every_variable_the_settings_read():
    template = (DEPLOY / "socle.env.example").read_text()
    named = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", template, flags=re.MULTILINE))
    missing = _variables_read_by_settings() - named
    assert not missing, f"add to deploy/socle.env.example: {sorted(missing)}"


def test_the_environment_template_holds_no_real_secret():
    template = (DEPLOY / "socle.env.example").read_text()
    assert re.search(r"^SECRET_KEY=change-me$", template, flags=re.MULTILINE)
    assert "BEGIN PRIVATE KEY-----\nchange-me\n" in template


def test_the_units_start_gunicorn_celery_worker_and_beat():
    web = (DEPLOY / "systemd" / "socle-web.service").read_text()
    worker = (DEPLOY / "systemd" / "socle-worker.service").read_text()
    beat = (DEPLOY / "systemd" / "socle-beat.service").read_text()
    assert "gunicorn -c deploy/gunicorn.conf.py learning.wsgi" in web
    assert "manage.py check --deploy" in web
    assert "celery -A learning worker" in worker
    assert "celery -A learning beat" in beat
    for unit in (web, worker, beat):
        assert "EnvironmentFile=/etc/socle/socle.env" in unit


def test_gunicorn_settings_load_and_bind_where_nginx_looks(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    values: dict = {"__file__": str(DEPLOY / "gunicorn.conf.py")}
    exec(compile((DEPLOY / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), values)  # noqa: S102
    nginx = (DEPLOY / "nginx" / "socle.conf").read_text()
    assert values["bind"].removeprefix("unix:") in nginx
    assert values["workers"] >= 1
    # gunicorn answers before nginx gives up on it.
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", nginx).group(1))
    assert values["timeout"] < read_timeout


def test_nginx_serves_private_files_only_through_the_app():
    nginx = (DEPLOY / "nginx" / "socle.conf").read_text()
    block = nginx[nginx.index("location /_private/") :]
    assert "internal;" in block[: block.index("}")]
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header X-Forwarded-For" in nginx


def test_the_environment_template_can_be_sourced_as_the_guide_says():
    """docs/operations.md loads it with `set -a && . /etc/socle/socle.env`: a value with a
    space or `<` must be quoted, or the shell stops there (it did at DEFAULT_FROM_EMAIL)."""
    result = subprocess.run(  # noqa: S603
        [
            "/bin/bash",
            "-c",
            'set -a && . "$1" && set +a && printf "%s|%s" "$DEFAULT_FROM_EMAIL" "$SECRET_KEY"',
            "bash",
            str(DEPLOY / "socle.env.example"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Socle <no-reply@socle.example.org>|change-me"


def test_the_cluster_reads_the_units_commands_and_the_template():
    """bench/cluster.py starts what the units start (tests/services/test_cluster.py runs it)."""
    env = environment_template()
    assert env["DEFAULT_FROM_EMAIL"] == "Socle <no-reply@socle.example.org>"
    assert env["OPENBADGES_SIGNING_KEY"].startswith("-----BEGIN PRIVATE KEY-----\n")
    bin_dir = Path("/opt/venv/bin")
    web = unit_commands("web", env, bin_dir)
    assert web == [
        ["/opt/venv/bin/python", "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        ["/opt/venv/bin/gunicorn", "-c", "deploy/gunicorn.conf.py", "learning.wsgi"],
    ]
    worker = unit_commands("worker", {**env, "CELERY_CONCURRENCY": "3"}, bin_dir)[-1]
    assert "--concurrency=3" in worker and "${" not in " ".join(worker)
    queued = with_option(worker, "--queues", "certificates")
    assert [a for a in queued if a.startswith("--queues")] == ["--queues=certificates"]
