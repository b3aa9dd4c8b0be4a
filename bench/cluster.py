"""A production-like Socle on loopback, started from the files in deploy/.

nginx terminates TLS (a self-signed certificate) in front of two gunicorn app servers; two
Celery workers consume different queues (A: the default queue, B: certificates); one beat;
PostgreSQL and Redis are the ones already running on this machine (127.0.0.1:5432 and :6379).
Everything runs with `learning.settings.production`.

    make cluster            # starts it and serves until Ctrl-C (prints the address)

`tests/services/test_cluster.py` and `make load` use `Cluster` as a context manager, each on
its own database and Redis databases; only loopback addresses; every process stopped on exit.
"""

import argparse
import base64
import hashlib
import hmac
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from bench.deploy_files import environment_template, unit_commands, with_option

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEPLOY = ROOT / "deploy"


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), as an authenticator app computes it."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    counter = struct.pack(">Q", int((time.time() if at is None else at) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def s3_buckets_create(env: dict):
    """The public and private buckets that the S3_* settings in `env` name; the boto3 client."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        aws_access_key_id=env["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
        region_name=env["S3_REGION"],
    )
    for bucket in (env["S3_BUCKET"], env["S3_PRIVATE_BUCKET"]):
        client.create_bucket(Bucket=bucket)
    return client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _p256_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    return (
        ec.generate_private_key(ec.SECP256R1())
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


class Cluster:
    """Start with `with Cluster(...) as cluster:`; `cluster.url(path, via=...)` addresses it.

    `via` is "nginx" (the balanced address), or "app1"/"app2": nginx too, but pinned to one app
    server (a test-only copy of the same site file with a one-server upstream), so a test can
    act through one server and look through the other, always through the proxy.
    """

    def __init__(
        self,
        *,
        workdir: Path | None = None,
        database: str = "socle_cluster",
        cache_db: int = 14,
        broker_db: int = 15,
        gunicorn_workers: int = 2,
        gunicorn_threads: int = 1,
        extra_env: dict | None = None,
        s3: bool = True,
    ):
        # Absolute: nginx reads relative paths from its prefix, not our working folder.
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="socle-cluster-")).resolve()
        self.database = database
        self.cache_db = cache_db
        self.broker_db = broker_db
        self.gunicorn_workers = gunicorn_workers
        self.gunicorn_threads = gunicorn_threads
        self.extra_env = extra_env or {}
        # Files on an S3 server (moto's, on loopback) rather than a disk the processes share.
        self.s3_port = free_port() if s3 else None
        self.processes: dict[str, subprocess.Popen] = {}
        self.app_ports = {"app1": free_port(), "app2": free_port()}
        self.https_ports = {"nginx": free_port(), "app1": free_port(), "app2": free_port()}
        self.http_port = free_port()
        self.timings: dict[str, float] = {}

    # --- addresses -------------------------------------------------------------------------
    def url(self, path: str = "/", *, via: str = "nginx") -> str:
        return f"https://localhost:{self.https_ports[via]}{path}"

    def http_url(self, path: str = "/") -> str:
        return f"http://localhost:{self.http_port}{path}"

    @property
    def certificate(self) -> Path:
        """The self-signed certificate nginx presents (for clients that verify it)."""
        return self.workdir / "tls" / "socle.crt"

    @property
    def mail_dir(self) -> Path:
        return self.workdir / "mail"

    # --- environment -----------------------------------------------------------------------
    def environment(self) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "CELERY_", "PYTEST_"))
        }
        env.update(environment_template())  # deploy/socle.env.example, as the guide loads it
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "learning.settings.production",
                "SECRET_KEY": self._secret("secret_key", lambda: secrets.token_urlsafe(50)),
                "ALLOWED_HOSTS": "localhost,127.0.0.1",
                "CSRF_TRUSTED_ORIGINS": ",".join(
                    f"https://localhost:{port}" for port in self.https_ports.values()
                ),
                "SITE_URL": self.url("").rstrip("/"),
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database}",
                "CACHE_URL": f"redis://127.0.0.1:6379/{self.cache_db}",
                "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{self.broker_db}",
                # A killed worker's task is swept back to the queue within ~100 s, not an hour.
                "CELERY_VISIBILITY_TIMEOUT": "10",
                # django-environ drops one slash: three plus an absolute path.
                "EMAIL_URL": f"filemail:///{self.mail_dir}",
                "STATIC_ROOT": str(self.workdir / "static_collected"),
                "MEDIA_ROOT": str(self.workdir / "media"),
                "PRIVATE_MEDIA_ROOT": str(self.workdir / "private"),
                "OPENBADGES_SIGNING_KEY": self._secret("ob_key_p256", _p256_pem),
                "TRUSTED_PROXY_COUNT": "1",
                "SECURE_HSTS_SECONDS": "60",
                "LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
                "CELERY_CONCURRENCY": "1",
                "GUNICORN_WORKERS": str(self.gunicorn_workers),
                "GUNICORN_THREADS": str(self.gunicorn_threads),
            }
        )
        if self.s3_port:
            env.update(
                {
                    "S3_BUCKET": "socle-media",
                    "S3_PRIVATE_BUCKET": "socle-private",
                    "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
                    "S3_ACCESS_KEY_ID": "cluster-key",
                    "S3_SECRET_ACCESS_KEY": "cluster-secret",
                    "S3_REGION": "us-east-1",
                    "S3_MEDIA_ACL": "public-read",
                }
            )
        env.update(self.extra_env)
        return env

    def _secret(self, name: str, make) -> str:
        path = self.workdir / f".{name}"
        if not path.exists():
            path.write_text(make())
            path.chmod(0o600)
        return path.read_text()

    # --- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> "Cluster":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, *, demo: bool = False) -> None:
        began = time.monotonic()
        for folder in ("logs", "mail", "static_collected", "media", "private", "nginx", "tls"):
            (self.workdir / folder).mkdir(parents=True, exist_ok=True)
        self._tls()
        self._reset_services()
        if self.s3_port:
            self._s3()
        self.manage("migrate", "--noinput", "-v", "0")  # the guide's steps, in its order
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.manage("compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v", "0")
        if demo:
            self.manage("load_demo_data")
        self.timings["prepare_s"] = time.monotonic() - began
        began = time.monotonic()
        *checks, _ = self.unit("web")  # ExecStartPre: `manage.py check --deploy`
        for command in checks:
            subprocess.run(command, cwd=ROOT, env=self.environment(), check=True)  # noqa: S603
        for name in self.app_ports:
            self.start_app(name)
        self.start_worker("worker_a", queues="celery")
        self.start_worker("worker_b", queues="certificates")
        schedule = str(self.workdir / "beat-schedule")
        self._spawn("beat", with_option(self.unit("beat")[-1], "--schedule", schedule))
        self._nginx()
        for name in self.app_ports:
            self.wait_ready(name)
        self.wait_ready("nginx")
        self.timings["start_s"] = time.monotonic() - began

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
        for name, process in list(self.processes.items()):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill(name, signal.SIGKILL)
                process.wait(timeout=5)
        self.processes.clear()

    # --- processes -------------------------------------------------------------------------
    def unit(self, name: str) -> list[list[str]]:
        """The commands of deploy/systemd/socle-<name>.service, in this environment."""
        return unit_commands(name, self.environment(), BIN)

    def _spawn(self, name: str, command: list[str], **env: str) -> subprocess.Popen:
        log = (self.workdir / "logs" / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 - our own programs, fixed arguments
            command,
            cwd=ROOT,
            env={**self.environment(), **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # one process group: kill() reaches the children too
        )
        self.processes[name] = process
        return process

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.get(name)
        if process is not None and process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            if sig == signal.SIGKILL:
                process.wait(timeout=10)

    def log(self, name: str) -> str:
        path = self.workdir / "logs" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def manage(self, *args: str, input: str | None = None) -> str:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            input=input,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")
        return result.stdout

    def python(self, code: str) -> str:
        """Run Python in a Django shell of the cluster (seeding data, reading rows)."""
        return self.manage("shell", "--no-imports", "-c", code)

    def start_app(self, name: str) -> None:
        bind = f"127.0.0.1:{self.app_ports[name]}"
        self._spawn(name, self.unit("web")[-1], GUNICORN_BIND=bind)

    def start_worker(self, name: str, *, queues: str) -> None:
        command = with_option(self.unit("worker")[-1], "--queues", queues)
        self._spawn(name, with_option(command, "--hostname", f"{name}@%h"))

    def wait_ready(self, name: str, timeout: float = 60.0) -> None:
        import requests

        app = f"http://127.0.0.1:{self.app_ports[name]}/healthz/" if name in self.app_ports else ""
        url = app or self.url("/healthz/")
        headers = {"X-Forwarded-Proto": "https"} if name in self.app_ports else {}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.processes.get(name)
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{name} exited:\n{self.log(name)[-4000:]}")
            with suppress(requests.RequestException):
                response = requests.get(url, headers=headers, verify=False, timeout=5)  # noqa: S501
                if response.status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{name} did not become ready:\n{self.log(name)[-4000:]}")

    # --- the parts the processes stand on --------------------------------------------------
    def _tls(self) -> None:
        tls = self.workdir / "tls"
        if (tls / "socle.crt").exists():
            return
        subprocess.run(  # noqa: S603
            [
                shutil.which("openssl") or "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                str(tls / "socle.key"),
                "-out",
                str(tls / "socle.crt"),
            ],
            check=True,
            capture_output=True,
        )

    def _reset_services(self) -> None:
        import psycopg
        import redis

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.database}"')
        for db in (self.cache_db, self.broker_db):
            redis.Redis(host="127.0.0.1", port=6379, db=db).flushdb()

    def _s3(self) -> None:
        """moto's standalone S3 server (MinIO's cannot be installed here) and two buckets."""
        import requests

        self._spawn("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)])
        endpoint = f"http://127.0.0.1:{self.s3_port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(endpoint, timeout=2)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the S3 server did not start:\n{self.log('s3')}") from None
                time.sleep(0.2)
        s3_buckets_create(self.environment())

    def nginx_site(self) -> str:
        """deploy/nginx/socle.conf three times: balanced over both app servers, and pinned to
        each one. Only the host name, addresses, ports and paths are replaced."""
        source = (DEPLOY / "nginx" / "socle.conf").read_text()
        servers = {
            name: f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;"
            for name, port in self.app_ports.items()
        }
        copies = []
        for via in ("nginx", "app1", "app2"):
            upstream = "\n    ".join(servers.values()) if via == "nginx" else servers[via]
            text = source.replace("server unix:/run/socle/gunicorn.sock fail_timeout=0;", upstream)
            text = text.replace("socle_app", f"socle_{via}")
            text = text.replace("socle_tls", f"socle_tls_{via}")
            text = text.replace("socle.example.org", "localhost")
            text = text.replace("    listen [::]:80;\n", "").replace(
                "    listen [::]:443 ssl http2;\n", ""
            )
            text = text.replace(
                "listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_ports[via]} ssl http2;"
            )
            if via == "nginx":
                text = text.replace("listen 80;", f"listen 127.0.0.1:{self.http_port};")
            else:  # the plain-HTTP server is needed once only
                parts = text.split("\nserver {")
                text = "\nserver {".join([parts[0], *parts[2:]])
            text = text.replace("/etc/ssl/socle/fullchain.pem", str(self.certificate))
            text = text.replace("/etc/ssl/socle/privkey.pem", str(self.workdir / "tls/socle.key"))
            text = text.replace("/srv/socle/", f"{self.workdir}/")
            copies.append(text)
        return "\n".join(copies)

    def _nginx(self) -> None:
        # Run as root (CI), nginx's workers would drop to a user that cannot enter the private
        # temporary folder holding the static files; on loopback they may stay root.
        folder = self.workdir / "nginx"
        (folder / "site.conf").write_text(self.nginx_site())
        (folder / "nginx.conf").write_text(
            f"""daemon off;
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {self.workdir}/logs/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.workdir}/logs/nginx-access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
"""
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        check = subprocess.run(  # noqa: S603
            [nginx, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
            capture_output=True,
            text=True,
            check=False,
        )
        if check.returncode:
            raise RuntimeError(f"nginx -t refused the site:\n{check.stderr}")
        self._spawn("nginx", [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "cluster")
    parser.add_argument("--no-demo", action="store_true", help="start without the demo data")
    args = parser.parse_args()
    if args.workdir.exists():
        shutil.rmtree(args.workdir)
    cluster = Cluster(workdir=args.workdir)
    try:
        cluster.start(demo=not args.no_demo)
        print(f"Socle cluster at {cluster.url('/')} (self-signed certificate); Ctrl-C stops it.")
        print(f"Logs in {args.workdir / 'logs'}; e-mail in {cluster.mail_dir}.", flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    sys.exit(main())
