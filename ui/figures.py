"""Figure builders: arrays in, a Plotly figure out. Pure functions, no Streamlit, unit-tested.

A figure is returned as a plain dict in Plotly's JSON schema, {"data": [...], "layout": {...}}:
exactly what plotly.js draws, and `go.Figure(figure)` turns it into a graph object. Building
go.Figure objects and their JSON took ~50 ms a frame here (validation, templates, deep copies),
a third of an animation frame; a dict with its arrays packed as binary costs ~1 ms.

Colours come from the Okabe-Ito palette, which stays distinguishable for the common kinds of
colour blindness and on a washed-out projector.
"""

import base64
import io

import numpy as np
from PIL import Image

# Okabe & Ito (2008), "Color Universal Design": blue, orange, green, vermillion, purple, ...
CLASS_COLORS = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
]
TRAIN_COLOR = "#0072B2"
TEST_COLOR = "#D55E00"
FONT = {"size": 16}
MAX_CURVE_POINTS = 400


def class_color(index):
    return CLASS_COLORS[index % len(CLASS_COLORS)]


def hex_to_rgb(color):
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float32)


def region_colors(probabilities):
    """RGB pixels (H, W, 3) uint8 for class probabilities (H, W, K).

    Each cell takes the colour of its most likely class, faded towards white as the network is
    less sure: confidence = (p_max - 1/K) / (1 - 1/K), 0 when all classes are equally likely
    and 1 when one class has all the probability. (TF Playground's two-class shading, for K.)
    """
    n_classes = probabilities.shape[-1]
    winner = np.argmax(probabilities, axis=-1)
    p_max = np.max(probabilities, axis=-1)
    confidence = np.clip((p_max - 1 / n_classes) / (1 - 1 / n_classes), 0, 1)
    confidence[~np.isfinite(confidence)] = 0  # weights broken by NaN: no confidence at all
    palette = np.stack([hex_to_rgb(class_color(k)) for k in range(n_classes)])
    white = np.float32(255)
    # Keep a little colour even at zero confidence, and never fully saturate: points stay visible.
    strength = (0.12 + 0.6 * confidence)[..., None]
    pixels = white + (palette[winner] - white) * strength
    return np.round(pixels).astype(np.uint8)


def png_data_uri(pixels):
    """A PNG image as a data: URI, small enough to send on every frame (~30 kB for 120×120).

    The fastest compression level: 1 ms instead of 5, for a few kB more.
    """
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def decision_regions_figure(
    probabilities,
    extent,
    X,
    y,
    X_test=None,
    y_test=None,
    predicted=None,
    predicted_test=None,
    height=560,
):
    """The input plane coloured by the network's prediction, with the data on top.

    probabilities: (H, W, K) class probabilities on a grid; row 0 is the bottom of the plot.
    extent: (x_min, x_max, y_min, y_max) of the grid. X, y: training points and labels;
    X_test, y_test: test points (drawn as diamonds). predicted / predicted_test: the network's
    classes for those points: the misclassified ones get a thick black outline.
    """
    x_min, x_max, y_min, y_max = extent
    height_cells, width_cells, n_classes = probabilities.shape
    # Images are drawn top row first; our grid's row 0 is the bottom, so flip it.
    pixels = region_colors(probabilities)[::-1]
    traces = [
        {
            "type": "image",
            "source": png_data_uri(pixels),
            "x0": x_min,
            "dx": (x_max - x_min) / width_cells,
            "y0": y_max,
            "dy": -(y_max - y_min) / height_cells,
            "hoverinfo": "skip",
            "name": "decision regions",
        }
    ]
    for points, labels, guesses, kind in [
        (X, y, predicted, "train"),
        (X_test, y_test, predicted_test, "test"),
    ]:
        if points is None or len(points) == 0:
            continue
        wrong = np.zeros(len(labels), bool) if guesses is None else guesses != labels
        for k in range(n_classes):
            for is_wrong in (False, True):
                chosen = (labels == k) & (wrong == is_wrong)
                if chosen.any():
                    traces.append(points_trace(points[chosen], k, kind, is_wrong))
    layout = {
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 10, "b": 40},
        "font": FONT,
        "xaxis": {"range": [x_min, x_max], "constrain": "domain", "showgrid": False},
        "yaxis": {
            "range": [y_min, y_max],
            "scaleanchor": "x",
            "scaleratio": 1,
            "showgrid": False,
            "autorange": False,
        },
        "legend": {"orientation": "h", "y": -0.06, "yanchor": "top", "x": 0},
        "plot_bgcolor": "white",
        "uirevision": "decision-regions",  # keeps the user's zoom across updates
    }
    return figure_dict(traces, layout)


def points_trace(points, label, kind, misclassified):
    """Data points of one class: circles for training data, diamonds for test data,
    with a thick black outline when the network gets them wrong."""
    wrong_text = ", misclassified" if misclassified else ""
    return {
        "type": "scatter",
        "x": points[:, 0],
        "y": points[:, 1],
        "mode": "markers",
        "name": f"class {label} ({kind})",
        "legendgroup": f"class {label}",
        "showlegend": not misclassified,
        "marker": {
            "color": class_color(label),
            "symbol": "circle" if kind == "train" else "diamond",
            "size": 10 if kind == "train" else 12,
            "line": {
                "color": "#000000" if misclassified else "#FFFFFF",
                "width": 2.5 if misclassified else 1.0,
            },
        },
        "hovertemplate": f"class {label} ({kind}{wrong_text})<br>x=%{{x:.3f}}<br>y=%{{y:.3f}}"
        "<extra></extra>",
    }


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


def decimate(epochs, *columns, max_points=MAX_CURVE_POINTS):
    """At most `max_points` evenly chosen points of a curve, the first and last always kept."""
    n = len(epochs)
    if n <= max_points:
        return (epochs, *columns)
    chosen = np.unique(np.linspace(0, n - 1, max_points).round().astype(int))
    return (epochs[chosen], *(column[chosen] for column in columns))


def training_curves_figure(
    epochs,
    loss,
    accuracy,
    test_epochs=None,
    test_loss=None,
    test_accuracy=None,
    log_loss=False,
    total_epochs=None,
    height=560,
):
    """Loss (top) and accuracy (bottom) against the epoch, train and test."""
    epochs, loss, accuracy = decimate(np.asarray(epochs), np.asarray(loss), np.asarray(accuracy))
    series = [("train", epochs, loss, accuracy, TRAIN_COLOR, "solid")]
    if test_epochs is not None and len(test_epochs):
        test = decimate(np.asarray(test_epochs), np.asarray(test_loss), np.asarray(test_accuracy))
        series.append(("test", *test, TEST_COLOR, "dash"))
    traces = []
    for name, x, loss_values, accuracy_values, color, dash in series:
        line = {"color": color, "width": 3, "dash": dash}
        # One legend entry per data set: the two panels say which is loss and which accuracy.
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": loss_values,
                "name": name,
                "legendgroup": name,
                "line": line,
                "yaxis": "y",
                "mode": "lines",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": accuracy_values,
                "name": f"{name} accuracy",
                "legendgroup": name,
                "showlegend": False,
                "line": line,
                "yaxis": "y2",
                "mode": "lines",
            }
        )
    x_range = [0, max(total_epochs or 0, int(epochs[-1]) if len(epochs) else 1, 1)]
    grid = {"showgrid": True, "gridcolor": "#E5E5E5"}
    layout = {
        "height": height,
        "margin": {"l": 80, "r": 20, "t": 40, "b": 60},
        "font": FONT,
        "xaxis": {"title": {"text": "epoch"}, "range": x_range, "anchor": "y2", **grid},
        "yaxis": {
            "title": {"text": "loss"},
            "domain": [0.55, 1.0],
            "type": "log" if log_loss else "linear",
            "rangemode": "tozero",
            **grid,
        },
        "yaxis2": {
            "title": {"text": "accuracy"},
            "domain": [0.0, 0.45],
            "range": [0, 1.02],
            **grid,
        },
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "plot_bgcolor": "white",
        "hovermode": "x unified",
        "uirevision": "training-curves",
    }
    return figure_dict(traces, layout)
