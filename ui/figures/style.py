"""Figure builders: arrays in, a Plotly figure out. Pure functions, no Streamlit, unit-tested.

A figure is returned as a plain dict in Plotly's JSON schema, {"data": [...], "layout": {...}}:
exactly what plotly.js draws, and `go.Figure(figure)` turns it into a graph object. Building
go.Figure objects and their JSON took ~50 ms a frame here (validation, templates, deep copies),
a third of an animation frame; a dict with its arrays packed as binary costs ~1 ms.

Colours come from the Okabe-Ito palette, which stays distinguishable for the common kinds of
colour blindness and on a washed-out projector.

The eight class colours are Okabe & Ito's (2008) eight with their black replaced by Paul Tol's
"wine" (#882255, from his colour-blind-safe "muted" scheme): on the decision-region charts a
black outline means "misclassified", so no class may be black. Wine was the candidate that
stays furthest from the other seven and from black under simulated protanopia and
deuteranopia (Machado et al. 2009); every pair of the eight stays at least 17 CIELAB units
apart there, as tests/test_palette.py checks.
"""

import base64
import io

import numpy as np
from PIL import Image

# Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, vermillion, reddish
# purple, sky blue, yellow; then Paul Tol's wine instead of Okabe-Ito's black (see above).
CLASS_COLORS = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#882255",
]
TRAIN_COLOR = "#0072B2"
TEST_COLOR = "#D55E00"
# The sign of a value (a weight, a bias, an activation): the same two colours on every figure.
POSITIVE_COLOR = "#0072B2"  # Okabe-Ito blue
NEGATIVE_COLOR = "#D55E00"  # Okabe-Ito vermillion
FONT = {"size": 16}
MAX_CURVE_POINTS = 400


def class_color(index):
    return CLASS_COLORS[index % len(CLASS_COLORS)]


def hex_to_rgb(color):
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float32)


def png_data_uri(pixels):
    """A PNG image as a data: URI, small enough to send on every frame (~30 kB for 120×120).

    The fastest compression level: 1 ms instead of 5, for a few kB more.
    """
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def packed(values):
    """A numeric array as plotly.js's typed-array spec: base64 of its bytes (float32 for
    floats: plenty for a picture), a quarter of the JSON text of a list of numbers."""
    values = np.asarray(values)
    if values.dtype.kind == "f":
        values = values.astype(np.float32)
    elif values.dtype.kind in "iub":
        values = values.astype(np.int32)
    dtypes = {np.dtype(np.float32): "f4", np.dtype(np.int32): "i4"}
    encoded = base64.b64encode(np.ascontiguousarray(values).tobytes()).decode("ascii")
    return {"dtype": dtypes[values.dtype], "bdata": encoded}


def figure_dict(traces, layout):
    """The figure as plotly.js takes it. Trace arrays are packed with `packed`."""
    for trace in traces:
        for axis in ("x", "y"):
            if axis in trace:
                trace[axis] = packed(trace[axis])
    return {"data": traces, "layout": layout}


def epoch_panels_layout(top_axis, bottom_axis, last_epoch, height, margin, **layout):
    """The layout of two charts stacked on one epoch axis, from 0 to last_epoch: top_axis
    ("yaxis", traces on "y") above bottom_axis ("yaxis2", "y2"), a light grid, the legend in a
    row above. The axes' settings and any other layout key given (legend, hovermode, ...) are
    added to, or replace, these."""
    grid = {"showgrid": True, "gridcolor": "#E5E5E5"}
    return {
        "height": height,
        "margin": margin,
        "font": FONT,
        "xaxis": {"title": {"text": "epoch"}, "range": [0, last_epoch], "anchor": "y2", **grid},
        "yaxis": {"domain": [0.55, 1.0], **top_axis, **grid},
        "yaxis2": {"domain": [0.0, 0.45], **bottom_axis, **grid},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "plot_bgcolor": "white",
        **layout,
    }


def decimate(epochs, *columns, max_points=MAX_CURVE_POINTS):
    """At most `max_points` evenly chosen points of a curve, the first and last always kept."""
    n = len(epochs)
    if n <= max_points:
        return (epochs, *columns)
    chosen = np.unique(np.linspace(0, n - 1, max_points).round().astype(int))
    return (epochs[chosen], *(column[chosen] for column in columns))


def short_floats(values, digits=5):
    """`values` as a list of floats to `digits` significant digits: what a curve needs, in a
    third of the characters of a float's full repr (points sent while the run plays)."""
    return [float(f"{value:.{digits}g}") for value in np.asarray(values, dtype=float)]
