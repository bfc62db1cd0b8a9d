"""The region player's JavaScript (ui/charts/browser/region_player.js), run in Chromium on its
own: when pictures are due, and the colours it paints against the Python that codes them."""

import json
from pathlib import Path

import numpy as np
import pytest

from tests.e2e_support import launch_chromium
from ui.figures.region_pictures import code_colors, region_codes, regions_clip

pytestmark = pytest.mark.e2e
PLAYER = Path(__file__).resolve().parents[2] / "ui" / "charts" / "browser" / "region_player.js"


@pytest.fixture(scope="module")
def page():
    with launch_chromium() as browser:
        page = browser.new_page()
        page.set_content("<html><body></body></html>")
        page.evaluate(
            """async (source) => {
                const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
                window.player = await import(url);
            }""",
            PLAYER.read_text(encoding="utf-8"),
        )
        yield page


def schedule(page, count, seconds, now, last_queued):
    return page.evaluate(
        "([count, seconds, now, last]) => window.player.scheduleTimes(count, seconds, now, last)",
        [count, seconds, now, last_queued],
    )


def test_a_clips_pictures_are_spread_evenly_after_the_queued_ones(page):
    # Nothing queued: 4 pictures over 0.2 s from now, every 50 ms.
    assert schedule(page, 4, 0.2, 1000, None) == [[1050, 1100, 1150, 1200], False]
    # Pictures still queued until 1100: the new clip plays after them.
    assert schedule(page, 2, 0.1, 1000, 1100) == [[1150, 1200], False]
    # More than a second behind: the queue is cut and the clip starts now.
    assert schedule(page, 2, 0.1, 1000, 2500) == [[1050, 1100], True]


def test_the_browser_paints_every_code_as_python_colours_it(page):
    rng = np.random.RandomState(3)
    probabilities = rng.dirichlet(np.ones(5), size=(12, 16))  # 12 rows, 16 columns
    codes = region_codes(probabilities)
    clip = regions_clip([codes], [7], (-1, 1, -1, 1), 5, False, 0.0)
    painted = page.evaluate(
        """async (clip) => {
            const [picture] = await window.player.decodeClip(clip);
            const context = picture.canvas.getContext("2d");
            const {data} = context.getImageData(0, 0, clip.width, clip.height);
            return [picture.epoch, Array.from(data)];
        }""",
        json.loads(json.dumps(clip)),
    )
    epoch, rgba = painted
    assert epoch == 7
    pixels = np.array(rgba, dtype=np.uint8).reshape(12, 16, 4)
    # The canvas is drawn top row first; the grid's row 0 is the bottom of the plot.
    np.testing.assert_array_equal(pixels[::-1, :, :3], code_colors(codes, 5))
    assert (pixels[..., 3] == 255).all()
