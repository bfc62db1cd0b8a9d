"""The Learn page's batch: a few points of the training data, chosen by the learner.

A default batch of spread-out points, one or two of every class; points picked on the chart
(a Plotly selection names them by their index, carried as customdata).
"""

import numpy as np

from ui.learn.tables import format_number

MAX_BATCH = 6  # a batch small enough to read every number of it


def class_labels(y):
    """Class indices of y (one-hot rows become indices), or None for regression targets."""
    if y.dtype.kind == "f":
        return None
    return np.argmax(y, axis=1) if y.ndim == 2 else y


def default_batch(y):
    """A few spread-out points: one per class (more when there are fewer than 3 classes).

    For each class, points at 60%, 85% and 35% of its list: away from the spiral's centre,
    where every class starts at the same point.
    """
    labels = class_labels(y)
    if labels is None:
        count = len(y)
        size = min(4, count)
        return sorted({int(i) for i in np.linspace(count / 8, count * 7 / 8, size).astype(int)})
    classes = np.unique(labels)
    size = min(MAX_BATCH, max(3, len(classes)), len(labels))
    members = {k: np.flatnonzero(labels == k) for k in classes}
    batch = []
    for fraction in (0.6, 0.85, 0.35, 0.1):
        for k in classes:
            index = int(members[k][int(fraction * (len(members[k]) - 1))])
            if len(batch) < size and index not in batch:
                batch.append(index)
    return batch


def point_label(index, y):
    labels = class_labels(y)
    if labels is None:
        return f"#{index} (target {format_number(float(y[index].ravel()[0]))})"
    return f"#{index} (class {labels[index]})"


def indices_from_selection(points):
    """Dataset indices of the points of a Plotly selection event (their customdata)."""
    indices = []
    for point in points:
        value = point.get("customdata")
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        if value is not None and int(value) not in indices:
            indices.append(int(value))
    return indices
