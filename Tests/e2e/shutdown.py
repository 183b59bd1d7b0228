"""A clean stop under load: start the real executable, keep 8 clients busy (reads, writes, a slow
upload), send SIGTERM. The process must exit 0, every request sent before the signal must get its
full answer, none a 5xx, and every acknowledged write must be there after a restart.

Usage: shutdown.py path/to/tandem   (DATABASE_URL for PostgreSQL; else a fresh SQLite folder)
Prints 'N passed, N failed'.
"""
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from tandem import Report, Web, free_port, mentor, mentorship, program, start_server  # noqa: E402

binary = sys.argv[1]
data = tempfile.mkdtemp(prefix="tandem-stop.")
report = Report()
port = free_port()
BASE = f"http://127.0.0.1:{port}"
env = dict(os.environ, TANDEM_PORT=str(port), TANDEM_DATA_DIR=data, TANDEM_BCRYPT_COST="4",
           TANDEM_SIGN_IN_LIMIT="1000", TANDEM_AUTO_MIGRATE="true")


def start():
    return start_server(binary, data, env)


server = start()
coordinator, program_id, code = program(BASE, "Stop program")
maya = mentor(BASE, code)
mentee, mentorship_id = mentorship(BASE, code, maya)
web = Web(BASE)
web.sign_in(mentee.email)

lock = threading.Lock()
signalled_at = [None]
stop_clients = threading.Event()
outcomes = []  # (sent at, what, status or error)
acknowledged = []
concerns = []  # descriptions of concerns the server acknowledged (several rows written in one transaction)


def note_outcome(sent, what, result):
    with lock:
        outcomes.append((sent, what, result))


def client(number):
    i = 0
    while not stop_clients.is_set():
        i += 1
        sent = time.monotonic()
        try:
            if i % 4 == 0:
                text = f"client {number} concern {i}: answers take weeks"
                status, body = mentee.call("POST", f"/api/v1/mentorships/{mentorship_id}/concerns",
                                           {"category": "communication", "description": text, "shares": ["meetings", "late_changes"]})
                if status == 201:
                    with lock:
                        concerns.append(text)
            elif i % 2:
                text = f"client {number} message {i}"
                status, body = mentee.call("POST", f"/api/v1/mentorships/{mentorship_id}/messages", {"body": text})
                if status == 201:
                    with lock:
                        acknowledged.append(text)
            else:
                status, _ = maya.call("GET", f"/api/v1/mentorships/{mentorship_id}")
            note_outcome(sent, "api", status)
        except Exception as error:  # noqa: BLE001
            note_outcome(sent, "api", repr(error))
        time.sleep(0.01)


slow_result = {}


def slow_upload():
    text = "A long, slowly typed and slowly sent reflection. " * 70
    web.get(f"/mentorships/{mentorship_id}")
    sent = time.monotonic()
    try:
        # ~3,500 bytes in 64-byte pieces, 40 ms apart: about two seconds on the wire.
        status, _, _ = web.post(f"/mentorships/{mentorship_id}/messages", {"body": text.strip()}, chunk=64, pause=0.04)
        slow_result.update(sent=sent, status=status)
        if status == 303:
            with lock:
                acknowledged.append(text.strip())
    except Exception as error:  # noqa: BLE001
        slow_result.update(sent=sent, status=repr(error))


threads = [threading.Thread(target=client, args=(n,)) for n in range(7)]
for thread in threads:
    thread.start()
time.sleep(1.5)
uploader = threading.Thread(target=slow_upload)
uploader.start()
time.sleep(0.7)
signalled_at[0] = time.monotonic()
server.send_signal(signal.SIGTERM)
try:
    code_on_exit = server.wait(timeout=40)
except subprocess.TimeoutExpired:
    server.kill()
    code_on_exit = "still running after 40 s"
stop_clients.set()
for thread in threads:
    thread.join()
uploader.join()

before = [o for o in outcomes if o[0] < signalled_at[0]]
bad = [(round(signalled_at[0] - o[0], 4), o[1], o[2]) for o in before if not isinstance(o[2], int) or o[2] >= 500]
print(f"     exit code {code_on_exit}; {len(before)} requests sent before SIGTERM, {len(bad)} without a full answer;"
      f" slow upload: {slow_result.get('status')}")


def exits_zero():
    assert code_on_exit == 0, f"exit code {code_on_exit}; log tail: {open(os.path.join(data, 'server.log')).read()[-1500:]}"


def requests_in_flight_finish():
    assert len(before) > 20, f"only {len(before)} requests before the signal"
    assert not bad, f"{len(bad)} requests sent before SIGTERM failed, e.g. {bad[:5]}"


def slow_upload_finishes():
    assert slow_result.get("sent", 1e18) < signalled_at[0], "the upload began before the signal"
    assert slow_result.get("status") == 303, slow_result


def nothing_acknowledged_is_lost():
    restarted = start()
    try:
        # The export holds every message its author wrote (the thread shows the latest 100).
        export = mentee.ok("GET", "/api/v1/me/export")
        bodies = {m["body"] for m in export["messagesWritten"]}
        missing = [t for t in acknowledged if t not in bodies]
        assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged messages missing"
        raised = {c["description"] for c in export["concernsRaised"]}
        missing = [t for t in concerns if t not in raised]
        assert concerns and not missing, f"{len(missing)} of {len(concerns)} acknowledged concerns missing"
        # A concern's rows are written together: none is half there (raised, with its first line).
        first_lines = [e for e in export["concernEntriesWritten"] if e.get("toState") == "raised"]
        assert len(first_lines) == len(export["concernsRaised"]), \
            f"{len(export['concernsRaised'])} concerns but {len(first_lines)} first lines"
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=30)


report.step("SIGTERM under load: the process exits 0", exits_zero)
report.step("every request sent before the signal gets its full answer, none a 5xx", requests_in_flight_finish)
report.step("a slow upload in flight at the signal is received and saved", slow_upload_finishes)
report.step("after a restart every acknowledged write is there", nothing_acknowledged_is_lost)
sys.exit(report.finish())
