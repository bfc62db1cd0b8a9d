"""A run's history as CSV: every recorded epoch, one row each, for a spreadsheet."""

import csv
import io


def history_csv(trainer):
    """Every recorded epoch of `trainer` as CSV text with a header row.

    Columns: epoch, data_loss, regularization_loss, accuracy, learning_rate, one gradient norm
    per dense layer (gradient_norm_0 is the first layer's ‖dL/dW‖), and test_loss and
    test_accuracy when a test set was measured.

    One row per epoch e (0, 1, 2, … as the book's `for epoch in range(…)` counts): its
    training numbers were measured during the epoch, before its update; its test numbers (the
    app measures them at the end of each training call) after its update, with the weights
    the epoch left. The app's last test numbers are the last row's, and the exported script
    prints the same numbers on its line for that epoch. Cells not measured are left empty
    (the test set is measured at the end of a call, not every epoch).
    """
    history, test_history = trainer.history, trainer.test_history
    columns = list(history.columns)
    rows = {int(epoch): {} for epoch in history["epoch"]}
    for column in columns:
        for epoch, value in zip(history["epoch"], history[column]):
            rows[int(epoch)][column] = value
    has_test = len(test_history) > 0
    if has_test:
        columns += ["test_loss", "test_accuracy"]
        for epoch, loss, accuracy in zip(
            test_history["epoch"], test_history["test_loss"], test_history["test_accuracy"]
        ):
            row = rows.setdefault(int(epoch), {"epoch": epoch})  # thinned histories differ
            row["test_loss"], row["test_accuracy"] = loss, accuracy
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    for epoch in sorted(rows):
        row = rows[epoch]
        writer.writerow([csv_cell(column, row.get(column)) for column in columns])
    return text.getvalue()


def csv_cell(column, value):
    """Epochs as whole numbers, measurements with every digit (repr), missing ones empty."""
    if value is None:
        return ""
    if column == "epoch":
        return str(int(value))
    return repr(float(value))


# ---------------------------------------------------------------------------------------
