"""The preview of the learner's uploaded data (the "Save & load" page): arrays in, a Plotly figure
as a plain dict out. A pure function.

- `data_preview_figure`: the points as the network will see them (standardised), one colour per
  class; for regression, the target against the feature. The column names come from the
  learner's file: the axis titles show them as plain text (ui/plain_text.py).
"""

from ui.figures.style import FONT, class_color, figure_dict
from ui.plain_text import plain_plotly


def data_preview_figure(X, y, column_names, class_values, height=420):
    """The points X (N, F), standardised, with their column names from the file.

    Classification: y holds each point's class index 0..K-1, and class_values the label in the
    file of each class (class k is the label class_values[k]): one colour per class, over the
    two features, both axes in the same units. Regression: class_values is empty, and y (N, 1)
    holds the standardised targets, drawn against the one feature.
    """
    is_regression = len(class_values) == 0
    traces = []
    if is_regression:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": X[:, 0],
                "y": y[:, 0],
                "name": "points",
                "marker": {"color": class_color(0), "size": 9},
            }
        )
    else:
        for index, value in enumerate(class_values):
            chosen = y == index
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": X[chosen, 0],
                    "y": X[chosen, 1],
                    "name": f"class {index} (label {value})",
                    "marker": {
                        "color": class_color(index),
                        "size": 10,
                        "line": {"color": "white", "width": 1},
                    },
                }
            )
    x_title = f"{plain_plotly(column_names[0])} (standardised)"
    y_title = f"{plain_plotly(column_names[1])} (standardised)"
    layout = {
        "height": height,
        "margin": {"l": 70, "r": 20, "t": 10, "b": 60},
        "font": FONT,
        "xaxis": {"title": {"text": x_title}, "zeroline": False, "gridcolor": "#E5E5E5"},
        "yaxis": {"title": {"text": y_title}, "zeroline": False, "gridcolor": "#E5E5E5"},
        "hovermode": "closest",
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        "plot_bgcolor": "white",
    }
    if not is_regression:
        # Both axes in the same units (standard deviations): the picture keeps its shape.
        layout["yaxis"]["scaleanchor"] = "x"
        layout["xaxis"]["constrain"] = "domain"
    return figure_dict(traces, layout)
