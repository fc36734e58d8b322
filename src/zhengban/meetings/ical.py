"""An iCalendar (RFC 5545) file for a meeting: one VEVENT with its time in Asia/Shanghai (with the
zone's VTIMEZONE), place, agenda and attendees, written by hand (the format is small)."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

from .models import AttendanceRole

TZID = "Asia/Shanghai"
PARTICIPATION = {
    AttendanceRole.CHAIR: "CHAIR",
    AttendanceRole.MEMBER: "REQ-PARTICIPANT",
    AttendanceRole.IN_ATTENDANCE: "OPT-PARTICIPANT",
}
# China has kept UTC+8 without daylight saving since 1991: one STANDARD rule describes the zone.
VTIMEZONE = [
    "BEGIN:VTIMEZONE", f"TZID:{TZID}", "BEGIN:STANDARD", "DTSTART:19910915T000000", "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE",
]


def escape(text):
    return (
        str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")
    )


def fold(line):
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _local(moment):
    return moment.astimezone(zoneinfo.ZoneInfo(TZID)).strftime("%Y%m%dT%H%M%S")


def _parameter(value):
    """A parameter value (CN=…) is quoted; quotes cannot appear inside it."""
    return '"' + str(value).replace('"', "'") + '"'


def _address(person):
    if person.email:
        return f"mailto:{person.email}"
    return f"urn:x-zhengban:person:{person.username}"


def meeting_ical(meeting, attendance, agenda):
    matter = meeting.matter
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.strip(".*")), "zhengban")
    stamp = timezone.now().astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    description = "\n".join(f"{n}. {item.topic.matter.title}" for n, item in enumerate(agenda, start=1))
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//zhengban//meetings//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:meeting-{matter.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID={TZID}:{_local(meeting.starts_at)}",
        f"DTEND;TZID={TZID}:{_local(meeting.ends_at)}",
        f"SUMMARY:{escape(matter.title)}",
        f"LOCATION:{escape(meeting.room.name_zh if meeting.room_id else '')}",
        f"SEQUENCE:{matter.version}",
        f"STATUS:{'CANCELLED' if matter.state == 'cancelled' else 'CONFIRMED'}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if meeting.chair_id:
        lines.append(f"ORGANIZER;CN={_parameter(meeting.chair.full_name)}:{_address(meeting.chair)}")
    for row in attendance:
        lines.append(
            f"ATTENDEE;CN={_parameter(row.person.full_name)};ROLE={PARTICIPATION.get(row.role, 'REQ-PARTICIPANT')}"
            f";PARTSTAT=NEEDS-ACTION:{_address(row.person)}"
        )
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
