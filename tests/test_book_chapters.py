"""Chapters 11 and 15 to 18 of the book, run as the book runs them, against the engine: bit for bit.

As in tests/test_book_exact.py (chapters 10 and 14), the book's code runs in a subprocess after
`nnfs.init(random_seed=S)`, on the book's own classes (the package book/, and for chapter 18
the chapter's own file, tests/book_chapter18.py), and saves every epoch's numbers; the engine
(precision "nnfs") then runs here, set up through RunConfig and through the CLI, and every
number, every printed line and the final weights must be equal: no tolerance.

    chapter 11  validation on new spiral data drawn after training (the ch10 Adam run)
    chapter 15  dropout (float64 mask), L2 on the hidden layer, Adam with decay, 3,000 points
    chapter 16  binary logistic regression: one sigmoid output, binary cross-entropy, uint8 labels
    chapter 17  regression on the sine: 1-64-64-1, weights 0.1·N(0, 1), float64 data
    chapter 18  the Model class: epochs from 1, each printed after its update

Shorter than the book's 10,001 epochs, to keep the test fast: each run still goes through every
operation hundreds of times, and the chapters' known differences showed by epoch 100.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scratchnet import RunConfig, build_trainer
from scratchnet.cli import main
from scratchnet.datasets import make_classification
from tests.test_book_exact import first_difference

pytest.importorskip("nnfs")

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
BOOK_ENVIRONMENT = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(
        filter(None, [str(REPOSITORY_ROOT), str(REPOSITORY_ROOT / "tests")])
    ),
}

# The book's loop of chapters 15 to 17 (their print, their validation), on book/'s classes.
# settings["chapter"] picks the model; everything else is the book's code.
BOOK_LOOP = r"""
import inspect
import json
import sys

import numpy as np
import nnfs
from nnfs.datasets import sine_data, spiral_data

settings = json.loads(sys.argv[1])
output_path = sys.argv[2]
nnfs.init(random_seed=settings["seed"])

from book import layers
from book.activations import Activation_Linear, Activation_ReLU, Activation_Sigmoid
from book.layers import Layer_Dropout
from book.losses import (Activation_Softmax_Loss_CategoricalCrossentropy,
                         Loss_BinaryCrossentropy, Loss_MeanSquaredError)
from book.optimizers import Optimizer_Adam

chapter = settings["chapter"]
if chapter == 17:
    # Chapter 17 changes one line of Layer_Dense: 0.01 becomes 0.1
    exec(inspect.getsource(layers.Layer_Dense).replace("0.01 *", "0.1 *"))
else:
    from book.layers import Layer_Dense

if chapter == 11:
    X, y = spiral_data(samples=settings["samples"], classes=3)
    dense1 = Layer_Dense(2, 64)
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(64, 3)
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)
    dense_layers = [dense1, dense2]
elif chapter == 15:
    X, y = spiral_data(samples=settings["samples"], classes=3)
    dense1 = Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
    activation1 = Activation_ReLU()
    dropout1 = Layer_Dropout(0.1)
    dense2 = Layer_Dense(64, 3)
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5)
    dense_layers = [dense1, dense2]
elif chapter == 16:
    X, y = spiral_data(samples=settings["samples"], classes=2)
    y = y.reshape(-1, 1)
    dense1 = Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(64, 1)
    activation2 = Activation_Sigmoid()
    loss_function = Loss_BinaryCrossentropy()
    optimizer = Optimizer_Adam(decay=5e-7)
    dense_layers = [dense1, dense2]
else:
    X, y = sine_data()
    dense1 = Layer_Dense(1, 64)
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(64, 64)
    activation2 = Activation_ReLU()
    dense3 = Layer_Dense(64, 1)
    activation3 = Activation_Linear()
    loss_function = Loss_MeanSquaredError()
    optimizer = Optimizer_Adam(learning_rate=0.005, decay=1e-3)
    dense_layers = [dense1, dense2, dense3]
    accuracy_precision = np.std(y) / 250

record = {"X": X.copy(), "y": y.copy()}
history = {"data_loss": [], "regularization_loss": [], "accuracy": [], "learning_rate": []}
for epoch in range(settings["epochs"]):
    if chapter in (11, 15):
        dense1.forward(X)
        activation1.forward(dense1.output)
        if chapter == 15:
            dropout1.forward(activation1.output)
            dense2.forward(dropout1.output)
        else:
            dense2.forward(activation1.output)
        data_loss = loss_activation.forward(dense2.output, y)
        regularization_loss = \
            loss_activation.loss.regularization_loss(dense1) + \
            loss_activation.loss.regularization_loss(dense2)
        predictions = np.argmax(loss_activation.output, axis=1)
        accuracy = np.mean(predictions == y)
    elif chapter == 16:
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        data_loss = loss_function.calculate(activation2.output, y)
        regularization_loss = \
            loss_function.regularization_loss(dense1) + \
            loss_function.regularization_loss(dense2)
        predictions = (activation2.output > 0.5) * 1
        accuracy = np.mean(predictions == y)
    else:
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        dense3.forward(activation2.output)
        activation3.forward(dense3.output)
        data_loss = loss_function.calculate(activation3.output, y)
        regularization_loss = \
            loss_function.regularization_loss(dense1) + \
            loss_function.regularization_loss(dense2) + \
            loss_function.regularization_loss(dense3)
        predictions = activation3.output
        accuracy = np.mean(np.absolute(predictions - y) < accuracy_precision)
    loss = data_loss + regularization_loss

    if not epoch % 100 and chapter == 11:
        # Chapter 10's line
        print(f'epoch: {epoch}, ' +
              f'acc: {accuracy:.3f}, ' +
              f'loss: {loss:.3f}, ' +
              f'lr: {optimizer.current_learning_rate}')
    elif not epoch % 100:
        print(f'epoch: {epoch}, ' +
              f'acc: {accuracy:.3f}, ' +
              f'loss: {loss:.3f} (' +
              f'data_loss: {data_loss:.3f}, ' +
              f'reg_loss: {regularization_loss:.3f}), ' +
              f'lr: {optimizer.current_learning_rate}')
    history["data_loss"].append(data_loss)
    history["regularization_loss"].append(regularization_loss)
    history["accuracy"].append(accuracy)
    history["learning_rate"].append(optimizer.current_learning_rate)

    if chapter in (11, 15):
        loss_activation.backward(loss_activation.output, y)
        dense2.backward(loss_activation.dinputs)
        if chapter == 15:
            dropout1.backward(dense2.dinputs)
            activation1.backward(dropout1.dinputs)
        else:
            activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
    elif chapter == 16:
        loss_function.backward(activation2.output, y)
        activation2.backward(loss_function.dinputs)
        dense2.backward(activation2.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
    else:
        loss_function.backward(activation3.output, y)
        activation3.backward(loss_function.dinputs)
        dense3.backward(activation3.dinputs)
        activation2.backward(dense3.dinputs)
        dense2.backward(activation2.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
    optimizer.pre_update_params()
    for layer in dense_layers:
        optimizer.update_params(layer)
    optimizer.post_update_params()

# Validate the model (chapters 11 to 16: new data, drawn after training)
if chapter in (11, 15, 16):
    X_test, y_test = spiral_data(samples=100, classes=2 if chapter == 16 else 3)
    dense1.forward(X_test)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    if chapter in (11, 15):
        loss = loss_activation.forward(dense2.output, y_test)
        predictions = np.argmax(loss_activation.output, axis=1)
        accuracy = np.mean(predictions == y_test)
    else:
        y_test = y_test.reshape(-1, 1)
        activation2.forward(dense2.output)
        loss = loss_function.calculate(activation2.output, y_test)
        predictions = (activation2.output > 0.5) * 1
        accuracy = np.mean(predictions == y_test)
    print(f'validation, acc: {accuracy:.3f}, loss: {loss:.3f}')

for name, values in history.items():
    record[name] = np.array(values)
for index, layer in enumerate(dense_layers):
    record[f"weights_{index}"] = layer.weights
    record[f"biases_{index}"] = layer.biases
np.savez(output_path, **record)
"""

# Chapter 18: the Model class, from the chapter's own file, on the chapter-15 model.
BOOK_MODEL = r"""
import json
import sys

import numpy as np
import nnfs
from nnfs.datasets import spiral_data

settings = json.loads(sys.argv[1])
output_path = sys.argv[2]
nnfs.init(random_seed=settings["seed"])

from book_chapter18 import *

# Create dataset (the app draws its data first, then the weights: see the module docstring)
X, y = spiral_data(samples=settings["samples"], classes=3)

model = Model()
model.add(Layer_Dense(2, settings["neurons"], weight_regularizer_l2=5e-4,
                                              bias_regularizer_l2=5e-4))
model.add(Activation_ReLU())
model.add(Layer_Dropout(0.1))
model.add(Layer_Dense(settings["neurons"], 3))
model.add(Activation_Softmax())
model.set(
    loss=Loss_CategoricalCrossentropy(),
    optimizer=Optimizer_Adam(learning_rate=0.05, decay=5e-5),
    accuracy=Accuracy_Categorical()
)
model.finalize()
model.train(X, y, epochs=settings["epochs"], print_every=100)

# Validation data drawn after training, as chapters 11-16 do
X_test, y_test = spiral_data(samples=100, classes=3)
output = model.forward(X_test, training=False)
loss = model.loss.calculate(output, y_test)
predictions = model.output_layer_activation.predictions(output)
accuracy = model.accuracy.calculate(predictions, y_test)
print(f'validation, acc: {accuracy:.3f}, loss: {loss:.3f}')
record = {}
for index, layer in enumerate(model.trainable_layers):
    record[f"weights_{index}"] = layer.weights
    record[f"biases_{index}"] = layer.biases
np.savez(output_path, **record)
"""

# name -> (the book's script, its settings, the same run as CLI options)
CHAPTERS = {
    "ch11_validation": (
        BOOK_LOOP,
        dict(chapter=11, samples=100, epochs=1001, seed=0),
        "--optimizer adam --learning-rate 0.05 --decay 5e-7 --epochs 1001",
    ),
    "ch15_dropout": (
        BOOK_LOOP,
        dict(chapter=15, samples=1000, epochs=101, seed=0),
        "--samples 1000 --l2 5e-4 --bias-l2 5e-4 --dropout 0.1 --optimizer adam "
        "--learning-rate 0.05 --decay 5e-5 --epochs 101",
    ),
    "ch16_binary": (
        BOOK_LOOP,
        dict(chapter=16, samples=100, epochs=1001, seed=0),
        "--samples 100 --classes 2 --output sigmoid --l2 5e-4 --bias-l2 5e-4 --optimizer adam "
        "--learning-rate 0.001 --decay 5e-7 --epochs 1001",
    ),
    "ch16_binary_seed_3": (
        BOOK_LOOP,
        dict(chapter=16, samples=100, epochs=501, seed=3),
        "--samples 100 --classes 2 --output sigmoid --l2 5e-4 --bias-l2 5e-4 --optimizer adam "
        "--learning-rate 0.001 --decay 5e-7 --epochs 501 --seed 3",
    ),
    "ch17_regression": (
        BOOK_LOOP,
        dict(chapter=17, samples=1000, epochs=1001, seed=0),
        "--dataset sine --samples 1000 --hidden 64,64 --optimizer adam --learning-rate 0.005 "
        "--decay 1e-3 --epochs 1001",
    ),
    "ch18_model": (
        BOOK_MODEL,
        dict(samples=1000, neurons=64, epochs=200, seed=0),
        "--samples 1000 --l2 5e-4 --bias-l2 5e-4 --dropout 0.1 --optimizer adam "
        "--learning-rate 0.05 --decay 5e-5 --epochs 200 --print-format book18",
    ),
}


@pytest.fixture(scope="module")
def book_runs(tmp_path_factory):
    """Start every chapter's script at once; `book_run(name)` waits for one and returns
    (its saved arrays, its printed lines)."""
    folder = tmp_path_factory.mktemp("chapters")
    processes = {}
    for name, (script, settings, _) in CHAPTERS.items():
        output_path = folder / f"{name}.npz"
        command = [sys.executable, "-c", script, json.dumps(settings), str(output_path)]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=BOOK_ENVIRONMENT
        )
        processes[name] = (process, output_path)

    def book_run(name):
        process, output_path = processes[name]
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
        return np.load(output_path), stdout.splitlines()

    yield book_run
    for process, _ in processes.values():
        if process.poll() is None:
            process.kill()
            process.wait()


def cli_lines(capsys, options):
    """The CLI's printed lines for `options`, in the book's words."""
    print_format = [] if "--print-format" in options else ["--print-format", "book"]
    status = main(["train", *options.split(), *print_format])
    assert status == 0
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith("epoch:")]


def config_of(options):
    """The RunConfig the CLI options describe (precision "nnfs", the CLI's)."""
    from scratchnet.cli import build_parser, config_from_arguments

    arguments = build_parser().parse_args(["train", *options.split()])
    return config_from_arguments(arguments)


@pytest.mark.parametrize("name", [name for name in CHAPTERS if name != "ch18_model"])
def test_runconfig_equals_the_books_chapter_bit_for_bit(book_runs, name):
    config = config_of(CHAPTERS[name][2])
    trainer = build_trainer(config)
    result = trainer.step(config.epochs)

    book, book_lines = book_runs(name)
    assert trainer.X.dtype == book["X"].dtype
    assert np.array_equal(trainer.X, book["X"])
    assert np.array_equal(trainer.y.reshape(book["y"].shape), book["y"])
    assert not result.diverged
    for column in ["data_loss", "regularization_loss", "accuracy", "learning_rate"]:
        ours, theirs = getattr(result, column), book[column]
        assert np.array_equal(ours, theirs), f"{column}: {first_difference(ours, theirs)}"
    parameters = trainer.network.parameters()
    for index, layer in enumerate(trainer.network.dense_layers):
        assert np.array_equal(layer.weights, book[f"weights_{index}"]), f"weights {index}"
        assert np.array_equal(layer.biases, book[f"biases_{index}"]), f"biases {index}"
    assert len(parameters) == 2 * len(trainer.network.dense_layers)
    # Chapters 11-16: the validation line, on data the book draws after training.
    validation = [line for line in book_lines if line.startswith("validation")]
    if validation:
        X_test, y_test = make_classification(
            "spiral", 100, config.n_classes, 0.2, trainer.rng, dtype=np.float32
        )
        loss, accuracy = trainer.evaluate(X_test, y_test)
        assert validation == [f"validation, acc: {accuracy:.3f}, loss: {loss:.3f}"]


@pytest.mark.parametrize("name", list(CHAPTERS))
def test_the_cli_prints_the_books_lines(book_runs, capsys, name):
    _, book_lines = book_runs(name)
    printed = cli_lines(capsys, CHAPTERS[name][2])
    assert printed == [line for line in book_lines if line.startswith("epoch:")]


def test_chapter_18s_model_ends_with_the_books_weights_and_validation(book_runs, capsys):
    book, book_lines = book_runs("ch18_model")
    config = config_of(CHAPTERS["ch18_model"][2])
    trainer = build_trainer(config)
    trainer.step(config.epochs)
    for index, layer in enumerate(trainer.network.dense_layers):
        assert np.array_equal(layer.weights, book[f"weights_{index}"]), f"weights {index}"
        assert np.array_equal(layer.biases, book[f"biases_{index}"]), f"biases {index}"
    X_test, y_test = make_classification("spiral", 100, 3, 0.2, trainer.rng, dtype=np.float32)
    loss, accuracy = trainer.evaluate(X_test, y_test)
    assert book_lines[-1] == f"validation, acc: {accuracy:.3f}, loss: {loss:.3f}"
    # 1-based epochs, printed after the update: 100 and 200, not 0.
    assert [line.split(",")[0] for line in book_lines[:-1]] == ["epoch: 100", "epoch: 200"]


def test_chapter_16_needs_two_classes_and_keeps_the_loss_float32():
    """Integer labels must not make the loss float64 (the book's labels are uint8)."""
    with pytest.raises(ValueError, match="output sigmoid classifies two classes"):
        RunConfig(output="sigmoid", classes=3).validate()
    trainer = build_trainer(RunConfig(output="sigmoid", classes=2, precision="nnfs"))
    output = trainer.network.forward(trainer.X, training=True)
    assert trainer.loss.forward(output, trainer.y).dtype == np.float32
    assert trainer.loss.backward(output, trainer.y).dtype == np.float32
