"""Open rendered reports in a real headless Chromium, from file://, with the network unused.

For every page of the site built by ``test_reports.build_site`` (an executed notebook with a
figure and a DataFrame holding ``<script>alert(1)</script>``, a failed and a never-started
notebook): the page loads without console messages, without any request other than
``file:``/``data:``, without an alert; every image decodes (naturalWidth > 0); every link
points at a file that exists; the hostile script shows as text.  The index's screenshot is
kept as ``outputs/test-artifacts/index.png``.

Needs Debian's ``chromium`` and ``chromium-driver``; selenium drives ``/usr/bin/chromedriver``
directly, so selenium-manager downloads nothing.  Skipped when they are missing, except on CI
(``CI`` set), where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from newsframe.paths import OUTPUTS_DIR
from test_reports import HOSTILE, Site, build_site

# runs the runner, a notebook, a browser or JupyterLab in a subprocess: left out of `make test-fast`
pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL_HINT = "apt-get update && apt-get install -y chromium chromium-driver"
ARTIFACT = OUTPUTS_DIR / "test-artifacts" / "index.png"
# blob: is the in-page copy of the DataTables code the interactive tables import (newsframe.display), not a download.
LOCAL_SCHEMES = {"file", "data", "blob"}
# Chromium's own pages (the new-tab page it opens at start) load chrome:// resources; not ours.
BROWSER_UI_SCHEMES = {"chrome", "chrome-untrusted", "devtools"}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        message = f"{CHROMIUM} or {CHROMEDRIVER} missing; install them with: {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('reports_chromium_profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    options.set_capability("unhandledPromptBehavior", "ignore")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(10)
    driver.get("about:blank")
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("reports_browser_site"))


def open_page(driver, page: Path) -> dict[str, object]:
    """Load ``page`` and return what the browser saw: console messages, requested URLs, images, links, text."""
    from selenium.common.exceptions import NoAlertPresentException, UnexpectedAlertPresentException

    driver.get_log("browser")
    driver.get_log("performance")
    try:
        driver.get(page.as_uri())
        alert = driver.switch_to.alert
        alert_text = alert.text
        alert.dismiss()
    except NoAlertPresentException:
        alert_text = None
    except UnexpectedAlertPresentException as exc:
        alert_text = exc.alert_text
    if alert_text is not None:
        pytest.fail(f"{page} ran a script: alert({alert_text!r})")
    state = driver.execute_script(
        """
        return {
          ready: document.readyState,
          images: Array.from(document.images).map(i => ({src: i.src.slice(0, 40), complete: i.complete,
                                                          width: i.naturalWidth})),
          links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
          text: document.body.innerText,
        };
        """
    )
    events = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    requests = [
        event["params"]["request"]["url"]
        for event in events
        if event["method"] == "Network.requestWillBeSent"
        and urlsplit(event["params"].get("documentURL", "")).scheme not in BROWSER_UI_SCHEMES
    ]
    return {**state, "console": driver.get_log("browser"), "requests": requests}


def test_every_report_opens_offline_cleanly(browser, site: Site, tmp_path: Path) -> None:
    pages = sorted(site.reports_dir.rglob("*.html"))
    assert len(pages) == 4
    for page in pages:
        seen = open_page(browser, page)
        name = page.relative_to(site.reports_dir).as_posix()
        assert seen["ready"] == "complete", name
        assert seen["console"] == [], f"{name} console: {seen['console']}"
        assert page.as_uri() in seen["requests"], f"{name}: network log not captured"
        foreign = [url for url in seen["requests"] if urlsplit(url).scheme not in LOCAL_SCHEMES]
        assert foreign == [], f"{name} requested {foreign}"
        broken_images = [image for image in seen["images"] if not (image["complete"] and image["width"] > 0)]
        assert broken_images == [], f"{name}: {broken_images}"
        for url in seen["links"]:
            parts = urlsplit(url)
            assert parts.scheme == "file", f"{name} links outside the reports: {url}"
            assert Path(unquote(parts.path)).is_file(), f"{name} links to missing {url}"

        if name in ("00-alpha.html", "readers/00-alpha.html"):
            assert len(seen["images"]) == 1, name
            assert HOSTILE in seen["text"], f"{name} does not show the article's script as text"
        if name == "index.html":
            assert len(seen["links"]) == 3
            assert "Alpha findings" in seen["text"] and "corpus has no dates" in seen["text"]
            screenshot = tmp_path / "index.png"
            assert browser.save_screenshot(str(screenshot))
            assert screenshot.stat().st_size > 10_000
            ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(screenshot, ARTIFACT)
