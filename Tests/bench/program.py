"""Times Tandem on a program of 10,000 people (built by `tandem program-seed`): every dashboard,
the directory, the coordinator's lists and the API's "my mentorships" — single requests (median
and p90) and wrk at 32 connections (requests per second, p99) — and the server's peak memory.

Usage: python3 program.py SEED.json SERVER_PID   (TANDEM_URL names the running server)
Budgets from issue #14: dashboards 10 ms median and p99 50 ms at 32 connections; directory,
participants, program page, requests and matching page 50 ms median; server memory 200 MB.
Prints every figure with its ratio to the budget; exits 1 while any is over.
"""
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
WRK_SECONDS = os.environ.get("BENCH_WRK_SECONDS", "10")
BASE = os.environ["TANDEM_URL"]
url = urllib.parse.urlparse(BASE)
with open(sys.argv[1]) as handle:
    seed = json.loads([line for line in handle if line.startswith("{")][-1])
server_pid = sys.argv[2]
program = seed["programId"]
over = []


class Client:
    """One person: a signed-in browser session and an API token."""

    def __init__(self, email):
        self.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        self.cookie = ""
        status, page = self.request("GET", "/sign-in")
        token = re.search(rb'name="_csrf" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"email": email, "password": seed["password"], "_csrf": token})
        status, _ = self.request("POST", "/sign-in", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 303, f"sign-in of {email} answered {status}"
        body = json.dumps({"email": email, "password": seed["password"], "tokenName": "bench"})
        status, answer = self.request("POST", "/api/v1/sessions", body, {"Content-Type": "application/json"}, cookie=False)
        self.token = json.loads(answer)["secret"]

    def request(self, method, path, body=None, headers=None, cookie=True):
        headers = dict(headers or {})
        if cookie and self.cookie:
            headers["Cookie"] = self.cookie
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and cookie:
                self.cookie = value.split(";")[0]
        return response.status, data

    def get(self, path):
        if path.startswith("/api/"):
            return self.request("GET", path, headers={"Authorization": "Bearer " + self.token, "Accept": "application/json"}, cookie=False)
        return self.request("GET", path)

    def auth_header(self, path):
        return f"Authorization: Bearer {self.token}" if path.startswith("/api/") else f"Cookie: {self.cookie}"


def single(name, client, path, budget):
    for _ in range(3):
        status, body = client.get(path)
        assert status == 200, f"{path} answered {status}"
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        status, body = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    median = statistics.median(times)
    verdict = f"{median / budget:6.2f}× the {budget:.0f} ms budget"
    if median > budget:
        over.append(name)
    print(f"{name:<48} median {median:8.1f} ms  p90 {times[int(len(times) * 0.9)]:8.1f} ms  {len(body) / 1024:8.1f} KiB  {verdict}", flush=True)


def loaded(name, client, path, p99_budget=None):
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{WRK_SECONDS}s", "--latency", "--timeout", "30s",
                          "-H", client.auth_header(path), BASE + path], capture_output=True, text=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)] if p99 else float("nan")
    verdict = ""
    if p99_budget:
        verdict = f"p99 {ms / p99_budget:6.2f}× the {p99_budget:.0f} ms budget"
        if not ms <= p99_budget:
            over.append(name + " at 32 connections")
    print(f"{name + ' × 32':<48} {float(rate.group(1)) if rate else 0:8.1f} req/s  p99 {ms:8.1f} ms"
          f"{'  ' + errors.group(1) + ' failed' if errors else ''}  {verdict}", flush=True)


looking = Client(seed["menteeLooking"])
matched = Client(seed["menteeMatched"])
mentor = Client(seed["mentor"])
coordinator = Client(seed["coordinator"])
print(f"program of {seed['people']} people, {seed['mentorships']} mentorships, {seed['pendingRequests']} pending requests", flush=True)

for who, client in (("mentee looking", looking), ("mentee matched", matched), ("mentor", mentor), ("coordinator", coordinator)):
    single(f"dashboard of a {who} (page)", client, "/dashboard", 10)
    single(f"dashboard of a {who} (API)", client, "/api/v1/dashboard", 10)
single("directory, 'kubernetes' by compatibility (page)", looking, f"/programs/{program}/mentors?q=kubernetes&sort=compatibility", 50)
single("directory, 'kubernetes' by compatibility (API)", looking, f"/api/v1/programs/{program}/mentors?q=kubernetes&sort=compatibility", 50)
single("coordinator's participants page", coordinator, f"/programs/{program}/participants", 50)
single("coordinator's program page", coordinator, f"/programs/{program}", 50)
single("mentor's requests page", mentor, "/requests", 50)
single("coordinator's matching page", coordinator, f"/programs/{program}/matching", 50)
single("mentorship page of a matched mentee", matched, f"/mentorships/{seed['mentorshipId']}", 50)
single("GET /api/v1/mentorships (matched mentee)", matched, "/api/v1/mentorships", 10)

if os.environ.get("BENCH_WRK", "1") != "0":
    loaded("dashboard of a mentee looking (API)", looking, "/api/v1/dashboard", 50)
    loaded("dashboard of a mentee matched (page)", matched, "/dashboard", 50)
    loaded("dashboard of a mentor (page)", mentor, "/dashboard", 50)
    loaded("dashboard of a coordinator (page)", coordinator, "/dashboard", 50)
    loaded("GET /api/v1/mentorships", matched, "/api/v1/mentorships")

with open(f"/proc/{server_pid}/status") as status:
    peak = int(next(line for line in status if line.startswith("VmHWM:")).split()[1]) // 1024
print(f"{'server memory, peak':<48} {peak:8d} MB  {peak / 200:6.2f}× the 200 MB budget")
if peak > 200:
    over.append("server memory")
print("over budget: " + (", ".join(over) if over else "nothing"))
sys.exit(1 if over else 0)
