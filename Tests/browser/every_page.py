"""Every page, as each role, at desktop (1280×900) and phone (390×844) width, on the demo program.

The demo is loaded into the running server's data directory (TANDEM_BINARY names the binary,
TANDEM_DATA the directory). For the mentee, the mentor and the coordinator it signs in and walks
every link a page offers inside Tandem, breadth first, from the dashboard: each kind of page (its
address with ids replaced) is visited up to twice. Each page must load without a server error, fit
the viewport, show no raw stored value or ISO date, and have no axe-core 4.x violation; a
screenshot of each is kept in TANDEM_SCREENSHOTS. Prints 'N passed, N failed'.
"""
import collections
import os
import re
import subprocess
import sys
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from pagecheck import browser, check_page, full_screenshot  # noqa: E402
from tandem import Report  # noqa: E402

BASE = os.environ["TANDEM_URL"]
SHOTS = os.environ.get("TANDEM_SCREENSHOTS", "/tmp/tandem-screenshots")
os.makedirs(SHOTS, exist_ok=True)
DEMO_PASSWORD = "tandem-demo-2026"
ROLES = {"mentee": "mentee@example.org", "mentor": "mentor@example.org", "coordinator": "coordinator@example.org"}
# Not pages: files, a sign-out, one-time secrets, and what a demo visit must not change.
SKIP = re.compile(r"(\.ics$|\.csv$|/export|/sign-out|/calendar/|/api/|/healthz|/metrics|/openapi|/design$|/invitations/|/join/)")
PER_KIND = 2
MAX_PAGES = int(os.environ.get("TANDEM_MAX_PAGES", "60"))

subprocess.run([os.environ["TANDEM_BINARY"], "demo"], check=True, capture_output=True,
               env={**os.environ, "TANDEM_DATA_DIR": os.environ["TANDEM_DATA"]})
report = Report()


def kind_of(path):
    return re.sub(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", ":id", path)


def links(driver):
    found = []
    for anchor in driver.find_elements(By.CSS_SELECTOR, "main a[href], header a[href]"):
        href = anchor.get_attribute("href") or ""
        parts = urllib.parse.urlsplit(href)
        if not href.startswith(BASE) or SKIP.search(parts.path):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def sign_in(driver, email):
    driver.get(BASE + "/sign-in")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/dashboard" in d.current_url)


visited_kinds = collections.Counter()
for size, (width, height) in {"desktop": (1280, 900), "phone": (390, 844)}.items():
    for role, email in ROLES.items():
        driver = browser(width, height, wait=0)
        try:
            sign_in(driver, email)
            queue, seen, per_kind, pages = collections.deque(["/dashboard"]), {"/dashboard"}, collections.Counter(), 0
            while queue and pages < MAX_PAGES:
                path = queue.popleft()
                kind = kind_of(path.split("?")[0])
                if per_kind[kind] >= PER_KIND:
                    continue
                per_kind[kind] += 1
                pages += 1
                visited_kinds[(role, kind)] += 1
                name = f"{size}-{role}-{re.sub(r'[^a-z0-9]+', '-', kind.lower()).strip('-') or 'home'}-{per_kind[kind]}"

                def visit():
                    driver.get(BASE + path)
                    full_screenshot(driver, os.path.join(SHOTS, f"{name}.png"))
                    check_page(driver)

                report.step(f"{size} {role}: {path}", visit)
                for link in links(driver):
                    if link not in seen:
                        seen.add(link)
                        queue.append(link)
        finally:
            driver.quit()

kinds = collections.defaultdict(set)
for role, kind in visited_kinds:
    kinds[role].add(kind)
for role in ROLES:
    print(f"     {role}: {len(kinds[role])} kinds of page: {', '.join(sorted(kinds[role]))}")
print(f"     screenshots in {SHOTS}")
sys.exit(report.finish())
