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
        # The curves chart's hook (live_chart.js, not loaded here): called as the film plays.
        page.evaluate("() => { window.onFilmEpoch = () => {}; }")
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


def test_long_clips_keep_two_clips_in_reserve(page):
    # A class of 30: clips of 2 s, one in reserve; the next clip follows the queue, 2 s ahead.
    assert schedule(page, 2, 2.0, 1000, 3000, buffer=2000) == [[4000, 5000], False]
    # Up to two clips' reserve is kept; more is cut.
    assert schedule(page, 2, 2.0, 1000, 5000, buffer=2000) == [[6000, 7000], False]
    assert schedule(page, 2, 2.0, 1000, 5100, buffer=2000) == [[4000, 5000], True]


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


@pytest.mark.parametrize("row_differences", [False, True])  # maps' mosaics; decision regions
def test_each_panel_and_each_picture_comes_out_in_its_order(page, row_differences):
    rng = np.random.RandomState(4)
    codes = rng.randint(0, 64, size=(3, 2, 5, 6)).astype(np.uint8)  # 3 pictures of 2 panels
    colors = rng.randint(0, 256, size=(64, 3)).astype(np.uint8)
    panels = [
        {"xaxis": x, "yaxis": y, "extent": [0, 1, 0, 1]} for x, y in (("x", "y"), ("x2", "y2"))
    ]
    clip = picture_clip(
        codes, [10, 20, 30], colors, panels, True, 0.3, row_differences=row_differences
    )
    decoded = painted(page, clip)
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


# --- a click on a control halts the film ------------------------------------------------------

# A page with a row of control buttons (as ui/run/animation.py's control_buttons makes it), a
# button elsewhere, a text input, and a FilmPlayer whose screen notes what it paints.
PLAYER_PAGE = """() => {
    document.body.innerHTML = `
        <div class="st-key-pg_run_controls"><button id="pause">Pause</button></div>
        <button id="other">Share</button> <input id="text">
        <div id="plot"></div>`;
    const plot = document.getElementById("plot");
    plot._fullLayout = {};
    const screen = {
        painted: [],
        decode: (clip) => Promise.resolve(clip.epochs.map((epoch) => ({epoch}))),
        paint(shown) { this.painted.push(shown.epoch); },
    };
    window.player = new window.film.FilmPlayer(plot, screen);
}"""


def receive(page, epochs, playing=True):
    """The player receives a clip of `epochs`; returns (epoch shown, pictures still queued)."""
    return page.evaluate(
        """async ([epochs, playing]) => {
            await window.player.receive({epochs, playing, seconds: 10});
            return [window.player.shown.epoch, window.player.queue.length];
        }""",
        [epochs, playing],
    )


def press(page, kind, target, key=None):
    """Dispatch a `kind` event ("pointerdown", "click", "keydown" of `key`) on `target` (a CSS
    selector); returns whether the film stopped: its queue emptied, the player marked halted."""
    return page.evaluate(
        """([kind, target, key]) => {
            const event = kind === "keydown"
                ? new KeyboardEvent("keydown", {key, bubbles: true})
                : new PointerEvent(kind, {bubbles: true});
            document.querySelector(target).dispatchEvent(event);
            const player = window.player;
            return player.queue.length === 0 && player.plot.dataset.halted === "true";
        }""",
        [kind, target, key],
    )


@pytest.mark.parametrize(
    ("kind", "target", "key", "halts"),
    [
        ("pointerdown", "#pause", None, True),
        ("click", "#pause", None, True),  # a keyboard's Enter, a script
        ("keydown", "body", " ", True),  # Space: Play/Pause
        ("keydown", "body", "ArrowRight", True),  # Step
        ("keydown", "body", "Home", True),  # Reset
        ("pointerdown", "#other", None, False),  # not a control: the run plays on
        ("keydown", "#text", " ", False),  # typing
        ("keydown", "body", "a", False),
    ],
)
def test_a_control_halts_a_playing_film(page, kind, target, key, halts):
    page.evaluate(PLAYER_PAGE)
    assert receive(page, [1, 2, 3, 4, 5]) == [1, 4]  # the first at once, four queued
    assert press(page, kind, target, key) is halts


def test_a_halted_film_skips_the_clips_on_their_way_and_shows_the_still_at_once(page):
    page.evaluate(PLAYER_PAGE)
    receive(page, [1, 2, 3, 4, 5])
    assert press(page, "pointerdown", "#pause")
    # A clip the server sent before it heard of the click: not played.
    assert receive(page, [6, 7, 8, 9, 10]) == [1, 0]
    # The click's answer: the run's true state, at once.
    assert receive(page, [12], playing=False) == [12, 0]
    assert page.evaluate("() => window.player.plot.dataset.playing") == "false"
    # Played again (Play): its clips play at once, not halted.
    assert receive(page, [13, 14, 15]) == [12, 3]


def test_a_click_on_a_still_does_not_delay_the_film_it_starts(page):
    """Play on a paused run: the film shows a still, nothing to halt, the new clips play."""
    page.evaluate(PLAYER_PAGE)
    receive(page, [3], playing=False)
    assert not press(page, "pointerdown", "#pause")
    assert receive(page, [4, 5, 6]) == [3, 3]


# --- where the pictures go ------------------------------------------------------------------


def test_a_picture_is_placed_at_its_extent_and_cut_at_its_plot_area(page):
    # Axes: x from -2 to 2 over 400 px starting 50 px from the left; y from -1 to 1 over 200
    # px starting 10 px from the top. The picture's extent reaches past the x axis's range.
    place = page.evaluate(
        """() => window.film.panelPlace(
            [-3, 1, -1, 0.5],
            {range: [-2, 2], _length: 400, _offset: 50},
            {range: [-1, 1], _length: 200, _offset: 10})"""
    )
    assert place == {
        "box": {"left": 50, "top": 10, "width": 400, "height": 200},
        "picture": {"left": -100, "top": 50, "width": 400, "height": 150},
    }


def test_the_screen_blends_two_pictures_on_a_canvas_of_their_size(page):
    """The blend is painted at the pictures' own size (the browser scales it up): half-way
    between a black and a white picture is grey, on a 6 × 4 canvas stretched over the axes."""
    pixel, sizes = page.evaluate(
        """() => {
            document.body.innerHTML = '<div id="plot"><div class="svg-container"></div></div>';
            const plot = document.getElementById("plot");
            const axis = {range: [0, 1], _length: 300, _offset: 20};
            plot._fullLayout = {xaxis: axis, yaxis: axis};
            const picture = (value) => {
                const canvas = document.createElement("canvas");
                canvas.width = 6;
                canvas.height = 4;
                const context = canvas.getContext("2d");
                context.fillStyle = `rgb(${value}, ${value}, ${value})`;
                context.fillRect(0, 0, 6, 4);
                return {epoch: 0, panels: [canvas]};
            };
            const screen = new window.film.PictureScreen(plot);
            screen.panels = [{xaxis: "x", yaxis: "y", extent: [0, 1, 0, 1]}];
            screen.paint(picture(0), picture(255), 0.5);
            const canvas = plot.querySelector(".svg-container canvas.region-pictures");
            const pixel = Array.from(canvas.getContext("2d").getImageData(2, 2, 1, 1).data);
            return [pixel, [canvas.width, canvas.height, canvas.style.width,
                            canvas.style.height, canvas.parentNode.style.left]];
        }"""
    )
    assert pixel[:3] == [pytest.approx(128, abs=2)] * 3
    assert sizes == [6, 4, "300px", "300px", "20px"]
