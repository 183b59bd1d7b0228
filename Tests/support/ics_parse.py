"""Parses an iCalendar file with the `icalendar` package and prints what the tests check, as JSON.

Usage: python ics_parse.py FILE          an .ics file
       python ics_parse.py --mime FILE   an e-mail: finds its text/calendar part, as a mail client would
"""
import email
import json
import sys

import icalendar

content_type = ""
if sys.argv[1] == "--mime":
    with open(sys.argv[2], "rb") as handle:
        message = email.message_from_bytes(handle.read())
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    if not parts:
        sys.exit("no text/calendar part in the message")
    content_type = parts[0].get("Content-Type")
    calendar = icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))
else:
    with open(sys.argv[1], "rb") as handle:
        calendar = icalendar.Calendar.from_ical(handle.read())

events = []
for event in calendar.walk("VEVENT"):
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND")
    events.append({
        "uid": str(event.get("UID")),
        "sequence": int(event.get("SEQUENCE", 0)),
        "status": str(event.get("STATUS", "")),
        "summary": str(event.get("SUMMARY", "")),
        "description": str(event.get("DESCRIPTION", "")),
        "tzid": event["DTSTART"].params.get("TZID", ""),
        "start_utc": start.astimezone(__import__("datetime").timezone.utc).isoformat(),
        "start_local": start.strftime("%Y-%m-%dT%H:%M"),
        "end_utc": end.astimezone(__import__("datetime").timezone.utc).isoformat(),
    })
print(json.dumps({
    "contentType": content_type,
    "method": str(calendar.get("METHOD", "")),
    "timezones": [str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")],
    "events": events,
}))
