"""Gradients by finite differences: how to check that a `backward` is right (chapter 9's idea).

The derivative of a loss L with respect to one number w is the slope of L around w. Nudge w
a tiny step h up and down and measure the loss both times; the central difference

    ∂L/∂w ≈ (L(w + h) - L(w - h)) / 2h,    h = 1e-6

has an error of order h², so in float64 it agrees with the true derivative to about 1e-9
(float32 rounding, ~1e-7 per number, would drown it: check in float64).

An analytic gradient g_a (what `backward` computed) and a numerical one g_n agree when

    relative error = ‖g_a - g_n‖ / (‖g_a‖ + ‖g_n‖)  <  1e-6

which is 0 when they are equal and 1 when they have nothing in common. Over many numbers at
once, a tiny gradient cannot blow it up as it would a number-by-number ratio.

A finite difference is a derivative only where the function is smooth: across a kink (ReLU
at 0, |w| at 0) it measures the average of two slopes. Keep the nudged numbers away from them.

NumPy only. The tests check every layer with it; the Learn page checks one layer of the
Playground's network.
"""

import numpy as np

FINITE_DIFFERENCE_STEP = 1e-6  # h in (L(w + h) - L(w - h)) / 2h
TOLERANCE = 1e-6  # the relative error under which two gradients count as the same


def partial_derivative(loss_function, array, index, step=FINITE_DIFFERENCE_STEP):
    """(L(w + h) - L(w - h)) / 2h for the one number w = array[index].

    `loss_function()` takes no argument: it reads `array`, which is nudged in place and put
    back, so the network (or layer) itself is the function being differentiated.
    """
    original = array[index]
    array[index] = original + step
    loss_plus = loss_function()
    array[index] = original - step
    loss_minus = loss_function()
    array[index] = original
    return (loss_plus - loss_minus) / (2 * step)


def numerical_gradient(loss_function, array, step=FINITE_DIFFERENCE_STEP):
    """∂L/∂array, every element by its central difference: an array shaped like `array`."""
    gradient = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        gradient[index] = partial_derivative(loss_function, array, index, step)
    return gradient


def relative_error(analytic, numerical):
    """‖a - n‖ / (‖a‖ + ‖n‖): 0 when they agree, 1 when they have nothing in common."""
    scale = np.linalg.norm(analytic) + np.linalg.norm(numerical)
    if scale == 0:
        return 0.0
    return float(np.linalg.norm(analytic - numerical) / scale)
