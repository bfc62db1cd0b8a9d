"""A Plotly chart that updates in place while the network trains.

Why not ``st.plotly_chart``? Streamlit derives that element's identity from the figure
itself, so every new epoch *remounts* the chart: a blank frame, lost zoom, flicker.

``live_chart`` is a small custom component (Streamlit components v2) instead:

1. The component -- a ``<div>`` plus the JavaScript in ``browser/`` (the chart, and the film
   player of ``clip``s) -- is declared once, when this module is imported.
   Declaring is not drawing: nothing user-specific is stored here.
2. Each call sends ``figure.to_json()`` to the browser (NumPy arrays travel as compact
   base64 "bdata"). The ``key`` keeps the same browser element alive across reruns and
   fragment reruns, so its JavaScript calls ``Plotly.newPlot`` the first time and
   ``Plotly.react`` -- an in-place update of the same ``<div>`` -- after that.
   What a call sends is one binary message (`packed_message`): a little JSON, and the
   figure and the film's pictures as raw bytes beside it, not as text inside it.
3. plotly.js itself is the 4.8 MB copy inside the plotly Python package (no CDN). The
   browser downloads it once per page, by URL, and every live chart shares it; so does the
   chart's own code (the component's JavaScript is a small loader, ``loader.js``).

Example::

    figure = go.Figure(layout={"uirevision": "loss"})  # keep the user's zoom
    figure.add_scatter(x=epochs, y=losses)
    live_chart(figure, key="playground_loss")
"""

import json
from pathlib import Path

import numpy as np
import plotly
import plotly.graph_objects as go
import streamlit as st
from streamlit.components.v1 import declare_component

# Why plotly.js and the chart's code get URLs of their own: a component's JavaScript travels
# again with *every* update (15 kB of chart code, twice a frame, was most of what a playing
# page received), and the browser skips updates that a newer one overtakes, so neither the
# JavaScript nor the data can carry them just once, reliably. A URL is fetched once, by the
# browser, when it needs it.
# Components v2 serve files only for installed packages. A v1 component declared with a
# folder serves the files in that folder at /component/<name>/..., and that is all this
# one is for: it is never drawn. (Like every v1 component, it is registered with the
# server when this module is first imported during a Streamlit run, as pages do.)
_plotly_files = declare_component(
    "plotly_files", path=Path(plotly.__file__).parent / "package_data"
)
_chart_files = declare_component("chart_files", path=Path(__file__).parent / "browser")
# The chart's code, joined in this order into one module: the film player (plays clips at a
# steady pace), its two screens (pictures on a canvas under the plot area; the y values of a
# line), then the chart itself.
CHART_CODE = ("film_player.js", "picture_screen.js", "curve_screen.js", "live_chart.js")

MIN_FIT_HEIGHT = 300  # pixels: below this a chart is too small to read, even on a projector


def compact_javascript(source: str) -> str:
    """JavaScript `source` without its comment lines, blank lines and indentation: the
    component's code travels with every update of every live chart, those need not (they stay
    in the file). (Only for code whose strings span no lines, as indentation would change them.)"""
    lines = (line.strip() for line in source.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


def _served_url(files, name) -> str:
    """Where this server serves the file `name` of a folder declared with declare_component,
    e.g. "/component/ui.charts.live_chart.plotly_files/plotly.min.js"."""
    base_url_path = st.get_option("server.baseUrlPath").strip("/")
    prefix = f"/{base_url_path}" if base_url_path else ""
    return f"{prefix}/component/{files.name}/{name}"


def _loader_javascript() -> str:
    """loader.js, compacted, after the addresses of the chart's code on this server: they travel
    with the loader, so no update needs to carry them."""
    folder = json.dumps(_served_url(_chart_files, ""))
    loader = Path(__file__).with_name("loader.js").read_text(encoding="utf-8")
    addresses = f"const CODE_FOLDER = {folder};\nconst CODE_FILES = {json.dumps(CHART_CODE)};\n"
    return addresses + compact_javascript(loader)


_live_chart_component = st.components.v2.component(
    "scratchnet.live_chart",
    html='<div class="live-chart"></div>',
    js=_loader_javascript(),
    # plotly.js adds its CSS (mode bar, hover labels) to the page's <head>;
    # inside an isolated shadow root that CSS would not reach the chart.
    isolate_styles=False,
)


def live_chart(
    figure: go.Figure | dict | None,
    key: str,
    height: int = 420,
    clip: dict | None = None,
    extend: dict | None = None,
    fit_screen: bool = False,
) -> None:
    """Draw `figure`; on later reruns with the same key, update the same chart with Plotly.react.

    The chart fills the width of its container and follows it when it resizes. Its
    height is `height` pixels, unless the figure sets ``layout.height``.

    To keep the user's zoom and pan while the data changes, give the figure a constant
    ``layout.uirevision`` (any value, e.g. ``"loss"``); change that value to reset the
    view. Without it, every update resets the axes to fit the new data.

    Colours come from the figure's own ``layout.template``. Figures that don't choose
    one get Streamlit's default template, whose colours are placeholders only
    ``st.plotly_chart`` fills in; live_chart drops it, and plotly.js's default look applies.

    `figure` may also be a plain dict in plotly.js's JSON schema ({"data": ..., "layout":
    ...}), as ui/figures/ builds them: much cheaper to send on every animation frame.

    `key` identifies the chart across reruns: use one fixed key per chart, unique on
    the page.

    `clip`: a film for the browser to play, picture after picture, at a steady pace
    (ui/figures/region_pictures.py): pictures painted under the plot area (`picture_clip`,
    `regions_clip`; give the figure a transparent background then, as
    `ui.figures.playground.data_points_figure` does), or the y values of one line of the
    figure (`curve_clip`).

    `figure` None: keep the figure drawn (and its height); play `clip`, or append `extend`'s
    points to its traces, {"traces": [indices or uids], "x": [a list per trace], "y": [...]},
    e.g. from `ui.figures.playground.training_curves_extension`. Where the page also plays a
    film, the points appear as the pictures of their epochs do.

    `fit_screen`: the chart takes the height left between its top and the bottom of the
    browser window (at least MIN_FIT_HEIGHT, at most its own height): on a projector's
    1280 × 720 the whole chart is on the screen, on a big screen it grows.
    """
    # The height of the chart's last figure, in this session (under the chart's key, which
    # carries its page's prefix): an update without a figure keeps the chart as tall.
    if figure is None:
        chart_height = st.session_state.get(f"{key}_height", height)
        figure_json = None
    elif isinstance(figure, dict):
        chart_height = figure.get("layout", {}).get("height") or height
        figure_json = json.dumps(figure)
    else:
        chart_height = figure.layout.height or height
        figure_json = figure.to_json()
    st.session_state[f"{key}_height"] = chart_height
    data = {
        "figure": None if figure_json is None else figure_json.encode("utf-8"),
        "height": chart_height,
        "clip": clip,
        "extend": None if extend is None else packed_points(extend),
        "fit_screen": fit_screen,
        "min_fit_height": MIN_FIT_HEIGHT,
    }
    if figure_json is not None:
        # Where plotly.js is: needed to draw a figure, not to update one (the browser keeps it).
        data["plotly_js_url"] = _served_url(_plotly_files, "plotly.min.js")
    _live_chart_component(
        key=key,
        data=packed_message(data),
        height="content" if fit_screen else chart_height,
    )


# What live_chart sends, byte by byte (read by browser/live_chart.js, `unpacked`):
#
#     header: JSON, UTF-8, on one line | a newline | the binary parts, one after another
#
# The header is the data with each `bytes` value (the figure's JSON, a film's pictures, the
# curves' new points) replaced by {"bytes": [where it starts among the binary parts, where it
# ends]}. Raw bytes are the only binary data a Streamlit component takes besides Arrow tables,
# and only as the whole message: hence one message. Inside JSON, the same bytes would travel as
# base64 text, a third bigger.
# (JSON on one line holds no newline byte: json.dumps writes one in a string as a backslash and n.)


def packed_message(data: dict) -> bytes:
    """`data` (JSON values, and `bytes` anywhere in it) as one binary message. The same bytes
    met twice travel once: both places name the same part (the curves' shared epochs)."""
    parts = []
    size_so_far = 0
    places = {}  # bytes already among the parts -> where they are

    def reference(value):
        nonlocal size_so_far
        if not isinstance(value, bytes):
            raise TypeError(f"live_chart sends JSON values and bytes. Received: {type(value)}")
        if value not in places:
            parts.append(value)
            size_so_far += len(value)
            places[value] = [size_so_far - len(value), size_so_far]
        return {"bytes": places[value]}

    header = json.dumps(data, separators=(",", ":"), default=reference)
    return header.encode("utf-8") + b"\n" + b"".join(parts)


def packed_points(extend: dict) -> dict:
    """The points of `extend` ({"traces": ..., "x": [a list per trace], "y": [...]}) with each
    list as float32 bytes, little-endian: 4 bytes a number, where JSON text takes about 7 (an
    epoch "2365.0,", a loss "0.97861,"). While a run plays, the curves receive ~100 new points
    a frame, several frames a second (issue #11). float32 is what the whole figure's arrays
    carry too (ui/figures/style.py, `packed`), and it holds every epoch below 16,777,216 exactly.
    The browser reads them back as numbers (browser/live_chart.js, `pointValues`)."""
    return each_points_list(extend, lambda values: np.asarray(values, dtype="<f4").tobytes())


def unpacked_points(extend: dict) -> dict:
    """The reverse of `packed_points`: the lists of numbers again (for tests and tools)."""
    return each_points_list(extend, lambda values: np.frombuffer(values, dtype="<f4").tolist())


def each_points_list(extend: dict, convert) -> dict:
    """`extend` with `convert` applied to each trace's x and to each trace's y."""
    return {
        "traces": extend["traces"],
        "x": [convert(values) for values in extend["x"]],
        "y": [convert(values) for values in extend["y"]],
    }


def unpacked_message(message: bytes) -> dict:
    """The data of a `packed_message`, its binary parts as `bytes` again (what the browser reads;
    for tests and tools)."""
    header, parts = message.split(b"\n", 1)

    def part(value):
        if set(value) == {"bytes"}:
            start, end = value["bytes"]
            return parts[start:end]
        return value

    return json.loads(header, object_hook=part)
