"""The classes part of an exported script: the book's own classes, copied from book/.

Each class is the source of the class in the `book` package (its comment line and its code, by
`inspect`), so the script carries exactly the code tests/test_book_exact.py checks against
the engine. Only the classes the run uses are copied, in the book's order: layers,
activations, losses, optimizer. Layer_Dense's one line of initialization takes the run's
scale, as chapter 17 changes the book's 0.01 to 0.1.
"""

import inspect

from book import activations, app_extras, layers, losses, optimizers

HIDDEN_ACTIVATIONS = {
    "relu": activations.Activation_ReLU,
    "leaky_relu": activations.Activation_LeakyReLU,
    "tanh": activations.Activation_Tanh,
    "sigmoid": activations.Activation_Sigmoid,
    "linear": activations.Activation_Linear,
}

OPTIMIZERS = {
    "sgd": optimizers.Optimizer_SGD,
    "adagrad": optimizers.Optimizer_Adagrad,
    "rmsprop": optimizers.Optimizer_RMSprop,
    "adam": optimizers.Optimizer_Adam,
}

CLASSIFICATION_OUTPUT = [
    activations.Activation_Softmax,
    losses.Loss_CategoricalCrossentropy,
    losses.Activation_Softmax_Loss_CategoricalCrossentropy,
]

REGRESSION_OUTPUT = [losses.Loss_MeanSquaredError]

# What multiplies N(0, 1) in Layer_Dense, per weight initialization (scratchnet/layers.py
# WEIGHT_INITIALIZATIONS computes the same numbers): the book's line is `0.01 * np.random...`.
WEIGHT_SCALES = {
    "0.01": "0.01 *",
    "0.1": "0.1 *",
    "glorot": "(2 / (n_inputs + n_neurons)) ** 0.5 *",
    "he": "(2 / n_inputs) ** 0.5 *",
}


def dense_layer_source(weight_init):
    """Layer_Dense, with the book's 0.01 replaced by the run's scale (chapter 17 makes it 0.1)."""
    source = source_with_comments(layers.Layer_Dense)
    if weight_init == "0.01":
        return source
    comment = "        # (This run's initialization, instead of the book's 0.01)\n"
    line = "        self.weights = 0.01 * np.random.randn"
    return source.replace(line, comment + line.replace("0.01 *", WEIGHT_SCALES[weight_init]))


def dropout_layers(config):
    """The book's Layer_Dropout, and the app's float32 version of it for float32 runs."""
    if config.precision == "float32":
        return [layers.Layer_Dropout, app_extras.Layer_Dropout_Float32]
    return [layers.Layer_Dropout]


def source_with_comments(code_object):
    """A class's or function's code as the file shows it, with the comment lines above it."""
    return (inspect.getcomments(code_object) or "") + inspect.getsource(code_object)


def classes_section(config, shape):
    """The book's classes this run needs, two blank lines apart, as a block of script text."""
    parts = []
    if config.dropout > 0:
        parts += dropout_layers(config)
    parts.append(HIDDEN_ACTIVATIONS[config.activation])
    if config.is_regression and config.activation != "linear":
        parts.append(activations.Activation_Linear)
    binary = not config.is_regression and config.output == "sigmoid"
    if binary and config.activation != "sigmoid":
        parts.append(activations.Activation_Sigmoid)
    parts.append(losses.Loss)
    if config.is_regression:
        parts += REGRESSION_OUTPUT
    elif binary:
        parts.append(losses.Loss_BinaryCrossentropy)
    else:
        parts += CLASSIFICATION_OUTPUT
    parts.append(OPTIMIZERS[config.optimizer])
    if shape.splits_data:
        parts.append(app_extras.train_test_split)
    sources = [dense_layer_source(config.initial_weights)]
    sources += [source_with_comments(part) for part in parts]
    return "\n\n".join(sources)


def dataset_check_stand_ins():
    """The stand-ins for scratchnet's dataset argument checks (see book/app_extras.py)."""
    functions = [app_extras._check_classification_arguments, app_extras._check_two_classes]
    return "\n\n".join(source_with_comments(function) for function in functions).rstrip("\n")
