"""The model and the training loop of an exported script: the book's chapter-10 loop, with
mini-batches, dropout, penalties and a test set when the run has them, and the book's print
line (`progress_line` is that line, for the tests and the app to compare with).
"""

from .script_classes import HIDDEN_ACTIVATIONS, OPTIMIZERS, dropout_layers


def uses_loss_function(config):
    """Regression and the sigmoid output run the loss apart from the output activation."""
    return config.is_regression or config.output == "sigmoid"


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
    hidden_activation = HIDDEN_ACTIVATIONS[config.activation].__name__
    dropout_class = dropout_layers(config)[-1].__name__
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
                lines.append(f"dropout{number} = {dropout_class}({float(config.dropout)!r})")
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
    elif config.output == "sigmoid":
        lines += [
            "# One sigmoid output, the probability of class 1, and binary cross-entropy",
            "# (chapter 16)",
            f"activation{shape.n_dense} = Activation_Sigmoid()",
            "loss_function = Loss_BinaryCrossentropy()",
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
        f"optimizer = {OPTIMIZERS[config.optimizer].__name__}({settings})",
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
    elif config.output == "sigmoid":
        lines += [
            f"activation{last}.forward(dense{last}.output)",
            f"{prefix}data_loss = loss_function.calculate(activation{last}.output, {targets})",
            f"{prefix}predictions = (activation{last}.output > 0.5) * 1",
            f"{prefix}accuracy = np.mean({prefix}predictions == {targets})",
        ]
    else:
        lines += [
            f"{prefix}data_loss = loss_activation.forward(dense{last}.output, {targets})",
            f"{prefix}predictions = np.argmax(loss_activation.output, axis=1)",
            f"{prefix}accuracy = np.mean({prefix}predictions == {targets})",
        ]
    return lines


def regularization_lines(config, shape):
    if not config.has_regularization:
        return []
    loss_object = "loss_function" if uses_loss_function(config) else "loss_activation.loss"
    terms = [f"{loss_object}.regularization_loss(dense{n})" for n in range(1, shape.n_dense + 1)]
    continued = [f"    {term} + \\" for term in terms[:-1]] + [f"    {terms[-1]}"]
    return ["regularization_loss = \\", *continued]


def backward_lines(config, shape, targets):
    last = shape.n_dense
    if uses_loss_function(config):
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
    if config.has_regularization:
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


def test_then_print_lines(config, shape, log_condition):
    """At each printed epoch, after its update: test the model (when there is a test set),
    then print the epoch's line. The app measures its test numbers after a call's last update
    too, and files them under that epoch (ui/files/history_csv.py): same epoch, same numbers."""
    lines = [f"if {log_condition}:"]
    if shape.has_test:
        lines += [
            "    # Test the model on the held-out data: a forward pass only (no dropout, no",
            "    # update), with the weights this epoch's update left",
            *indented(forward_lines(config, shape, "X_test", "y_test", training=False), 1),
        ]
    return lines + indented(print_lines(config, shape), 1)


def loop_section(config, shape, log_every):
    last_epoch = config.epochs - 1
    log_condition = f"not epoch % {log_every}"
    if last_epoch % log_every:
        log_condition += f" or epoch == {last_epoch}"
    total = "data_loss + regularization_loss" if config.has_regularization else "data_loss"
    lines = ["# Train in loop", f"for epoch in range({config.epochs}):", ""]
    body = [
        "# The learning rate this epoch trains with (the number the book prints)",
        "learning_rate = optimizer.current_learning_rate",
        "",
    ]
    report = test_then_print_lines(config, shape, log_condition)
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
            *report,
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
            "# Backward pass",
            *backward_lines(config, shape, "y"),
            "",
            *report,
        ]
    lines += indented(body, 1)
    return "\n".join(lines)
