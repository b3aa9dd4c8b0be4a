"""The attendance reports Zoom and Microsoft Teams export, read into the rows of the
attendance import (cohorts/importing.py: e-mail and minutes, matched by e-mail afterwards).

- Zoom's participant report (Reports > Usage > Participants, CSV): one row per join with
  "Name (Original Name)", "User Email" (or "Email"), "Join Time", "Leave Time" and
  "Duration (Minutes)"; exported "with meeting data", a meeting header line and a blank line
  come first.
- Teams' attendance report (.csv, UTF-16 with tabs): a "1. Summary" section, then
  "2. Participants" with "Name", "First Join", "Last Leave", "In-Meeting Duration"
  ("1h 4m 28s"), "Email"..., then "3. In-Meeting Activities" (one row per join, not read:
  the participants' totals already add them up). The older layout ("Meeting Summary", then
  "Full Name", "Join Time", "Leave Time", "Duration", "Email" one row per join) is read too.

Any other file goes to the plain email/minutes parser. Nothing here touches the database.
"""

import csv
import io
import re

from django.utils.translation import gettext as _

from ..importing import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    ImportFileError,
    ParsedRow,
    attendance_rows,
    header_key,
    parse_attendance_report,
)

# A column holding time spent, as header_key() names it, for each tool.
DURATION_KEYS = ("in_meeting_duration", "minutes", "total_duration_minutes")
JOIN_KEYS = ("join_time", "first_join")
TEAMS_MARKERS = ("1. summary", "meeting summary", "2. participants")
_HMS = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$", re.IGNORECASE)
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


def parse_webinar_report(*, filename: str, data: bytes) -> list[ParsedRow]:
    """Rows of a Zoom or Teams report, or of a plain email/minutes file."""
    text = _decode(data)
    if text is not None:
        found = _participant_table(text)
        if found is not None:
            return attendance_rows(found)
        if _looks_like_teams(text, data):
            raise ImportFileError(
                _(
                    "This looks like a Microsoft Teams attendance report, but its list of "
                    "participants (Name, Email and In-Meeting Duration) is missing. Download "
                    "the attendance report again from Teams and upload it unchanged."
                )
            )
        if _looks_like_zoom(text):
            raise ImportFileError(
                _(
                    "This looks like a Zoom report, but its participant rows (User Email, Join "
                    "Time, Leave Time, Duration (Minutes)) are missing. Export the participants "
                    "report again from Zoom."
                )
            )
    return parse_attendance_report(filename=filename, data=data)


def _decode(data: bytes) -> str | None:
    """The text of a UTF-16 (Teams) or UTF-8 file; None for anything else (an XLSX file),
    which the plain parser reads or refuses with its own message."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)s MB. Split it into smaller files.")
            % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("The file is damaged: it is not valid UTF-16 text (byte %(pos)s).")
                % {"pos": exc.start}
            ) from exc
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    if "\x00" in text:
        raise ImportFileError(_("The file holds a NUL character; it is refused."))
    return text


def _looks_like_teams(text: str, data: bytes) -> bool:
    lines = {line.strip().lower() for line in io.StringIO(text) if line.strip()}
    return data[:2] in (b"\xff\xfe", b"\xfe\xff") or bool(lines & set(TEAMS_MARKERS))


def _looks_like_zoom(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    return {"meeting_id", "topic"} <= {header_key(cell) for cell in first.split(",")}


def _is_participant_header(keys: list[str]) -> bool:
    return (
        "email" in keys
        and any(key in keys for key in DURATION_KEYS)
        and any(key in keys for key in JOIN_KEYS)
    )


def _participant_table(text: str) -> list[tuple[int, dict[str, str]]] | None:
    """(line, {"email", "minutes"}) of the first participants table found, with a tab or a
    comma between cells; None when there is none."""
    for delimiter in ("\t", ","):
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise ImportFileError(
                _("The report cannot be read: %(error)s") % {"error": exc}
            ) from exc
        for index, row in enumerate(rows):
            keys = [header_key(cell) for cell in row]
            if _is_participant_header(keys):
                return _table_rows(rows, index, keys)
    return None


def _table_rows(
    rows: list[list[str]], index: int, keys: list[str]
) -> list[tuple[int, dict[str, str]]]:
    email = keys.index("email")
    duration = next(keys.index(key) for key in DURATION_KEYS if key in keys)
    found: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(rows[index + 1 :], start=index + 2):
        if not any(cell.strip() for cell in cells):
            break  # the end of the section
        if len(found) >= MAX_IMPORT_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows. Split it into smaller files.")
                % {"max": MAX_IMPORT_ROWS}
            )
        cell = cells[duration].strip() if duration < len(cells) else ""
        found.append(
            (
                number,
                {
                    "email": cells[email].strip() if email < len(cells) else "",
                    "minutes": duration_minutes(cell),
                },
            )
        )
    return found


def duration_minutes(text: str) -> str:
    """Minutes, as text, from "65", "65.5", "1h 4m 28s", "4m", "28s" or "1:04:28"; the text
    itself when it is none of these (the row then says it is not a number of minutes)."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return text
    hms = _HMS.match(text)
    if text and hms and any(hms.groups()):
        hours, minutes, seconds = (int(part or 0) for part in hms.groups())
    else:
        clock = _CLOCK.match(text)
        if not clock:
            return text
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
    return f"{hours * 60 + minutes + seconds / 60:.2f}"
