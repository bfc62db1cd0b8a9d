"""Figure builders as functions: arrays in, a valid Plotly figure out."""

import base64
import io
import json

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from ui.figures.playground import decision_regions_figure, region_colors, training_curves_figure
from ui.figures.style import CLASS_COLORS, MAX_CURVE_POINTS, decimate, hex_to_rgb, packed


def validated(figure):
    """Check the figure dict against Plotly's full validation (raises on any bad property)
    and return it as a go.Figure whose packed arrays are unpacked, easy to inspect."""
    go.Figure(figure)
    unpacked = {
        "data": [{key: unpack(value) for key, value in trace.items()} for trace in figure["data"]],
        "layout": figure["layout"],
    }
    return go.Figure(unpacked)


def unpack(value):
    """An array packed by ui.figures.packed, back as NumPy; anything else unchanged."""
    if isinstance(value, dict) and set(value) == {"dtype", "bdata"}:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return value


def decode_png(data_uri):
    header, encoded = data_uri.split(",", 1)
    assert header == "data:image/png;base64"
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded))).convert("RGB"))


@pytest.mark.parametrize("n_classes", [2, 3, 5, 8])
def test_a_sure_cell_takes_its_class_colour_and_an_unsure_one_is_pale(n_classes):
    sure = np.zeros((1, n_classes, n_classes))
    sure[0, np.arange(n_classes), np.arange(n_classes)] = 1.0
    uniform = np.full((1, 1, n_classes), 1 / n_classes)
    sure_pixels = region_colors(sure)[0].astype(float)
    pale_pixel = region_colors(uniform)[0, 0].astype(float)
    for k in range(n_classes):
        colour = hex_to_rgb(CLASS_COLORS[k])
        # Fully sure: 72% of the way from white to the class colour.
        np.testing.assert_allclose(sure_pixels[k], 255 + (colour - 255) * 0.72, atol=0.6)
    # All classes equally likely: almost white.
    assert pale_pixel.min() > 220


def test_confidence_grows_the_colour_monotonically():
    probabilities = np.array([[[p, 1 - p] for p in (0.5, 0.6, 0.8, 1.0)]])
    pixels = region_colors(probabilities)[0].astype(float)
    distance_from_white = np.abs(pixels - 255).sum(axis=1)
    assert np.all(np.diff(distance_from_white) > 0)


def test_decision_regions_draw_the_grid_as_an_image_and_every_point():
    rng = np.random.RandomState(0)
    probabilities = rng.dirichlet(np.ones(3), size=(20, 30))  # 20 rows, 30 columns
    X = rng.uniform(-1, 1, size=(12, 2)).astype(np.float32)
    y = np.repeat(np.arange(3), 4)
    predicted = y.copy()
    predicted[[0, 5]] = (predicted[[0, 5]] + 1) % 3  # two mistakes
    X_test = rng.uniform(-1, 1, size=(6, 2)).astype(np.float32)
    y_test = np.repeat(np.arange(3), 2)
    figure = validated(
        decision_regions_figure(
            probabilities, (-1.5, 1.5, -1.0, 1.0), X, y, X_test, y_test, predicted, y_test
        )
    )
    image = figure.data[0]
    assert image.type == "image"
    pixels = decode_png(image.source)
    assert pixels.shape == (20, 30, 3)
    # Row 0 of the grid is the bottom of the plot: the image is stored top row first.
    np.testing.assert_array_equal(pixels[-1], region_colors(probabilities)[0])
    # Pixel centres sit on the grid's points, the first and last on the extent's edges
    # (np.linspace in make_grid): the image covers the whole plot area, no white band.
    assert image.x0 == -1.5 and image.y0 == 1.0
    assert image.dx == pytest.approx(3.0 / 29) and image.dy == pytest.approx(-2.0 / 19)
    assert image.zsmooth == "fast"  # smoothed as it is scaled up: no stair-steps

    scatters = [trace for trace in figure.data if trace.type == "scatter"]
    legend = [trace.name for trace in scatters if trace.showlegend]
    assert legend == [f"class {k} ({kind})" for kind in ("train", "test") for k in range(3)]
    scatters = [trace for trace in scatters if not trace.showlegend]  # the points themselves
    assert sum(len(trace.x) for trace in scatters) == len(X) + len(X_test)
    train = [trace for trace in scatters if "(train)" in trace.name]
    test = [trace for trace in scatters if "(test)" in trace.name]
    assert {trace.marker.symbol for trace in train} == {"circle"}
    assert {trace.marker.symbol for trace in test} == {"diamond"}
    outlined = [trace for trace in scatters if trace.marker.line.color == "#000000"]
    assert sum(len(trace.x) for trace in outlined) == 2  # exactly the two mistakes
    for trace in scatters:
        label = int(trace.name.split()[1])
        assert trace.marker.color == CLASS_COLORS[label]
    assert figure.layout.uirevision == "decision-regions"
    assert figure.layout.yaxis.scaleanchor == "x"


def test_decision_regions_without_test_points_or_predictions():
    probabilities = np.full((4, 4, 2), 0.5)
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    figure = validated(decision_regions_figure(probabilities, (0, 1, 0, 1), X, np.array([0, 1])))
    names = [trace.name for trace in figure.data[1:] if trace.showlegend]
    assert names == ["class 0 (train)", "class 1 (train)"]


def test_a_class_the_network_gets_all_wrong_keeps_its_legend_entry():
    """Early in training on 8 classes, a class can have no point classified right: its entry
    in the legend stays (it came with the right points' trace, and vanished with them)."""
    probabilities = np.full((4, 4, 3), 1 / 3)
    X = np.array([[0.0, 0.0], [0.5, 0.5], [1.0, 1.0]])
    y = np.array([0, 1, 2])
    predicted = np.array([1, 1, 1])  # classes 0 and 2: all wrong
    figure = validated(
        decision_regions_figure(probabilities, (0, 1, 0, 1), X, y, None, None, predicted)
    )
    entries = [trace for trace in figure.data if trace.type == "scatter" and trace.showlegend]
    assert [trace.name for trace in entries] == [f"class {k} (train)" for k in range(3)]
    for trace in entries:  # drawn nowhere: only the legend shows them
        assert np.isnan(np.asarray(trace.x, float)).all()
        assert trace.marker.line.color == "#FFFFFF"  # no "misclassified" outline in the legend


def test_the_regions_image_stays_small_enough_to_send_every_frame():
    rng = np.random.RandomState(1)
    probabilities = rng.dirichlet(np.ones(3) * 0.3, size=(120, 120))
    figure = decision_regions_figure(
        probabilities, (-1, 1, -1, 1), np.zeros((1, 2)), np.zeros(1, int)
    )
    assert len(json.dumps(figure)) < 150_000


@pytest.mark.parametrize(
    ("n", "expected"), [(5, 5), (MAX_CURVE_POINTS, MAX_CURVE_POINTS), (10_001, MAX_CURVE_POINTS)]
)
def test_decimate_bounds_points_and_keeps_both_ends(n, expected):
    epochs = np.arange(n)
    values = epochs * 2.0
    kept_epochs, kept_values = decimate(epochs, values)
    assert len(kept_epochs) == expected
    assert kept_epochs[0] == 0 and kept_epochs[-1] == n - 1
    np.testing.assert_array_equal(kept_values, kept_epochs * 2.0)
    assert np.all(np.diff(kept_epochs) > 0)


def test_training_curves_have_loss_on_top_and_accuracy_below():
    epochs = np.arange(2000)
    loss = np.exp(-epochs / 500)
    accuracy = 1 - loss / 2
    figure = validated(
        training_curves_figure(
            epochs,
            loss,
            accuracy,
            epochs[::100],
            loss[::100] * 1.1,
            accuracy[::100] * 0.9,
            log_loss=True,
            total_epochs=10_001,
        )
    )
    names = [trace.name for trace in figure.data]
    assert names == ["train", "train accuracy", "test", "test accuracy"]
    assert [trace.showlegend for trace in figure.data] == [None, False, None, False]
    assert [trace.yaxis for trace in figure.data] == ["y", "y2", "y", "y2"]
    assert all(len(trace.x) <= MAX_CURVE_POINTS for trace in figure.data)
    assert figure.layout.yaxis.type == "log"
    assert tuple(figure.layout.xaxis.range) == (0, 10_001)
    assert figure.layout.yaxis.domain[0] > figure.layout.yaxis2.domain[1]  # loss above
    assert figure.data[2].line.dash == "dash"


def test_training_curves_before_any_epoch():
    empty = np.array([])
    figure = validated(training_curves_figure(empty, empty, empty, total_epochs=100))
    assert len(figure.data) == 2
    assert tuple(figure.layout.xaxis.range) == (0, 100)


@pytest.mark.parametrize(
    "values", [np.array([0.5, -1.25, 3.0]), np.arange(5), np.array([], dtype=float)]
)
def test_packed_arrays_round_trip(values):
    np.testing.assert_array_equal(unpack(packed(values)), values)
