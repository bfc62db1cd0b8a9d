"""What the Learn page shows of one stage of the step: its maths, its arrays, its code.

A `Stage` is one part of `Trainer.train_on_batch` taken apart (a layer's forward, the loss, a
layer's backward, an update); a `Matrix` is one array it takes in or gives out, with its
symbol. The code is the engine's own, read with `inspect.getsource` when the page is drawn, so
what the page shows is what runs.
"""

import inspect
import textwrap
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Matrix:
    """An array shown on the page: its symbol (LaTeX, without $), its values, and whether its
    rows are the batch's points (then they are labelled with the points' indices)."""

    symbol: str
    values: np.ndarray
    per_point: bool = False

    def __post_init__(self):
        self.values = np.array(self.values, copy=True)


@dataclass
class Stage:
    """One stage of the step: its maths, the numbers that went in and out, the code that ran."""

    key: str  # unique on the page, for widget keys: "forward-2"
    title: str
    formula: str  # LaTeX for st.latex
    explanation: str  # one or two sentences, Markdown (may hold $maths$)
    inputs: list = field(default_factory=list)  # of Matrix
    outputs: list = field(default_factory=list)  # of Matrix
    source: str = ""  # the engine's code for this stage


def source_of(*functions):
    """The source code of functions and methods, dedented, one after the other."""
    return "\n\n".join(textwrap.dedent(inspect.getsource(function)) for function in functions)


def shape_text(values):
    """An array's shape in words: "3 × 64", or "a single number"."""
    return " × ".join(str(size) for size in np.shape(values)) or "a single number"
