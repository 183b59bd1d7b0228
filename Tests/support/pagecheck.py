"""What every page must be, checked in a real Chromium: no server error, no wider than the
viewport, no raw stored value or date as stored, no axe-core 4.x violation (the axe.min.js shipped
in the axe-playwright-python wheel; AXE_JS names another file). Shared by the browser tests."""
import base64
import glob
import os
import re
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

RAW_VALUES = ("in_person", "thank_you", "author_only", "program_aggregate", "not_started", "awaiting_signatures",
              "change_proposed", "in_app")
ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def _axe():
    path = os.environ.get("AXE_JS") or next(iter(glob.glob(os.path.join(
        os.path.dirname(sys.executable), "..", "lib", "python3*", "site-packages", "axe_playwright_python", "axe.min.js"))), None)
    if not path:
        print("axe-core not found: pip install --no-deps axe-playwright-python, or set AXE_JS")
        sys.exit(1)
    with open(path) as file:
        return file.read()


AXE = _axe()


def browser(width, height, wait=3):
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # Chrome keeps a window at least 500 px wide: the viewport itself is set, so a phone is 390 px.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.implicitly_wait(wait)
    return driver


def full_screenshot(driver, path):
    """The whole page, not only the viewport (up to 8,000 px), so a reviewer sees all of it."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 8000), "scale": 1}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
    with open(path, "wb") as file:
        file.write(base64.b64decode(shot["data"]))


def check_page(driver, dates=True):
    """Raises AssertionError naming the first thing a person would stumble on."""
    html = driver.page_source
    assert "Something went wrong on our side" not in html, "a server error"
    assert not driver.execute_script("return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"), \
        "wider than the viewport"
    main = driver.find_elements(By.TAG_NAME, "main")
    text = main[0].text if main else ""
    raw = [value for value in RAW_VALUES if value in text]
    assert not raw, f"raw stored values shown: {raw}"
    if dates:
        stored = ISO_DATE.findall(text)
        assert not stored, f"dates as stored, not in words: {stored[:3]}"
    driver.execute_script(AXE)
    violations = driver.execute_async_script(
        "const done = arguments[0]; axe.run().then(r => done(r.violations.map(v => v.id + ' (' + v.nodes.length + ')')));")
    assert not violations, f"axe-core: {violations}"
