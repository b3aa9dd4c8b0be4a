"""A stand-in BigBlueButton server for the tests: the standard library's http.server in a
thread, answering the API calls the platform uses (create, join, end, isMeetingRunning,
getMeetingInfo) as the API documentation describes them, after checking each call's checksum
(SHA-1 or SHA-256 of call name + query string + shared secret) the way the server does.

What it covers and what it leaves out: docs/decisions/cohorts-webinars.md. People "enter" a
meeting when their browser follows a join address (`join` answers 302 to the client, as the
real server does with redirect=true), and leave through `leave()`.
"""

import hashlib
import hmac
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

SECRET = "standin-shared-secret-0123456789abcdef"
API = "/bigbluebutton/api/"


@dataclass
class Meeting:
    meeting_id: str
    name: str
    meta: dict[str, str]
    create_time: int = field(default_factory=lambda: int(time.time() * 1000))
    start_time: int = 0
    end_time: int = 0
    attendees: dict[str, tuple[str, str]] = field(default_factory=dict)  # userID -> name, role

    @property
    def running(self) -> bool:
        return bool(self.attendees) and not self.end_time


class StandIn:
    def __init__(self, secret: str = SECRET):
        self.secret = secret
        self.meetings: dict[str, Meeting] = {}
        self.calls: list[tuple[str, dict[str, str]]] = []  # the calls that passed the checksum
        self.refused: list[str] = []  # the calls refused for their checksum
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/bigbluebutton/"

    def start(self) -> "StandIn":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- What people do in the meeting (the tests drive these) ----------------------------

    def leave(self, meeting_id: str, user_id) -> None:
        with self.lock:
            self.meetings[meeting_id].attendees.pop(str(user_id), None)

    def forget(self, meeting_id: str) -> None:
        """The server drops an ended meeting from memory (getMeetingInfo: notFound)."""
        with self.lock:
            self.meetings.pop(meeting_id, None)

    # --- The API ----------------------------------------------------------------------------

    def checksum_ok(self, call: str, raw_query: str) -> bool:
        parts = raw_query.split("&")
        given = [p[len("checksum=") :] for p in parts if p.startswith("checksum=")]
        if len(given) != 1:
            return False
        query = "&".join(p for p in parts if not p.startswith("checksum="))
        for algorithm in ("sha1", "sha256"):
            digest = hashlib.new(algorithm, (call + query + self.secret).encode()).hexdigest()
            if hmac.compare_digest(digest, given[0].lower()):
                return True
        return False

    def answer(self, call: str, params: dict[str, str]) -> tuple[int, str, dict[str, str]]:
        """(status, XML body, extra headers) of one checked call."""
        handler = getattr(self, f"_call_{call}", None)
        if handler is None:
            return _failed("unsupportedRequest", "This request is not supported.")
        with self.lock:
            return handler(params)

    def _call_create(self, params):
        meeting_id = params.get("meetingID", "")
        if not meeting_id or not params.get("name"):
            return _failed("missingParam", "You must specify meetingID and name.")
        meeting = self.meetings.get(meeting_id)
        warning = ""
        if meeting is None:
            meta = {k[5:]: v for k, v in params.items() if k.startswith("meta_")}
            meeting = self.meetings[meeting_id] = Meeting(meeting_id, params["name"], meta)
        else:
            warning = (
                "<messageKey>duplicateWarning</messageKey>"
                "<message>This conference was already in existence.</message>"
            )
        return _ok(
            f"<meetingID>{escape(meeting_id)}</meetingID>"
            f"<createTime>{meeting.create_time}</createTime>"
            f"<hasBeenForciblyEnded>{_bool(bool(meeting.end_time))}</hasBeenForciblyEnded>"
            + warning
        )

    def _call_join(self, params):
        meeting = self.meetings.get(params.get("meetingID", ""))
        if meeting is None or meeting.end_time:
            return _failed("invalidMeetingIdentifier", "The meeting ID does not exist.")
        role = params.get("role", "")
        if role not in ("MODERATOR", "VIEWER") or not params.get("fullName"):
            return _failed("missingParam", "You must specify fullName and a role.")
        user_id = params.get("userID", "")
        meeting.attendees[user_id] = (params["fullName"], role)
        meeting.start_time = meeting.start_time or int(time.time() * 1000)
        client = f"/html5client/join?sessionToken=standin-{escape(user_id)}"
        return 302, "", {"Location": client}

    def _call_end(self, params):
        meeting = self.meetings.get(params.get("meetingID", ""))
        if meeting is None:
            return _failed("notFound", "We could not find a meeting with that meeting ID.")
        meeting.attendees.clear()
        meeting.end_time = int(time.time() * 1000)
        return _ok(
            "<messageKey>sentEndMeetingRequest</messageKey>"
            "<message>A request to end the meeting was sent.</message>"
        )

    def _call_isMeetingRunning(self, params):  # noqa: N802 - the API's call name
        meeting = self.meetings.get(params.get("meetingID", ""))
        return _ok(f"<running>{_bool(bool(meeting and meeting.running))}</running>")

    def _call_getMeetingInfo(self, params):  # noqa: N802 - the API's call name
        meeting = self.meetings.get(params.get("meetingID", ""))
        if meeting is None:
            return _failed("notFound", "We could not find a meeting with that meeting ID.")
        attendees = "".join(
            "<attendee>"
            f"<userID>{escape(user_id)}</userID><fullName>{escape(name)}</fullName>"
            f"<role>{role}</role><isPresenter>false</isPresenter>"
            "<isListeningOnly>true</isListeningOnly><hasJoinedVoice>false</hasJoinedVoice>"
            "<hasVideo>false</hasVideo><clientType>HTML5</clientType><customdata/>"
            "</attendee>"
            for user_id, (name, role) in meeting.attendees.items()
        )
        moderators = sum(1 for _n, role in meeting.attendees.values() if role == "MODERATOR")
        meta = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in meeting.meta.items())
        return _ok(
            f"<meetingName>{escape(meeting.name)}</meetingName>"
            f"<meetingID>{escape(meeting.meeting_id)}</meetingID>"
            f"<createTime>{meeting.create_time}</createTime>"
            f"<running>{_bool(meeting.running)}</running>"
            f"<hasBeenForciblyEnded>{_bool(bool(meeting.end_time))}</hasBeenForciblyEnded>"
            f"<startTime>{meeting.start_time}</startTime><endTime>{meeting.end_time}</endTime>"
            f"<participantCount>{len(meeting.attendees)}</participantCount>"
            f"<moderatorCount>{moderators}</moderatorCount>"
            f"<attendees>{attendees}</attendees><metadata>{meta}</metadata>"
        )

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                if not parts.path.startswith(API):
                    self._send(404, "", {})
                    return
                call = parts.path[len(API) :]
                if not standin.checksum_ok(call, parts.query):
                    standin.refused.append(call)
                    self._send(
                        200,
                        *_failed("checksumError", "Checksums do not match")[1:],
                    )
                    return
                params = {k: v[0] for k, v in parse_qs(parts.query).items() if k != "checksum"}
                standin.calls.append((call, params))
                self._send(*standin.answer(call, params))

            def _send(self, status, body, headers):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/xml;charset=utf-8")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format, *args):  # noqa: A002 - http.server's signature
                pass

        return Handler


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _ok(inner: str):
    return 200, f"<response><returncode>SUCCESS</returncode>{inner}</response>", {}


def _failed(key: str, message: str):
    body = (
        "<response><returncode>FAILED</returncode>"
        f"<messageKey>{key}</messageKey><message>{escape(message)}</message></response>"
    )
    return 200, body, {}
