"""Hostile files in a real headless Chromium: what the browser renders, not only the strings.

A file a learner opens may come from someone else. Its name, its CSV header and cells show as
plain text on every page that shows them (no link, image or maths made from them); a saved run
built to blow up the server's memory is refused with the server's memory unchanged; and no page
sends a request outside the app's own site.
"""

import io
import json
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scratchnet import RunConfig, build_trainer, save_run_bytes
from tests.e2e.app_tour import open_app, open_page, visit_every_page
from tests.e2e_support import (
    PATIENCE_MS,
    file_input,
    launch_chromium,
    running_app,
    wait_for_the_page_run_to_end,
    wait_until,
)
from ui.files.csv_data import example_csv
from ui.plain_text import WORD_JOINER

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]

EVIL = "evil.example"
CSV_NAME = "[free prize](https:evil.example) www.evil.example $x$.csv"
CSV_HEADER = "[x1](https://evil.example/a),![x2](https://evil.example/i.png),**label**"
REGRESSION_NAME = "[sine](https:evil.example).csv"
REGRESSION_HEADER = ":red[x],[target](https://evil.example/t)"
BAD_CELL = "[bad](https://evil.example/c)"

# Every link (HTML or SVG, as Plotly draws them) and image on the page: where it points.
LINKS_AND_IMAGES = """() => [...document.querySelectorAll('a, img, image')].map(element =>
  element.getAttribute('href') || element.getAttribute('src')
  || element.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '')"""


def hostile_csv(tmp_path):
    path = tmp_path / CSV_NAME
    path.write_text(CSV_HEADER + "\n" + example_csv().split("\n", 1)[1])
    return path


def hostile_regression_csv(tmp_path):
    path = tmp_path / REGRESSION_NAME
    rows = [f"{x:.3f},{np.sin(2 * np.pi * x):.3f}" for x in np.linspace(0, 1, 50)]
    path.write_text(REGRESSION_HEADER + "\n" + "\n".join(rows) + "\n")
    return path


def shown_text(page):
    """The page's main area and sidebar as a reader sees them (without invisible joiners)."""
    return page.locator("body").inner_text().replace(WORD_JOINER, "")


def assert_nothing_made_from_the_files(page, requests, origin):
    """No link or image toward the files' site, no maths, no request outside the app."""
    targets = page.evaluate(LINKS_AND_IMAGES)
    assert not [target for target in targets if EVIL in target], targets
    assert page.locator(".katex").count() == 0
    assert_same_origin(requests, origin)


def assert_same_origin(requests, origin):
    outside = [url for url in requests if not url.startswith((origin, "data:", "blob:"))]
    assert not outside, f"requests outside {origin}: {outside[:5]}"


def test_file_names_headers_and_cells_show_as_plain_text_on_every_page(tmp_path):
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page, requests, _ = open_app(browser, url)

        # Save & load: the preview of a CSV whose name and header are Markdown.
        open_page(page, "Save & load", "Save & load")
        file_input(page, "files_csv").set_input_files(str(hostile_csv(tmp_path)))
        page.get_by_text("120 points, 3 classes", exact=False).wait_for(timeout=PATIENCE_MS)
        text = shown_text(page)
        assert CSV_NAME in text
        for name in CSV_HEADER.split(","):
            assert name in text  # the preview table's header
        page.locator(".xtitle").first.wait_for(timeout=PATIENCE_MS)  # the preview chart drawn
        axis_titles = page.locator(".xtitle, .ytitle").all_text_contents()
        assert "[x1](https://evil.example/a) (standardised)" in axis_titles
        assert "![x2](https://evil.example/i.png) (standardised)" in axis_titles
        assert_nothing_made_from_the_files(page, requests, url)
        page.locator(".xtitle").first.scroll_into_view_if_needed()
        page.screenshot(path=tmp_path / "preview.png")

        # The run on that data: the message, then the Playground and Compare pages.
        page.get_by_role("button", name="Train on this data in the Playground").click()
        page.get_by_text("A new run on your data", exact=False).wait_for(timeout=PATIENCE_MS)
        assert f"A new run on your data ({CSV_NAME}: 120 points" in shown_text(page)
        open_page(page, "Playground", "Playground")
        page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=PATIENCE_MS)
        assert_nothing_made_from_the_files(page, requests, url)
        open_page(page, "Compare", "Compare")
        page.get_by_text("Train on your uploaded data").click()
        page.get_by_role("button", name="Step 100 epochs").click()
        page.locator(".js-plotly-plot").first.wait_for(timeout=PATIENCE_MS)
        assert_nothing_made_from_the_files(page, requests, url)

        # Regression data with a hostile name and header, fitted on the Regression page.
        open_page(page, "Save & load", "Save & load")
        regression_file = hostile_regression_csv(tmp_path)
        file_input(page, "files_csv").set_input_files(str(regression_file))
        page.get_by_role("button", name="Fit this data on the Regression page").click()
        page.get_by_text("points) is ready", exact=False).wait_for(timeout=PATIENCE_MS)
        text = shown_text(page)
        assert REGRESSION_NAME in text and ":red[x]" in text
        assert_nothing_made_from_the_files(page, requests, url)
        open_page(page, "Regression", "Regression")
        page.get_by_text("Train on your uploaded data").click()
        page.get_by_text("Training on your data", exact=False).wait_for(timeout=PATIENCE_MS)
        assert f"Training on your data: {REGRESSION_NAME}, 50 points." in shown_text(page)
        assert_nothing_made_from_the_files(page, requests, url)

        # A bad cell quoted in an error message: plain text too, and a message of sane length.
        open_page(page, "Save & load", "Save & load")
        bad = tmp_path / "bad.csv"
        lines = example_csv().split("\n")
        lines[5] = f"{BAD_CELL}," + lines[5].split(",", 1)[1]
        bad.write_text("\n".join(lines))
        file_input(page, "files_csv").set_input_files(str(bad))
        error = page.locator("[data-testid=stAlertContentError]")
        error.wait_for(timeout=PATIENCE_MS)
        message = error.inner_text().replace(WORD_JOINER, "")
        assert "bad.csv cannot be used: '[bad](https://evil.example/c)'" in message
        assert_nothing_made_from_the_files(page, requests, url)


def saved_run_with_meta(extra_text):
    """A real saved run whose meta.json ends with `extra_text` in one more key."""
    config = RunConfig(samples=10, hidden_layers=(8,))
    trainer = build_trainer(config)
    with np.load(io.BytesIO(save_run_bytes(trainer, config))) as archive:
        arrays = {name: archive[name] for name in archive.files}
    meta = json.loads(arrays["meta.json"].tobytes())
    text = json.dumps(meta)[:-1] + f', "x": {extra_text}}}'
    arrays["meta.json"] = np.frombuffer(text.encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def server_rss_mb(url):
    """Resident memory (MB) of the `streamlit run` serving `url`, found by its port in /proc."""
    port = url.rsplit(":", 1)[1].encode()
    for process in Path("/proc").glob("[0-9]*"):
        try:
            arguments = (process / "cmdline").read_bytes().split(b"\0")
            if b"streamlit" not in arguments or port not in arguments:
                continue
            status = (process / "status").read_text()
        except OSError:  # a process that ended meanwhile
            continue
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024
    raise AssertionError(f"no streamlit process serving {url}")


def test_a_json_amplification_file_is_refused_with_the_server_memory_unchanged(tmp_path):
    amplified = tmp_path / "run.npz"
    amplified.write_bytes(saved_run_with_meta("[" + ",".join(["{}"] * 15_000_000) + "]"))
    assert amplified.stat().st_size < 100_000  # 15 million objects in about 53 kB
    long_version = tmp_path / "version.npz"
    long_version.write_bytes(saved_run_with_meta('"' + "1" * 10**6 + '"'))
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page, _, _ = open_app(browser, url)
        open_page(page, "Save & load", "Save & load")
        wait_for_the_page_run_to_end(page)  # the page's own work done
        before = server_rss_mb(url)

        file_input(page, "files_run").set_input_files(str(amplified))
        error = page.locator("[data-testid=stAlertContentError]")
        try:
            error.wait_for(timeout=PATIENCE_MS)
        except PlaywrightTimeout:
            # Seen once in a full suite under tests/cpu_hog.py: say what the page showed instead.
            uploaders = page.locator("[data-testid=stFileUploader]").all_inner_texts()
            raise AssertionError(f"no error shown; the uploaders showed {uploaders}") from None
        assert "meta.json unpacks to 45,000" in error.inner_text()
        # The file stays in the uploader while the page reruns (an upload, a click): it is
        # not read again.
        file_input(page, "files_csv").set_input_files(str(hostile_csv(tmp_path)))
        page.get_by_role("button", name="Train on this data in the Playground").click()
        page.get_by_text("A new run on your data", exact=False).wait_for(timeout=PATIENCE_MS)
        assert "meta.json unpacks to 45,000" in error.inner_text()
        assert server_rss_mb(url) - before < 40, "the server's memory grew"

        file_input(page, "files_run").set_input_files(str(long_version))
        wait_until(lambda: "1,000," in error.inner_text(), message="the long file not refused")
        assert len(error.inner_text()) < 400
        assert server_rss_mb(url) - before < 40, "the server's memory grew"


def test_no_page_sends_a_request_outside_the_apps_site():
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page, requests, _ = open_app(browser, url)
        visit_every_page(page)
        assert len(requests) > 10  # the page's scripts, styles and fonts were seen
        assert_same_origin(requests, url)
