"""The "Save & load" page in a real headless Chromium: download a run, train on your own data,
load the downloaded run back."""

from pathlib import Path

import pytest

from tests.e2e_support import (
    PATIENCE_MS,
    file_input,
    launch_chromium,
    new_page,
    running_app,
    wait_for_epoch,
)
from ui.files.csv_data import example_csv

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def test_download_a_run_train_on_a_csv_then_load_the_run_back(tmp_path):
    csv_path = tmp_path / "spiral.csv"
    csv_path.write_text(example_csv())
    model_path = tmp_path / "run.npz"
    with running_app("app.py", cwd=ROOT) as url, launch_chromium() as browser:
        page = new_page(browser, 1600, 1000)
        page.goto(url)
        wait_for_epoch(page, 0)
        page.get_by_role("button", name="Step 100 epochs").click()
        wait_for_epoch(page, 100)

        page.get_by_role("link", name="Save & load").click()
        page.get_by_text("Download the current run", exact=True).wait_for(timeout=PATIENCE_MS)
        with page.expect_download() as download:
            page.get_by_role("button", name="⬇ Trained model (.npz)").click()
        assert download.value.suggested_filename == "scratchnet_run_epoch_100.npz"
        download.value.save_as(model_path)

        # Your own data: previewed, then trained on in the Playground.
        file_input(page, "files_csv").set_input_files(str(csv_path))
        page.get_by_text("120 points, 3 classes", exact=False).wait_for(timeout=PATIENCE_MS)
        page.get_by_role("button", name="Train on this data in the Playground").click()
        page.get_by_text("A new run on your data", exact=False).wait_for(timeout=PATIENCE_MS)
        page.get_by_role("link", name="Open the Playground").last.click()
        wait_for_epoch(page, 0, "the run on the CSV's data does not start at epoch 0")

        # The downloaded run comes back at its epoch.
        page.get_by_role("link", name="Save & load").click()
        file_input(page, "files_run").set_input_files(str(model_path))
        page.get_by_role("button", name="Replace the current run with this one").click()
        page.get_by_text("now shows this run at epoch 100", exact=False).wait_for(
            timeout=PATIENCE_MS
        )
        page.get_by_role("link", name="Open the Playground").first.click()
        wait_for_epoch(page, 100, "the loaded run is not at its epoch 100")
