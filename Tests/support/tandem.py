"""A small client for Tandem's API and web pages, for the end-to-end tests (standard library only).

Api speaks JSON with a personal access token; Web keeps cookies and the form token like a browser
and can send a form body in small chunks, the way a slow network delivers it.
"""
import http.client
import json
import os
import re
import socket
import subprocess
import time
import urllib.parse
import urllib.request
import uuid

PASSWORD = "correct horse battery"


class Api:
    def __init__(self, base, token=None, timeout=30):
        self.base = base
        self.token = token
        self.timeout = timeout

    def call(self, method, path, body=None):
        url = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=self.timeout)
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            self.last_headers = response.headers
        finally:
            connection.close()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode(errors="replace")
        return response.status, parsed

    def ok(self, method, path, body=None, expect=(200, 201, 204)):
        status, parsed = self.call(method, path, body)
        if status not in expect:
            raise AssertionError(f"{method} {path} -> {status}: {parsed}")
        return parsed

    def every_page(self, path):
        """The items of a paged list, following its Link rel="next" header to the end."""
        items = []
        while path:
            items += self.ok("GET", path)
            links = (self.last_headers.get("Link") or "").split(", ")
            after = [part for part in links if part.endswith('rel="next"')]
            path = after[0][after[0].index("<") + 1:after[0].index(">")] if after else None
        return items


def new_user(base, name, email=None, time_zone="Europe/Berlin"):
    email = email or f"{name.split()[0].lower()}-{uuid.uuid4().hex[:8]}@example.org"
    anonymous = Api(base)
    anonymous.ok("POST", "/api/v1/accounts", {"email": email, "displayName": name, "password": PASSWORD, "timeZone": time_zone})
    token = anonymous.ok("POST", "/api/v1/sessions", {"email": email, "password": PASSWORD, "tokenName": "e2e"})["secret"]
    api = Api(base, token)
    api.email = email
    return api


def program(base, name="Trust circle"):
    coordinator = new_user(base, "Dana Coordinator")
    created = coordinator.ok("POST", "/api/v1/programs", {"name": name, "startsOn": "2026-01-01", "endsOn": "2027-12-31"})
    code = created["inviteLink"].rstrip("/").split("/")[-1]
    return coordinator, created["id"], code


def mentor(base, code, name="Maya Mentor", capacity=20):
    api = new_user(base, name)
    api.ok("POST", f"/api/v1/join/{code}", {"role": "mentor"})
    api.ok("PUT", "/api/v1/me/profile", {"capacity": capacity, "openToMentees": True,
                                          "expertise": [{"skill": "public speaking", "level": 4}]})
    api.id = api.ok("GET", "/api/v1/me")["id"]
    return api


INTRODUCTION = {
    "whoIAm": "I am a junior engineer who moved from support into development last spring.",
    "whatDrewMe": "You have spoken about growing into technical leadership, which is where I want to go.",
    "hopeToAchieve": "I hope to give my first conference talk and lead a small project by next summer.",
    "timeAsked": "An hour every two weeks for six months",
}


def mentorship(base, code, mentor_api, name="Max Mentee", introduction=None):
    """A mentee joins, asks `mentor_api`, the mentor accepts: returns (mentee api, mentorship id)."""
    mentee = new_user(base, name)
    mentee.ok("POST", f"/api/v1/join/{code}", {"role": "mentee"})
    program_id = mentee.ok("GET", "/api/v1/programs")[0]["id"]
    body = dict(introduction or INTRODUCTION, mentorId=mentor_api.id)
    request = mentee.ok("POST", f"/api/v1/programs/{program_id}/requests", body)
    accepted = mentor_api.ok("POST", f"/api/v1/requests/{request['id']}/accept", {})
    mentorship_id = accepted.get("mentorshipId") or accepted.get("id")
    return mentee, mentorship_id


class Web:
    """A browser without a browser: cookies, the form token of the last page, no redirects followed."""

    def __init__(self, base, timeout=30):
        self.base = base
        self.cookies = {}
        self.csrf = ""
        self.timeout = timeout

    def _headers(self):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, status, headers, body):
        for name, value in headers:
            if name.lower() != "set-cookie":
                continue
            pair = value.split(";")[0].split("=", 1)
            if len(pair) == 2:
                if pair[1] == "" or "max-age=0" in value.lower() or "1970" in value:
                    self.cookies.pop(pair[0], None)
                else:
                    self.cookies[pair[0]] = pair[1]
        text = body.decode(errors="replace")
        match = re.search(r'name="_csrf" value="([^"]*)"', text)
        if match:
            self.csrf = match.group(1)
        return status, dict((k.lower(), v) for k, v in headers), text

    def get(self, path):
        url = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=self.timeout)
        try:
            connection.request("GET", path, headers=self._headers())
            response = connection.getresponse()
            return self._keep(response.status, response.getheaders(), response.read())
        finally:
            connection.close()

    def encode(self, fields, csrf=None):
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if not any(name == "_csrf" for name, _ in items):
            items.append(("_csrf", self.csrf if csrf is None else csrf))
        return urllib.parse.urlencode(items).encode()

    def post(self, path, fields, csrf=None, chunk=None, pause=0.002):
        """Posts a form. With `chunk`, the body goes out `chunk` bytes at a time with a pause
        between, over a raw socket, as a slow or busy network delivers it."""
        body = self.encode(fields, csrf)
        url = urllib.parse.urlsplit(self.base)
        head = [f"POST {path} HTTP/1.1", f"Host: {url.hostname}:{url.port}",
                "Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}", "Connection: close"]
        head += [f"{k}: {v}" for k, v in self._headers().items()]
        raw = ("\r\n".join(head) + "\r\n\r\n").encode()
        with socket.create_connection((url.hostname, url.port), timeout=self.timeout) as sock:
            if chunk:
                sock.sendall(raw)
                for start in range(0, len(body), chunk):
                    sock.sendall(body[start:start + chunk])
                    time.sleep(pause)
            else:
                sock.sendall(raw + body)
            response = http.client.HTTPResponse(sock)
            response.begin()
            return self._keep(response.status, response.getheaders(), response.read())

    def sign_in(self, email, password=PASSWORD):
        self.get("/sign-in")
        status, headers, _ = self.post("/sign-in", {"email": email, "password": password})
        assert status == 303, f"sign-in of {email}: {status}"
        return headers.get("location")


ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, data, env, args=()):
    """Starts `tandem serve` from the package root, logging to DATA/server.log, and waits for /healthz."""
    base = f"http://127.0.0.1:{env.get('TANDEM_PORT')}"
    for i, arg in enumerate(args):
        if arg == "--port":
            base = f"http://127.0.0.1:{args[i + 1]}"
    log = open(os.path.join(data, "server.log"), "ab")
    process = subprocess.Popen([binary, "serve", *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return process
        except Exception:  # noqa: BLE001 — not up yet
            if process.poll() is not None:
                raise RuntimeError("Tandem did not start: " + open(os.path.join(data, "server.log")).read()[-2000:])
            time.sleep(0.1)
    raise RuntimeError("Tandem did not answer /healthz")


class Report:
    """Counts steps and prints the closing line the CI reads: 'N passed, N failed'."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def step(self, name, check):
        try:
            check()
            self.passed += 1
            print(f"ok   {name}", flush=True)
        except Exception as error:  # noqa: BLE001 — report every failing step, then exit non-zero
            self.failed += 1
            detail = getattr(error, "msg", None)  # Selenium keeps its message here, not in repr()
            print(f"FAIL {name}: {error!r}{f' {detail}' if detail else ''}", flush=True)

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        return 1 if self.failed else 0


def goal(mentee, mentorship_id, title="Give a ten-minute talk at the meetup"):
    """An active SMART goal of the mentee's, shared with a mentorship; returns its id. A mentee who
    has a mentor names goals like this one when asking a second mentor alongside."""
    import datetime
    created = mentee.ok("POST", "/api/v1/goals", {
        "title": title,
        "specific": "A ten-minute talk on testing at the local meetup, with slides and a demo.",
        "metric": "rehearsals done", "unit": "rehearsals", "baseline": 0, "target": 10,
        "achievable": "Two rehearsals a week; my mentor watches one of them.",
        "relevant": "Speaking in public is what holds me back from a senior role.",
        "startsOn": datetime.date.today().isoformat(),
        "deadline": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
        "sharedWith": [mentorship_id], "status": "active"})
    return created["goal"]["id"]
