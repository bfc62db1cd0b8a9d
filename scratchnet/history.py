"""A bounded per-epoch log: long runs cost no more memory than short ones."""

import numpy as np


class History:
    """Rows of numbers, one per recorded epoch, in named columns; the first column is `epoch`.

    Every epoch is kept until `max_points` rows are stored. Then every other row is dropped and
    from then on only epochs that are multiples of 2 (then 4, 8, ...) are kept: the curve stays
    evenly spaced from start to end, and memory stays at most max_points rows.
    """

    def __init__(self, columns, max_points=4096):
        if columns[0] != "epoch":
            raise ValueError(f"the first column must be 'epoch'. Received: {columns[0]!r}")
        if max_points < 2:
            raise ValueError(f"max_points must be at least 2. Received: max_points={max_points}")
        self.columns = list(columns)
        self.rows = np.empty((max_points, len(columns)))
        self.size = 0
        self.stride = 1

    def extend(self, records):
        """Append rows (shape (n, n_columns)), keeping only epochs on the current stride."""
        records = np.asarray(records, dtype=float).reshape(-1, len(self.columns))
        kept = records[records[:, 0] % self.stride == 0]
        while self.size + len(kept) > len(self.rows):
            self.stride *= 2
            on_stride = self.rows[: self.size, 0] % self.stride == 0
            old_rows = self.rows[: self.size][on_stride]
            self.size = len(old_rows)
            self.rows[: self.size] = old_rows
            kept = kept[kept[:, 0] % self.stride == 0]
        self.rows[self.size : self.size + len(kept)] = kept
        self.size += len(kept)

    def __getitem__(self, column):
        """One column as an array (a read-only view): history["data_loss"]."""
        view = self.rows[: self.size, self.columns.index(column)]
        view.flags.writeable = False
        return view

    def __len__(self):
        return self.size

    def last(self):
        """The latest row as a dict, or None when nothing is recorded yet."""
        if self.size == 0:
            return None
        return dict(zip(self.columns, self.rows[self.size - 1].tolist()))

    def state(self):
        return self.rows[: self.size].copy(), {"stride": self.stride, "max_points": len(self.rows)}

    @classmethod
    def from_state(cls, columns, rows, meta):
        history = cls(columns, max_points=meta["max_points"])
        history.stride = int(meta["stride"])
        history.size = len(rows)
        history.rows[: history.size] = rows
        return history
