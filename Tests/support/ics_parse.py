"""Parses an iCalendar file with the `icalendar` package and prints what the tests check, as JSON.

Usage: python ics_parse.py FILE
"""
import json
import sys

import icalendar

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
    "method": str(calendar.get("METHOD", "")),
    "timezones": [str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")],
    "events": events,
}))
