"""Take a run out of the app: its history as a CSV file, and a standalone NumPy script.

`history_csv(trainer)` is every recorded epoch as text, one row per epoch, for a spreadsheet.

`standalone_script(config)` writes the run as the book's own code: `Layer_Dense`, the
activations, the combined softmax + cross-entropy, the optimizer, the dataset call and the
book's training loop with its print line. It needs NumPy and nnfs only, and it prints exactly
the numbers the engine computes for the same settings:

- precision "nnfs" (the Playground's "book-exact numbers"): the script calls
  `nnfs.init(random_seed=seed)`, which makes np.dot multiply in float64 and round to float32.
  Its lines equal the engine's to the last digit, on any computer.
- precision "float32" (the app's default): the script calls
  `nnfs.init(dot_precision_workaround=False, random_seed=seed)`: the same float32 arrays as the
  book, but np.dot multiplies in float32 as the engine does. Measured here, the lines are equal
  to the engine's, bit for bit; another computer's BLAS may round a float32 matrix product
  differently in the last bit, and such differences grow over thousands of epochs.
- precision "float64": no nnfs.init (the book's code in NumPy's default float64).

Where the app's engine does something the book does not (mini-batches shuffled every epoch, a
dropout mask kept in the inputs' float type, a train/test split, datasets nnfs lacks), the
script does it the engine's way and says so in a comment.
"""

import csv
import inspect
import io
import textwrap

import numpy as np

from scratchnet import datasets
from scratchnet.config import make_data

NNFS_DATASETS = {"spiral": "spiral_data", "vertical": "vertical_data"}
LOG_EVERY = 100


# ---------------------------------------------------------------------------------------
# The history as CSV
# ---------------------------------------------------------------------------------------


def history_csv(trainer):
    """Every recorded epoch of `trainer` as CSV text with a header row.

    Columns: epoch, data_loss, regularization_loss, accuracy, learning_rate, one gradient norm
    per dense layer (gradient_norm_0 is the first layer's ‖dL/dW‖), and test_loss and
    test_accuracy when a test set was measured. A test measurement at epoch e was made with
    the weights that epoch e's training numbers were measured with, so both share a row;
    cells that were not measured are left empty.
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
            row = rows.setdefault(int(epoch), {"epoch": epoch})
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
# The progress line: the book's print statement, used by the script and by the tests
# ---------------------------------------------------------------------------------------


def progress_line(
    epoch,
    accuracy,
    loss,
    learning_rate,
    data_loss=None,
    regularization_loss=None,
    test_accuracy=None,
    test_loss=None,
):
    """The book's line: chapter 10's, or chapter 14's when the regularization loss is given.

    `epoch: 100, acc: 0.417, loss: 1.079, lr: 1.0`, plus `, test_acc: …, test_loss: …` when
    a test set is measured. The script's print statement writes exactly this.
    """
    line = f"epoch: {epoch}, acc: {accuracy:.3f}, loss: {loss:.3f}"
    if regularization_loss is not None:
        line += f" (data_loss: {data_loss:.3f}, reg_loss: {regularization_loss:.3f})"
    line += f", lr: {learning_rate}"
    if test_accuracy is not None:
        line += f", test_acc: {test_accuracy:.3f}, test_loss: {test_loss:.3f}"
    return line


def has_regularization(config):
    penalties = (
        config.weight_regularizer_l1,
        config.weight_regularizer_l2,
        config.bias_regularizer_l1,
        config.bias_regularizer_l2,
    )
    return any(penalty > 0 for penalty in penalties)


def logged_epochs(epochs, log_every=LOG_EVERY):
    """The epochs the script prints: 0, log_every, 2·log_every, ... and always the last one."""
    logged = list(range(0, epochs, log_every))
    if logged[-1] != epochs - 1:
        logged.append(epochs - 1)
    return logged


# ---------------------------------------------------------------------------------------
# The standalone script
# ---------------------------------------------------------------------------------------

PRECISION_NOTES = {
    "nnfs": """\
Precision: "book-exact numbers". nnfs.init() makes np.dot multiply in float64 and round the
result to float32, as in the book, so this script prints exactly the app's numbers, to the
last digit, on any computer.""",
    "float32": """\
Precision: float32, the app's default. nnfs.init(dot_precision_workaround=False) keeps the
book's float32 arrays but lets np.dot multiply in float32, as the app does. On the computer
that runs the app this prints the app's numbers exactly (checked bit for bit); another
computer's BLAS can round a float32 matrix product differently in the last bit, and such
differences grow over thousands of epochs (after 1,000 epochs, up to ~0.1 in loss). For
numbers that are the same everywhere (the book's), tick "Book-exact numbers" in the
Playground and download the script again.""",
    "float64": """\
Precision: float64. No nnfs.init(): NumPy computes in its default float64, and this script
prints the app's numbers for this setting.""",
}

INIT_LINES = {
    "nnfs": ["nnfs.init(random_seed={seed})"],
    "float32": [
        "# nnfs.init without its dot workaround: float32 arrays, np.dot in float32 (the app's)",
        "nnfs.init(dot_precision_workaround=False, random_seed={seed})",
    ],
    "float64": [
        "# The app's float64 precision: NumPy's defaults, only the seed is set",
        "np.random.seed({seed})",
    ],
}

DTYPE_NAMES = {"nnfs": "np.float32", "float32": "np.float32", "float64": "np.float64"}

LAYER_DENSE = """
# Dense layer
class Layer_Dense:

    # Layer initialization
    def __init__(self, n_inputs, n_neurons,
                 weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0):
        # Initialize weights and biases
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        # Set regularization strength
        self.weight_regularizer_l1 = weight_regularizer_l1
        self.weight_regularizer_l2 = weight_regularizer_l2
        self.bias_regularizer_l1 = bias_regularizer_l1
        self.bias_regularizer_l2 = bias_regularizer_l2

    # Forward pass
    def forward(self, inputs):
        # Remember input values
        self.inputs = inputs
        # Calculate output values from inputs, weights and biases
        self.output = np.dot(inputs, self.weights) + self.biases

    # Backward pass
    def backward(self, dvalues):
        # Gradients on parameters
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)

        # Gradients on regularization
        # L1 on weights
        if self.weight_regularizer_l1 > 0:
            dL1 = np.ones_like(self.weights)
            dL1[self.weights < 0] = -1
            self.dweights += self.weight_regularizer_l1 * dL1
        # L2 on weights
        if self.weight_regularizer_l2 > 0:
            self.dweights += 2 * self.weight_regularizer_l2 * \\
                             self.weights
        # L1 on biases
        if self.bias_regularizer_l1 > 0:
            dL1 = np.ones_like(self.biases)
            dL1[self.biases < 0] = -1
            self.dbiases += self.bias_regularizer_l1 * dL1
        # L2 on biases
        if self.bias_regularizer_l2 > 0:
            self.dbiases += 2 * self.bias_regularizer_l2 * \\
                            self.biases

        # Gradient on values
        self.dinputs = np.dot(dvalues, self.weights.T)
"""

LAYER_DROPOUT = """
# Dropout
class Layer_Dropout:

    # Init
    def __init__(self, rate):
        # Store rate, we invert it as for example for dropout
        # of 0.1 we need success rate of 0.9
        self.rate = 1 - rate

    # Forward pass
    def forward(self, inputs):
        # Save input values
        self.inputs = inputs
        # Generate and save scaled mask
        # (The app keeps the mask in the inputs' float type; the book's stays float64.)
        self.binary_mask = (np.random.binomial(1, self.rate,
                            size=inputs.shape) / self.rate).astype(inputs.dtype)
        # Apply mask to output values
        self.output = inputs * self.binary_mask

    # Backward pass
    def backward(self, dvalues):
        # Gradient on values
        self.dinputs = dvalues * self.binary_mask
"""

ACTIVATION_CLASSES = {
    "relu": """
# ReLU activation
class Activation_ReLU:

    # Forward pass
    def forward(self, inputs):
        # Remember input values
        self.inputs = inputs
        # Calculate output values from inputs
        self.output = np.maximum(0, inputs)

    # Backward pass
    def backward(self, dvalues):
        # Since we need to modify original variable,
        # let's make a copy of values first
        self.dinputs = dvalues.copy()

        # Zero gradient where input values were negative
        self.dinputs[self.inputs <= 0] = 0
""",
    "leaky_relu": """
# Leaky ReLU activation (not in the book): ReLU with a small slope
# below zero, so that a neuron that is off still passes a gradient
class Activation_LeakyReLU:

    def __init__(self, slope=0.01):
        self.slope = slope

    # Forward pass
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.where(inputs > 0, inputs, self.slope * inputs)

    # Backward pass: the derivative is 1 above zero, slope below
    def backward(self, dvalues):
        self.dinputs = np.where(self.inputs > 0, dvalues,
                                self.slope * dvalues)
""",
    "tanh": """
# Tanh activation (not in the book): outputs between -1 and 1
class Activation_Tanh:

    # Forward pass
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.tanh(inputs)

    # Backward pass: the derivative of tanh(z) is 1 - tanh(z)**2
    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output ** 2)
""",
    "sigmoid": """
# Sigmoid activation
class Activation_Sigmoid:

    # Forward pass
    def forward(self, inputs):
        # Save input and calculate/save output
        # of the sigmoid function
        self.inputs = inputs
        self.output = 1 / (1 + np.exp(-inputs))

    # Backward pass
    def backward(self, dvalues):
        # Derivative - calculates from output of the sigmoid function
        self.dinputs = dvalues * (1 - self.output) * self.output
""",
    "linear": """
# Linear activation
class Activation_Linear:

    # Forward pass
    def forward(self, inputs):
        # Just remember values
        self.inputs = inputs
        self.output = inputs

    # Backward pass
    def backward(self, dvalues):
        # derivative is 1, 1 * dvalues = dvalues - the chain rule
        self.dinputs = dvalues.copy()
""",
}

ACTIVATION_NAMES = {
    "relu": "Activation_ReLU",
    "leaky_relu": "Activation_LeakyReLU",
    "tanh": "Activation_Tanh",
    "sigmoid": "Activation_Sigmoid",
    "linear": "Activation_Linear",
}

LOSS_BASE = """
# Common loss class
class Loss:

    # Regularization loss calculation
    def regularization_loss(self, layer):

        # 0 by default
        regularization_loss = 0

        # L1 regularization - weights
        # calculate only when factor greater than 0
        if layer.weight_regularizer_l1 > 0:
            regularization_loss += layer.weight_regularizer_l1 * \\
                                   np.sum(np.abs(layer.weights))

        # L2 regularization - weights
        if layer.weight_regularizer_l2 > 0:
            regularization_loss += layer.weight_regularizer_l2 * \\
                                   np.sum(layer.weights * \\
                                          layer.weights)

        # L1 regularization - biases
        # calculate only when factor greater than 0
        if layer.bias_regularizer_l1 > 0:
            regularization_loss += layer.bias_regularizer_l1 * \\
                                   np.sum(np.abs(layer.biases))

        # L2 regularization - biases
        if layer.bias_regularizer_l2 > 0:
            regularization_loss += layer.bias_regularizer_l2 * \\
                                   np.sum(layer.biases * \\
                                          layer.biases)

        return regularization_loss

    # Calculates the data and regularization losses
    # given model output and ground truth values
    def calculate(self, output, y):

        # Calculate sample losses
        sample_losses = self.forward(output, y)

        # Calculate mean loss
        data_loss = np.mean(sample_losses)

        # Return loss
        return data_loss
"""

CLASSIFICATION_LOSS = """
# Softmax activation
class Activation_Softmax:

    # Forward pass
    def forward(self, inputs):
        # Remember input values
        self.inputs = inputs

        # Get unnormalized probabilities
        exp_values = np.exp(inputs - np.max(inputs, axis=1,
                                            keepdims=True))
        # Normalize them for each sample
        probabilities = exp_values / np.sum(exp_values, axis=1,
                                            keepdims=True)

        self.output = probabilities


# Cross-entropy loss
class Loss_CategoricalCrossentropy(Loss):

    # Forward pass
    def forward(self, y_pred, y_true):

        # Number of samples in a batch
        samples = len(y_pred)

        # Clip data to prevent division by 0
        # Clip both sides to not drag mean towards any value
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)

        # Probabilities for target values -
        # only if categorical labels
        if len(y_true.shape) == 1:
            correct_confidences = y_pred_clipped[
                range(samples),
                y_true
            ]

        # Mask values - only for one-hot encoded labels
        elif len(y_true.shape) == 2:
            correct_confidences = np.sum(
                y_pred_clipped * y_true,
                axis=1
            )

        # Losses
        negative_log_likelihoods = -np.log(correct_confidences)
        return negative_log_likelihoods


# Softmax classifier - combined Softmax activation
# and cross-entropy loss for faster backward step
class Activation_Softmax_Loss_CategoricalCrossentropy():

    # Creates activation and loss function objects
    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    # Forward pass
    def forward(self, inputs, y_true):
        # Output layer's activation function
        self.activation.forward(inputs)
        # Set the output
        self.output = self.activation.output
        # Calculate and return loss value
        return self.loss.calculate(self.output, y_true)

    # Backward pass
    def backward(self, dvalues, y_true):

        # Number of samples
        samples = len(dvalues)

        # If labels are one-hot encoded,
        # turn them into discrete values
        if len(y_true.shape) == 2:
            y_true = np.argmax(y_true, axis=1)

        # Copy so we can safely modify
        self.dinputs = dvalues.copy()
        # Calculate gradient
        self.dinputs[range(samples), y_true] -= 1
        # Normalize gradient
        self.dinputs = self.dinputs / samples
"""

REGRESSION_LOSS = """
# Mean Squared Error loss
class Loss_MeanSquaredError(Loss):  # L2 loss

    # Forward pass
    def forward(self, y_pred, y_true):

        # Calculate loss
        sample_losses = np.mean((y_true - y_pred)**2, axis=-1)

        # Return losses
        return sample_losses

    # Backward pass
    def backward(self, dvalues, y_true):

        # Number of samples
        samples = len(dvalues)
        # Number of outputs in every sample
        # We'll use the first sample to count them
        outputs = len(dvalues[0])

        # Gradient on values
        self.dinputs = -2 * (y_true - dvalues) / outputs
        # Normalize gradient
        self.dinputs = self.dinputs / samples
"""

DECAY_METHODS = """
    # Call once before any parameter updates
    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * \\
                (1. / (1. + self.decay * self.iterations))
"""

POST_UPDATE = """
    # Call once after any parameter updates
    def post_update_params(self):
        self.iterations += 1
"""

OPTIMIZER_CLASSES = {
    "sgd": """
# SGD optimizer
class Optimizer_SGD:

    # Initialize optimizer - set settings,
    # learning rate of 1. is default for this optimizer
    def __init__(self, learning_rate=1., decay=0., momentum=0.):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.momentum = momentum
{decay_methods}
    # Update parameters
    def update_params(self, layer):

        # If we use momentum
        if self.momentum:

            # If layer does not contain momentum arrays, create them
            # filled with zeros
            if not hasattr(layer, 'weight_momentums'):
                layer.weight_momentums = np.zeros_like(layer.weights)
                # If there is no momentum array for weights
                # The array doesn't exist for biases yet either.
                layer.bias_momentums = np.zeros_like(layer.biases)

            # Build weight updates with momentum - take previous
            # updates multiplied by retain factor and update with
            # current gradients
            weight_updates = \\
                self.momentum * layer.weight_momentums - \\
                self.current_learning_rate * layer.dweights
            layer.weight_momentums = weight_updates

            # Build bias updates
            bias_updates = \\
                self.momentum * layer.bias_momentums - \\
                self.current_learning_rate * layer.dbiases
            layer.bias_momentums = bias_updates

        # Vanilla SGD updates (as before momentum update)
        else:
            weight_updates = -self.current_learning_rate * \\
                             layer.dweights
            bias_updates = -self.current_learning_rate * \\
                           layer.dbiases

        # Update weights and biases using either
        # vanilla or momentum updates
        layer.weights += weight_updates
        layer.biases += bias_updates
{post_update}""",
    "adagrad": """
# Adagrad optimizer
class Optimizer_Adagrad:

    # Initialize optimizer - set settings
    def __init__(self, learning_rate=1., decay=0., epsilon=1e-7):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
{decay_methods}
    # Update parameters
    def update_params(self, layer):

        # If layer does not contain cache arrays,
        # create them filled with zeros
        if not hasattr(layer, 'weight_cache'):
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_cache = np.zeros_like(layer.biases)

        # Update cache with squared current gradients
        layer.weight_cache += layer.dweights**2
        layer.bias_cache += layer.dbiases**2

        # Vanilla SGD parameter update + normalization
        # with square rooted cache
        layer.weights += -self.current_learning_rate * \\
                         layer.dweights / \\
                         (np.sqrt(layer.weight_cache) + self.epsilon)
        layer.biases += -self.current_learning_rate * \\
                        layer.dbiases / \\
                        (np.sqrt(layer.bias_cache) + self.epsilon)
{post_update}""",
    "rmsprop": """
# RMSprop optimizer
class Optimizer_RMSprop:

    # Initialize optimizer - set settings
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7,
                 rho=0.9):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.rho = rho
{decay_methods}
    # Update parameters
    def update_params(self, layer):

        # If layer does not contain cache arrays,
        # create them filled with zeros
        if not hasattr(layer, 'weight_cache'):
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_cache = np.zeros_like(layer.biases)

        # Update cache with squared current gradients
        layer.weight_cache = self.rho * layer.weight_cache + \\
            (1 - self.rho) * layer.dweights**2
        layer.bias_cache = self.rho * layer.bias_cache + \\
            (1 - self.rho) * layer.dbiases**2

        # Vanilla SGD parameter update + normalization
        # with square rooted cache
        layer.weights += -self.current_learning_rate * \\
                         layer.dweights / \\
                         (np.sqrt(layer.weight_cache) + self.epsilon)
        layer.biases += -self.current_learning_rate * \\
                        layer.dbiases / \\
                        (np.sqrt(layer.bias_cache) + self.epsilon)
{post_update}""",
    "adam": """
# Adam optimizer
class Optimizer_Adam:

    # Initialize optimizer - set settings
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7,
                 beta_1=0.9, beta_2=0.999):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2
{decay_methods}
    # Update parameters
    def update_params(self, layer):

        # If layer does not contain cache arrays,
        # create them filled with zeros
        if not hasattr(layer, 'weight_cache'):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
            layer.bias_cache = np.zeros_like(layer.biases)

        # Update momentum  with current gradients
        layer.weight_momentums = self.beta_1 * \\
                                 layer.weight_momentums + \\
                                 (1 - self.beta_1) * layer.dweights
        layer.bias_momentums = self.beta_1 * \\
                               layer.bias_momentums + \\
                               (1 - self.beta_1) * layer.dbiases
        # Get corrected momentum
        # self.iteration is 0 at first pass
        # and we need to start with 1 here
        weight_momentums_corrected = layer.weight_momentums / \\
            (1 - self.beta_1 ** (self.iterations + 1))
        bias_momentums_corrected = layer.bias_momentums / \\
            (1 - self.beta_1 ** (self.iterations + 1))
        # Update cache with squared current gradients
        layer.weight_cache = self.beta_2 * layer.weight_cache + \\
            (1 - self.beta_2) * layer.dweights**2
        layer.bias_cache = self.beta_2 * layer.bias_cache + \\
            (1 - self.beta_2) * layer.dbiases**2
        # Get corrected cache
        weight_cache_corrected = layer.weight_cache / \\
            (1 - self.beta_2 ** (self.iterations + 1))
        bias_cache_corrected = layer.bias_cache / \\
            (1 - self.beta_2 ** (self.iterations + 1))

        # Vanilla SGD parameter update + normalization
        # with square rooted cache
        layer.weights += -self.current_learning_rate * \\
                         weight_momentums_corrected / \\
                         (np.sqrt(weight_cache_corrected) +
                             self.epsilon)
        layer.biases += -self.current_learning_rate * \\
                         bias_momentums_corrected / \\
                         (np.sqrt(bias_cache_corrected) +
                             self.epsilon)
{post_update}""",
}

OPTIMIZER_NAMES = {
    "sgd": "Optimizer_SGD",
    "adagrad": "Optimizer_Adagrad",
    "rmsprop": "Optimizer_RMSprop",
    "adam": "Optimizer_Adam",
}

# scratchnet's dataset functions check their arguments first; the script's values are known
# to be good, so these stand-ins only convert them the way the checks do.
DATASET_CHECK_STAND_INS = """
# scratchnet's datasets check their arguments first (a clear error for a bad value);
# the values in this script are known to be good, so here the check only converts them
# as scratchnet's does: noise to a Python float, dtype to a NumPy dtype.
def _check_classification_arguments(samples, classes, noise, rng, dtype):
    return float(noise), np.dtype(dtype)


def _check_two_classes(dataset_name, classes):
    pass
"""

TRAIN_TEST_SPLIT = """
# The app's train/test split: a share of each class (of all the points, for
# regression) is held back to test on, chosen at random; both sets keep the
# points in their original order.
def train_test_split(X, y, test_fraction, rng):
    if y.ndim == 1:
        groups = [np.flatnonzero(y == label) for label in np.unique(y)]
    else:
        groups = [np.arange(len(X))]
    train_parts = []
    test_parts = []
    for group in groups:
        test_count = round(test_fraction * len(group))
        shuffled = rng.permutation(group)
        test_parts.append(shuffled[:test_count])
        train_parts.append(shuffled[test_count:])
    train_indices = np.sort(np.concatenate(train_parts))
    test_indices = np.sort(np.concatenate(test_parts))
    return X[train_indices], y[train_indices], X[test_indices], y[test_indices]
"""


def standalone_script(config, data=None, log_every=LOG_EVERY):
    """The run `config` as a standalone Python script (text): the book's code, NumPy + nnfs.

    `data` = (X, y, X_test, y_test) embeds those arrays (the learner's own data, or a run
    loaded from a file) instead of the dataset call. The script trains all `config.epochs`
    epochs from the start and prints `progress_line` at every epoch of `logged_epochs`.
    """
    config.validate()
    if config.precision not in INIT_LINES:
        raise ValueError(f"no script for precision {config.precision!r}")
    if data is not None:
        data = checked_data(data, config)
    shape = ScriptShape(config, data)
    sections = [
        header(config, shape, data is not None, log_every),
        imports(config, data),
        "\n".join(INIT_LINES[config.precision]).format(seed=config.seed),
        classes_section(config, shape),
        data_section(config, data),
        model_section(config, shape),
        loop_section(config, shape, log_every),
    ]
    return "\n\n".join(section.strip("\n") for section in sections) + "\n"


def checked_data(data, config):
    """(X, y, X_test, y_test) in the run's float type; an empty test set becomes None."""
    X, y, X_test, y_test = data
    dtype = np.float64 if config.precision == "float64" else np.float32
    X = np.asarray(X, dtype=dtype)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (samples, features). Received: shape {X.shape}")
    y = as_targets(y, config, dtype)
    if X_test is None or len(X_test) == 0:
        return X, y, None, None
    return X, y, np.asarray(X_test, dtype=dtype), as_targets(y_test, config, dtype)


def as_targets(y, config, dtype):
    y = np.asarray(y)
    if config.is_regression:
        return y.reshape(-1, 1).astype(dtype)
    return y.astype(np.intp)


class ScriptShape:
    """What the script is made of: the layer sizes, the training set's size, the test set."""

    def __init__(self, config, data):
        if data is None:
            X, _, X_test, _, _ = make_data(config)
        else:
            X, _, X_test, _ = data
        self.n_inputs = X.shape[1]
        self.n_train = len(X)
        self.has_test = X_test is not None and len(X_test) > 0
        self.n_test = len(X_test) if self.has_test else 0
        self.splits_data = data is None and config.test_fraction > 0
        self.n_outputs = 1 if config.is_regression else config.n_classes
        self.sizes = [self.n_inputs, *config.hidden_layers, self.n_outputs]
        self.n_dense = len(self.sizes) - 1
        self.mini_batches = config.batch_size is not None and config.batch_size < self.n_train


def header(config, shape, own_data, log_every):
    if config.is_regression:
        problem = "regression: one input, one output, mean squared error"
    else:
        problem = f"{shape.n_outputs} classes: softmax output, cross-entropy loss"
    settings = {name: value for name, value in config.optimizer_settings().items()}
    optimizer = ", ".join(f"{name} {value!r}" for name, value in settings.items())
    penalties = [
        f"{label} {getattr(config, name)!r}"
        for label, name in [
            ("L1 weights", "weight_regularizer_l1"),
            ("L2 weights", "weight_regularizer_l2"),
            ("L1 biases", "bias_regularizer_l1"),
            ("L2 biases", "bias_regularizer_l2"),
        ]
        if getattr(config, name) > 0
    ]
    lines = [
        '"""A ScratchNet Playground run as a standalone script: the book\'s code, NumPy and nnfs.',
        "",
        "Neural Networks from Scratch in Python (https://nnfs.io), chapters 9-17, with the",
        "settings of this run:",
        "",
        f"  data:       {data_description(config, shape, own_data)}",
        f"  network:    {'-'.join(map(str, shape.sizes))}, {config.activation} hidden "
        f"activation; {problem}",
        f"  optimizer:  {config.optimizer}: {optimizer}",
        f"  penalties:  {', '.join(penalties) if penalties else 'none'}",
        f"  dropout:    {config.dropout!r}" if config.dropout > 0 else "  dropout:    none",
        f"  batches:    {config.batch_size} samples, shuffled every epoch"
        if shape.mini_batches
        else "  batches:    full batch (all the training data at once, as in the book)",
        f"  epochs:     {config.epochs:,}, seed {config.seed}",
        "",
        "Run it:  pip install numpy nnfs   then   python this_file.py",
        "",
        "It trains from epoch 0 with these settings and prints the book's progress line at",
        f"epoch 0, every {log_every} epochs and at the last epoch: the numbers the Playground",
        "shows.",
        "(If you changed the learning rate or the optimizer while the run was training, this",
        "script uses the last settings from the start, so its numbers differ from then on.)",
        "",
        *PRECISION_NOTES[config.precision].splitlines(),
        '"""',
    ]
    return "\n".join(lines)


def data_description(config, shape, own_data):
    if own_data:
        test = f", {shape.n_test} test points" if shape.has_test else ""
        return f"your data: {shape.n_train} training points{test}"
    if config.is_regression:
        points = f"sine, {config.samples} points, noise {float(config.noise or 0)!r}"
    else:
        noise = datasets.DEFAULT_NOISE[config.dataset] if config.noise is None else config.noise
        points = (
            f"{config.dataset}, {config.samples} points per class, {config.n_classes} classes, "
            f"noise {float(noise)!r}"
        )
    return points + f", test share {float(config.test_fraction)!r}"


def imports(config, data):
    lines = ["import numpy as np", "import nnfs"]
    if data is None and dataset_function(config) is not None:
        lines.append(f"from nnfs.datasets import {dataset_function(config)}")
    return "\n".join(lines)


def dataset_function(config):
    """The nnfs.datasets function that draws this config's data, or None if nnfs has none."""
    if config.is_regression:
        return "sine_data"
    if config.dataset in NNFS_DATASETS and (
        config.noise is None or config.noise == datasets.DEFAULT_NOISE[config.dataset]
    ):
        return NNFS_DATASETS[config.dataset]
    return None


def classes_section(config, shape):
    parts = [LAYER_DENSE]
    if config.dropout > 0:
        parts.append(LAYER_DROPOUT)
    parts.append(ACTIVATION_CLASSES[config.activation])
    if config.is_regression and config.activation != "linear":
        parts.append(ACTIVATION_CLASSES["linear"])
    parts.append(LOSS_BASE)
    parts.append(REGRESSION_LOSS if config.is_regression else CLASSIFICATION_LOSS)
    parts.append(
        OPTIMIZER_CLASSES[config.optimizer].format(
            decay_methods=DECAY_METHODS, post_update=POST_UPDATE
        )
    )
    if shape.splits_data:
        parts.append(TRAIN_TEST_SPLIT)
    return "\n".join(part.strip("\n") + "\n\n" for part in parts)


# --- the data ------------------------------------------------------------------------------


def data_section(config, data):
    if data is not None:
        return embedded_data(config, data)
    dtype = DTYPE_NAMES[config.precision]
    seed = config.seed
    function = dataset_function(config)
    if config.is_regression:
        lines = ["# Create dataset"]
        if config.noise:
            lines += [
                "# The app adds noise to the targets, drawn from a generator seeded as",
                "# nnfs.init seeds NumPy's; the weights then go on drawing from where the data",
                "# stopped, as in the app.",
                f"data_rng = np.random.RandomState({seed})",
                f"X, y = sine_data(samples={config.samples})",
                f"y = y + {float(config.noise)!r} * data_rng.randn({config.samples}, 1)",
                "np.random.set_state(data_rng.get_state())",
            ]
        else:
            lines.append(f"X, y = sine_data(samples={config.samples})")
        if config.precision != "float64":
            lines += [
                "# sine_data computes in float64; the app keeps its data in float32",
                f"X = X.astype({dtype})",
                f"y = y.astype({dtype})",
            ]
    elif function is not None:
        lines = [
            "# Create dataset",
            f"X, y = {function}(samples={config.samples}, classes={config.n_classes})",
        ]
    else:
        lines = embedded_dataset_function(config)
    if config.test_fraction > 0:
        lines += [
            "",
            f"# Hold back {config.test_fraction:.0%} of the data to test on, with the app's",
            "# own random generator for the split (seeded [seed, 1]): the weights below are",
            "# drawn as without a split.",
            "X, y, X_test, y_test = train_test_split(",
            f"    X, y, {float(config.test_fraction)!r}, np.random.RandomState([{seed}, 1]))",
        ]
    return "\n".join(lines)


def embedded_dataset_function(config):
    """A dataset nnfs lacks (or another noise than nnfs's): scratchnet's own function."""
    name = config.dataset
    noise = datasets.DEFAULT_NOISE[name] if config.noise is None else config.noise
    functions = [datasets.DATASETS[name]]
    if name in ("spiral", "vertical"):
        functions.insert(0, datasets._standard_normal)
    sources = "\n\n".join(inspect.getsource(function) for function in functions)
    return [
        DATASET_CHECK_STAND_INS.strip("\n"),
        "",
        "",
        f"# The {name} dataset, scratchnet's own function (scratchnet/datasets.py):",
        sources.rstrip("\n"),
        "",
        "",
        "# Create dataset. Its random numbers come from a generator seeded as nnfs.init",
        "# seeds NumPy's; the weights then go on drawing from where the data stopped, as in",
        "# the app.",
        f"data_rng = np.random.RandomState({config.seed})",
        f"X, y = {name}(samples={config.samples}, classes={config.n_classes}, rng=data_rng,",
        f"       noise={float(noise)!r}, dtype={DTYPE_NAMES[config.precision]})",
        "np.random.set_state(data_rng.get_state())",
    ]


def embedded_data(config, data):
    """The arrays themselves, every digit kept: the script trains on exactly these numbers."""
    X, y, X_test, y_test = data
    dtype = DTYPE_NAMES[config.precision]
    lines = [
        "# Your data, as the app trained on it (features standardised: mean 0, standard",
        f"# deviation 1). {len(X)} training points"
        + (f", {len(X_test)} test points." if X_test is not None else "."),
        *array_lines("X", X, dtype),
        *array_lines("y", y, dtype),
    ]
    if X_test is not None:
        lines += [*array_lines("X_test", X_test, dtype), *array_lines("y_test", y_test, dtype)]
    return "\n".join(lines)


def array_lines(name, array, dtype):
    """`name = np.array([...], dtype=...)`, wrapped at 100 characters, repr of every number.

    Floats get `dtype` (the run's float type); whole numbers (class labels) stay integers.
    """
    if array.dtype.kind == "f":
        cells = [repr(float(value)) for value in array.ravel()]
    else:
        cells = [str(int(value)) for value in array.ravel()]
        dtype = None
    if array.ndim == 2:
        width = array.shape[1]
        items = ["[" + ", ".join(cells[i : i + width]) + "]" for i in range(0, len(cells), width)]
    else:
        items = cells
    body = textwrap.wrap(", ".join(items), width=96, break_on_hyphens=False)
    dtype_argument = f", dtype={dtype}" if dtype else ""
    return [f"{name} = np.array([", *[f"    {line}" for line in body], f"]{dtype_argument})"]


# --- the model -----------------------------------------------------------------------------


def model_section(config, shape):
    lines = []
    penalties = {
        "weight_regularizer_l1": config.weight_regularizer_l1,
        "weight_regularizer_l2": config.weight_regularizer_l2,
        "bias_regularizer_l1": config.bias_regularizer_l1,
        "bias_regularizer_l2": config.bias_regularizer_l2,
    }
    penalty_arguments = "".join(
        f",\n                     {name}={float(value)!r}"
        for name, value in penalties.items()
        if value > 0
    )
    hidden_activation = ACTIVATION_NAMES[config.activation]
    for number in range(1, shape.n_dense + 1):
        n_inputs, n_neurons = shape.sizes[number - 1], shape.sizes[number]
        is_output = number == shape.n_dense
        if is_output:
            lines.append(f"# Output layer: {n_inputs} inputs, {n_neurons} outputs")
            lines.append(f"dense{number} = Layer_Dense({n_inputs}, {n_neurons})")
        else:
            lines.append(f"# Hidden layer {number}: {n_inputs} inputs, {n_neurons} neurons")
            lines.append(f"dense{number} = Layer_Dense({n_inputs}, {n_neurons}{penalty_arguments})")
            lines.append(f"activation{number} = {hidden_activation}()")
            if config.dropout > 0:
                lines.append(f"dropout{number} = Layer_Dropout({float(config.dropout)!r})")
        lines.append("")
    if config.is_regression:
        lines += [
            "# Linear output and mean squared error (chapter 17)",
            f"activation{shape.n_dense} = Activation_Linear()",
            "loss_function = Loss_MeanSquaredError()",
            "",
            "# A prediction counts as right when it is within std(y) / 250 of the target",
            "accuracy_precision = np.std(y) / 250",
        ]
    else:
        lines += [
            "# Create Softmax classifier's combined loss and activation",
            "loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()",
        ]
    settings = ", ".join(
        f"{name}={float(value)!r}" for name, value in config.optimizer_settings().items()
    )
    lines += [
        "",
        "# Create optimizer",
        f"optimizer = {OPTIMIZER_NAMES[config.optimizer]}({settings})",
    ]
    return "\n".join(lines)


# --- the training loop ---------------------------------------------------------------------


def forward_lines(config, shape, inputs, targets, training=True):
    """The forward pass through every layer, then the loss and the accuracy."""
    lines = [f"dense1.forward({inputs})"]
    for number in range(1, shape.n_dense):
        lines.append(f"activation{number}.forward(dense{number}.output)")
        previous = f"activation{number}"
        if config.dropout > 0 and training:
            lines.append(f"dropout{number}.forward(activation{number}.output)")
            previous = f"dropout{number}"
        lines.append(f"dense{number + 1}.forward({previous}.output)")
    last = shape.n_dense
    prefix = "" if training else "test_"
    if config.is_regression:
        lines += [
            f"activation{last}.forward(dense{last}.output)",
            f"{prefix}data_loss = loss_function.calculate(activation{last}.output, {targets})",
            f"{prefix}predictions = activation{last}.output",
            f"{prefix}accuracy = np.mean(np.absolute({prefix}predictions - {targets}) <",
            "                   accuracy_precision)",
        ]
    else:
        lines += [
            f"{prefix}data_loss = loss_activation.forward(dense{last}.output, {targets})",
            f"{prefix}predictions = np.argmax(loss_activation.output, axis=1)",
            f"{prefix}accuracy = np.mean({prefix}predictions == {targets})",
        ]
    return lines


def regularization_lines(config, shape):
    if not has_regularization(config):
        return []
    loss_object = "loss_function" if config.is_regression else "loss_activation.loss"
    terms = [f"{loss_object}.regularization_loss(dense{n})" for n in range(1, shape.n_dense + 1)]
    continued = [f"    {term} + \\" for term in terms[:-1]] + [f"    {terms[-1]}"]
    return ["regularization_loss = \\", *continued]


def backward_lines(config, shape, targets):
    last = shape.n_dense
    if config.is_regression:
        lines = [
            f"loss_function.backward(activation{last}.output, {targets})",
            f"activation{last}.backward(loss_function.dinputs)",
            f"dense{last}.backward(activation{last}.dinputs)",
        ]
    else:
        lines = [
            f"loss_activation.backward(loss_activation.output, {targets})",
            f"dense{last}.backward(loss_activation.dinputs)",
        ]
    for number in range(last - 1, 0, -1):
        after = f"dense{number + 1}"
        if config.dropout > 0:
            lines.append(f"dropout{number}.backward({after}.dinputs)")
            after = f"dropout{number}"
        lines.append(f"activation{number}.backward({after}.dinputs)")
        lines.append(f"dense{number}.backward(activation{number}.dinputs)")
    lines.append("")
    lines.append("# Update weights and biases")
    lines.append("optimizer.pre_update_params()")
    lines += [f"optimizer.update_params(dense{n})" for n in range(1, last + 1)]
    lines.append("optimizer.post_update_params()")
    return lines


def print_lines(config, shape):
    """The print statement: exactly `progress_line` (chapter 14's line with penalties)."""
    lines = [
        "print(f'epoch: {epoch}, ' +",
        "      f'acc: {accuracy:.3f}, ' +",
    ]
    if has_regularization(config):
        lines += [
            "      f'loss: {loss:.3f} (' +",
            "      f'data_loss: {data_loss:.3f}, ' +",
            "      f'reg_loss: {regularization_loss:.3f}), ' +",
        ]
    else:
        lines.append("      f'loss: {loss:.3f}, ' +")
    if shape.has_test:
        lines += [
            "      f'lr: {learning_rate}, ' +",
            "      f'test_acc: {test_accuracy:.3f}, ' +",
            "      f'test_loss: {test_data_loss:.3f}')",
        ]
    else:
        lines.append("      f'lr: {learning_rate}')")
    return lines


def indented(lines, level):
    return [("    " * level + line) if line else "" for line in lines]


def loop_section(config, shape, log_every):
    last_epoch = config.epochs - 1
    log_condition = f"not epoch % {log_every}"
    if last_epoch % log_every:
        log_condition += f" or epoch == {last_epoch}"
    total = "data_loss + regularization_loss" if has_regularization(config) else "data_loss"
    lines = ["# Train in loop", f"for epoch in range({config.epochs}):", ""]
    body = [
        "# The learning rate this epoch trains with (the number the book prints)",
        "learning_rate = optimizer.current_learning_rate",
        "",
    ]
    if shape.has_test:
        body += [
            "# At each printed epoch, first test the model on the held-out data: a forward",
            "# pass only (no dropout, no update), with the weights this epoch starts from",
            f"if {log_condition}:",
            *indented(forward_lines(config, shape, "X_test", "y_test", training=False), 1),
            "",
        ]
    if shape.mini_batches:
        body += [
            f"# Mini-batches of {config.batch_size}: the app visits the training data in a new",
            "# random order every epoch",
            "order = np.random.permutation(len(X))",
            "data_loss_sum = 0.",
            "accuracy_sum = 0.",
            f"for start in range(0, len(X), {config.batch_size}):",
            f"    batch = order[start:start + {config.batch_size}]",
            "    batch_X = X[batch]",
            "    batch_y = y[batch]",
            "",
            "    # Forward pass, loss and accuracy",
            *indented(forward_lines(config, shape, "batch_X", "batch_y"), 1),
            *indented(regularization_lines(config, shape), 1),
            "",
            "    # Backward pass",
            *indented(backward_lines(config, shape, "batch_y"), 1),
            "",
            "    data_loss_sum += data_loss * len(batch)",
            "    accuracy_sum += accuracy * len(batch)",
            "",
            "# The epoch's data loss and accuracy: means over all the training samples (the",
            "# regularization loss is the last batch's)",
            "data_loss = data_loss_sum / len(X)",
            "accuracy = accuracy_sum / len(X)",
            f"loss = {total}",
            "",
            f"if {log_condition}:",
            *indented(print_lines(config, shape), 1),
        ]
    else:
        body += [
            "# Forward pass through every layer, then the loss",
            *forward_lines(config, shape, "X", "y"),
            *regularization_lines(config, shape),
            "",
            "# Calculate overall loss",
            f"loss = {total}",
            "",
            f"if {log_condition}:",
            *indented(print_lines(config, shape), 1),
            "",
            "# Backward pass",
            *backward_lines(config, shape, "y"),
        ]
    lines += indented(body, 1)
    return "\n".join(lines)


def script_file_name(config, own_data=False):
    """A file name that says what the script trains: scratchnet_spiral_sgd.py."""
    data_name = "your_data" if own_data else config.dataset
    return f"scratchnet_{data_name}_{config.optimizer}.py"
