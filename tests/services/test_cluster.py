"""The production stack on loopback, driven through nginx (bench/cluster.py starts it).

nginx (TLS) -> two gunicorn app servers; Celery worker A (default queue) and B
(certificates); beat; PostgreSQL; Redis. Each part of issue 13's cluster test is one step of
one test, since the cluster takes a minute to start. Its timings are written to
cluster-timings.json in the test's temporary folder and printed at the end of the run.
"""

import hashlib
import json
import re
import signal
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from email import message_from_bytes, policy
from urllib.parse import urlsplit

import pytest
import requests
import urllib3
from requests.adapters import HTTPAdapter

from bench.cluster import Cluster, totp_code
from tests.factories import h5p_bytes

pytestmark = pytest.mark.services
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
# Learners whose step completions are in flight when app server 1 is killed: more than its
# gunicorn workers can serve at once, so some are still queued or running at the kill.
CROWD = 12


class SourceAddressAdapter(HTTPAdapter):
    """Connect from a given loopback address, as a person on another network would."""

    def __init__(self, source: str):
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


class Browser:
    """A person with a browser: cookies, CSRF tokens, a source address."""

    def __init__(self, cluster: Cluster, *, source: str = "127.0.0.1"):
        self.cluster = cluster
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy or CA bundle from the environment
        self.session.verify = str(cluster.certificate)  # the cluster's self-signed certificate
        self.session.mount("https://", SourceAddressAdapter(source))
        self.session.mount("http://", SourceAddressAdapter(source))

    def get(self, path, *, via="nginx", **kwargs):
        return self.session.get(self.cluster.url(path, via=via), timeout=60, **kwargs)

    def post(self, path, data=None, *, via="nginx", files=None, **kwargs):
        token = self.session.cookies.get("csrftoken")
        if token is None:
            self.get("/accounts/login/", via=via)
            token = self.session.cookies.get("csrftoken")
        headers = {"Referer": self.cluster.url(path, via=via), **kwargs.pop("headers", {})}
        return self.session.post(
            self.cluster.url(path, via=via),
            data={"csrfmiddlewaretoken": token, **(data or {})},
            files=files,
            headers=headers,
            timeout=60,
            **kwargs,
        )

    def sign_in(self, email, password, *, totp=None, via="nginx"):
        self.get("/accounts/login/", via=via)
        response = self.post("/accounts/login/", {"login": email, "password": password}, via=via)
        if "/2fa/authenticate" in response.url:
            assert totp, f"{email} was asked for a second factor"
            response = self.post("/accounts/2fa/authenticate/", {"code": totp_code(totp)}, via=via)
        return response


def wait_for(predicate, *, timeout=90.0, what="condition", every=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    # Its own database and Redis databases: `make load` (bench/load.py) uses the defaults.
    with Cluster(
        workdir=tmp_path_factory.mktemp("cluster"),
        database="socle_cluster_test",
        cache_db=12,
        broker_db=13,
    ) as running:
        yield running
    print(running.log("nginx-error")[-2000:])


def seed(cluster: Cluster, call: str):
    output = cluster.python(f"from tests.services import cluster_seed as s; s.{call}")
    lines = output.strip().splitlines()
    return json.loads(lines[-1]) if lines else None


def certificate_mails(cluster: Cluster, to: str) -> list[str]:
    """The SHA-256 of the PDF attached to each e-mail sent to `to` (the file backend writes
    each message followed by a line of 79 dashes)."""
    hashes = []
    for path in sorted(cluster.mail_dir.glob("*.log")):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            message = message_from_bytes(raw, policy=policy.default)
            if raw.strip() and message["To"] == to:
                hashes += [
                    hashlib.sha256(part.get_content()).hexdigest()
                    for part in message.iter_attachments()
                    if part.get_content_type() == "application/pdf"
                ]
    return hashes


@pytest.fixture
def timings(cluster, tmp_path, record_property):
    """The step timings, kept even when a step fails: written to a JSON file in the test's
    temporary folder and attached to the report, which tests/conftest.py prints at the end
    of the run (pytest hides a passing test's output)."""
    figures = dict(cluster.timings)
    yield figures
    text = json.dumps(
        {
            key: round(value, 2) if isinstance(value, float) else value
            for key, value in figures.items()
        }
    )
    (tmp_path / "cluster-timings.json").write_text(text)
    record_property("timings", text)


def test_the_cluster_behind_nginx(cluster, timings):
    data = seed(cluster, "seed()")
    people, password = data["people"], data["password"]
    lesson, second = data["lessons"]

    # 1. An editor publishes through app server 1; the next request through app server 2 shows
    #    it, although app server 2 had the old page cached.
    began = time.monotonic()
    reader = Browser(cluster)
    assert reader.sign_in(people["learner"]["email"], password).status_code == 200
    assert reader.post(f"/courses/{data['course']}/enrol/", via="app2").status_code == 200
    old = reader.get(lesson["url"], via="app2")
    assert old.status_code == 200 and lesson["title"] in old.text
    seed(cluster, f"draft_title(page_id={lesson['id']}, title='Governance, revised')")
    editor = Browser(cluster)
    editor.sign_in(people["editor"]["email"], password, totp=people["editor"]["totp"], via="app1")
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={lesson['id']}&next=/admin/"
    published = editor.post(publish, via="app1")
    assert published.status_code == 200, published.text[-2000:]
    assert "Governance, revised" in reader.get(lesson["url"], via="app2").text
    timings["publish_seen_s"] = time.monotonic() - began

    # 2. An H5P package uploaded through one server plays through the other.
    began = time.monotonic()
    admin = Browser(cluster)
    admin.sign_in(people["administrator"]["email"], password, totp=people["administrator"]["totp"])
    title = f"Cluster check {time.time_ns()}"
    uploaded = admin.post(
        "/admin/snippets/assessments/h5ppackage/add/",
        {"title": title},
        files={"source": ("check.h5p", h5p_bytes(title=title), "application/zip")},
        via="app1",
    )
    assert uploaded.status_code == 200, uploaded.text[-2000:]
    package = seed(cluster, f"place_h5p(page_id={second['id']}, package_title='{title}')")
    player = reader.get(f"/assessments/h5p/{package['uuid']}/in/{second['id']}/", via="app2")
    assert player.status_code == 200, player.text[-2000:]
    files = re.search(r'"h5pJsonPath": "([^"]+)"', player.text).group(1)
    manifest = reader.get(f"{files}/h5p.json", via="app2")
    assert manifest.status_code == 200, manifest.text[-500:]
    assert reader.get(f"{files}/content/content.json", via="app2").status_code == 200
    for library in manifest.json()["preloadedDependencies"]:
        folder = f"{library['machineName']}-{library['majorVersion']}.{library['minorVersion']}"
        found = reader.get(f"/assessments/h5p/libraries/{folder}/library.json", via="app2")
        assert found.status_code == 200, folder
    timings["h5p_cross_server_s"] = time.monotonic() - began

    # 3. A certificate rendered by worker B downloads through app server 2.
    began = time.monotonic()
    for step in (lesson, second):
        done = reader.post(f"/courses/steps/{step['id']}/complete/", via="app1")
        assert done.status_code == 200, done.text[-2000:]
    certificate = wait_for(
        lambda: seed(cluster, f"certificate(email='{people['learner']['email']}')"),
        what="the certificate to be rendered",
    )
    assert "certificate_render_task" in cluster.log("worker_b")
    pdf = reader.get(f"/certificates/mine/{certificate['code']}/pdf/", via="app2")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == certificate["sha256"]
    timings["certificate_s"] = time.monotonic() - began

    # 4. The client's address reaches the limits through the proxy: the attacker's address is
    #    locked, a colleague elsewhere (and the account's owner) still get in; a forged
    #    X-Forwarded-For does not move the attacker to another address.
    began = time.monotonic()
    attacker = Browser(cluster, source="127.0.0.2")
    refused = None
    for attempt in range(40):
        response = attacker.post(
            "/accounts/login/",
            {"login": people["neighbour"]["email"], "password": f"wrong-{attempt}"},
            headers={"X-Forwarded-For": f"198.51.100.{attempt}"},
        )
        if response.status_code == 429 or "too many" in response.text.lower():
            refused = attempt
            break
    assert refused is not None, "failed sign-ins from one address were never throttled"
    owner = Browser(cluster, source="127.0.0.3")
    assert "/dashboard/" in owner.sign_in(people["neighbour"]["email"], password).url
    timings["throttle_s"] = time.monotonic() - began

    # 5. Secure cookies and X-Forwarded-Proto; static files compressed and cached.
    session_cookie = next(c for c in owner.session.cookies if c.name == "sessionid")
    assert session_cookie.secure
    plain = owner.session.get(cluster.http_url("/dashboard/"), allow_redirects=False, timeout=10)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
    home = owner.get("/dashboard/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home.text).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    css = owner.get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert css.headers.get("Content-Encoding") == "gzip"
    assert "immutable" in css.headers["Cache-Control"]

    # 6. Killing an app server mid-request loses nothing: a crowd of learners post a step's
    #    completion at once through app server 1, which is killed while they are in flight;
    #    each learner whose request failed retries through nginx (the other server), and each
    #    completion is recorded once.
    began = time.monotonic()
    crowd = seed(cluster, f"crowd(course_id={data['course']}, count={CROWD})")
    browsers = []
    for email in crowd:
        browser = Browser(cluster, source="127.0.0.4")
        assert "/dashboard/" in browser.sign_in(email, password).url
        browsers.append(browser)
    # The step's own address for the action (the address by id answers 307 with it).
    moved = browsers[0].post(f"/courses/steps/{lesson['id']}/complete/", allow_redirects=False)
    assert moved.status_code == 307, moved.status_code
    complete = urlsplit(moved.headers["Location"]).path

    def post(browser):
        try:
            return browser.post(complete, via="app1", allow_redirects=False).status_code
        except requests.RequestException:
            return None

    with ThreadPoolExecutor(max_workers=CROWD) as pool:
        futures = [pool.submit(post, browser) for browser in browsers]
        wait(futures, return_when=FIRST_COMPLETED)
        cluster.kill("app1", signal.SIGKILL)
        statuses = [future.result() for future in futures]
    failed = [i for i, status in enumerate(statuses) if status is None or status >= 500]
    assert failed, f"app server 1 was killed with no request in flight: {statuses}"
    assert all(status == 302 for status in statuses if status and status < 500), statuses
    for i in failed:
        retried = browsers[i].post(complete)
        assert retried.status_code == 200, retried.text[-2000:]
    recorded = seed(cluster, f"completions(step_id={lesson['id']}, emails={crowd!r})")
    assert recorded == {email: [1, [lesson["id"]]] for email in crowd}, recorded
    cluster.start_app("app1")
    cluster.wait_ready("app1")
    timings["app_server_killed_s"] = time.monotonic() - began
    timings["app_server_requests_failed"] = len(failed)

    # 7. Killing worker B while it renders a certificate loses nothing: the task comes back
    #    to the queue (late acknowledgement, visibility timeout), and after the worker's
    #    restart the certificate is stored once and e-mailed once.
    began = time.monotonic()
    neighbour = Browser(cluster)
    email = people["neighbour"]["email"]
    neighbour.sign_in(email, password)
    neighbour.post(f"/courses/{data['course']}/enrol/")
    assert neighbour.post(f"/courses/steps/{lesson['id']}/complete/").status_code == 200
    received = re.compile(r"certificate_render_task\[([0-9a-f-]+)\] received")
    before = len(received.findall(cluster.log("worker_b")))
    with ThreadPoolExecutor(max_workers=1) as pool:
        last = pool.submit(neighbour.post, f"/courses/steps/{second['id']}/complete/")
        task = wait_for(
            lambda: received.findall(cluster.log("worker_b"))[before:],
            every=0.01,
            what="worker B to receive the certificate task",
        )[0]
        cluster.kill("worker_b", signal.SIGKILL)
        assert last.result().status_code == 200
    succeeded = f"certificate_render_task[{task}] succeeded"
    in_flight = succeeded not in cluster.log("worker_b")
    timings["render_killed_in_flight"] = in_flight
    cluster.start_worker("worker_b", queues="certificates")
    if in_flight:
        # It runs again once its visibility timeout (10 s) has passed and the restarted worker
        # sweeps the unacknowledged tasks back to the queue: kombu's Redis transport scans on
        # one call in ten of a 10 s timer, so this takes up to about 100 s.
        wait_for(
            lambda: succeeded in cluster.log("worker_b"),
            timeout=180,
            what="the task's second run",
        )
    rendered = wait_for(
        lambda: (
            (found := seed(cluster, f"certificate(email='{email}')")) and found["emailed"] and found
        ),
        what="the certificate rendered and e-mailed after the worker's restart",
    )
    assert rendered["rows"] == 1
    assert rendered["stored_sha256"] == rendered["sha256"]
    pdf = neighbour.get(f"/certificates/mine/{rendered['code']}/pdf/", via="app2")
    assert hashlib.sha256(pdf.content).hexdigest() == rendered["sha256"]
    mailed = certificate_mails(cluster, email)
    assert mailed == [rendered["sha256"]], mailed
    files = seed(cluster, "certificate_files()")
    assert files["stored"] == files["named"] and len(files["named"]) == 2, files
    timings["worker_killed_s"] = time.monotonic() - began

    # 8. No shared disk: every upload, H5P file and PDF went to S3, none to the app servers'
    #    own media folders.
    for folder in ("media", "private"):
        assert not [p for p in (cluster.workdir / folder).rglob("*") if p.is_file()], folder
