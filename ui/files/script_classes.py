"""The classes part of an exported script: the book's own classes, copied from book/.

Each class is the source of the class in the `book` package (its comment line and its code, by
`inspect`), so the script carries exactly the code tests/test_book_exact.py checks against
the engine. Only the classes the run uses are copied, in the book's order: layers,
activations, losses, optimizer.
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


def source_with_comments(code_object):
    """A class's or function's code as the file shows it, with the comment lines above it."""
    return (inspect.getcomments(code_object) or "") + inspect.getsource(code_object)


def classes_section(config, shape):
    """The book's classes this run needs, two blank lines apart, as a block of script text."""
    parts = [layers.Layer_Dense]
    if config.dropout > 0:
        parts.append(layers.Layer_Dropout)
    parts.append(HIDDEN_ACTIVATIONS[config.activation])
    if config.is_regression and config.activation != "linear":
        parts.append(activations.Activation_Linear)
    parts.append(losses.Loss)
    parts += REGRESSION_OUTPUT if config.is_regression else CLASSIFICATION_OUTPUT
    parts.append(OPTIMIZERS[config.optimizer])
    if shape.splits_data:
        parts.append(app_extras.train_test_split)
    return "\n\n".join(source_with_comments(part) for part in parts)


def dataset_check_stand_ins():
    """The stand-ins for scratchnet's dataset argument checks (see book/app_extras.py)."""
    functions = [app_extras._check_classification_arguments, app_extras._check_two_classes]
    return "\n\n".join(source_with_comments(function) for function in functions).rstrip("\n")
