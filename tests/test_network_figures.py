"""The Network page's figure builders and the numbers they draw, tested as functions."""

import numpy as np
import pytest

from scratchnet import RunConfig, build_trainer
from scratchnet.network import build_network
from tests.test_figures import decode_png, unpack, validated
from ui.figures.hidden_space import hidden_space, hidden_space_figure, input_lattice
from ui.figures.layer_outputs import dead_neurons, layer_outputs
from ui.figures.layer_statistics import (
    layer_dynamics_figure,
    weight_histograms_figure,
    with_epoch_cursor,
)
from ui.figures.network_graph import EDGE_WIDTHS, edge_group, network_graph_figure, node_positions
from ui.figures.neuron_maps import (
    TILE_GAP,
    TILE_GAP_COLOR,
    activation_maps,
    activation_maps_figure,
    mosaic,
    mosaic_columns,
    signed_colors,
)
from ui.figures.replay import replay_figure
from ui.figures.style import NEGATIVE_COLOR, POSITIVE_COLOR

# A 2-3-2 network small enough to check every edge by hand.
W1 = np.array([[0.5, -1.0, 0.1], [-0.2, 0.9, -0.6]])
B1 = np.array([[0.3, -0.4, 0.0]])
W2 = np.array([[0.7, -0.05], [-0.3, 0.25], [0.8, -0.55]])
B2 = np.array([[0.1, -0.2]])


def small_graph(**options):
    return network_graph_figure([W1, W2], [B1, B2], ["class 0", "class 1"], **options)


def segments(trace):
    """The (x0, y0, x1, y1) of each line segment of an edges trace (NaN-separated pairs)."""
    xs, ys = unpack(trace["x"]), unpack(trace["y"])
    return [(xs[start], ys[start], xs[start + 1], ys[start + 1]) for start in range(0, len(xs), 3)]


def edge_traces(figure):
    return [trace for trace in figure["data"] if trace.get("mode") == "lines"]


def trained_network(hidden_layers=(8, 5), epochs=30, activation="relu"):
    trainer = build_trainer(
        RunConfig(samples=30, hidden_layers=hidden_layers, activation=activation, seed=3)
    )
    trainer.step(epochs)
    return trainer


def manual_forward(network, X):
    """ReLU hidden layers and a softmax output, written out with NumPy."""
    values = X
    outputs = []
    for index, layer in enumerate(network.dense_layers):
        z = values @ layer.weights + layer.biases
        if index < len(network.dense_layers) - 1:
            values = np.maximum(z, 0)
        else:
            exp = np.exp(z - z.max(axis=1, keepdims=True))
            values = exp / exp.sum(axis=1, keepdims=True)
        outputs.append(values)
    return outputs


# --- the graph -----------------------------------------------------------------------------------


def test_the_graph_is_a_valid_figure_with_every_edge_once():
    figure = small_graph()
    validated(figure)
    drawn = [segment for trace in edge_traces(figure) for segment in segments(trace)]
    assert len(drawn) == W1.size + W2.size
    assert len(set(drawn)) == len(drawn)


def test_edges_are_coloured_by_the_sign_of_their_weight():
    figure = small_graph()
    heights = [node_positions(2), node_positions(3), node_positions(2)]
    positive, negative = set(), set()
    for trace in edge_traces(figure):
        kind = positive if trace["line"]["color"] == POSITIVE_COLOR else negative
        assert trace["line"]["color"] in (POSITIVE_COLOR, NEGATIVE_COLOR)
        kind.update(segments(trace))
    for layer, weights in enumerate([W1, W2]):
        for (row, column), weight in np.ndenumerate(weights):
            segment = (layer, heights[layer][row], layer + 1, heights[layer + 1][column])
            assert segment in (positive if weight > 0 else negative)


@pytest.mark.parametrize(
    ("weight", "largest", "group"),
    [
        (1.0, 1.0, ("positive", 3)),
        (-1.0, 1.0, ("negative", 3)),
        (0.1, 1.0, ("positive", 0)),
        (-0.3, 1.0, ("negative", 1)),
        (0.55, 1.0, ("positive", 2)),
        (0.5, 2.0, ("positive", 1)),
        (0.0, 1.0, ("negative", 0)),
    ],
)
def test_an_edge_goes_in_the_width_bucket_of_its_share_of_the_largest_weight(
    weight, largest, group
):
    assert edge_group(weight, largest) == group


def test_the_strongest_edge_is_the_widest_and_a_weak_one_the_thinnest():
    figure = small_graph()
    heights = [node_positions(2), node_positions(3)]
    strongest = (0, heights[0][0], 1, heights[1][1])  # W1[0, 1] = -1.0, the largest |w|
    weakest = (0, heights[0][0], 1, heights[1][2])  # W1[0, 2] = 0.1
    widths = {}
    for trace in edge_traces(figure):
        for segment in segments(trace):
            widths[segment] = trace["line"]["width"]
    assert widths[strongest] == EDGE_WIDTHS[-1]
    assert widths[weakest] == EDGE_WIDTHS[0]
    assert len(edge_traces(figure)) <= 2 * len(EDGE_WIDTHS)


def test_hovering_an_edge_or_a_node_shows_its_value():
    figure = small_graph()
    (hover,) = [trace for trace in figure["data"] if trace["name"] == "weights"]
    assert len(hover["text"]) == W1.size + W2.size
    assert any("from x1 to neuron 2" in text and "w = -1" in text for text in hover["text"])
    assert any(
        "from neuron 3 to neuron 2" in text and "w = -0.55" in text for text in hover["text"]
    )
    hidden = next(trace for trace in figure["data"] if trace["name"] == "hidden layer 1")
    np.testing.assert_allclose(hidden["customdata"], B1.ravel())
    assert "bias" in hidden["hovertemplate"]
    output = next(trace for trace in figure["data"] if trace["name"] == "output layer")
    assert output["text"] == ["class 0", "class 1"]
    np.testing.assert_allclose(output["marker"]["color"], B2.ravel())


def test_node_colours_share_one_symmetric_bias_scale():
    figure = small_graph()
    nodes = [
        trace for trace in figure["data"] if trace["name"] in ("hidden layer 1", "output layer")
    ]
    for trace in nodes:
        assert trace["marker"]["cmin"] == -0.4 and trace["marker"]["cmax"] == 0.4
        assert trace["marker"]["colorscale"][0][1] == NEGATIVE_COLOR
        assert trace["marker"]["colorscale"][-1][1] == POSITIVE_COLOR


def test_a_big_layer_draws_only_its_strongest_edges_and_says_so():
    rng = np.random.RandomState(0)
    weights = [rng.randn(2, 40), rng.randn(40, 40), rng.randn(40, 3)]
    biases = [np.zeros(40), np.zeros(40), np.zeros(3)]
    figure = network_graph_figure(weights, biases, ["a", "b", "c"], max_edges=100)
    validated(figure)
    heights = [node_positions(n) for n in (2, 40, 40, 3)]
    middle = [
        segment for trace in edge_traces(figure) for segment in segments(trace) if segment[0] == 1
    ]
    assert len(middle) == 100
    drawn = np.zeros((40, 40), bool)
    for _, y0, _, y1 in middle:
        drawn[np.argmin(abs(heights[1] - y0)), np.argmin(abs(heights[2] - y1))] = True
    assert np.abs(weights[1][drawn]).min() >= np.abs(weights[1][~drawn]).max()
    texts = [annotation["text"] for annotation in figure["layout"]["annotations"]]
    assert "100 strongest<br>of 1,600" in texts
    assert "80 weights" in texts


def test_a_layer_of_more_than_64_neurons_shows_64_and_says_so():
    weights = [np.ones((2, 100)), np.ones((100, 3))]
    figure = network_graph_figure(weights, [np.zeros(100), np.zeros(3)], ["a", "b", "c"])
    hidden = next(trace for trace in figure["data"] if trace["name"] == "hidden layer 1")
    assert len(unpack(hidden["x"])) == 64
    texts = [annotation["text"] for annotation in figure["layout"]["annotations"]]
    assert "hidden 1<br>64 of 100" in texts


# --- activation maps ---------------------------------------------------------------------------


def test_layer_outputs_are_the_forward_pass_layer_by_layer():
    trainer = trained_network()
    outputs = layer_outputs(trainer.network, trainer.X)
    expected = manual_forward(trainer.network, trainer.X.astype(np.float64))
    assert len(outputs) == 3
    for got, want in zip(outputs, expected):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_each_map_is_the_neuron_activation_at_each_grid_point():
    trainer = trained_network()
    cells = 7
    xs = np.linspace(-1, 1, cells)
    grid_x, grid_y = np.meshgrid(xs, xs)
    points = np.column_stack([grid_x.ravel(), grid_y.ravel()]).astype(np.float32)
    maps = activation_maps(trainer.network, points, cells)
    assert [m.shape for m in maps] == [(8, cells, cells), (5, cells, cells), (3, cells, cells)]
    expected = manual_forward(trainer.network, points.astype(np.float64))
    row, column, neuron = 5, 2, 3
    point_index = row * cells + column
    np.testing.assert_allclose(
        maps[0][neuron, row, column], expected[0][point_index, neuron], atol=1e-5
    )
    np.testing.assert_allclose(maps[2].sum(axis=0), 1, rtol=1e-5)


def test_at_most_64_maps_per_layer():
    network = build_network(2, [100], 3, np.random.RandomState(0))
    maps = activation_maps(network, np.zeros((4, 2), np.float32), 2)
    assert maps[0].shape == (64, 2, 2)


@pytest.mark.parametrize(
    ("n_maps", "max_columns", "columns"),
    [
        (64, 21, 16),
        (64, 8, 8),
        (64, 10, 8),
        (3, 4, 3),
        (8, 4, 4),
        (7, 4, 4),
        (5, 24, 5),
        (1, 4, 1),
    ],
)
def test_mosaic_rows_are_as_full_as_possible(n_maps, max_columns, columns):
    assert mosaic_columns(n_maps, max_columns) == columns


def test_a_mosaic_frames_tiles_in_rows_and_flips_each_tile():
    n_tiles, size = 10, 4
    tiles = np.zeros((n_tiles, size, size, 3), np.uint8)
    for index in range(n_tiles):
        tiles[index] = index * 10
        tiles[index, 0] = 255  # row 0 = the bottom of the map
    pixels = mosaic(tiles, columns=8)
    step = size + TILE_GAP
    assert pixels.shape == (2 * step + TILE_GAP, 8 * step + TILE_GAP, 3)
    # Tile 9 is the second of row 2; its bottom row (the map's row 0) is the image's lowest.
    top, left = TILE_GAP + step, TILE_GAP + step
    np.testing.assert_array_equal(pixels[top + size - 1, left], [255, 255, 255])
    np.testing.assert_array_equal(pixels[top, left], [90, 90, 90])
    np.testing.assert_array_equal(pixels[top - 1, left], TILE_GAP_COLOR)  # its frame
    # Where row 2 has no tile, the mosaic is white.
    np.testing.assert_array_equal(pixels[top + 1, TILE_GAP + 5 * step + 1], [255, 255, 255])


def test_signed_colours_white_at_zero_blue_positive_vermillion_negative_each_map_scaled():
    maps = np.array([[[0.0, 2.0, -1.0]], [[0.0, 0.0, 0.0]], [[0.0, 50.0, 25.0]]])
    pixels = signed_colors(maps).astype(float)
    blue = 255 + (np.array([0x00, 0x72, 0xB2]) - 255) * 0.9
    vermillion_half = 255 + (np.array([0xD5, 0x5E, 0x00]) - 255) * 0.45
    np.testing.assert_allclose(pixels[0, 0, 0], [255, 255, 255])
    np.testing.assert_allclose(pixels[0, 0, 1], blue, atol=0.6)
    np.testing.assert_allclose(pixels[0, 0, 2], vermillion_half, atol=0.6)
    np.testing.assert_allclose(pixels[1], 255)  # a dead neuron's map is all white
    np.testing.assert_allclose(pixels[2, 0, 1], blue, atol=0.6)  # scaled by its own largest


def test_the_maps_figure_is_one_mosaic_image_with_a_hover_point_per_neuron():
    rng = np.random.RandomState(1)
    maps = rng.randn(12, 20, 20)
    dead = np.zeros(12, bool)
    dead[4] = True
    figure = activation_maps_figure(maps, dead=dead)
    validated(figure)
    image = decode_png(figure["data"][0]["source"])
    step = 20 + TILE_GAP
    assert image.shape == (2 * step + TILE_GAP, 8 * step + TILE_GAP, 3)
    hover = figure["data"][1]
    assert len(hover["text"]) == 12
    assert "dead" in hover["text"][4] and "dead" not in hover["text"][3]
    assert f"to {maps[7].max():.3g}" in hover["text"][7]


def test_the_output_maps_are_the_class_probabilities_in_class_colours():
    probabilities = np.zeros((3, 5, 5))
    probabilities[1] = 1.0
    figure = activation_maps_figure(probabilities, class_names=["class 0", "class 1", "class 2"])
    image = decode_png(figure["data"][0]["source"]).astype(float)
    orange = 255 + (np.array([0xE6, 0x9F, 0x00]) - 255) * 0.9
    second_tile = TILE_GAP + 5 + TILE_GAP
    np.testing.assert_allclose(image[TILE_GAP + 2, second_tile + 2], orange, atol=0.6)
    np.testing.assert_allclose(image[TILE_GAP + 2, TILE_GAP + 2], [255, 255, 255])
    assert figure["data"][2]["text"] == ["0", "1", "2"]
    assert figure["data"][1]["text"][1].startswith("class 1")


# --- dead neurons, hidden space ------------------------------------------------------------------


def test_a_neuron_with_a_large_negative_bias_is_dead():
    trainer = trained_network(hidden_layers=(6,))
    layer = trainer.network.dense_layers[0]
    layer.biases[0, 2] = -100.0
    # A neuron with a tiny but positive output everywhere is alive.
    layer.weights[:, 4] = 0.0
    layer.biases[0, 4] = 1e-4
    dead = dead_neurons(trainer.network, trainer.X)
    assert len(dead) == 1 and dead[0][2] and not dead[0][4]
    expected = np.all(manual_forward(trainer.network, trainer.X)[0] == 0, axis=0)
    np.testing.assert_array_equal(dead[0], expected)


def test_the_input_lattice_is_lines_of_constant_x_then_constant_y():
    lattice = input_lattice((-1, 3, 0, 2), n_lines=5, points_per_line=11)
    assert lattice.shape == (10, 11, 2)
    np.testing.assert_allclose(lattice[:5, :, 0], np.linspace(-1, 3, 5)[:, None].repeat(11, 1))
    np.testing.assert_allclose(lattice[5:, :, 1], np.linspace(0, 2, 5)[:, None].repeat(11, 1))
    np.testing.assert_allclose(lattice[0, :, 1], np.linspace(0, 2, 11))


@pytest.mark.parametrize(("layer", "neurons"), [(0, (0, 1)), (0, (7, 3)), (1, (4, 0)), (1, (2, 2))])
def test_hidden_space_coordinates_equal_a_manual_forward_pass(layer, neurons):
    trainer = trained_network()
    lattice = input_lattice((-1, 1, -1, 1), n_lines=4, points_per_line=6)
    points, bent = hidden_space(trainer.network, layer, neurons, trainer.X, lattice)
    expected = manual_forward(trainer.network, trainer.X.astype(np.float64))[layer]
    np.testing.assert_allclose(points, expected[:, list(neurons)], rtol=1e-4, atol=1e-6)
    expected_lattice = manual_forward(trainer.network, lattice.reshape(-1, 2))[layer]
    np.testing.assert_allclose(
        bent.reshape(-1, 2), expected_lattice[:, list(neurons)], rtol=1e-4, atol=1e-6
    )


def test_the_hidden_space_figure_draws_the_lattice_with_gaps_and_each_class():
    points = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    y = np.array([0, 1, 1])
    lattice = np.arange(24, dtype=float).reshape(4, 3, 2)
    figure = hidden_space_figure(points, y, lattice, ["layer 1, neuron 1", "layer 1, neuron 2"])
    figure_object = validated(figure)
    grid = figure_object.data[0]
    assert len(grid.x) == 4 * 4 and np.isnan(grid.x[3]) and grid.x[4] == lattice[1, 0, 0]
    class_1 = figure_object.data[2]
    np.testing.assert_allclose(class_1.x, [2.0, 4.0])
    assert figure["layout"]["xaxis"]["title"]["text"] == "layer 1, neuron 1"


# --- over training, the cursor, the replay ----------------------------------------------------


def test_layer_dynamics_draw_each_layers_gradient_norm_and_update_size_on_log_axes():
    epochs = np.arange(5)
    norms = np.array([[1.0, 2.0]] * 5) * np.arange(1, 6)[:, None]
    figure = validated(
        layer_dynamics_figure(
            epochs, norms, [2, 4], np.array([[1e-3, 2e-3], [3e-3, 4e-3]]), ["hidden", "output"]
        )
    )
    assert len(figure.data) == 4
    np.testing.assert_allclose(figure.data[2].y, norms[:, 1])
    np.testing.assert_allclose(figure.data[3].y, [2e-3, 4e-3])
    assert figure.layout.yaxis.type == "log" and figure.layout.yaxis2.type == "log"


def test_layer_dynamics_with_no_epoch_yet_is_still_a_figure():
    validated(layer_dynamics_figure([], np.empty((0, 2)), [], np.empty((0, 2)), ["a", "b"]))


def test_weight_histograms_count_every_weight_and_colour_bins_by_sign():
    weights = [np.linspace(-1, 1, 40).reshape(2, 20), np.linspace(-0.5, 2, 60).reshape(20, 3)]
    figure = validated(weight_histograms_figure(weights, ["hidden", "output"], bins=10))
    for trace, layer_weights in zip(figure.data, weights):
        assert trace.y.sum() == layer_weights.size
        for centre, color in zip(trace.x, trace.marker.color):
            assert color == (POSITIVE_COLOR if centre >= 0 else NEGATIVE_COLOR)
    assert figure.data[1].xaxis == "x2"


def test_the_epoch_cursor_is_a_vertical_line_added_to_a_copy():
    original = layer_dynamics_figure([0, 1], np.ones((2, 1)), [], np.empty((0, 1)), ["a"])
    marked = with_epoch_cursor(original, 1)
    validated(marked)
    (line,) = marked["layout"]["shapes"]
    assert line["x0"] == line["x1"] == 1 and line["yref"] == "paper"
    assert "shapes" not in original["layout"]


def test_the_replay_has_one_frame_per_snapshot_and_its_own_play_button_and_slider():
    epochs = [0, 10, 20, 30]
    rng = np.random.RandomState(0)
    grids = [rng.dirichlet([1, 1, 1], size=(6, 6)) for _ in epochs]
    X = rng.randn(9, 2)
    y = np.repeat([0, 1, 2], 3)
    figure = replay_figure(epochs, grids, (-2, 2, -2, 2), X, y)
    validated(figure)
    frames = figure["frames"]
    assert len(frames) == 4
    assert [frame["name"] for frame in frames] == ["epoch 0", "epoch 10", "epoch 20", "epoch 30"]
    assert all(frame["traces"] == [0] for frame in frames)
    sources = [frame["data"][0]["source"] for frame in frames]
    assert len(set(sources)) == 4
    assert decode_png(sources[2]).shape == (6, 6, 3)
    (menu,) = figure["layout"]["updatemenus"]
    assert [button["method"] for button in menu["buttons"]] == ["animate", "animate"]
    (slider,) = figure["layout"]["sliders"]
    assert [step["args"][0] for step in slider["steps"]] == [
        [name] for name in map(lambda frame: frame["name"], frames)
    ]
    assert len(figure["data"]) == 1 + 3  # the regions image, then the points of each class
