"""Browser smoke test: a newcomer signs up, signs in, creates a program, sees the dashboard, signs out.

Drives the real server in headless Chromium. Prints 'N passed, N failed' at the end.
"""
import os
import sys
import time
import uuid

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("TANDEM_URL", "http://127.0.0.1:8089")
SHOTS = os.environ.get("TANDEM_SCREENSHOTS", "/tmp")

options = webdriver.ChromeOptions()
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900"):
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.implicitly_wait(5)

passed, failed = 0, 0


def step(name, check):
    global passed, failed
    try:
        check()
        passed += 1
        print(f"ok   {name}")
    except Exception as error:  # noqa: BLE001 — report every failing step, then exit non-zero
        failed += 1
        print(f"FAIL {name}: {error!r}")
        driver.save_screenshot(os.path.join(SHOTS, f"fail-{passed + failed}.png"))


def wait_for_url(predicate):
    WebDriverWait(driver, 5).until(lambda d: predicate(d.current_url))


def wait_for_text(text):
    """After a click, the next page may still be loading: wait until it says what we expect."""
    WebDriverWait(driver, 10).until(lambda d: text in d.page_source)


def fill(field_id, value):
    element = driver.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(value)


email = f"ada-{uuid.uuid4().hex[:8]}@example.org"
password = "correct horse battery"


def home_says_what_tandem_is():
    driver.get(BASE + "/")
    assert "Mentorship that goes somewhere" in driver.page_source
    assert driver.find_element(By.LINK_TEXT, "Create an account")


def sign_up():
    driver.get(BASE + "/sign-up")
    fill("displayName", "Ada Lovelace")
    fill("email", email)
    fill("password", password)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_url(lambda url: url.endswith("/dashboard"))
    wait_for_text("What's next for you, Ada Lovelace")


def sign_out():
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    wait_for_url(lambda url: url.rstrip("/") == BASE)
    driver.get(BASE + "/dashboard")
    assert "/sign-in" in driver.current_url


def sign_in():
    driver.get(BASE + "/sign-in")
    fill("email", email)
    fill("password", password)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_url(lambda url: url.endswith("/dashboard"))


def bad_program_shows_inline_error():
    driver.get(BASE + "/programs/new")
    fill("name", "Spring cohort")
    driver.execute_script("document.getElementById('startsOn').value = '2026-06-01'")
    driver.execute_script("document.getElementById('endsOn').value = '2026-03-01'")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_text("endsOn-error")
    error = driver.find_element(By.ID, "endsOn-error")
    assert "after the start date" in error.text, error.text
    assert driver.find_element(By.ID, "endsOn").get_attribute("aria-invalid") == "true"
    assert driver.find_element(By.ID, "name").get_attribute("value") == "Spring cohort"


def create_program():
    driver.get(BASE + "/programs/new")
    fill("name", "Spring cohort")
    fill("description", "Engineers growing into their next role.")
    driver.execute_script("document.getElementById('startsOn').value = '2026-03-01'")
    driver.execute_script("document.getElementById('endsOn').value = '2026-08-31'")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_text("is created")
    link = driver.find_element(By.ID, "invite-link").text
    assert "/join/" in link, link


def dashboard_lists_program():
    driver.get(BASE + "/dashboard")
    assert "Spring cohort" in driver.page_source
    assert "Invite participants" in driver.page_source
    driver.save_screenshot(os.path.join(SHOTS, "dashboard.png"))


def keyboard_skip_link():
    driver.get(BASE + "/dashboard")
    body = driver.find_element(By.TAG_NAME, "body")
    from selenium.webdriver.common.keys import Keys
    body.send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    assert focused.text == "Skip to content", focused.text


def phone_layout_fits():
    driver.set_window_size(390, 844)
    driver.get(BASE + "/dashboard")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px phone"
    driver.set_window_size(1200, 900)


def sign_up_as(name, address):
    driver.delete_all_cookies()
    driver.get(BASE + "/sign-up")
    fill("displayName", name)
    fill("email", address)
    fill("password", password)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_url(lambda url: url.endswith("/dashboard"))


def sign_in_as(address):
    driver.delete_all_cookies()
    driver.get(BASE + "/sign-in")
    fill("email", address)
    fill("password", password)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_url(lambda url: url.endswith("/dashboard"))


journey = {}


def coordinator_shares_invite_link():
    sign_in_as(email)
    driver.get(BASE + "/programs")
    driver.find_element(By.LINK_TEXT, "Spring cohort").click()
    driver.find_element(By.LINK_TEXT, "Participants and invitations").click()
    journey["invite"] = driver.find_element(By.ID, "invite-link").text
    journey["program"] = driver.current_url.rsplit("/", 1)[0]


def mentor_joins_and_fills_profile():
    sign_up_as("Maya Mentor", "maya-" + email)
    driver.get(journey["invite"])
    driver.find_element(By.CSS_SELECTOR, "input[name=role][value=mentor]").click()
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_text("Welcome to")
    driver.get(BASE + "/profile")
    fill("expertise", "Go (5), System design (4)")
    fill("challengesFaced", "career switch")
    fill("capacity", "2")
    fill("languages", "English")
    driver.find_element(By.XPATH, "//button[normalize-space()='Save profile']").click()
    wait_for_text("Your profile is saved")


def mentee_finds_and_asks():
    sign_up_as("Max Mentee", "max-" + email)
    driver.get(journey["invite"])
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()  # mentee is preselected
    wait_for_text("Welcome to")
    driver.get(BASE + "/profile")
    fill("skillsWanted", "Go, System design")
    fill("challenges", "career switch")
    fill("languages", "English")
    driver.find_element(By.XPATH, "//button[normalize-space()='Save profile']").click()
    wait_for_text("Your profile is saved")
    driver.get(journey["program"] + "/mentors")
    assert "has faced your challenge: career switch" in driver.page_source
    driver.find_element(By.PARTIAL_LINK_TEXT, "Ask Maya Mentor").click()
    fill("whoIAm", "A QA analyst of four years, moving into backend work.")
    fill("whatDrewMe", "You made the same switch and know Go deeply.")
    fill("hopeToAchieve", "Ship a small Go service to production within three months.")
    fill("timeAsked", "45 minutes every two weeks")
    driver.find_element(By.XPATH, "//button[normalize-space()='Send the request']").click()
    wait_for_text("To Maya Mentor")


def mentor_accepts():
    sign_in_as("maya-" + email)
    wait_for_text("Answer 1 mentorship request")
    driver.get(BASE + "/requests")
    driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Accept')]").click()
    wait_for_text("Open the mentorship")
    driver.find_element(By.LINK_TEXT, "Open the mentorship").click()
    wait_for_text("Maya Mentor mentors Max Mentee")
    journey["mentorship"] = driver.current_url


def private_note_stays_private():
    sign_in_as("max-" + email)
    driver.get(journey["mentorship"])
    driver.find_element(By.LINK_TEXT, "Conversation").click()
    fill("conversation-body", "Private: nervous about the first meeting")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/conversation'] input[name=send][value=author_only]").click()
    driver.find_element(By.CSS_SELECTOR, "form[action$='/conversation'] button[type=submit]").click()
    wait_for_text("Only you can read it")
    assert "Private: nervous" in driver.page_source
    driver.get(journey["mentorship"])
    assert "Private: nervous" in driver.page_source, "the overview shows the latest of the conversation"
    sign_in_as(email)  # the coordinator
    driver.get(journey["mentorship"])
    assert "Private: nervous" not in driver.page_source
    assert "recorded in the pair's access log" in driver.page_source
    sign_in_as("maya-" + email)
    driver.get(journey["mentorship"] + "/conversation")
    assert "Private: nervous" not in driver.page_source
    driver.get(journey["mentorship"])
    assert "Private: nervous" not in driver.page_source
    assert "Ada Lovelace viewed the mentorship outline" in driver.page_source


def set_value(field_id, value):
    """Date inputs take typing in the browser's locale; set the ISO value and tell the page."""
    element = driver.find_element(By.ID, field_id)
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", element, value)


def click_button(text):
    driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']").click()


def pair_signs_the_charter():
    sign_in_as("max-" + email)
    driver.get(journey["mentorship"])
    assert "Charter not signed yet" in driver.page_source
    driver.find_element(By.LINK_TEXT, "Open the charter").click()
    wait_for_text("Write your charter")
    fill("rescheduleNoticeHours", "6")
    click_button("Save version 1")
    wait_for_text("Version 1 is saved")
    click_button("Sign version 1")
    wait_for_text("You signed version 1")
    sign_in_as("maya-" + email)
    driver.get(journey["mentorship"] + "/charter")
    assert "Minimum notice</dt><dd class=\"note-body\">6 hours" in driver.page_source
    click_button("Sign version 1")
    wait_for_text("Signed by both")
    driver.get(journey["mentorship"])
    assert "Version 1 is signed by both" in driver.page_source


def mentee_writes_a_smart_goal():
    sign_in_as("max-" + email)
    driver.get(journey["mentorship"])
    driver.find_element(By.LINK_TEXT, "Set a SMART goal").click()
    wait_for_text("A new SMART goal")
    fill("title", "Improve my programming skills")
    wait_for_text("names an effort")  # the live checker answers while typing
    fill("title", "Build a working web application using React")
    fill("specific", "A deployed React app with three features: sign-in, search and a shared list.")
    fill("metric", "features deployed")
    fill("unit", "features")
    fill("baseline", "0")
    fill("target", "3")
    fill("achievable", "Five hours a week and the official tutorial.")
    fill("relevant", "Front-end skills move me from QA into product engineering.")
    today = time.strftime("%Y-%m-%d")
    set_value("deadline", time.strftime("%Y-%m-%d", time.localtime(time.time() + 80 * 86400)))
    set_value("startsOn", today)
    wait_for_text("This goal is SMART")
    click_button("Save and commit")
    wait_for_text("Your goal is active")
    journey["goal"] = driver.current_url.split("#")[0]


def progress_milestone_and_a_win():
    driver.get(journey["goal"])
    fill("value", "one")
    click_button("Record progress")
    wait_for_text("is not a number")
    fill("value", "1")
    click_button("Record progress")
    wait_for_text("Progress recorded")
    assert driver.find_element(By.CSS_SELECTOR, "img.chart").get_attribute("alt").startswith("Progress chart: 1 reading")
    fill("milestone-title", "Sign-in works")
    click_button("Add milestone")
    wait_for_text("Milestone added")
    driver.find_element(By.CSS_SELECTOR, "button.tick").click()
    wait_for_text("Milestone reached")
    driver.get(BASE + "/dashboard")
    assert "Recent wins" in driver.page_source and "Sign-in works" in driver.page_source


def mentor_endorses_the_goal():
    sign_in_as("maya-" + email)
    driver.get(journey["goal"])
    driver.find_element(By.CSS_SELECTOR, "input[name=kind][value=endorse]").click()
    click_button("Send")
    wait_for_text("Sent.")
    assert "Aligned with Maya" in driver.page_source
    driver.get(journey["mentorship"])
    assert "Reached “Sign-in works”" in driver.page_source


def mentee_plans_a_meeting():
    sign_in_as("max-" + email)
    driver.get(journey["mentorship"])
    driver.find_element(By.LINK_TEXT, "Plan a meeting").click()
    wait_for_text("Plan a meeting with Maya Mentor")
    set_value("start", "2020-01-01T10:00")
    click_button("Propose")
    wait_for_text("choose a time after now")  # the inline error, with the form kept
    start = time.strftime("%Y-%m-%dT10:00", time.localtime(time.time() + 6 * 86400))
    set_value("start", start)
    click_button("Propose")
    wait_for_text("Meeting proposed")
    journey["meeting"] = driver.current_url.split("#")[0]
    fill("agenda-body", "How do I estimate work I have never done?")
    driver.find_element(By.CSS_SELECTOR, "#section option[value=question]").click()
    click_button("Add")
    wait_for_text("Added to the agenda")
    assert "How do I estimate work I have never done?" in driver.page_source


def mentor_accepts_and_notes_an_action():
    sign_in_as("maya-" + email)
    driver.get(BASE + "/dashboard")
    assert "meeting proposal" in driver.page_source
    driver.get(journey["meeting"])
    click_button("Accept this time")
    wait_for_text("Accepted")
    assert "agreed" in driver.page_source
    fill("action-title", "Send Max the estimation spreadsheet")
    click_button("Add action")
    wait_for_text("Action noted")
    fill("note-body", "Private: Max undersells his testing work")
    driver.find_element(By.CSS_SELECTOR, "input[name=visibility][value=author_only]").click()
    click_button("Save note")
    wait_for_text("Your note is saved")
    ics = driver.find_element(By.LINK_TEXT, "Add to my calendar (.ics)").get_attribute("href")
    assert ics.endswith("/meeting.ics")
    sign_in_as("max-" + email)
    driver.get(journey["meeting"])
    assert "Send Max the estimation spreadsheet" in driver.page_source
    assert "undersells" not in driver.page_source


started = time.time()
step("home page says what Tandem is", home_says_what_tandem_is)
step("sign up", sign_up)
step("sign out", sign_out)
step("sign in", sign_in)
step("a bad date range is shown next to its field", bad_program_shows_inline_error)
step("create a program", create_program)
step("dashboard lists the program", dashboard_lists_program)
step("keyboard: the first Tab reaches the skip link", keyboard_skip_link)
step("the dashboard fits a phone screen", phone_layout_fits)
step("sign out", sign_out)
step("coordinator shares the invite link", coordinator_shares_invite_link)
step("a mentor joins and fills in a profile", mentor_joins_and_fills_profile)
step("a mentee finds the mentor, sees why they fit, and asks", mentee_finds_and_asks)
step("the mentor accepts; the mentorship begins", mentor_accepts)
step("a private note stays private; the coordinator's look is logged", private_note_stays_private)
step("the pair writes and signs the charter", pair_signs_the_charter)
step("the mentee writes a SMART goal while the checker watches", mentee_writes_a_smart_goal)
step("progress with an inline error, a milestone, a win on the dashboard", progress_milestone_and_a_win)
step("the mentor endorses the goal; the win is on the mentorship", mentor_endorses_the_goal)
step("the mentee plans a meeting (a past time is refused inline) and brings a question", mentee_plans_a_meeting)
step("the mentor accepts, notes an action and a private note", mentor_accepts_and_notes_an_action)
driver.quit()
print(f"(browser smoke test took {time.time() - started:.1f}s)")
print(f"browser: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
