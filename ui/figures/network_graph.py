"""The network as a graph: inputs, hidden neurons and outputs as nodes, every weight as an edge
(TF Playground's picture). Arrays in, a Plotly figure as a plain dict out; no Streamlit.

A positive weight or bias is blue and a negative one vermillion (style.POSITIVE_COLOR and
NEGATIVE_COLOR, as on the page's other figures): two Okabe-Ito colours that colour-blind eyes
tell apart. A big network is drawn in part: its first neurons and its strongest weights.
"""

import numpy as np

from ui.figures.layer_outputs import MAX_NEURONS_SHOWN, layer_names
from ui.figures.style import FONT, NEGATIVE_COLOR, POSITIVE_COLOR, class_color, figure_dict

NODE_OUTLINE = "#444444"
MAX_EDGES_PER_LAYER = 200  # the strongest connections of a big layer
# Edge widths in pixels for |w| in the four quarters of the largest |w| drawn. Plotly draws a
# whole trace with one line width, so the edges are grouped: one trace per (sign, width).
EDGE_WIDTHS = (1.0, 2.5, 4.5, 7.0)


def strongest_edges(weights, max_edges):
    """The (row, column) indices of the max_edges weights of largest |w|, strongest first."""
    order = np.argsort(-np.abs(weights), axis=None, kind="stable")[:max_edges]
    return np.unravel_index(order, weights.shape)


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
