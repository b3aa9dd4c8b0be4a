"""A small client of the BigBlueButton API: the calls the platform uses (create, join, end,
isMeetingRunning, getMeetingInfo).

Every call is a GET on `<server>/api/<call>?<query>&checksum=<hash>` where the hash (SHA-1 or
SHA-256, as the server accepts) is taken over the call's name, the query string as sent and
the shared secret. The answers are XML, read with defusedxml (no entities, no external
references). Nothing here touches the database.
"""

import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlencode
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings

CHECKSUM_ALGORITHMS = ("sha1", "sha256")
TIMEOUT_SECONDS = 10
MAX_ANSWER_BYTES = 2 * 1024 * 1024


class BigBlueButtonError(Exception):
    """The server could not be reached, refused the call, or answered something unreadable.
    `key` is BigBlueButton's messageKey ("notFound", "checksumError", ...) when it gave one."""

    def __init__(self, message: str, key: str = ""):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Attendee:
    user_id: str
    full_name: str
    role: str


@dataclass
class MeetingInfo:
    running: bool
    start_time: int = 0  # milliseconds since the epoch; 0 before anyone joined
    end_time: int = 0  # milliseconds since the epoch; 0 while not ended
    attendees: list[Attendee] = field(default_factory=list)

    @property
    def has_ended(self) -> bool:
        return self.end_time > 0


def checksum(call: str, query: str, secret: str, algorithm: str = "sha1") -> str:
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise ValueError(f"unsupported checksum algorithm {algorithm!r}")
    return hashlib.new(algorithm, (call + query + secret).encode("utf-8")).hexdigest()


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _int(element: Element, tag: str) -> int:
    text = _text(element, tag)
    return int(text) if text.isascii() and text.isdigit() else 0


class BigBlueButton:
    def __init__(self, url: str, secret: str, *, algorithm: str = "sha1"):
        base = url.strip().rstrip("/")
        if base.endswith("/api"):
            base = base[: -len("/api")]
        self.api = base + "/api/"
        self.secret = secret
        self.algorithm = algorithm

    @classmethod
    def from_settings(cls) -> "BigBlueButton":
        return cls(
            settings.BIGBLUEBUTTON_URL,
            settings.BIGBLUEBUTTON_SECRET,
            algorithm=getattr(settings, "BIGBLUEBUTTON_CHECKSUM", "sha1"),
        )

    def url(self, call: str, params: dict[str, str]) -> str:
        """The signed address of a call."""
        query = urlencode(params)
        signature = checksum(call, query, self.secret, self.algorithm)
        separator = "&" if query else ""
        return f"{self.api}{call}?{query}{separator}checksum={signature}"

    def _get(self, call: str, params: dict[str, str]) -> Element:
        try:
            with urllib.request.urlopen(  # noqa: S310 - the configured https server
                self.url(call, params), timeout=TIMEOUT_SECONDS
            ) as answer:
                body = answer.read(MAX_ANSWER_BYTES + 1)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise BigBlueButtonError(f"BigBlueButton cannot be reached: {exc}") from exc
        if len(body) > MAX_ANSWER_BYTES:
            raise BigBlueButtonError("BigBlueButton's answer is too large.")
        try:
            root = ElementTree.fromstring(body)
        except (ElementTree.ParseError, DefusedXmlException) as exc:
            raise BigBlueButtonError("BigBlueButton's answer is not readable XML.") from exc
        if _text(root, "returncode") != "SUCCESS":
            raise BigBlueButtonError(
                _text(root, "message") or "BigBlueButton refused the call.",
                key=_text(root, "messageKey"),
            )
        return root

    def create(self, *, meeting_id: str, name: str, logout_url: str = "", **meta: str) -> None:
        """Create the meeting (BigBlueButton answers SUCCESS again for one that exists)."""
        params = {"meetingID": meeting_id, "name": name[:256]}
        if logout_url:
            params["logoutURL"] = logout_url
        params.update({f"meta_{key}": value for key, value in meta.items()})
        self._get("create", params)

    def join_url(self, *, meeting_id: str, full_name: str, user_id: str, moderator: bool) -> str:
        """The address the person's browser is sent to; BigBlueButton redirects it on to the
        meeting. userID is the platform's user id: getMeetingInfo names attendees by it."""
        return self.url(
            "join",
            {
                "meetingID": meeting_id,
                "fullName": full_name[:256],
                "role": "MODERATOR" if moderator else "VIEWER",
                "userID": user_id,
                "redirect": "true",
            },
        )

    def end(self, *, meeting_id: str) -> None:
        self._get("end", {"meetingID": meeting_id})

    def is_running(self, *, meeting_id: str) -> bool:
        return _text(self._get("isMeetingRunning", {"meetingID": meeting_id}), "running") == "true"

    def meeting_info(self, *, meeting_id: str) -> MeetingInfo:
        root = self._get("getMeetingInfo", {"meetingID": meeting_id})
        attendees = [
            Attendee(
                user_id=_text(node, "userID"),
                full_name=_text(node, "fullName"),
                role=_text(node, "role"),
            )
            for node in root.iterfind("attendees/attendee")
        ]
        return MeetingInfo(
            running=_text(root, "running") == "true",
            start_time=_int(root, "startTime"),
            end_time=_int(root, "endTime"),
            attendees=attendees,
        )
