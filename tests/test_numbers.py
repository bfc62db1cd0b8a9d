"""How the pages write numbers (ui/figures/numbers.py): one line per case."""

import pytest

from ui.figures.numbers import metric_number, metric_percent, readable_number, run_numbers


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0312, "0.031"),
        (1.0986, "1.099"),
        (99_999.0, "99999.000"),
        (8.675e31, "8.67·10³¹"),  # a diverging run: the whole number, not "8675…"
        (123_456.0, "1.23·10⁵"),
        (0.0004, "4·10⁻⁴"),  # not "0.000"
        (0.0, "0.000"),
        (float("nan"), "NaN"),
        (float("inf"), "∞"),
        (None, "—"),
    ],
)
def test_a_loss_reads_right(value, text):
    assert metric_number(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (1000.0, "1000"),
        (0.05, "0.05"),
        (0.049997, "0.05"),  # Adam's rate after a little decay: three significant digits
        (0.0909, "0.0909"),
        (0.0001, "0.0001"),
        (1e-5, "1·10⁻⁵"),
        (5e-7, "5·10⁻⁷"),
        (0.0, "0"),
        (2.5e5, "2.5·10⁵"),
    ],
)
def test_a_setting_or_learning_rate_reads_right(value, text):
    assert readable_number(value) == text


def test_the_slider_labels_of_every_listed_setting_are_distinct():
    from ui.settings.choices import DECAYS, LEARNING_RATES, PENALTIES

    for values in (LEARNING_RATES, DECAYS, PENALTIES):
        assert len({readable_number(value) for value in values}) == len(values)


LATEST = {
    "epoch": 1200,
    "loss": 8.675e31,
    "accuracy": 0.3333,
    "test_loss": None,
    "test_accuracy": None,
    "learning_rate": 0.0909,
}


def test_the_run_numbers_row():
    row = run_numbers(LATEST, 10_001)
    assert [(label, text) for label, text, _ in row] == [
        ("Epoch (of 10,001)", "1,200"),
        ("Loss", "8.67·10³¹"),
        ("Accuracy", "33.3%"),
        ("Test loss", "—"),
        ("Test accuracy", "—"),
        ("Learning rate", "0.0909"),
    ]
    assert all(help_text is None for _, _, help_text in row)


def test_with_dropout_the_training_numbers_say_so():
    labels = {label: help_text for label, _, help_text in run_numbers(LATEST, 100, dropout=0.2)}
    assert "Accuracy (dropout on)" in labels and "Loss (dropout on)" in labels
    assert "20%" in labels["Accuracy (dropout on)"]
    assert "Test accuracy" in labels, "test data is measured without dropout"


def test_an_accuracy_is_a_percent():
    assert metric_percent(0.9125) == "91.2%"
    assert metric_percent(None) == "—"
