"""How a setting is written in a link, and read back: one rule per kind of value.

Each rule's `parse` turns the text of one URL parameter into a value, or raises ValueError
saying what the value must be (the page shows that sentence); `format` is the way back,
value -> text. Nothing is trusted: a rule accepts only values the sidebar's widget can hold.
ui/settings/url_state.py lists which rule reads which setting. Plain Python.
"""

import math
import re
from dataclasses import dataclass

from ui.figures.numbers import url_number

WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")
DECIMAL_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")


def read_number(text):
    """A finite decimal number written the plain way ("0.03", "1e-5"); ValueError otherwise."""
    if not DECIMAL_NUMBER.fullmatch(text):
        raise ValueError("is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("is not a finite number")
    return value


@dataclass(frozen=True)
class Choice:
    """One of a few words, e.g. a dataset name."""

    options: tuple

    def parse(self, text):
        if text not in self.options:
            raise ValueError(f"must be one of {', '.join(self.options)}")
        return text

    def format(self, value):
        return value


@dataclass(frozen=True)
class WholeNumber:
    """An integer from `low` to `high`, a multiple of `step` above `low` (a slider's values)."""

    low: int
    high: int
    step: int = 1

    def describe(self):
        steps = f" in steps of {self.step}" if self.step != 1 else ""
        return f"must be a whole number from {self.low:,} to {self.high:,}{steps}"

    def parse(self, text):
        if not WHOLE_NUMBER.fullmatch(text):
            raise ValueError(self.describe())
        value = int(text)
        if not self.low <= value <= self.high or (value - self.low) % self.step:
            raise ValueError(self.describe())
        return value

    def format(self, value):
        return str(value)


@dataclass(frozen=True)
class SliderNumber:
    """A number from 0 to `high` in steps of `step`: the values a float slider can take."""

    high: float
    step: float
    low: float = 0.0

    def describe(self):
        return (
            f"must be a number from {url_number(self.low)} to {url_number(self.high)} "
            f"in steps of {url_number(self.step)}"
        )

    def parse(self, text):
        value = read_number(text)
        steps = (value - self.low) / self.step
        on_a_step = abs(steps - round(steps)) < 1e-6
        if not (self.low <= value <= self.high and on_a_step):
            raise ValueError(self.describe())
        # The value exactly as the slider would hold it: 0.35, not 0.35000000000000003.
        return round(self.low + round(steps) * self.step, 10)

    def format(self, value):
        return url_number(value)


@dataclass(frozen=True)
class ListedNumber:
    """One of the numbers of a select-slider, e.g. a learning rate."""

    values: tuple

    def parse(self, text):
        value = read_number(text)
        for option in self.values:
            if math.isclose(value, option, rel_tol=1e-9, abs_tol=0.0):
                return option
        listed = ", ".join(url_number(option) for option in self.values)
        raise ValueError(f"must be one of {listed}")

    def format(self, value):
        return url_number(value)


@dataclass(frozen=True)
class BatchSize:
    """A mini-batch size from the sidebar's list, or "full" (the whole data set, None)."""

    values: tuple

    def parse(self, text):
        if text == "full":
            return None
        if WHOLE_NUMBER.fullmatch(text) and int(text) in self.values:
            return int(text)
        listed = ", ".join(str(value) for value in self.values)
        raise ValueError(f"must be full or one of {listed}")

    def format(self, value):
        return "full" if value is None else str(value)


@dataclass(frozen=True)
class LayerSizes:
    """Neurons per hidden layer, comma-separated: "64" or "8,8" (1 to 4 layers of 1 to 256)."""

    max_layers: int
    neurons: WholeNumber

    def describe(self):
        return (
            f"must be 1 to {self.max_layers} layer sizes separated by commas, each a whole "
            f"number from {self.neurons.low} to {self.neurons.high}, e.g. 8,8"
        )

    def parse(self, text):
        parts = text.split(",")
        if not 1 <= len(parts) <= self.max_layers:
            raise ValueError(self.describe())
        try:
            return tuple(self.neurons.parse(part.strip()) for part in parts)
        except ValueError:
            raise ValueError(self.describe()) from None

    def format(self, value):
        return ",".join(str(size) for size in value)


@dataclass(frozen=True)
class BookExact:
    """The "Book-exact numbers" switch: on means precision "nnfs", off means "float32"."""

    ON = ("on", "1", "true", "yes")
    OFF = ("off", "0", "false", "no")

    def parse(self, text):
        if text.lower() in self.ON:
            return "nnfs"
        if text.lower() in self.OFF:
            return "float32"
        raise ValueError("must be on or off")

    def format(self, value):
        return "on" if value == "nnfs" else "off"
