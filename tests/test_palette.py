"""The class colours (ui/figures/style.py): no black, and apart under red-green colour blindness.

A colour-blind viewer is simulated with Machado, Oliveira & Fernandes (2009)'s matrices for
full protanopia and deuteranopia, applied to linear sRGB; two colours are "apart" when their
CIELAB distance (ΔE*ab, 1976) is at least MIN_DISTANCE. For scale: ΔE ≈ 2.3 is a just
noticeable difference; Okabe-Ito's seven colours are 17 apart at the closest.
"""

import itertools

import numpy as np
import pytest

from ui.figures.style import CLASS_COLORS

MIN_DISTANCE = 15.0
BLACK = "#000000"
SIMULATIONS = {
    "normal vision": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
         [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
         [-0.011820, 0.042940, 0.968881]]
    ),
}  # fmt: skip
SRGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)
WHITE_XYZ = np.array([0.95047, 1.0, 1.08883])


def linear_rgb(color):
    """'#RRGGBB' -> linear sRGB in 0..1 (the sRGB transfer curve undone)."""
    encoded = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(encoded <= 0.04045, encoded / 12.92, ((encoded + 0.055) / 1.055) ** 2.4)


def lab(linear):
    """Linear sRGB -> CIELAB (D65 white)."""
    ratio = SRGB_TO_XYZ @ np.clip(linear, 0, 1) / WHITE_XYZ
    f = np.where(ratio > (6 / 29) ** 3, np.cbrt(ratio), ratio / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(first, second, simulation):
    seen = SIMULATIONS[simulation]
    return float(np.linalg.norm(lab(seen @ linear_rgb(first)) - lab(seen @ linear_rgb(second))))


def test_eight_classes_have_eight_different_colours_none_black():
    assert len(set(CLASS_COLORS)) == 8
    assert BLACK not in CLASS_COLORS, "a black outline means 'misclassified'"


@pytest.mark.parametrize("simulation", list(SIMULATIONS))
def test_every_two_class_colours_stay_apart(simulation):
    closest = min(
        (distance(first, second, simulation), first, second)
        for first, second in itertools.combinations(CLASS_COLORS, 2)
    )
    assert closest[0] >= MIN_DISTANCE, closest


@pytest.mark.parametrize("simulation", list(SIMULATIONS))
def test_no_class_colour_looks_like_the_black_outline(simulation):
    assert min(distance(color, BLACK, simulation) for color in CLASS_COLORS) >= 2 * MIN_DISTANCE


def test_the_usual_grey_in_place_of_black_would_not_pass():
    """The check can fail: the R Cookbook's colour-blind palette puts grey (#999999) where
    Okabe-Ito has black, and under deuteranopia it is hard to tell from reddish purple."""
    assert distance("#CC79A7", "#999999", "deuteranopia") < MIN_DISTANCE
