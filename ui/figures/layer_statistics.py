"""Per layer, over training: each layer's gradient norm and update size epoch by epoch, a
histogram of each layer's weights, and the epoch cursor that marks the epoch shown on charts
over epochs. Arrays in, a Plotly figure as a plain dict out; no Streamlit.
"""

import copy

import numpy as np

from ui.figures.style import (
    FONT,
    NEGATIVE_COLOR,
    POSITIVE_COLOR,
    decimate,
    epoch_panels_layout,
    figure_dict,
)

LAYER_COLORS = ["#0072B2", "#009E73", "#CC79A7", "#E69F00", "#000000"]


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
    layout = epoch_panels_layout(
        {"title": {"text": "gradient norm"}, "type": "log"},
        {"title": {"text": "update size"}, "type": "log"},
        last_epoch=max(total_epochs or 0, int(epochs[-1]) if len(epochs) else 1, 1),
        height=height,
        margin={"l": 90, "r": 20, "t": 40, "b": 60},
        hovermode="closest",
        uirevision="layer-dynamics",
    )
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
