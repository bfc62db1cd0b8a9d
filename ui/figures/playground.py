"""The Playground's two charts, also drawn on the Network, Compare and Regression pages: the
decision regions over the plane, and the loss and accuracy curves. Arrays in, figure out."""

import numpy as np

from ui.figures.style import (
    FONT,
    TEST_COLOR,
    TRAIN_COLOR,
    class_color,
    decimate,
    epoch_panels_layout,
    figure_dict,
    hex_to_rgb,
    png_data_uri,
    short_floats,
)


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
    figure = data_points_figure(
        extent,
        X,
        y,
        X_test,
        y_test,
        predicted,
        predicted_test,
        n_classes=probabilities.shape[-1],
        height=height,
    )
    figure["data"].insert(0, regions_image_trace(probabilities, extent))
    return figure


def data_points_figure(
    extent,
    X,
    y,
    X_test=None,
    y_test=None,
    predicted=None,
    predicted_test=None,
    n_classes=None,
    height=560,
):
    """The input plane over `extent` with the data points, and no colours behind them: the
    Playground's browser paints the decision regions under them itself (ui/charts/).

    The arguments are those of `decision_regions_figure`; `n_classes` (default: from y) sets
    the legend's classes. The plot's background is transparent, and both axes keep exactly
    `extent` at an equal scale, so the regions fill the plot area whatever the data's shape.
    """
    x_min, x_max, y_min, y_max = extent
    if n_classes is None:
        n_classes = int(np.max(y)) + 1
    traces = []
    for points, labels, guesses, kind in [
        (X, y, predicted, "train"),
        (X_test, y_test, predicted_test, "test"),
    ]:
        if points is None or len(points) == 0:
            continue
        wrong = np.zeros(len(labels), bool) if guesses is None else guesses != labels
        for k in range(n_classes):
            if (labels == k).any():
                traces.append(legend_entry(k, kind))
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
            "constrain": "domain",
            "showgrid": False,
            "autorange": False,
        },
        # The legend beside the plane, not under it: the plane keeps the chart's height, and
        # a wide column has room to its right (a projector's screen is short, not narrow).
        "legend": {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "uirevision": "decision-regions",  # keeps the user's zoom across updates
    }
    return figure_dict(traces, layout)


def regions_image_trace(probabilities, extent):
    """The decision regions as one image trace covering extent (x_min, x_max, y_min, y_max).

    probabilities: (H, W, K) class probabilities on a grid; row 0 is the bottom of the plot.
    The grid's points are the centres of the image's pixels (plotly.js places pixel i's centre
    at x0 + i·dx), and the browser smooths the image as it scales it up (zsmooth "fast").
    """
    x_min, x_max, y_min, y_max = extent
    height_cells, width_cells, _ = probabilities.shape
    # Images are drawn top row first; our grid's row 0 is the bottom, so flip it.
    pixels = region_colors(probabilities)[::-1]
    return {
        "type": "image",
        "source": png_data_uri(pixels),
        "x0": x_min,
        "dx": (x_max - x_min) / max(width_cells - 1, 1),
        "y0": y_max,
        "dy": -(y_max - y_min) / max(height_cells - 1, 1),
        "zsmooth": "fast",
        "hoverinfo": "skip",
        "name": "decision regions",
    }


def legend_entry(label, kind):
    """The legend's entry for the points of one class, whatever the network gets right: a
    trace of its own with one empty point (x and y NaN, drawn nowhere). Before, the entry came
    with the class's correctly classified points, and a class the network got all wrong (early
    in training, 8 classes) vanished from the legend. An empty trace would not do: plotly.js
    hides a trace with no point, and its legend entry with it."""
    trace = points_trace(np.full((1, 2), np.nan), label, kind, misclassified=False)
    return {**trace, "showlegend": True, "hoverinfo": "skip"}


def points_trace(points, label, kind, misclassified):
    """Data points of one class: circles for training data, diamonds for test data,
    with a thick black outline when the network gets them wrong. In the legend by their
    class's `legend_entry` (the same legend group: a click there hides or shows them all)."""
    wrong_text = ", misclassified" if misclassified else ""
    return {
        "type": "scatter",
        "x": points[:, 0],
        "y": points[:, 1],
        "mode": "markers",
        "name": f"class {label} ({kind})",
        "legendgroup": f"class {label}",
        "showlegend": False,
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


def points_by_class(points, y):
    """The training points, one trace per class, each named "class k" in the legend."""
    traces = []
    for label in np.unique(y):
        trace = points_trace(points[y == label], int(label), "train", False)
        trace["name"] = f"class {int(label)}"
        traces.append(trace)
    return traces


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
    layout = epoch_panels_layout(
        {"title": {"text": "loss"}, "type": "log" if log_loss else "linear", "rangemode": "tozero"},
        {"title": {"text": "accuracy"}, "range": [0, 1.02]},
        last_epoch=max(total_epochs or 0, int(epochs[-1]) if len(epochs) else 1, 1),
        height=height,
        margin={"l": 80, "r": 20, "t": 40, "b": 60},
        hovermode="x unified",
        uirevision="training-curves",
    )
    return figure_dict(traces, layout)


def training_curves_extension(
    epochs,
    loss,
    accuracy,
    test_epochs=None,
    test_loss=None,
    test_accuracy=None,
    since_epoch=-1,
    since_test_epoch=-1,
    stride=1,
):
    """The points to add to a `training_curves_figure` that shows the curves up to
    `since_epoch` (and the test curves up to `since_test_epoch`): while the run plays, only
    these travel to the browser, which appends them (Plotly.extendTraces).

    Returns {"traces": trace indices, "x": a list per trace, "y": a list per trace}, in the
    figure's order of traces (train loss, train accuracy, then test loss, test accuracy).
    `stride` thins the training points to the epochs that are multiples of it (the newest one
    always kept), so that a long run stays a curve of a few thousand points at most.
    """
    epochs = np.asarray(epochs)
    new = epochs > since_epoch
    new &= (epochs % stride == 0) | (epochs == epochs[-1] if len(epochs) else False)
    train_x = epochs[new].tolist()
    extension = {
        "traces": [0, 1],
        "x": [train_x, train_x],
        "y": [short_floats(np.asarray(loss)[new]), short_floats(np.asarray(accuracy)[new])],
    }
    if test_epochs is not None and len(test_epochs):
        test_epochs = np.asarray(test_epochs)
        new_test = test_epochs > since_test_epoch
        test_x = test_epochs[new_test].tolist()
        extension["traces"] += [2, 3]
        extension["x"] += [test_x, test_x]
        extension["y"] += [
            short_floats(np.asarray(test_loss)[new_test]),
            short_floats(np.asarray(test_accuracy)[new_test]),
        ]
    return extension
