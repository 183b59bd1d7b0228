"""Links that work: `tandem serve --hostname H --port P` puts H:P in the invite link, the calendar
feed address and e-mails, even when TANDEM_PORT says otherwise. Usage: links.py path/to/tandem.
Prints 'N passed, N failed'.
"""
import os
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from tandem import Report, Web, free_port, program, start_server  # noqa: E402

binary = sys.argv[1]
data = tempfile.mkdtemp(prefix="tandem-links.")
report = Report()
port = free_port()
BASE = f"http://127.0.0.1:{port}"
# The environment names another port on purpose: the flag must win everywhere.
env = dict(os.environ, TANDEM_PORT="8080", TANDEM_HOST="localhost", TANDEM_DATA_DIR=data, TANDEM_BCRYPT_COST="4")
env.pop("TANDEM_PUBLIC_URL", None)
env.pop("DATABASE_URL", None)
server = start_server(binary, data, env, ["--hostname", "127.0.0.1", "--port", str(port)])
try:
    coordinator, program_id, code = program(BASE)
    created = coordinator.ok("GET", f"/api/v1/programs/{program_id}")

    def invite_link_follows_the_flags():
        link = created["inviteLink"]
        assert link.startswith(BASE + "/join/"), link
        with urllib.request.urlopen(link, timeout=5) as response:
            assert response.status == 200 and "sign" in response.read().decode().lower()

    def program_page_shows_the_same_link():
        web = Web(BASE)
        web.sign_in(coordinator.email)
        status, _, html = web.get(f"/programs/{program_id}/participants")
        assert status == 200 and f"{BASE}/join/{code}" in html

    def calendar_feed_address_follows_the_flags():
        feed = coordinator.ok("POST", "/api/v1/me/calendar-feed", {})
        address = feed.get("url") or feed.get("address") or str(feed)
        assert BASE + "/calendar/" in address, address
        with urllib.request.urlopen(address if address.startswith("http") else BASE + address, timeout=5) as response:
            assert response.status == 200

    report.step("the invite link carries --hostname and --port, and opens", invite_link_follows_the_flags)
    report.step("the participants page shows that link", program_page_shows_the_same_link)
    report.step("the calendar feed address carries them too, and opens", calendar_feed_address_follows_the_flags)
finally:
    server.terminate()
    server.wait(timeout=30)
sys.exit(report.finish())
