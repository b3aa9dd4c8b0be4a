"""The production stack on loopback, driven through nginx (bench/cluster.py starts it).

nginx (TLS) -> two gunicorn app servers; Celery worker A (default queue) and B
(certificates); beat; PostgreSQL; Redis. Each part of issue 13's cluster test is one step of
one test, since the cluster takes a minute to start; the timings are printed.
"""

import hashlib
import json
import re
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import urllib3
from requests.adapters import HTTPAdapter

from bench.cluster import Cluster, totp_code
from tests.factories import h5p_bytes

pytestmark = pytest.mark.services
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


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


def wait_for(predicate, *, timeout=90.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with Cluster(workdir=tmp_path_factory.mktemp("cluster")) as running:
        yield running
    print(running.log("nginx-error")[-2000:])


def seed(cluster: Cluster, call: str):
    output = cluster.python(f"from tests.services import cluster_seed as s; s.{call}")
    lines = output.strip().splitlines()
    return json.loads(lines[-1]) if lines else None


def test_the_cluster_behind_nginx(cluster):
    timings = dict(cluster.timings)
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

    # 6. Killing an app server mid-traffic loses nothing: requests in flight may fail once,
    #    the learner's retry succeeds (through the other server), and the step is recorded once.
    began = time.monotonic()
    statuses = []

    def read(_):
        response = reader.get(lesson["url"])
        if response.status_code != 200:
            response = reader.get(lesson["url"])
        statuses.append(response.status_code)

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(read, i) for i in range(12)]
        cluster.kill("app1", signal.SIGKILL)
        futures += [pool.submit(read, i) for i in range(12)]
        for future in futures:
            future.result()
    assert statuses == [200] * 24, statuses
    again = reader.post(f"/courses/steps/{lesson['id']}/complete/")
    assert again.status_code == 200
    assert seed(cluster, f"count(model='courses.StepProgress', step_id={lesson['id']})") == 1
    cluster.start_app("app1")
    cluster.wait_ready("app1")
    timings["app_server_killed_s"] = time.monotonic() - began

    # 7. Killing worker B with a certificate task queued loses nothing: after its restart the
    #    certificate is rendered and e-mailed exactly once.
    began = time.monotonic()
    cluster.kill("worker_b", signal.SIGKILL)
    neighbour = Browser(cluster)
    neighbour.sign_in(people["neighbour"]["email"], password)
    neighbour.post(f"/courses/{data['course']}/enrol/")
    for step in (lesson, second):
        assert neighbour.post(f"/courses/steps/{step['id']}/complete/").status_code == 200
    time.sleep(1)
    assert seed(cluster, f"certificate(email='{people['neighbour']['email']}')") is None
    cluster.start_worker("worker_b", queues="certificates")
    rendered = wait_for(
        lambda: seed(cluster, f"certificate(email='{people['neighbour']['email']}')"),
        what="the queued certificate after the worker's restart",
    )
    assert rendered["render_count"] == 1
    mails = [p.read_text() for p in Path(cluster.mail_dir).glob("*.log")]
    assert sum(people["neighbour"]["email"] in m and "certificate" in m.lower() for m in mails)
    timings["worker_killed_s"] = time.monotonic() - began

    print("cluster timings: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
