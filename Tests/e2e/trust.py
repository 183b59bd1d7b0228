"""Nothing a person types is lost: long forms sent in small chunks, stale form tokens, a session
that ended while someone typed. Runs against a real server (TANDEM_URL); prints 'N passed, N failed'.
"""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from tandem import Report, Web, goal, mentor, mentorship, program  # noqa: E402

BASE = os.environ["TANDEM_URL"]
report = Report()

coordinator, program_id, code = program(BASE)
maya = mentor(BASE, code)
# Introductions go to a second mentor: Maya already mentors Max.
sam = mentor(BASE, code, "Sam Second")
max_api, mentorship_id = mentorship(BASE, code, maya)
# A second mentor alongside Maya is asked for a named goal.
goal_id = goal(max_api, mentorship_id)
web = Web(BASE)
web.sign_in(max_api.email)


def text(length, seed):
    words = f"Thought {seed}: the talk outline needs a sharper opening and fewer slides. "
    # Ends in a letter, so trimming whitespace never shortens it.
    return (words * (length // len(words) + 1))[:length - 1] + "x"


def message_count():
    return len(max_api.ok("GET", f"/api/v1/mentorships/{mentorship_id}/messages"))


def long_messages_in_small_chunks():
    page = f"/mentorships/{mentorship_id}"
    before = message_count()
    accepted = 0
    for attempt in range(20):
        web.get(page)
        body = text(3900, attempt)
        status, headers, _ = web.post(page + "/messages", {"body": body}, chunk=256)
        if status == 303:
            accepted += 1
    assert accepted == 20, f"{accepted} of 20 accepted"
    assert message_count() == before + 20
    print(f"     3,900-character messages in 256-byte chunks: {accepted}/20 accepted")


def every_size_up_to_the_limit():
    page = f"/mentorships/{mentorship_id}"
    results = []
    for size in (1000, 2000, 3000, 3999, 4000):
        web.get(page)
        status, _, _ = web.post(page + "/messages", {"body": text(size, size)}, chunk=1000, pause=0.01)
        results.append((size, status))
    assert all(status == 303 for _, status in results), results
    web.get(page)
    status, _, html = web.post(page + "/messages", {"body": text(4001, 1)}, chunk=1000)
    assert status == 422 and "4000" in html.replace(",", "").replace("\u202f", ""), f"over the limit: {status}"
    assert text(4001, 1)[:200] in html, "the text over the limit is kept in the form"


def three_long_introduction_parts_in_chunks():
    ask = f"/programs/{program_id}/mentors/{sam.id}/ask"
    accepted = 0
    for attempt in range(20):
        web.get(ask)
        fields = {"whoIAm": text(1500, attempt), "whatDrewMe": text(1500, attempt + 100),
                  "hopeToAchieve": text(1500, attempt + 200), "timeAsked": "An hour every two weeks", f"goal-{goal_id}": "on"}
        status, _, html = web.post(ask, fields, chunk=300)
        if status == 303:
            accepted += 1
        else:
            print(f"     attempt {attempt}: {status} {html[:200]!r}")
        pending = [r for r in max_api.ok("GET", "/api/v1/requests")["sent"] if r.get("status") == "pending"]
        for request in pending:
            max_api.ok("POST", f"/api/v1/requests/{request['id']}/withdraw", {})
    assert accepted == 20, f"{accepted} of 20 accepted"


def stale_token_keeps_the_text():
    page = f"/mentorships/{mentorship_id}"
    web.get(page)
    words = text(2500, "stale") + " — the end"
    status, _, html = web.post(page + "/messages", {"body": words}, csrf="not-the-token")
    assert status == 403, status
    assert "nothing was sent yet" in html.lower() and "Send again" in html
    assert words[-300:].replace("—", "&#8212;") in html or words[-300:] in html, "typed text shown again"
    assert "Forbidden" not in html.split("<main", 1)[1][:400]
    before = message_count()
    # The page carries a fresh token: pressing Send again sends it.
    status, _, _ = web.post(page + "/messages", {"body": words})
    assert status == 303 and message_count() == before + 1


def signed_out_while_typing():
    page = f"/mentorships/{mentorship_id}"
    tab = Web(BASE)
    tab.sign_in(max_api.email)
    tab.get(page)
    old_token = tab.csrf
    tab.post("/sign-out", {})  # signed out in another tab (same cookie jar)
    words = text(3000, "signed-out")
    status, headers, _ = tab.post(page + "/messages", {"body": words}, csrf=old_token)
    location = urllib.parse.unquote(headers["location"])
    assert status == 303 and location == "/sign-in?next=/form-again", location
    status, _, html = tab.get(headers["location"])
    assert "what you typed is kept" in html, "the sign-in page says the text waits"
    status, _, _ = tab.post("/sign-in", {"email": max_api.email, "password": "correct horse battery", "next": "/form-again"})
    assert status == 303
    status, _, html = tab.get("/form-again")
    assert status == 200 and words[:500] in html, "the words are back after signing in"
    before = message_count()
    status, _, _ = tab.post(page + "/messages", {"body": words})
    assert status == 303 and message_count() == before + 1


report.step("twenty 3,900-character messages sent in small chunks are all accepted", long_messages_in_small_chunks)
report.step("1,000 to 4,000 characters accepted; 4,001 refused inline with the text kept", every_size_up_to_the_limit)
report.step("twenty introductions of 3 × 1,500 characters in small chunks are all accepted", three_long_introduction_parts_in_chunks)
report.step("a stale form token shows the form again with the text kept, and Send again works", stale_token_keeps_the_text)
report.step("signed out while typing: sign in again, the text waits and is sent", signed_out_while_typing)
sys.exit(report.finish())
