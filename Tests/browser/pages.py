"""Pages as people see them, at desktop (1280×900) and phone (390×844) width: each page must load
without a server error, fit the viewport, show no raw stored value and have no axe-core violation
(a current axe-core 4.x, from the axe-playwright-python wheel; AXE_JS names the file). Screenshots go
to TANDEM_SCREENSHOTS. Prints 'N passed, N failed'.

The pages so far: the design system, sign-in and sign-up for an invitee, the dashboard with the
phone menu open, a confirmation step, a form that waited for its sender, an error page.
"""
import os
import sys
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from pagecheck import browser, check_page  # noqa: E402
from tandem import PASSWORD, Report, mentor, mentorship, program  # noqa: E402

BASE = os.environ["TANDEM_URL"]
SHOTS = os.environ.get("TANDEM_SCREENSHOTS", "/tmp/tandem-screenshots")
os.makedirs(SHOTS, exist_ok=True)
report = Report()

coordinator, program_id, code = program(BASE, "Spring circle")
maya = mentor(BASE, code)
max_api, mentorship_id = mentorship(BASE, code, maya)
goal_id = max_api.ok("POST", "/api/v1/goals", {"title": "Give a ten-minute talk at the meetup"})["goal"]["id"]


def looks_right(driver, name):
    """The checks every page gets; the screenshot is kept either way."""
    driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))
    check_page(driver)


def sign_in(driver, email):
    driver.get(BASE + "/sign-in")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/dashboard" in d.current_url)


for size, (width, height) in {"desktop": (1280, 900), "phone": (390, 844)}.items():
    driver = browser(width, height)
    try:
        def invited():
            driver.get(BASE + "/join/" + code)
            WebDriverWait(driver, 10).until(lambda d: "invited to" in d.page_source)
            looks_right(driver, f"{size}-invited-sign-in")
            driver.find_element(By.LINK_TEXT, "Create an account").click()
            WebDriverWait(driver, 10).until(lambda d: "/sign-up" in d.current_url)
            assert "invited to" in driver.page_source
            looks_right(driver, f"{size}-invited-sign-up")

        def design():
            driver.get(BASE + "/design")
            looks_right(driver, f"{size}-design")

        def dashboard_and_menu():
            sign_in(driver, max_api.email)
            looks_right(driver, f"{size}-dashboard")
            if size == "phone":
                wide = driver.find_element(By.CSS_SELECTOR, ".nav-wide")
                assert not wide.is_displayed(), "the row of links gives way to a menu on a phone"
                driver.find_element(By.CSS_SELECTOR, ".nav-menu > summary").click()
                assert driver.find_element(By.CSS_SELECTOR, ".nav-menu a[href='/goals']").is_displayed()
                looks_right(driver, f"{size}-menu-open")
            else:
                assert not driver.find_element(By.CSS_SELECTOR, ".nav-menu").is_displayed()

        def smart_checker_reads_the_guides_examples():
            """The guide's vague goal and its better one, typed into the real page: the live checker,
            the "Check my goal" button and the API's review say the same."""
            def checker():
                return driver.find_element(By.ID, "checker")

            def live_says(text):
                WebDriverWait(driver, 10).until(lambda d: text in checker().text)
                return checker().text

            driver.get(BASE + "/goals/new")
            assert "Start with the title" in checker().text, "an empty form is not judged SMART"
            driver.find_element(By.ID, "title").send_keys("improve my programming skills")
            vague = live_says("Not SMART yet")
            review = max_api.ok("POST", "/api/v1/goals/review", {"title": "improve my programming skills",
                                                                 "startsOn": driver.find_element(By.ID, "startsOn").get_attribute("value")})
            assert not review["smart"], review
            for finding in review["findings"]:
                assert finding["message"] in vague, f"the live checker misses {finding['message']!r}"
            before = checker()
            driver.find_element(By.XPATH, "//button[normalize-space()='Check my goal']").click()
            WebDriverWait(driver, 10).until(EC.staleness_of(before))
            WebDriverWait(driver, 10).until(lambda d: "Not SMART yet" in checker().text)
            assert all(f["message"] in checker().text for f in review["findings"]), "the button says what the live checker says"

            title = driver.find_element(By.ID, "title")
            title.clear()
            better = {"title": "Build a working web application using React within 3 months",
                      "specific": "A deployed React app with sign-in, search and a shared reading list.",
                      "metric": "features deployed", "unit": "features", "baseline": "0", "target": "3",
                      "achievable": "Five hours a week, the official tutorial, a review from my mentor every two weeks.",
                      "relevant": "Front-end skills are what I need to move from QA into product engineering."}
            for field, value in better.items():
                element = driver.find_element(By.ID, field)
                element.clear()
                element.send_keys(value)
                if size == "phone" and field == "relevant":
                    box = driver.execute_script("const r = document.querySelector('.checker-panel').getBoundingClientRect();"
                                                "return [r.top, r.bottom, window.innerHeight];")
                    assert box[0] < box[2] and box[1] > 0, f"the checker is out of sight while typing: {box}"
            deadline = driver.execute_script("const d = new Date(Date.now() + 90 * 86400000); return d.toISOString().slice(0, 10);")
            driver.execute_script("const e = document.getElementById('deadline'); e.value = arguments[0];"
                                  "e.dispatchEvent(new Event('input', {bubbles: true}));", deadline)
            live = live_says("This goal is SMART.")
            review = max_api.ok("POST", "/api/v1/goals/review", {**{k: v for k, v in better.items() if k not in ("baseline", "target")},
                                                                 "baseline": 0, "target": 3, "deadline": deadline,
                                                                 "startsOn": driver.find_element(By.ID, "startsOn").get_attribute("value")})
            assert review["smart"], review
            assert "Not SMART" not in live
            looks_right(driver, f"{size}-smart-checker")

        def confirmation():
            driver.get(f"{BASE}/goals/{goal_id}")
            driver.find_element(By.XPATH, "//button[normalize-space()='Delete this goal']").click()
            WebDriverWait(driver, 10).until(lambda d: "cannot be undone" in d.page_source)
            looks_right(driver, f"{size}-confirm")
            driver.find_element(By.LINK_TEXT, "Cancel").click()
            WebDriverWait(driver, 10).until(lambda d: urllib.parse.urlsplit(d.current_url).path == f"/goals/{goal_id}")

        def form_that_waited():
            driver.get(f"{BASE}/mentorships/{mentorship_id}/conversation")
            driver.execute_script("document.querySelector('#conversation-body').value = arguments[0];"
                                  "for (const i of document.querySelectorAll('input[name=_csrf]')) i.value = 'stale';",
                                  "Thank you for the talk advice. " * 40)
            driver.find_element(By.CSS_SELECTOR, f"form[action='/mentorships/{mentorship_id}/conversation'] button[type=submit]").click()
            WebDriverWait(driver, 10).until(lambda d: "Nothing was sent yet" in d.page_source)
            looks_right(driver, f"{size}-form-again")

        def error_page():
            driver.get(BASE + "/no/such/page")
            assert "We could not find that page" in driver.page_source
            assert "Not Found" not in driver.find_element(By.TAG_NAME, "main").text
            looks_right(driver, f"{size}-not-found")

        report.step(f"{size}: sign-in and sign-up for an invitee", invited)
        report.step(f"{size}: the design system page", design)
        report.step(f"{size}: the dashboard and the navigation", dashboard_and_menu)
        report.step(f"{size}: the SMART checker reads the guide's two example goals", smart_checker_reads_the_guides_examples)
        report.step(f"{size}: a confirmation step", confirmation)
        report.step(f"{size}: a form that waited for its sender", form_that_waited)
        report.step(f"{size}: an error page in plain words", error_page)
    finally:
        driver.quit()
print(f"     screenshots in {SHOTS}")
sys.exit(report.finish())
