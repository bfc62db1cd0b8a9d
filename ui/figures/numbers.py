"""Numbers as the pages write them: one function per way of writing a number.

- `metric_number`: a loss in a metric or a table, three decimals: 0.0312 -> "0.031"; huge or
  tiny ones in scientific notation: 8.675e31 -> "8.67·10³¹".
- `metric_percent`: an accuracy, one decimal of a percent: 0.9125 -> "91.2%".
- `readable_number`: a setting or a learning rate, three significant digits: 0.05 -> "0.05",
  1000.0 -> "1000", 1e-05 -> "1·10⁻⁵".
- `url_number`: a setting in a link, short but exact: 0.03 -> "0.03", 1000.0 -> "1000".
- `run_numbers`: the Playground's row of numbers (epoch, loss, accuracy, learning rate), labelled.

The metric functions write None (nothing measured yet, e.g. no test data) as a dash, and every
function but url_number writes NaN as "NaN" and an overflow as "∞". Plain Python.
"""

import math

NOTHING_YET = "—"
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
# Below this a loss, or a setting, is written in scientific notation (a loss of 0.0004 would read
# "0.000"; a learning rate of 0.0001 still reads well as it is); from LARGEST_PLAIN on, both are.
SMALLEST_PLAIN_LOSS = 1e-3
SMALLEST_PLAIN_SETTING = 1e-4
LARGEST_PLAIN = 1e5


def scientific(value, digits=3):
    """`value` as m·10ⁿ with `digits` significant digits: 8.675e31 -> "8.67·10³¹",
    1e-05 -> "1·10⁻⁵" (trailing zeros of m dropped)."""
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}·10{str(int(exponent)).translate(SUPERSCRIPT)}"


def not_finite(value):
    """The text of a number that is not finite ("NaN", "∞", "−∞"), else None."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return None


def outside_plain_range(value, smallest_plain):
    return value != 0 and not smallest_plain <= abs(value) < LARGEST_PLAIN


def metric_number(value):
    """A loss: three decimals (enough to see it move from frame to frame), or three
    significant digits in scientific notation when it is 10⁵ or more (a diverging run) or
    below 0.001; None -> "—"."""
    if value is None:
        return NOTHING_YET
    if not_finite(value):
        return not_finite(value)
    if outside_plain_range(value, SMALLEST_PLAIN_LOSS):
        return scientific(value)
    return f"{value:.3f}"


def metric_percent(value):
    """An accuracy (a fraction from 0 to 1) as a percent with one decimal; None -> "—"."""
    return NOTHING_YET if value is None else f"{value:.1%}"


def readable_number(value):
    """A setting or a learning rate, three significant digits: 1.0 -> "1", 1000.0 -> "1000",
    0.0499 -> "0.0499", 0.0001 -> "0.0001", 5e-07 -> "5·10⁻⁷", 0 -> "0" (scientific notation
    below 0.0001 and from 10⁵)."""
    if not_finite(value):
        return not_finite(value)
    if outside_plain_range(value, SMALLEST_PLAIN_SETTING):
        return scientific(value)
    if value == 0:
        return "0"
    # Three significant digits: as many decimals as the first digit's place leaves.
    decimals = max(0, 2 - math.floor(math.log10(abs(value))))
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def url_number(value):
    """Short, exact text for a number: 0.03 -> "0.03", 1000.0 -> "1000", 1e-07 -> "1e-07".

    Ten significant digits when they give the number back exactly, else Python's own
    shortest exact text (repr), so reading the link gives the very same float.
    """
    short = f"{value:.10g}"
    return short if float(short) == value else repr(float(value))


def run_numbers(latest, epochs, dropout=0.0):
    """The row of numbers above the Playground's charts, as (label, text, help) triples.

    `latest` is PlaygroundRun.latest()'s dict, `epochs` the epochs to train, `dropout` the
    run's. With dropout, the training loss and accuracy are measured on the thinned network
    of each step (the test ones without dropout), and their labels say so.
    """
    with_dropout = " (dropout on)" if dropout else ""
    dropout_help = (
        f"Measured while training, with {dropout:.0%} of the hidden neurons switched off at "
        "random: usually lower than the network does without dropout (see the test accuracy)."
        if dropout
        else None
    )
    return [
        (f"Epoch (of {epochs:,})", f"{latest['epoch']:,}", None),
        (f"Loss{with_dropout}", metric_number(latest["loss"]), dropout_help),
        (f"Accuracy{with_dropout}", metric_percent(latest["accuracy"]), dropout_help),
        ("Test loss", metric_number(latest["test_loss"]), None),
        ("Test accuracy", metric_percent(latest["test_accuracy"]), None),
        ("Learning rate", readable_number(latest["learning_rate"]), None),
    ]
