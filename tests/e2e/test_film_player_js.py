"""The film player's JavaScript (ui/charts/browser/film_player.js and its screens), run in
Chromium on its own: when pictures are due, how far a blend has gone, and what the screens
decode against the Python that codes them (ui/figures/region_pictures.py)."""

from pathlib import Path

import numpy as np
import pytest

from tests.e2e_support import launch_chromium
from ui.charts.live_chart import CHART_CODE
from ui.figures.neuron_maps import map_code_colors, maps_picture
from ui.figures.region_pictures import (
    code_colors,
    curve_clip,
    picture_clip,
    region_codes,
    regions_clip,
)

pytestmark = pytest.mark.e2e
BROWSER_CODE = Path(__file__).resolve().parents[2] / "ui" / "charts" / "browser"
# The film's files, without the chart (which needs plotly.js and Streamlit).
FILM_CODE = [name for name in CHART_CODE if name != "live_chart.js"]


@pytest.fixture(scope="module")
def page():
    source = "\n".join((BROWSER_CODE / name).read_text(encoding="utf-8") for name in FILM_CODE)
    with launch_chromium() as browser:
        page = browser.new_page()
        page.set_content("<html><body></body></html>")
        page.evaluate(
            """async (source) => {
                const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
                window.film = await import(url);
                // A clip as the chart receives it: its binary parts as bytes (see for_the_page).
                window.received = (clip) => Object.fromEntries(Object.entries(clip).map(
                    ([key, value]) => [key, value?.bytes ? Uint8Array.from(value.bytes) : value]));
            }""",
            source,
        )
        yield page


def for_the_page(clip):
    """A clip as page.evaluate can pass it (no `bytes`): each binary part as a list of numbers,
    which the page turns back into bytes (`window.received`), as the live chart's message
    brings them (ui/charts/live_chart.py, packed_message)."""
    return {
        key: {"bytes": list(value)} if isinstance(value, bytes) else value
        for key, value in clip.items()
    }


def schedule(page, count, seconds, now, last_queued, buffer=0):
    return page.evaluate(
        """([count, seconds, now, last, buffer]) =>
            window.film.scheduleTimes(count, seconds, now, last, buffer)""",
        [count, seconds, now, last_queued, buffer],
    )


def test_a_clips_pictures_are_spread_evenly_after_the_queued_ones(page):
    # Nothing queued: 4 pictures over 0.2 s from now, every 50 ms.
    assert schedule(page, 4, 0.2, 1000, None) == [[1050, 1100, 1150, 1200], False]
    # Pictures still queued until 1100: the new clip plays after them.
    assert schedule(page, 2, 0.1, 1000, 1100) == [[1150, 1200], False]
    # More than a second behind: the queue is cut and the clip starts now.
    assert schedule(page, 2, 0.1, 1000, 2500) == [[1050, 1100], True]


def test_with_nothing_queued_a_clip_starts_a_buffer_later(page):
    # A clip in reserve: the next clip may come up to 100 ms late and still find pictures.
    assert schedule(page, 2, 0.1, 1000, None, buffer=100) == [[1150, 1200], False]
    # Queued pictures already make the reserve: the clip follows them, no extra wait.
    assert schedule(page, 2, 0.1, 1000, 1080, buffer=100) == [[1130, 1180], False]
    # Cut: the clip starts after the buffer again.
    assert schedule(page, 2, 0.1, 1000, 2500, buffer=100) == [[1150, 1200], True]


@pytest.mark.parametrize(
    ("shown", "due", "now", "share"),
    [(0, 100, 0, 0), (0, 100, 25, 0.25), (0, 100, 100, 1), (0, 100, 150, 1), (50, 50, 50, 0)],
)
def test_the_blend_goes_from_the_shown_picture_to_the_next_as_its_time_comes(
    page, shown, due, now, share
):
    result = page.evaluate("(args) => window.film.blendShare(...args)", [shown, due, now])
    assert result == pytest.approx(share)


def painted(page, clip):
    """[(epoch, RGBA pixels of each panel)] of a picture clip, as the browser decodes it."""
    return page.evaluate(
        """async (clip) => {
            const pictures = await window.film.decodePictures(window.received(clip));
            const pixelsOf = (canvas) => Array.from(
                canvas.getContext("2d").getImageData(0, 0, clip.width, clip.height).data);
            return pictures.map((picture) => [picture.epoch, picture.panels.map(pixelsOf)]);
        }""",
        for_the_page(clip),
    )


def test_the_browser_paints_every_code_as_python_colours_it(page):
    rng = np.random.RandomState(3)
    probabilities = rng.dirichlet(np.ones(5), size=(12, 16))  # 12 rows, 16 columns
    codes = region_codes(probabilities)
    [(epoch, [rgba])] = painted(page, regions_clip([codes], [7], (-1, 1, -1, 1), 5, False, 0.0))
    assert epoch == 7
    pixels = np.array(rgba, dtype=np.uint8).reshape(12, 16, 4)
    # The canvas is drawn top row first; the grid's row 0 is the bottom of the plot.
    np.testing.assert_array_equal(pixels[::-1, :, :3], code_colors(codes, 5))
    assert (pixels[..., 3] == 255).all()


def test_each_panel_and_each_picture_comes_out_in_its_order(page):
    rng = np.random.RandomState(4)
    codes = rng.randint(0, 64, size=(3, 2, 5, 6)).astype(np.uint8)  # 3 pictures of 2 panels
    colors = rng.randint(0, 256, size=(64, 3)).astype(np.uint8)
    panels = [
        {"xaxis": x, "yaxis": y, "extent": [0, 1, 0, 1]} for x, y in (("x", "y"), ("x2", "y2"))
    ]
    decoded = painted(page, picture_clip(codes, [10, 20, 30], colors, panels, True, 0.3))
    assert [epoch for epoch, _ in decoded] == [10, 20, 30]
    for index, (_, rgba) in enumerate(decoded):
        for panel in range(2):
            pixels = np.array(rgba[panel], dtype=np.uint8).reshape(5, 6, 4)
            np.testing.assert_array_equal(pixels[::-1, :, :3], colors[codes[index, panel]])


def test_the_neuron_maps_are_painted_in_the_still_pictures_colours(page):
    maps = np.random.RandomState(5).randn(6, 4, 4).astype(np.float32)
    picture, extent = maps_picture(maps, is_output=False, columns=3)
    clip = picture_clip(
        [[picture]],
        [1],
        map_code_colors(0),
        [{"xaxis": "x", "yaxis": "y", "extent": extent}],
        False,
        0,
    )
    [(_, [rgba])] = painted(page, clip)
    pixels = np.array(rgba, dtype=np.uint8).reshape(*picture.shape, 4)
    np.testing.assert_array_equal(pixels[::-1, :, :3], map_code_colors(0)[picture])


def test_a_curve_clip_decodes_to_its_values(page):
    curves = np.array([[0.0, 0.5, -1.0], [1.5, -0.25, 0.125]])
    clip = curve_clip(curves, [5, 10], "prediction", True, 0.1)
    decoded = page.evaluate(
        """(clip) => window.film.decodeCurves(window.received(clip))
            .map((p) => [p.epoch, Array.from(p.values)])""",
        for_the_page(clip),
    )
    assert [epoch for epoch, _ in decoded] == [5, 10]
    np.testing.assert_allclose([values for _, values in decoded], curves, atol=1.5 / 32767)
