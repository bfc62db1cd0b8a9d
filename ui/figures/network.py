"""The Network page's figures: the network as a graph, what each neuron sees, the hidden space.

Two parts, neither imports Streamlit:

1. *What to draw*, computed from a network (NumPy in, NumPy out): each layer's activations over
   many points, dead neurons, the data and the input grid as seen by a hidden layer.
2. *Figure builders*: pure functions, arrays in, a figure out as a plain dict in Plotly's JSON
   schema, like ui/figures/ (whose helpers they reuse).

Colours: a positive weight is blue and a negative one vermillion, everywhere on the page (edges,
biases, activation maps, histograms): two Okabe-Ito colours that colour-blind eyes tell apart.
"""

import copy

import numpy as np

from scratchnet.layers import Dense, Dropout
from ui.figures.playground import points_trace, region_colors
from ui.figures.style import FONT, class_color, decimate, figure_dict, hex_to_rgb, png_data_uri

POSITIVE_COLOR = "#0072B2"  # Okabe-Ito blue
NEGATIVE_COLOR = "#D55E00"  # Okabe-Ito vermillion
NODE_OUTLINE = "#444444"
LATTICE_COLOR = "#9A9A9A"
TILE_GAP_COLOR = (215, 215, 215)
LAYER_COLORS = ["#0072B2", "#009E73", "#CC79A7", "#E69F00", "#000000"]

MAX_NEURONS_SHOWN = 64  # per layer, in the graph and the activation maps
MAX_EDGES_PER_LAYER = 200  # the strongest connections of a big layer
# Edge widths in pixels for |w| in the four quarters of the largest |w| drawn. Plotly draws a
# whole trace with one line width, so the edges are grouped: one trace per (sign, width).
EDGE_WIDTHS = (1.0, 2.5, 4.5, 7.0)
TILE_GAP = 3  # pixels between two activation maps in a mosaic
MOSAIC_COLUMNS = 8
SHADES = 10  # colour steps from 0 to the largest value in an activation map


# --- what to draw ----------------------------------------------------------------------------


def layer_outputs(network, inputs):
    """The output of every dense layer *after its activation*, for many points at once.

    Returns [a1, a2, ..., output]: a_j has shape (points, neurons of layer j); the last one is
    the output layer's (class probabilities for a softmax network). Runs in prediction mode, so
    dropout lets everything through.
    """
    values = np.asarray(inputs, dtype=network.dtype)
    outputs = []
    for layer in network.layers:
        values = layer.forward(values, training=False)
        if not isinstance(layer, (Dense, Dropout)):
            outputs.append(values)
    return outputs


def activation_maps(network, grid_points, cells, max_neurons=MAX_NEURONS_SHOWN):
    """Each neuron's activation over a cells × cells grid of the input plane, layer by layer.

    Returns one array per layer (hidden layers, then the output layer) of shape
    (shown neurons, cells, cells); row 0 of each map is the bottom of the plane.
    """
    maps = []
    for outputs in layer_outputs(network, grid_points):
        shown = outputs[:, :max_neurons]
        maps.append(shown.T.reshape(shown.shape[1], cells, cells))
    return maps


def dead_neurons(network, X):
    """For each hidden layer, which neurons output 0 for every training point.

    A ReLU neuron with z = x·w + b < 0 for every input outputs 0 and passes back a zero
    gradient (da/dz = 0): it never learns again, it is "dead".
    """
    return [np.all(outputs == 0, axis=0) for outputs in layer_outputs(network, X)[:-1]]


def input_lattice(extent, n_lines=13, points_per_line=80):
    """A grid of lines over the input plane, as (lines, points per line, 2) points.

    n_lines lines of constant x₁ (vertical), then n_lines of constant x₂ (horizontal), each
    sampled at points_per_line points so it can bend once pushed through the layers.
    """
    x_min, x_max, y_min, y_max = extent
    along_x = np.linspace(x_min, x_max, points_per_line)
    along_y = np.linspace(y_min, y_max, points_per_line)
    vertical = [
        np.column_stack([np.full(points_per_line, x), along_y])
        for x in np.linspace(x_min, x_max, n_lines)
    ]
    horizontal = [
        np.column_stack([along_x, np.full(points_per_line, y)])
        for y in np.linspace(y_min, y_max, n_lines)
    ]
    return np.stack(vertical + horizontal)


def hidden_space(network, layer, neurons, X, lattice):
    """The data and the input grid as hidden layer `layer` sees them, on two of its neurons.

    Every point x goes through the layers up to `layer` (0 = first hidden layer); its new
    coordinates are the activations (a[neurons[0]], a[neurons[1]]) of that layer. The lattice's
    lines come out bent and folded: that is what the layer does to the plane (ConvNetJS's
    classic picture). Returns (points (N, 2), lattice lines (lines, points per line, 2)).
    """
    chosen = list(neurons)
    points = layer_outputs(network, X)[layer][:, chosen]
    n_lines, points_per_line, _ = lattice.shape
    bent = layer_outputs(network, lattice.reshape(-1, 2))[layer][:, chosen]
    return points, bent.reshape(n_lines, points_per_line, 2)


def strongest_edges(weights, max_edges):
    """The (row, column) indices of the max_edges weights of largest |w|, strongest first."""
    order = np.argsort(-np.abs(weights), axis=None, kind="stable")[:max_edges]
    return np.unravel_index(order, weights.shape)


def layer_names(sizes):
    """["hidden layer 1", ..., "output layer"] for layer sizes [inputs, h1, ..., outputs]."""
    n_hidden = len(sizes) - 2
    return [f"hidden layer {index + 1}" for index in range(n_hidden)] + ["output layer"]


# --- the network as a graph --------------------------------------------------------------------


def node_positions(n_nodes):
    """Heights of n nodes, one unit apart, centred on 0, the first at the top."""
    return (n_nodes - 1) / 2 - np.arange(n_nodes, dtype=float)


def network_graph_figure(
    weights,
    biases,
    output_names,
    input_names=None,
    max_neurons=MAX_NEURONS_SHOWN,
    max_edges=MAX_EDGES_PER_LAYER,
):
    """Inputs, hidden neurons and outputs as nodes; every weight as an edge between two nodes.

    weights: [W1, W2, ...], W_j of shape (neurons before, neurons of layer j); biases: [b1, ...]
    of shape (1, neurons) or (neurons,). An edge is blue for w > 0 and vermillion for w < 0,
    and thicker for larger |w|; a node's fill is its bias on the same colour scale. Hovering
    shows the values. Only the first max_neurons neurons of a layer and the max_edges strongest
    connections of each layer are drawn; the figure says how many above the layer (neurons)
    and under it (weights).
    """
    sizes = [weights[0].shape[0]] + [layer_weights.shape[1] for layer_weights in weights]
    shown = [min(size, max_neurons) for size in sizes]
    names = layer_names(sizes)
    input_names = input_names or [f"x{index + 1}" for index in range(sizes[0])]
    heights = [node_positions(count) for count in shown]

    # The strongest edges of each layer, among the shown neurons.
    edges = []  # (layer, row, column, weight)
    totals = []
    for layer, layer_weights in enumerate(weights):
        visible = layer_weights[: shown[layer], : shown[layer + 1]]
        rows, columns = strongest_edges(visible, max_edges)
        edges.extend((layer, r, c, float(visible[r, c])) for r, c in zip(rows, columns))
        totals.append((len(rows), visible.size))  # drawn, of the weights between shown neurons
    largest = max((abs(edge[3]) for edge in edges), default=0.0) or 1.0

    traces = []
    for sign_name, color in [("positive", POSITIVE_COLOR), ("negative", NEGATIVE_COLOR)]:
        groups = [
            [edge for edge in edges if edge_group(edge[3], largest) == (sign_name, bucket)]
            for bucket in range(len(EDGE_WIDTHS))
        ]
        non_empty = [(bucket, group) for bucket, group in enumerate(groups) if group]
        for position, (bucket, group) in enumerate(non_empty):
            width = EDGE_WIDTHS[bucket]
            # One legend entry per colour: the first trace of that sign.
            traces.append(edges_trace(group, heights, color, width, sign_name, position == 0))
    traces.append(edge_hover_trace(edges, heights, input_names, names))

    all_biases = [np.ravel(layer_biases) for layer_biases in biases]
    bias_range = max(max(float(np.abs(b).max()) for b in all_biases), 1e-6)
    marker_size = float(np.clip(520 / max(shown), 11, 30))
    traces.append(input_nodes_trace(heights[0], input_names, marker_size))
    for layer, layer_biases in enumerate(all_biases):
        is_output = layer == len(all_biases) - 1
        traces.append(
            neuron_nodes_trace(
                layer + 1,
                heights[layer + 1],
                layer_biases[: shown[layer + 1]],
                names[layer],
                bias_range,
                marker_size,
                output_names if is_output else None,
                show_colorbar=layer == 0,
            )
        )

    annotations = []
    top = max(shown) / 2 + 0.4
    short_names = [name.replace(" layer", "") for name in names]  # "hidden 1", "output"
    column_titles = ["inputs"] + [
        f"{name}<br>{size} neurons" if size == count else f"{name}<br>{count} of {size}"
        for name, size, count in zip(short_names, sizes[1:], shown[1:])
    ]
    for layer, title in enumerate(column_titles):
        annotations.append(
            {"x": layer, "y": top, "text": title, "showarrow": False, "yanchor": "bottom"}
        )
    for layer, (drawn, total) in enumerate(totals):
        text = f"{total:,} weights" if drawn == total else f"{drawn:,} strongest<br>of {total:,}"
        annotations.append(
            {
                "x": layer + 0.5,
                "y": 0,
                "yref": "paper",  # in the bottom margin, under the edges they count
                "text": text,
                "showarrow": False,
                "yanchor": "top",
                "font": {"size": 13, "color": "#555555"},
            }
        )
    height = int(np.clip(26 * max(shown) + 240, 460, 1040))
    margin = {"l": 70, "r": 110, "t": 70, "b": 100}
    plot_height = height - margin["t"] - margin["b"]
    hidden_axis = {"visible": False, "showgrid": False, "zeroline": False}
    layout = {
        "height": height,
        "margin": margin,
        "font": FONT,
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "y": -45 / plot_height,  # 45 pixels under the plot, below the counts
            "yanchor": "top",
            "x": 0.5,
            "xanchor": "center",
        },
        "xaxis": {**hidden_axis, "range": [-0.45, len(sizes) - 1 + 0.8]},
        "yaxis": {**hidden_axis, "range": [-top + 0.2, top + 1.2]},
        "annotations": annotations,
        "plot_bgcolor": "white",
        "hovermode": "closest",
        "uirevision": "network-graph",
    }
    return figure_dict(traces, layout)


def edge_group(weight, largest):
    """("positive" or "negative", width bucket 0..3): the sign of w, and which quarter of the
    largest |w| its |w| falls in."""
    sign_name = "positive" if weight > 0 else "negative"
    bucket = min(int(abs(weight) / largest * len(EDGE_WIDTHS)), len(EDGE_WIDTHS) - 1)
    return sign_name, bucket


def edges_trace(edges, heights, color, width, sign_name, in_legend):
    """Line segments node → node, separated by NaN (a gap in the line)."""
    xs, ys = [], []
    for layer, row, column, _ in edges:
        xs += [layer, layer + 1, np.nan]
        ys += [heights[layer][row], heights[layer + 1][column], np.nan]
    return {
        "type": "scatter",
        "x": np.array(xs),
        "y": np.array(ys),
        "mode": "lines",
        "line": {"color": color, "width": width},
        "opacity": 0.65,
        "name": f"{sign_name} weight",
        "legendgroup": sign_name,
        "showlegend": in_legend,
        "hoverinfo": "skip",
    }


def edge_hover_trace(edges, heights, input_names, names):
    """Invisible points in the middle of each edge: hovering there shows the weight."""
    xs, ys, texts = [], [], []
    for layer, row, column, weight in edges:
        source = input_names[row] if layer == 0 else f"neuron {row + 1}"
        xs.append(layer + 0.5)
        ys.append((heights[layer][row] + heights[layer + 1][column]) / 2)
        texts.append(
            f"{names[layer]}: weight from {source} to neuron {column + 1}<br>w = {weight:.4g}"
        )
    return {
        "type": "scatter",
        "x": np.array(xs),
        "y": np.array(ys),
        "mode": "markers",
        "marker": {"size": 10, "opacity": 0},
        "text": texts,
        "hovertemplate": "%{text}<extra></extra>",
        "showlegend": False,
        "name": "weights",
    }


def input_nodes_trace(heights, input_names, marker_size):
    return {
        "type": "scatter",
        "x": np.zeros(len(heights)),
        "y": heights,
        "mode": "markers+text",
        "text": input_names,
        "textposition": "middle left",
        "marker": {
            "size": marker_size,
            "color": "#DDDDDD",
            "line": {"color": NODE_OUTLINE, "width": 1.5},
        },
        "hovertemplate": "input %{text}<extra></extra>",
        "showlegend": False,
        "name": "inputs",
    }


def neuron_nodes_trace(
    column, heights, biases, layer_name, bias_range, marker_size, output_names, show_colorbar
):
    """A layer's neurons, filled by their bias: blue positive, white 0, vermillion negative."""
    texts = [f"{layer_name}, neuron {index + 1}" for index in range(len(heights))]
    if output_names is not None:
        texts = [f"{layer_name}: {name}" for name in output_names[: len(heights)]]
    marker = {
        "size": marker_size,
        "color": np.asarray(biases, dtype=float).tolist(),
        "colorscale": [[0.0, NEGATIVE_COLOR], [0.5, "#FFFFFF"], [1.0, POSITIVE_COLOR]],
        "cmin": -bias_range,
        "cmax": bias_range,
        "showscale": show_colorbar,
        "line": {"color": NODE_OUTLINE, "width": 1.5},
    }
    if show_colorbar:
        marker["colorbar"] = {
            "title": {"text": "bias"},
            "thickness": 14,
            "len": 0.5,
            "tickformat": ".2~g",
        }
    trace = {
        "type": "scatter",
        "x": np.full(len(heights), column, dtype=float),
        "y": heights,
        "mode": "markers",
        "marker": marker,
        "customdata": np.asarray(biases, dtype=float).tolist(),
        "text": texts,
        "hovertemplate": "%{text}<br>bias = %{customdata:.4g}<extra></extra>",
        "showlegend": False,
        "name": layer_name,
    }
    if output_names is not None:
        trace["mode"] = "markers+text"
        trace["text"] = list(output_names[: len(heights)])
        trace["textposition"] = "middle right"
        trace["hovertemplate"] = (
            f"{layer_name}: %{{text}}<br>bias = %{{customdata:.4g}}<extra></extra>"
        )
        trace["marker"]["line"] = {
            "color": [class_color(index) for index in range(len(heights))],
            "width": 4,
        }
    return trace


# --- what each neuron sees -------------------------------------------------------------------


def signed_colors(maps):
    """RGB pixels (n, h, w, 3) for n maps of activations of any sign: white at 0, blue for a
    map's largest positive value, vermillion for its most negative one (each map on the scale
    of its own largest |a|), in SHADES steps per sign: bands like a contour map, and a PNG a
    third the size of a smooth one."""
    largest = np.abs(maps).max(axis=(1, 2), keepdims=True)
    scaled = np.divide(maps, largest, out=np.zeros(maps.shape, np.float32), where=largest > 0)
    scaled = np.round(scaled * SHADES) / SHADES
    white = np.float32(255)
    target = np.where(
        (scaled >= 0)[..., None], hex_to_rgb(POSITIVE_COLOR), hex_to_rgb(NEGATIVE_COLOR)
    )
    pixels = white + (target - white) * (0.9 * np.abs(scaled))[..., None]
    return np.round(pixels).astype(np.uint8)


def probability_colors(maps, colors):
    """RGB pixels (n, h, w, 3) for n maps of probabilities in [0, 1]: white at 0, map k's
    colour colors[k] at 1 (SHADES steps)."""
    shaded = np.round(np.clip(maps, 0, 1) * SHADES) / SHADES
    white = np.float32(255)
    targets = np.stack([hex_to_rgb(color) for color in colors])[:, None, None, :]
    pixels = white + (targets - white) * (0.9 * shaded)[..., None]
    return np.round(pixels).astype(np.uint8)


def mosaic(tiles, columns=MOSAIC_COLUMNS, gap=TILE_GAP):
    """Tiles (n, h, w, 3) side by side, `columns` per row, each framed by `gap` grey pixels
    (so that an all-white map still shows as a square), on white.

    Each tile's row 0 is the bottom of its map, so each tile is flipped for the image (whose
    row 0 is the top). Returns pixels of shape (rows·(h+gap) + gap, columns·(w+gap) + gap, 3);
    tile i's top-left pixel is at (gap + row·(h+gap), gap + column·(w+gap)).
    """
    n_tiles, tile_height, tile_width, _ = tiles.shape
    columns = min(columns, n_tiles)
    rows = -(-n_tiles // columns)
    pixels = np.full(
        (rows * (tile_height + gap) + gap, columns * (tile_width + gap) + gap, 3), 255, np.uint8
    )
    for index in range(n_tiles):
        row, column = divmod(index, columns)
        top = gap + row * (tile_height + gap)
        left = gap + column * (tile_width + gap)
        frame = pixels[top - gap : top + tile_height + gap, left - gap : left + tile_width + gap]
        frame[...] = TILE_GAP_COLOR
        pixels[top : top + tile_height, left : left + tile_width] = tiles[index][::-1]
    return pixels


def mosaic_columns(n_maps, max_columns):
    """Tiles per row for n maps, at most max_columns.

    Full rows when a divisor of n is close enough to max_columns (64 maps, at most 21 a row:
    4 rows of 16); else as few rows as fit, filled evenly (50 maps, at most 24: 17, 17, 16).
    """
    max_columns = max(1, max_columns)
    divisors = [columns for columns in range(1, max_columns + 1) if n_maps % columns == 0]
    if divisors[-1] * 2 >= min(max_columns, n_maps):
        return divisors[-1]
    rows = -(-n_maps // max_columns)
    return -(-n_maps // rows)


def activation_maps_figure(maps, class_names=None, dead=None, columns=MOSAIC_COLUMNS, height=None):
    """One small map per neuron of its activation over the input plane (TF Playground's
    thumbnails), as one image: a mosaic of tiles, hover to see which neuron a tile is.

    maps: (neurons, cells, cells), row 0 at the bottom. Hidden neurons are coloured by sign
    (`signed_colors`); with class_names, the maps are the output layer's class probabilities,
    each in its class colour. dead: which neurons are dead (said on hover). columns: tiles
    per row; height: of the figure in pixels (default: from the mosaic's shape).
    """
    n_maps, cells, _ = maps.shape
    if class_names is None:
        tiles = signed_colors(maps)
    else:
        tiles = probability_colors(maps, [class_color(k) for k in range(n_maps)])
    columns = min(columns, n_maps)
    pixels = mosaic(tiles, columns)
    step = cells + TILE_GAP
    label_x, label_y, centre_x, centre_y, texts, labels = [], [], [], [], [], []
    for index, single_map in enumerate(maps):
        row, column = divmod(index, columns)
        left = TILE_GAP + column * step
        top = TILE_GAP + row * step
        centre_x.append(left + cells / 2)
        centre_y.append(top + cells / 2)
        label_x.append(left + 2)
        label_y.append(top + 2)
        if class_names is None:
            name = f"neuron {index + 1}"
            labels.append(str(index + 1))
            state = " (dead: 0 on every training point)" if dead is not None and dead[index] else ""
        else:
            name = class_names[index]
            labels.append(str(index))  # the class number: the tiles can be small
            state = ""
        texts.append(f"{name}{state}<br>from {single_map.min():.3g} to {single_map.max():.3g}")
    traces = [
        {
            "type": "image",
            "source": png_data_uri(pixels),
            "x0": 0,
            "y0": 0,
            "dx": 1,
            "dy": 1,
            "hoverinfo": "skip",
            "name": "activation maps",
        },
        {
            "type": "scatter",
            "x": np.array(centre_x),
            "y": np.array(centre_y),
            "mode": "markers",
            "marker": {"size": 30, "opacity": 0, "symbol": "square"},
            "text": texts,
            "hovertemplate": "%{text}<extra></extra>",
            "showlegend": False,
            "name": "neurons",
        },
        {
            "type": "scatter",
            "x": np.array(label_x),
            "y": np.array(label_y),
            "mode": "text",
            "text": labels,
            "textposition": "bottom right",
            "textfont": {"size": 13, "color": "#333333"},
            "hoverinfo": "skip",
            "showlegend": False,
            "name": "labels",
        },
    ]
    rows = pixels.shape[0]
    hidden_axis = {"visible": False, "showgrid": False, "zeroline": False}
    layout = {
        "height": height or int(np.clip(rows * 2.2 + 30, 140, 720)),
        "margin": {"l": 5, "r": 5, "t": 5, "b": 5},
        "font": FONT,
        "xaxis": {**hidden_axis, "range": [-0.5, pixels.shape[1] - 0.5], "constrain": "domain"},
        "yaxis": {
            **hidden_axis,
            "range": [rows - 0.5, -0.5],
            "scaleanchor": "x",
            "constrain": "domain",
        },
        "plot_bgcolor": "white",
        "hovermode": "closest",
    }
    return figure_dict(traces, layout)


# --- the data as a hidden layer sees it ----------------------------------------------------------


def hidden_space_figure(points, y, lattice, axis_titles, height=560):
    """Training points (class colours) and the bent input grid, in the space of two neurons.

    points: (N, 2) activations of the two neurons for each training point; lattice:
    (lines, points per line, 2) the input grid's lines pushed through the same layers.
    """
    n_lines, points_per_line, _ = lattice.shape
    with_gaps = np.concatenate([lattice, np.full((n_lines, 1, 2), np.nan)], axis=1).reshape(-1, 2)
    traces = [
        {
            "type": "scatter",
            "x": with_gaps[:, 0],
            "y": with_gaps[:, 1],
            "mode": "lines",
            "line": {"color": LATTICE_COLOR, "width": 1.2},
            "name": "input grid",
            "hoverinfo": "skip",
        }
    ]
    for label in np.unique(y):
        chosen = y == label
        trace = points_trace(points[chosen], int(label), "train", False)
        trace["name"] = f"class {int(label)}"
        trace["hovertemplate"] = (
            f"class {int(label)}<br>{axis_titles[0]}: %{{x:.3f}}<br>{axis_titles[1]}: %{{y:.3f}}"
            "<extra></extra>"
        )
        traces.append(trace)
    grid = {"showgrid": True, "gridcolor": "#EEEEEE", "zeroline": True, "zerolinecolor": "#BBBBBB"}
    layout = {
        "height": height,
        "margin": {"l": 80, "r": 20, "t": 10, "b": 70},
        "font": FONT,
        "xaxis": {"title": {"text": axis_titles[0]}, **grid},
        "yaxis": {"title": {"text": axis_titles[1]}, **grid},
        "legend": {"orientation": "h", "y": -0.14, "yanchor": "top", "x": 0},
        "plot_bgcolor": "white",
        "hovermode": "closest",
    }
    return figure_dict(traces, layout)


# --- per layer over training -------------------------------------------------------------------


def layer_dynamics_figure(
    epochs, gradient_norms, update_epochs, update_sizes, names, total_epochs=None, height=520
):
    """Gradient norm ‖dL/dW‖ (top) and update size ‖ΔW‖/‖W‖ per epoch (bottom), per layer.

    gradient_norms: (epochs, layers), one column per dense layer; update_sizes: (snapshots − 1,
    layers) at update_epochs. Both on log scales: they span several orders of magnitude.
    """
    epochs = np.asarray(epochs)
    gradient_norms = np.asarray(gradient_norms, dtype=float).reshape(len(epochs), len(names))
    traces = []
    for layer, name in enumerate(names):
        color = LAYER_COLORS[layer % len(LAYER_COLORS)]
        x, norms = decimate(epochs, gradient_norms[:, layer])
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": norms,
                "mode": "lines",
                "name": name,
                "legendgroup": name,
                "line": {"color": color, "width": 3},
                "yaxis": "y",
                "hovertemplate": f"{name}<br>epoch %{{x}}<br>‖dL/dW‖ = %{{y:.3g}}<extra></extra>",
            }
        )
        if len(update_epochs):
            traces.append(
                {
                    "type": "scatter",
                    "x": np.asarray(update_epochs),
                    "y": np.asarray(update_sizes)[:, layer],
                    "mode": "lines+markers",
                    "name": name,
                    "legendgroup": name,
                    "showlegend": False,
                    "line": {"color": color, "width": 3},
                    "marker": {"size": 5},
                    "yaxis": "y2",
                    "hovertemplate": f"{name}<br>epoch %{{x}}<br>‖ΔW‖/‖W‖ per epoch = "
                    "%{y:.3g}<extra></extra>",
                }
            )
    last_epoch = int(epochs[-1]) if len(epochs) else 1
    grid = {"showgrid": True, "gridcolor": "#E5E5E5"}
    layout = {
        "height": height,
        "margin": {"l": 90, "r": 20, "t": 40, "b": 60},
        "font": FONT,
        "xaxis": {
            "title": {"text": "epoch"},
            "range": [0, max(total_epochs or 0, last_epoch, 1)],
            "anchor": "y2",
            **grid,
        },
        "yaxis": {
            "title": {"text": "gradient norm"},
            "domain": [0.55, 1.0],
            "type": "log",
            **grid,
        },
        "yaxis2": {
            "title": {"text": "update size"},
            "domain": [0.0, 0.45],
            "type": "log",
            **grid,
        },
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "plot_bgcolor": "white",
        "hovermode": "closest",
        "uirevision": "layer-dynamics",
    }
    return figure_dict(traces, layout)


def weight_histograms_figure(weights, names, bins=30, height=300):
    """A histogram of each layer's weights, side by side; bars of negative weights vermillion,
    of positive weights blue."""
    n_layers = len(weights)
    traces, annotations, layout = [], [], {}
    gap = 0.04
    width = (1 - gap * (n_layers - 1)) / n_layers
    for layer, (layer_weights, name) in enumerate(zip(weights, names)):
        counts, edges = np.histogram(np.ravel(layer_weights), bins=bins)
        centres = (edges[:-1] + edges[1:]) / 2
        suffix = "" if layer == 0 else str(layer + 1)
        traces.append(
            {
                "type": "bar",
                "x": centres,
                "y": counts,
                "width": float(edges[1] - edges[0]),
                "marker": {
                    "color": [
                        POSITIVE_COLOR if centre >= 0 else NEGATIVE_COLOR for centre in centres
                    ],
                    "line": {"width": 0},
                },
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "name": name,
                "showlegend": False,
                "hovertemplate": f"{name}<br>w ≈ %{{x:.3g}}: %{{y}} weights<extra></extra>",
            }
        )
        left = layer * (width + gap)
        layout[f"xaxis{suffix}"] = {
            "domain": [left, left + width],
            "anchor": f"y{suffix}",
            "title": {"text": f"{np.size(layer_weights):,} weights"},
            "zeroline": True,
        }
        layout[f"yaxis{suffix}"] = {
            "anchor": f"x{suffix}",
            "title": {"text": "count" if layer == 0 else ""},
            "showgrid": True,
            "gridcolor": "#E5E5E5",
        }
        annotations.append(
            {
                "text": name.replace(" layer", ""),  # "hidden 1", "output": short, side by side
                "x": left + width / 2,
                "y": 1.0,
                "xref": "paper",
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
            }
        )
    layout.update(
        {
            "height": height,
            "margin": {"l": 70, "r": 20, "t": 40, "b": 60},
            "font": FONT,
            "annotations": annotations,
            "plot_bgcolor": "white",
            "bargap": 0,
        }
    )
    return figure_dict(traces, layout)


def with_epoch_cursor(figure, epoch):
    """A copy of a figure with epoch on its x axis, with a vertical line at `epoch`."""
    figure = {"data": figure["data"], "layout": copy.deepcopy(figure["layout"])}
    shapes = figure["layout"].setdefault("shapes", [])
    shapes.append(
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": epoch,
            "x1": epoch,
            "y0": 0,
            "y1": 1,
            "line": {"color": "#000000", "width": 2, "dash": "dot"},
        }
    )
    return figure


# --- the replay --------------------------------------------------------------------------------


def replay_figure(epochs, probabilities, extent, X, y, frame_milliseconds=150, height=600):
    """The recorded run as an animation that plays in the browser, with no server round trip.

    epochs: the snapshots' epochs; probabilities: one (H, W, K) grid of class probabilities
    per snapshot. The figure holds one frame per snapshot (its decision regions as a PNG and
    its epoch in the title), Plotly's own Play/Pause buttons and a slider to scrub by hand.
    """
    x_min, x_max, y_min, y_max = extent
    images = []
    for grid in probabilities:
        height_cells, width_cells, _ = grid.shape
        images.append(png_data_uri(region_colors(grid)[::-1]))
    first_image = {
        "type": "image",
        "source": images[0],
        "x0": x_min,
        "dx": (x_max - x_min) / width_cells,
        "y0": y_max,
        "dy": -(y_max - y_min) / height_cells,
        "hoverinfo": "skip",
        "name": "decision regions",
    }
    traces = [first_image]
    for label in np.unique(y):
        chosen = y == label
        trace = points_trace(X[chosen], int(label), "train", False)
        trace["name"] = f"class {int(label)}"
        traces.append(trace)
    figure = figure_dict(traces, {})
    names = [f"epoch {epoch:,}" for epoch in epochs]
    figure["frames"] = [
        {
            "name": name,
            "data": [{"type": "image", "source": image}],
            "traces": [0],
            "layout": {"title": {"text": name}},
        }
        for name, image in zip(names, images)
    ]
    still = {
        "mode": "immediate",
        "frame": {"duration": 0, "redraw": True},
        "transition": {"duration": 0},
    }
    play = {
        "frame": {"duration": frame_milliseconds, "redraw": True},
        "fromcurrent": True,
        "transition": {"duration": 0},
    }
    pause = {
        "mode": "immediate",
        "frame": {"duration": 0, "redraw": False},
        "transition": {"duration": 0},
    }
    figure["layout"] = {
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 60, "b": 120},
        "font": FONT,
        "title": {"text": names[0], "x": 0.5},
        "xaxis": {"range": [x_min, x_max], "constrain": "domain", "showgrid": False},
        "yaxis": {
            "range": [y_min, y_max],
            "scaleanchor": "x",
            "showgrid": False,
            "autorange": False,
        },
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        "plot_bgcolor": "white",
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "x": 0,
                "y": -0.08,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"r": 10, "t": 10},
                "showactive": False,
                "buttons": [
                    {"label": "Play replay", "method": "animate", "args": [None, play]},
                    {"label": "Pause", "method": "animate", "args": [[None], pause]},
                ],
            }
        ],
        "sliders": [
            {
                "active": 0,
                "x": 0.3,
                "len": 0.7,
                "y": -0.08,
                "yanchor": "top",
                "pad": {"t": 10},
                "currentvalue": {"visible": False},
                # 100 step labels cannot be read: hide them, the title says the epoch.
                "font": {"color": "rgba(0,0,0,0)"},
                "steps": [
                    {"label": name, "method": "animate", "args": [[name], still]} for name in names
                ],
            }
        ],
    }
    return figure
