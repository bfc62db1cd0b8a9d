"""Figures of the Compare page: arrays in, a Plotly figure as a plain dict out. Pure functions.

- `comparison_curves_figure`: every run's loss (top) and accuracy (bottom) on the same axes,
  one colour per run, the target accuracy as a dotted line.
- `regions_grid_figure`: one small decision-region map per run, side by side in one figure
  (one chart to update per frame, however many runs), built from `decision_regions_figure`.
- `summary_table_markdown`: the summary table, one row per run, coloured like the curves.

The run colours are Okabe-Ito colours in an order that puts the strongest contrasts first.
"""

import math

import numpy as np

from ui.figures.numbers import metric_number, metric_percent
from ui.figures.playground import data_points_figure, decision_regions_figure
from ui.figures.style import FONT, decimate, epoch_panels_layout, figure_dict, short_floats

RUN_COLORS = ["#000000", "#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00"]
TARGET_COLOR = "#666666"


def run_color(index):
    return RUN_COLORS[index % len(RUN_COLORS)]


def comparison_curves_figure(
    runs,
    target_accuracy=None,
    total_epochs=None,
    log_loss=False,
    show_test=False,
    height=620,
):
    """Loss (top) and accuracy (bottom) of several runs against the epoch, one colour each.

    runs: one dict per run with "label", "epochs", "loss", "accuracy", and optionally
    "test_epochs", "test_loss", "test_accuracy" (drawn dashed when show_test) and
    "diverged_epoch" (the legend then says so, and an ✕ marks where the run stopped).
    """
    traces = []
    last_epoch = 1
    loss_range = loss_axis_range([run["loss"] for run in runs], log_loss)
    loss_top = 10 ** loss_range[1] if log_loss else loss_range[1]
    for index, run in enumerate(runs):
        color = run_color(index)
        name = run["label"]
        if run.get("diverged_epoch") is not None:
            name += f" (diverged at epoch {run['diverged_epoch']:,})"
        epochs, loss, accuracy = decimate(
            np.asarray(run["epochs"]), np.asarray(run["loss"]), np.asarray(run["accuracy"])
        )
        if len(epochs):
            last_epoch = max(last_epoch, int(epochs[-1]))
        diverged = run.get("diverged_epoch") is not None
        for values, axis, show in ((loss, "y", True), (accuracy, "y2", False)):
            traces.append(
                {
                    "type": "scatter",
                    "uid": curve_uid(index, axis),
                    "x": epochs,
                    "y": values,
                    "name": name,
                    "legendgroup": f"run {index}",
                    "showlegend": show,
                    "line": {"color": color, "width": 3},
                    "mode": "lines",
                    "yaxis": axis,
                    "hovertemplate": f"{run['label']}: %{{y:.3f}}<extra></extra>",
                }
            )
            if diverged and len(epochs):
                # An ✕ where the run stopped: its last finite point (at the top of the loss
                # axis if the loss was already off the chart).
                last_value = values[-1:] if axis == "y2" else np.minimum(values[-1:], loss_top)
                traces.append(
                    {
                        "type": "scatter",
                        "x": epochs[-1:],
                        "y": last_value,
                        "name": f"{run['label']} diverged",
                        "legendgroup": f"run {index}",
                        "showlegend": False,
                        "marker": {"color": color, "symbol": "x", "size": 16},
                        "mode": "markers",
                        "yaxis": axis,
                        "hoverinfo": "skip",
                    }
                )
        if show_test and run.get("test_epochs") is not None and len(run["test_epochs"]):
            test_epochs, test_loss, test_accuracy = decimate(
                np.asarray(run["test_epochs"]),
                np.asarray(run["test_loss"]),
                np.asarray(run["test_accuracy"]),
            )
            for values, axis in ((test_loss, "y"), (test_accuracy, "y2")):
                traces.append(
                    {
                        "type": "scatter",
                        "uid": curve_uid(index, axis, test=True),
                        "x": test_epochs,
                        "y": values,
                        "name": f"{run['label']} (test)",
                        "legendgroup": f"run {index}",
                        "showlegend": False,
                        "line": {"color": color, "width": 2, "dash": "dash"},
                        "mode": "lines",
                        "yaxis": axis,
                        "hovertemplate": f"{run['label']} test: %{{y:.3f}}<extra></extra>",
                    }
                )
    x_end = max(total_epochs or 0, last_epoch)
    if target_accuracy is not None:
        traces.append(
            {
                "type": "scatter",
                "x": np.array([0, x_end]),
                "y": np.array([target_accuracy, target_accuracy]),
                "name": f"target {target_accuracy:.0%}",
                "line": {"color": TARGET_COLOR, "width": 2, "dash": "dot"},
                "mode": "lines",
                "yaxis": "y2",
                "hoverinfo": "skip",
            }
        )
    layout = epoch_panels_layout(
        {
            "title": {"text": "loss"},
            "domain": [0.56, 1.0],
            "type": "log" if log_loss else "linear",
            "range": loss_range,
        },
        {
            "title": {"text": "accuracy"},
            "domain": [0.0, 0.44],
            "range": [0, 1.02],
            "tickformat": ".0%",
        },
        last_epoch=x_end,
        height=height,
        margin={"l": 80, "r": 20, "t": 20, "b": 60},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font": FONT},
        hovermode="x unified",
        uirevision="comparison-curves",
    )
    if log_loss:
        layout["yaxis"]["dtick"] = 1  # label the powers of ten only: 0.01, 0.1, 1
    # Room above the plot for the legend: a line per two runs (the names are long).
    layout["margin"]["t"] = 10 + 30 * math.ceil((len(runs) + 1) / 2)
    return figure_dict(traces, layout)


def curve_uid(run_index, axis, test=False):
    """The uid of a run's loss curve (axis "y") or accuracy curve ("y2"), e.g. "run 2 test y2":
    how the browser finds the curve to extend (`comparison_curves_extension`)."""
    return f"run {run_index}{' test' if test else ''} {axis}"


def comparison_curves_extension(runs, since_epochs, stride=1, show_test=False):
    """The points to add to a `comparison_curves_figure` of `runs` whose curves end at
    `since_epochs` (one per run; their test curves likewise): while the runs play, only these
    travel to the browser, which appends them to the curves of those uids.

    Returns {"traces": uids, "x": a list per trace, "y": a list per trace}. `stride` thins the
    points to the epochs that are multiples of it (each curve's newest one always kept).
    """
    extension = {"traces": [], "x": [], "y": []}
    for index, (run, since) in enumerate(zip(runs, since_epochs)):
        parts = [(False, "epochs", "loss", "accuracy")]
        if show_test and run.get("test_epochs") is not None:
            parts.append((True, "test_epochs", "test_loss", "test_accuracy"))
        for test, epochs_key, loss_key, accuracy_key in parts:
            epochs = np.asarray(run[epochs_key])
            new = epochs > since
            if len(epochs):
                new &= (epochs % stride == 0) | (epochs == epochs[-1])
            x = epochs[new].tolist()
            for key, axis in ((loss_key, "y"), (accuracy_key, "y2")):
                extension["traces"].append(curve_uid(index, axis, test))
                extension["x"].append(x)
                extension["y"].append(short_floats(np.asarray(run[key])[new]))
    return extension


# Maps per row for a number of runs, and the height of a row, in pixels, for a chart about
# 600 pixels wide (half of a wide page): the maps stay square and as big as they fit.
COLUMNS_FOR_RUNS = {1: 1, 2: 2, 3: 2, 4: 2, 5: 3, 6: 3}
ROW_HEIGHTS = {1: 560, 2: 320, 3: 230}


def loss_axis_range(losses, log_loss=False, headroom=3.0):
    """[bottom, top] of the loss axis, for the loss curves of every run.

    The top is the highest loss, but at most `headroom` times the highest starting loss: one
    run blowing up (to 1e30 just before NaN) must not flatten everyone else's curve. On a log
    axis plotly.js takes the range in powers of ten.
    """
    losses = [np.asarray(loss, dtype=float) for loss in losses if len(loss)]
    top = 1.0
    if losses:
        highest = max(float(loss.max()) for loss in losses)
        highest_start = max(float(loss[0]) for loss in losses)
        top = 1.05 * min(highest, headroom * highest_start)
        top = top if top > 0 else 1.0
    if not log_loss:
        return [0, top]
    positive = [float(loss[loss > 0].min()) for loss in losses if np.any(loss > 0)]
    bottom = min(positive) / 1.5 if positive else top / 100
    return [float(np.log10(bottom)), float(np.log10(top))]


def regions_grid_figure(region_maps, extent, X, y, X_test=None, y_test=None, titles=(), film=False):
    """One small decision-region map per run, in rows, each titled in its run's colour.

    region_maps: per run (probabilities (H, W, K), train predictions, test predictions or None);
    the probabilities may be None with `film`.
    The data (X, y, X_test, y_test) and the grid's extent are the same for every run.
    film: the data points only, on transparent plots: the browser paints the regions under
    them (a `regions_clip` with one panel per run, on the axes `panel_axes` names).
    """
    n_panels = len(region_maps)
    n_columns = COLUMNS_FOR_RUNS.get(n_panels, 3)
    n_rows = math.ceil(n_panels / n_columns)
    title_share = 0.12 / n_rows  # room above each panel for its title, as a share of the height
    gap = 0.03
    traces = []
    layout = {
        "height": ROW_HEIGHTS[n_columns] * n_rows,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "font": FONT,
        "showlegend": False,
        "plot_bgcolor": "white",
        "annotations": [],
        "uirevision": "regions-grid",
    }
    if film:
        layout["plot_bgcolor"] = layout["paper_bgcolor"] = "rgba(0,0,0,0)"
    for index, (probabilities, predicted, predicted_test) in enumerate(region_maps):
        if film:
            panel = data_points_figure(extent, X, y, X_test, y_test, predicted, predicted_test)
        else:
            panel = decision_regions_figure(
                probabilities, extent, X, y, X_test, y_test, predicted, predicted_test
            )
        row, column = divmod(index, n_columns)
        suffix = panel_axes(index)[0][1:]
        for trace in panel["data"]:
            trace = dict(trace, xaxis=f"x{suffix}", yaxis=f"y{suffix}")
            if trace["type"] == "scatter":
                # Smaller points with thinner outlines: a small map must not drown in them.
                outline = trace["marker"]["line"]
                thin = dict(outline, width=1.5 if outline["color"] == "#000000" else 0.5)
                trace["marker"] = dict(trace["marker"], size=6, line=thin)
            traces.append(trace)
        top = 1 - row / n_rows - title_share
        bottom = 1 - (row + 1) / n_rows + gap / n_rows
        layout[f"xaxis{suffix}"] = {
            **panel["layout"]["xaxis"],
            "domain": [column / n_columns + gap / 2, (column + 1) / n_columns - gap / 2],
            "anchor": f"y{suffix}",
            "showticklabels": False,
            "zeroline": False,
        }
        layout[f"yaxis{suffix}"] = {
            **panel["layout"]["yaxis"],
            "domain": [bottom, top],
            "anchor": f"x{suffix}",
            "scaleanchor": f"x{suffix}",
            "showticklabels": False,
            "zeroline": False,
        }
        title = titles[index] if index < len(titles) else f"run {index + 1}"
        layout["annotations"].append(
            {
                "text": f"<b>{title}</b>",
                "xref": f"x{suffix} domain",
                "yref": f"y{suffix} domain",
                "x": 0.5,
                "y": 1.0,
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 16, "color": run_color(index)},
            }
        )
    return {"data": traces, "layout": layout}


def panel_axes(index):
    """The axes of run `index`'s small map: ("x", "y"), ("x2", "y2"), ..."""
    suffix = "" if index == 0 else str(index + 1)
    return f"x{suffix}", f"y{suffix}"


def summary_table_markdown(rows, target_accuracy, show_test=False):
    """The summary as a Markdown table (HTML colour swatches), one row per run.

    rows: dicts from `ui.run.compared_run.ComparedRun.summary` (label, epoch, loss, accuracy,
    test_loss, test_accuracy, epochs_to_target, diverged_epoch, overshooting).
    """
    header = ["run", "epoch", "train loss", "train accuracy"]
    if show_test:
        header += ["test loss", "test accuracy"]
    header += [f"epochs to {target_accuracy:.0%}", "diverged?"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for index, row in enumerate(rows):
        swatch = f'<span style="color:{run_color(index)}">■</span>'
        cells = [
            f"{swatch} {row['label']}",
            f"{row['epoch']:,}",
            metric_number(row["loss"]),
            metric_percent(row["accuracy"]),
        ]
        if show_test:
            cells += [metric_number(row["test_loss"]), metric_percent(row["test_accuracy"])]
        reached = row["epochs_to_target"]
        cells.append("not yet" if reached is None else f"{reached:,}")
        if row["diverged_epoch"] is not None:
            cells.append(f"**yes**, at epoch {row['diverged_epoch']:,}")
        elif row["overshooting"]:
            cells.append("no, but the loss is above its start: steps overshoot")
        else:
            cells.append("no")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
