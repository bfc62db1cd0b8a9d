"""A canvas to draw a digit on (mouse or finger), which sends the picture back to Python.

A small Streamlit components-v2 component, like ui/charts/live_chart.py: the HTML below plus
drawing_canvas.js. While a stroke is drawn (and when it ends), the browser shrinks the canvas
to GRID x GRID grey values (0 black ink .. 255 white paper) and sets the component's
"pixels" state; that reruns the fragment or page the canvas is in, and `drawing_canvas`
returns the picture as a NumPy array. "Clear" empties the canvas and the state.

`drawing_waiting` tells code that runs before the canvas's own rerun (an animation frame
queued ahead of it) that a new drawing has arrived and is not read yet.

From here the picture goes the book's way to the network's 8 x 8 input:
`scratchnet.drawing.drawing_to_digit`.
"""

from pathlib import Path

import numpy as np
import streamlit as st

GRID = 64  # the picture sent to Python is GRID x GRID grey values
PEN_WIDTH = 1 / 9  # the pen's width, a share of the canvas's side: the digits' strokes are thick

_HTML = """
<div class="drawing-canvas">
  <canvas aria-label="Draw a digit here"></canvas>
  <div><button type="button">Clear</button></div>
</div>
"""

_CSS = """
.drawing-canvas canvas {
  display: block; border: 2px solid #888; border-radius: 6px; touch-action: none;
  cursor: crosshair;
}
.drawing-canvas button {
  margin-top: 6px; padding: 4px 16px; border: 1px solid #bbb; border-radius: 6px;
  background: white; font: inherit; cursor: pointer;
}
"""

_drawing_canvas_component = st.components.v2.component(
    "scratchnet.drawing_canvas",
    html=_HTML,
    css=_CSS,
    js=Path(__file__).with_name("drawing_canvas.js").read_text(encoding="utf-8"),
)


def drawing_canvas(key, size=240):
    """Draw the canvas (`size` pixels square) and a Clear button; return the picture drawn so
    far as a (GRID, GRID) array of grey values 0..255, or None when nothing is drawn."""
    result = _drawing_canvas_component(
        key=key,
        data={"size": size, "grid": GRID, "pen": PEN_WIDTH},
        default={"pixels": None},
        on_pixels_change=lambda: None,  # a state of the component: it reruns when it changes
        height="content",  # the canvas, its border and the Clear button, none of them clipped
    )
    st.session_state[read_key(key)] = result.pixels
    return grey_picture(result.pixels)


def drawing_waiting(key):
    """True when the canvas `key` holds a drawing (or a Clear) that `drawing_canvas` has not
    returned yet.

    A stroke reruns the fragment the canvas is in; when another fragment's rerun is queued
    ahead of it (an animation frame), that one already sees the new state in
    `st.session_state`, before the canvas's turn, and can make way for it.
    """
    state = st.session_state.get(key)
    pixels = state.get("pixels") if isinstance(state, dict) else None
    return pixels != st.session_state.get(read_key(key))


def read_key(key):
    """Where `drawing_canvas` keeps the last state it read from the canvas `key`."""
    return f"{key}_read"


def grey_picture(pixels):
    """The component's "pixels" state -> a (GRID, GRID) float array 0..255, or None.

    The state comes from a browser, so nothing is assumed: anything but GRID² numbers from
    0 to 255 is taken for "nothing drawn".
    """
    if not isinstance(pixels, (list, tuple)) or len(pixels) != GRID * GRID:
        return None
    if not {type(value) for value in pixels} <= {int, float}:  # no text, no True/False, no None
        return None
    picture = np.array(pixels, dtype=np.float64).reshape(GRID, GRID)
    if not (np.isfinite(picture).all() and picture.min() >= 0 and picture.max() <= 255):
        return None
    return picture
