"""Soak: 8 clients at once for SOAK_SECONDS (20 by default) — people joining the program and
sending introductions, pairs writing messages and notes, recording goal progress, proposing
meetings, asking for feedback and raising concerns (and writing in the case), pages read and forms posted — while the server's background jobs run. No answer may be a
5xx and every write the server acknowledged must be there afterwards. Prints 'N passed, N failed'.
"""
import datetime
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from tandem import Api, Report, Web, mentor, mentorship, new_user, program  # noqa: E402

BASE = os.environ["TANDEM_URL"]
SECONDS = float(os.environ.get("SOAK_SECONDS", "20"))
CLIENTS = 8
report = Report()

coordinator, program_id, code = program(BASE, "Soak program")
mentors = [mentor(BASE, code, f"Mentor {i}", capacity=20) for i in range(4)]
pairs = []
for i in range(4):
    mentee, mentorship_id = mentorship(BASE, code, mentors[i], f"Mentee {i}")
    goal = mentee.ok("POST", "/api/v1/goals", {
        "title": f"Give a ten-minute talk at the meetup {i}",
        "specific": "A ten-minute talk on testing at the local meetup, with slides and a demo.",
        "metric": "rehearsals done", "unit": "rehearsals", "baseline": 0, "target": 10,
        "achievable": "Two rehearsals a week; my mentor watches one of them.",
        "relevant": "Speaking in public is what holds me back from a senior role.",
        "startsOn": datetime.date.today().isoformat(),
        "deadline": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
        "sharedWith": [mentorship_id], "status": "active"})
    web = Web(BASE)
    web.sign_in(mentee.email)
    pairs.append({"mentee": mentee, "mentor": mentors[i], "id": mentorship_id, "goal": goal["goal"]["id"], "web": web,
                  "lock": threading.Lock()})

lock = threading.Lock()
statuses = {}
errors = []
acknowledged = {"messages": {}, "notes": {}, "progress": {}, "meetings": {}, "members": [], "requests": [],
                "feedback": {}, "concerns": {}, "case lines": {}}


def record(kind, status):
    with lock:
        statuses[(kind, status)] = statuses.get((kind, status), 0) + 1
        if status >= 500:
            errors.append(f"{kind} -> {status}")


def ack(kind, key, value):
    with lock:
        if isinstance(acknowledged[kind], list):
            acknowledged[kind].append(value)
        else:
            acknowledged[kind].setdefault(key, []).append(value)


def join_and_introduce(rng):
    person = new_user(BASE, "Joining Person")
    status, _ = person.call("POST", f"/api/v1/join/{code}", {"role": "mentee"})
    record("join", status)
    if status == 200:
        ack("members", None, person.email)
    target = rng.choice(mentors)
    status, body = person.call("POST", f"/api/v1/programs/{program_id}/requests", {
        "mentorId": target.id, "whoIAm": "I moved from support into engineering this year. " * 3,
        "whatDrewMe": "Your talks on leading small teams are what I want to learn from. " * 3,
        "hopeToAchieve": "A first conference talk and leading a small project next year. " * 3,
        "timeAsked": "An hour every two weeks"})
    record("introduction", status)
    if status == 201:
        ack("requests", None, body["id"])


def message(rng, pair):
    text = f"Soak message {rng.random()}"
    status, body = pair["mentee"].call("POST", f"/api/v1/mentorships/{pair['id']}/messages", {"body": text})
    record("message", status)
    if status == 201:
        ack("messages", pair["id"], text)


def note(rng, pair):
    text = f"Soak note {rng.random()}"
    status, _ = pair["mentor"].call("POST", f"/api/v1/mentorships/{pair['id']}/notes", {"body": text, "visibility": "pair"})
    record("note", status)
    if status == 201:
        ack("notes", pair["id"], text)


def progress(rng, pair):
    value = rng.randint(0, 10)
    status, body = pair["mentee"].call("POST", f"/api/v1/goals/{pair['goal']}/progress", {"value": value})
    record("progress", status)
    if status == 201:
        ack("progress", pair["goal"], body["id"])


def meeting(rng, pair):
    day = datetime.date.today() + datetime.timedelta(days=rng.randint(2, 200))
    start = f"{day.isoformat()}T{rng.randint(7, 19):02d}:{rng.choice(['00', '15', '30', '45'])}"
    status, body = pair["mentee"].call("POST", f"/api/v1/mentorships/{pair['id']}/meetings",
                                       {"start": start, "timeZone": "Europe/Berlin", "minutes": 30})
    record("meeting", status)
    if status == 201:
        for created in body:
            ack("meetings", pair["id"], created["id"])


def feedback(rng, pair):
    status, body = pair["mentee"].call("POST", f"/api/v1/mentorships/{pair['id']}/feedback/requests", {
        "subject": "work", "question": f"Is this outline too long for ten minutes? {rng.random()}",
        "workText": "1. Why we test\n2. Three patterns\n3. A live demo " * rng.randint(1, 20)})
    record("feedback", status)
    if status == 201:
        ack("feedback", pair["id"], body["id"])


def concern(rng, pair):
    # A concern, then a line in its case: two writes that must both survive.
    status, body = pair["mentee"].call("POST", f"/api/v1/mentorships/{pair['id']}/concerns", {
        "category": rng.choice(["communication", "commitment", "boundaries"]),
        "description": f"Soak concern {rng.random()} " + "answers take long " * rng.randint(1, 100), "shares": ["late_changes"]})
    record("concern", status)
    if status != 201:
        return
    case_id = body["concern"]["id"]
    ack("concerns", pair["id"], case_id)
    text = f"Soak case line {rng.random()}"
    status, _ = pair["mentee"].call("POST", f"/api/v1/concerns/{case_id}/entries", {"body": text})
    record("case line", status)
    if status == 201:
        ack("case lines", case_id, text)


def web_message(rng, pair):
    # A form post through the web session: the session and its token are written too.
    with pair["lock"]:
        web = pair["web"]
        status, _, _ = web.get(f"/mentorships/{pair['id']}")
        record("page", status)
        text = f"Soak web message {rng.random()} " + "long words " * rng.randint(10, 300)
        status, _, _ = web.post(f"/mentorships/{pair['id']}/messages", {"body": text.strip()}, chunk=rng.choice([None, 512]))
    record("web message", status)
    if status == 303:
        ack("messages", pair["id"], text.strip())


def read(rng, pair):
    status, _ = pair["mentor"].call("GET", "/api/v1/dashboard")
    record("dashboard", status)


def worker(seed):
    rng = random.Random(seed)
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        pair = rng.choice(pairs)
        action = rng.choices([join_and_introduce, message, note, progress, meeting, web_message, read, feedback, concern],
                             weights=[1, 3, 3, 2, 2, 2, 2, 1, 1])[0]
        try:
            if action is join_and_introduce:
                action(rng)
            else:
                action(rng, pair)
        except Exception as error:  # noqa: BLE001 — a refused connection or a reset is a failure too
            with lock:
                errors.append(f"{action.__name__}: {error!r}")


threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(CLIENTS)]
started = time.monotonic()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.monotonic() - started
total = sum(statuses.values())
print(f"     {total} requests in {elapsed:.1f} s by {CLIENTS} clients; by kind and status: "
      + ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(statuses.items())))


def no_server_errors():
    assert not errors, f"{len(errors)} failures, e.g. {errors[:5]}"
    assert total > 50, f"only {total} requests"


def every_acknowledged_write_is_there():
    for pair in pairs:
        messages = {m["body"] for m in pair["mentee"].every_page(f"/api/v1/mentorships/{pair['id']}/messages?limit=50")}
        missing = [t for t in acknowledged["messages"].get(pair["id"], []) if t not in messages]
        assert not missing, f"{len(missing)} acknowledged messages missing"
        detail = pair["mentee"].ok("GET", f"/api/v1/mentorships/{pair['id']}")
        notes = {n["body"] for n in detail["notes"]}
        missing = [t for t in acknowledged["notes"].get(pair["id"], []) if t not in notes]
        assert not missing, f"{len(missing)} acknowledged notes missing"
        goal = pair["mentee"].ok("GET", f"/api/v1/goals/{pair['goal']}")
        recorded = {p["id"] for p in goal["progress"]}
        missing = [p for p in acknowledged["progress"].get(pair["goal"], []) if p not in recorded]
        assert not missing, f"{len(missing)} acknowledged progress updates missing"
        meetings = {m["id"] for m in pair["mentee"].ok("GET", f"/api/v1/mentorships/{pair['id']}/meetings")["meetings"]}
        missing = [m for m in acknowledged["meetings"].get(pair["id"], []) if m not in meetings]
        assert not missing, f"{len(missing)} acknowledged meetings missing"
        asked = {f["id"] for f in pair["mentor"].ok("GET", f"/api/v1/mentorships/{pair['id']}/feedback")}
        missing = [f for f in acknowledged["feedback"].get(pair["id"], []) if f not in asked]
        assert not missing, f"{len(missing)} acknowledged feedback requests missing"
        for case_id in acknowledged["concerns"].get(pair["id"], []):
            case = pair["mentee"].ok("GET", f"/api/v1/concerns/{case_id}")
            lines = {e["body"] for e in case["entries"]}
            missing = [t for t in acknowledged["case lines"].get(case_id, []) if t not in lines]
            assert not missing, f"{len(missing)} acknowledged case lines missing"
            status, _ = pair["mentor"].call("GET", f"/api/v1/concerns/{case_id}")
            assert status == 404, "the other side never sees a concern it was not told of"
    members = {m["email"] for m in coordinator.every_page(f"/api/v1/programs/{program_id}/members?perPage=50") if "email" in m} or None
    if members is not None:
        missing = [e for e in acknowledged["members"] if e not in members]
        assert not missing, f"{len(missing)} acknowledged joins missing"
    requests = set()
    for m in mentors:
        requests |= {r["id"] for r in m.ok("GET", "/api/v1/requests")["received"]}
    missing = [r for r in acknowledged["requests"] if r not in requests]
    assert not missing, f"{len(missing)} acknowledged introductions missing"


def server_still_answers():
    status, _ = Api(BASE).call("GET", "/healthz")
    assert status == 200
    status, _, _ = Web(BASE).get("/sign-in")
    assert status == 200


report.step(f"{CLIENTS} clients for {SECONDS:.0f} s: no 5xx, no reset connection", no_server_errors)
report.step("every acknowledged write is there afterwards", every_acknowledged_write_is_there)
report.step("the server still answers every page after the soak", server_still_answers)
sys.exit(report.finish())
