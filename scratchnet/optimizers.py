"""Optimizers: how the gradients change the parameters (chapter 10), with the book's defaults.

Each optimizer updates a list of parameters (every layer's weights and biases) in place from
the matching list of gradients. Per-parameter memory, such as momentum, lives in `self.slots`:
slot name -> one array per parameter, created as zeros on first use.

Learning-rate decay, shared by all:   current_learning_rate = learning_rate / (1 + decay · t)
where t counts the updates done so far (`iterations`).
"""

import numpy as np


class Optimizer:
    name = ""

    def __init__(self, learning_rate, decay=0.0):
        is_number = isinstance(learning_rate, (int, float, np.floating))
        if not (is_number and 0 < learning_rate < np.inf):
            raise ValueError(
                "learning_rate must be a positive number. "
                f"Received: learning_rate={learning_rate!r}"
            )
        if not (isinstance(decay, (int, float, np.floating)) and 0 <= decay < np.inf):
            raise ValueError(f"decay must be a number >= 0. Received: decay={decay!r}")
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.slots = {}

    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (
                1.0 / (1.0 + self.decay * self.iterations)
            )

    def post_update_params(self):
        self.iterations += 1

    def update_params(self, parameters, gradients):
        """Update every parameter from its gradient, in place: one training step's update.

        The book calls `pre_update_params()`, then `update_params(layer)` once per layer,
        then `post_update_params()`; this does all three, over the list of parameters.
        """
        self.pre_update_params()
        for index, (parameter, gradient) in enumerate(zip(parameters, gradients)):
            self.update_parameter(index, parameter, gradient)
        self.post_update_params()

    def update_parameter(self, index, parameter, gradient):
        raise NotImplementedError

    def slot(self, name, index, parameter):
        """The optimizer's memory `name` for parameter number `index` (zeros the first time)."""
        arrays = self.slots.setdefault(name, {})
        if index not in arrays:
            arrays[index] = np.zeros_like(parameter)
        return arrays[index]

    def set_slot(self, name, index, values):
        """Replace the memory `name` of parameter `index`, as the book's `layer.x = ...` does.

        Replaced, not written into: a float64 gradient (the book's dropout mask and sine data
        are float64) makes the book's memory float64 from then on, and so it does here.
        """
        self.slots[name][index] = values

    def hyperparameters(self):
        """The settings a user can change, by name (learning_rate, decay, momentum, ...)."""
        return {"learning_rate": self.learning_rate, "decay": self.decay}

    def config(self):
        return {"name": self.name, **self.hyperparameters()}


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum (chapter 10).

        update = momentum · previous_update - current_learning_rate · gradient
        parameter = parameter + update

    With momentum = 0 this is plain  w = w - learning_rate · g.
    """

    name = "sgd"

    def __init__(self, learning_rate=1.0, decay=0.0, momentum=0.0):
        super().__init__(learning_rate, decay)
        if not (isinstance(momentum, (int, float, np.floating)) and 0 <= momentum < 1):
            raise ValueError(f"momentum must be in [0, 1). Received: momentum={momentum!r}")
        self.momentum = momentum

    def update_parameter(self, index, parameter, gradient):
        if self.momentum:
            previous_updates = self.slot("momentums", index, parameter)
            updates = self.momentum * previous_updates - self.current_learning_rate * gradient
            self.set_slot("momentums", index, updates)
        else:
            updates = -self.current_learning_rate * gradient
        parameter += updates

    def hyperparameters(self):
        return {**super().hyperparameters(), "momentum": self.momentum}


class Adagrad(Optimizer):
    """Adaptive gradient: each parameter's step shrinks with the sum of its squared gradients.

    cache = cache + gradient²
    parameter = parameter - current_learning_rate · gradient / (√cache + epsilon)
    """

    name = "adagrad"

    def __init__(self, learning_rate=1.0, decay=0.0, epsilon=1e-7):
        super().__init__(learning_rate, decay)
        check_epsilon(epsilon)
        self.epsilon = epsilon

    def update_parameter(self, index, parameter, gradient):
        cache = self.slot("cache", index, parameter)
        cache += gradient**2
        parameter += -self.current_learning_rate * gradient / (np.sqrt(cache) + self.epsilon)

    def hyperparameters(self):
        return {**super().hyperparameters(), "epsilon": self.epsilon}


class RMSprop(Optimizer):
    """Root mean square propagation: like Adagrad, with a moving average of squared gradients.

    cache = rho · cache + (1 - rho) · gradient²
    parameter = parameter - current_learning_rate · gradient / (√cache + epsilon)
    """

    name = "rmsprop"

    def __init__(self, learning_rate=0.001, decay=0.0, epsilon=1e-7, rho=0.9):
        super().__init__(learning_rate, decay)
        check_epsilon(epsilon)
        check_fraction("rho", rho)
        self.epsilon = epsilon
        self.rho = rho

    def update_parameter(self, index, parameter, gradient):
        cache = self.slot("cache", index, parameter)
        cache = self.rho * cache + (1 - self.rho) * gradient**2
        self.set_slot("cache", index, cache)
        parameter += -self.current_learning_rate * gradient / (np.sqrt(cache) + self.epsilon)

    def hyperparameters(self):
        return {**super().hyperparameters(), "epsilon": self.epsilon, "rho": self.rho}


class Adam(Optimizer):
    """Adaptive momentum: RMSprop's cache plus SGD's momentum, both bias-corrected.

    momentums = beta_1 · momentums + (1 - beta_1) · gradient
    cache     = beta_2 · cache     + (1 - beta_2) · gradient²
    m̂ = momentums / (1 - beta_1^(t+1)),   ĉ = cache / (1 - beta_2^(t+1))
    parameter = parameter - current_learning_rate · m̂ / (√ĉ + epsilon)
    """

    name = "adam"

    def __init__(self, learning_rate=0.001, decay=0.0, epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        super().__init__(learning_rate, decay)
        check_epsilon(epsilon)
        check_fraction("beta_1", beta_1)
        check_fraction("beta_2", beta_2)
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def update_parameter(self, index, parameter, gradient):
        momentums = self.slot("momentums", index, parameter)
        cache = self.slot("cache", index, parameter)
        momentums = self.beta_1 * momentums + (1 - self.beta_1) * gradient
        self.set_slot("momentums", index, momentums)
        momentums_corrected = momentums / (1 - self.beta_1 ** (self.iterations + 1))
        cache = self.beta_2 * cache + (1 - self.beta_2) * gradient**2
        self.set_slot("cache", index, cache)
        cache_corrected = cache / (1 - self.beta_2 ** (self.iterations + 1))
        parameter += (
            -self.current_learning_rate
            * momentums_corrected
            / (np.sqrt(cache_corrected) + self.epsilon)
        )

    def hyperparameters(self):
        return {
            **super().hyperparameters(),
            "epsilon": self.epsilon,
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
        }


def check_epsilon(epsilon):
    if not (isinstance(epsilon, (int, float, np.floating)) and 0 < epsilon < 1):
        raise ValueError(f"epsilon must be in (0, 1). Received: epsilon={epsilon!r}")


def check_fraction(name, value):
    if not (isinstance(value, (int, float, np.floating)) and 0 <= value < 1):
        raise ValueError(f"{name} must be in [0, 1). Received: {name}={value!r}")


OPTIMIZERS = {"sgd": SGD, "adagrad": Adagrad, "rmsprop": RMSprop, "adam": Adam}


def make_optimizer(name, **hyperparameters):
    """Build an optimizer by name: make_optimizer("adam", learning_rate=0.02)."""
    if name not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(OPTIMIZERS)}. Received: {name!r}")
    return OPTIMIZERS[name](**hyperparameters)
