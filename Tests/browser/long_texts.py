"""Long texts in a real browser, each 20 times in a row: a 3,900-character message, a full charter
(every text at its limit) and an introduction of 3 × 1,500 characters. Every one must be accepted.
A form whose token went stale (signed out in another tab) comes back with the text kept.
Prints 'N passed, N failed'.
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from tandem import PASSWORD, Report, goal, mentor, mentorship, program  # noqa: E402

BASE = os.environ["TANDEM_URL"]
SHOTS = os.environ.get("TANDEM_SCREENSHOTS", "/tmp")
TRIES = int(os.environ.get("LONG_TEXT_TRIES", "20"))
report = Report()

coordinator, program_id, code = program(BASE, "Long texts")
maya = mentor(BASE, code)
sam = mentor(BASE, code, "Sam Second")
max_api, mentorship_id = mentorship(BASE, code, maya)
# Sam would be a second mentor alongside Maya: the request names a goal.
goal_id = goal(max_api, mentorship_id)

options = webdriver.ChromeOptions()
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900"):
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.implicitly_wait(5)


def text(length, seed):
    words = f"Note {seed}: what I want to practise next is a calmer opening, fewer slides and one clear ask. "
    return (words * (length // len(words) + 1))[:length - 1] + "x"


def set_value(element, value):
    # Typing 4,000 characters key by key takes minutes; the browser still posts the form itself.
    driver.execute_script("arguments[0].value = arguments[1];", element, value)


def submit(form_selector):
    driver.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]").click()


def flash_says(words):
    WebDriverWait(driver, 10).until(lambda d: words in d.page_source or "Nothing was sent yet" in d.page_source
                                    or "error-summary" in d.page_source)
    return words in driver.page_source


def sign_in():
    driver.get(BASE + "/sign-in")
    driver.find_element(By.ID, "email").send_keys(max_api.email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/dashboard" in d.current_url)


def messages():
    before = len(max_api.ok("GET", "/api/v1/me/export")["messagesWritten"])
    accepted = 0
    for attempt in range(TRIES):
        driver.get(f"{BASE}/mentorships/{mentorship_id}/conversation")
        set_value(driver.find_element(By.ID, "conversation-body"), text(3900, attempt))
        submit(f"form[action='/mentorships/{mentorship_id}/conversation']")
        if flash_says("Sent") or "/conversation" in driver.current_url:
            accepted += 1
    after = len(max_api.ok("GET", "/api/v1/me/export")["messagesWritten"])
    print(f"     3,900-character messages: {after - before}/{TRIES} saved")
    assert after - before == TRIES, f"{after - before} of {TRIES} saved"


def charters():
    limits = {"availability": 1000, "howToNotify": 500, "offLimitsTopics": 2000, "plagiarismAndSharedWork": 2000,
              "sharingOutsidePair": 2000, "mentorRole": 2000, "menteeRole": 2000}
    accepted = 0
    for attempt in range(TRIES):
        driver.get(f"{BASE}/mentorships/{mentorship_id}/charter")
        for details in driver.find_elements(By.CSS_SELECTOR, "details"):
            if not details.get_attribute("open"):
                driver.execute_script("arguments[0].open = true;", details)
        for name, limit in limits.items():
            set_value(driver.find_element(By.ID, name), text(limit, f"{name} {attempt}"))
        submit(f"form[action='/mentorships/{mentorship_id}/charter']")
        if flash_says("is saved"):
            accepted += 1
        else:
            driver.save_screenshot(os.path.join(SHOTS, f"long-charter-{attempt}.png"))
    charter = max_api.ok("GET", f"/api/v1/mentorships/{mentorship_id}/charter")
    print(f"     full charters (~11,500 characters): {accepted}/{TRIES} saved")
    assert accepted == TRIES, f"{accepted} of {TRIES} saved"
    assert text(2000, f"menteeRole {TRIES - 1}") in str(charter), "the last charter's words are stored"


def introductions():
    accepted = 0
    for attempt in range(TRIES):
        driver.get(f"{BASE}/programs/{program_id}/mentors/{sam.id}/ask")
        for name in ("whoIAm", "whatDrewMe", "hopeToAchieve"):
            set_value(driver.find_element(By.ID, name), text(1500, f"{name} {attempt}"))
        set_value(driver.find_element(By.ID, "timeAsked"), "An hour every two weeks for six months")
        box = driver.find_element(By.NAME, f"goal-{goal_id}")
        if not box.is_selected():
            box.click()
        submit("main form")
        if flash_says("Your request is on its way"):
            accepted += 1
        for request in max_api.ok("GET", "/api/v1/requests")["sent"]:
            if request["status"] == "pending":
                max_api.ok("POST", f"/api/v1/requests/{request['id']}/withdraw", {})
    print(f"     introductions of 3 × 1,500 characters: {accepted}/{TRIES} sent")
    assert accepted == TRIES, f"{accepted} of {TRIES} sent"


def stale_tab_keeps_the_text():
    driver.get(f"{BASE}/mentorships/{mentorship_id}/conversation")
    words = text(3000, "stale tab")
    set_value(driver.find_element(By.ID, "conversation-body"), words)
    # Another tab signs out and in again: this tab's form token is now stale.
    original = driver.current_window_handle
    driver.switch_to.new_window("tab")
    driver.get(BASE + "/dashboard")
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.rstrip("/") == BASE)
    sign_in()
    driver.close()
    driver.switch_to.window(original)
    submit(f"form[action='/mentorships/{mentorship_id}/conversation']")
    WebDriverWait(driver, 10).until(lambda d: "Nothing was sent yet" in d.page_source)
    kept = driver.find_element(By.CSS_SELECTOR, "main textarea").get_attribute("value")
    assert words in kept, f"kept {len(kept)} characters: {kept[:80]!r}"
    driver.save_screenshot(os.path.join(SHOTS, "form-again.png"))
    before = len(max_api.ok("GET", "/api/v1/me/export")["messagesWritten"])
    driver.find_element(By.XPATH, "//button[normalize-space()='Send again']").click()
    # The refused post was shown at the form's own address; wait for the page it leads to.
    WebDriverWait(driver, 10).until(lambda d: "Nothing was sent yet" not in d.page_source)
    after = len(max_api.ok("GET", "/api/v1/me/export")["messagesWritten"])
    assert after == before + 1, f"{after - before} messages saved by Send again"


try:
    sign_in()
    report.step(f"{TRIES} messages of 3,900 characters, all saved", messages)
    report.step(f"{TRIES} full charters, every text at its limit, all saved", charters)
    report.step(f"{TRIES} introductions of 3 × 1,500 characters, all sent", introductions)
    report.step("a stale tab's form comes back with the text kept, and Send again sends it", stale_tab_keeps_the_text)
finally:
    driver.quit()
sys.exit(report.finish())
