"""Numbers as the pages write them: one function per way of writing a number.

- `metric_number`: a loss in a metric or a table, three decimals: 0.0312 -> "0.031".
- `metric_percent`: an accuracy, one decimal of a percent: 0.9125 -> "91.2%".
- `url_number`: a setting in a link, short but exact: 0.03 -> "0.03", 1000.0 -> "1000".

The first two write None (nothing measured yet, e.g. no test data) as a dash. Plain Python.
"""

NOTHING_YET = "—"


def metric_number(value):
    """A loss, three decimals (enough to see it move from frame to frame); None -> "—"."""
    return NOTHING_YET if value is None else f"{value:.3f}"


def metric_percent(value):
    """An accuracy (a fraction from 0 to 1) as a percent with one decimal; None -> "—"."""
    return NOTHING_YET if value is None else f"{value:.1%}"


def url_number(value):
    """Short, exact text for a number: 0.03 -> "0.03", 1000.0 -> "1000", 1e-07 -> "1e-07".

    Ten significant digits when they give the number back exactly, else Python's own
    shortest exact text (repr), so reading the link gives the very same float.
    """
    short = f"{value:.10g}"
    return short if float(short) == value else repr(float(value))
