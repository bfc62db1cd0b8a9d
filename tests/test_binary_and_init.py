"""The sigmoid output (binary classification) and the weight initializations, from every door:
RunConfig, the CLI, the page address and a saved file."""

import io
from dataclasses import replace

import numpy as np
import pytest

from scratchnet import RunConfig, build_trainer
from scratchnet.cli import main
from scratchnet.saving import load_run, save_run
from ui.settings.url_state import decode_query, encode_query, starting_config

BINARY = RunConfig(dataset="moons", output="sigmoid", epochs=50, seed=2)


def test_a_sigmoid_run_has_one_output_and_two_class_probabilities():
    trainer = build_trainer(BINARY)
    assert trainer.network.n_outputs == 1
    result = trainer.step(50)
    assert result.accuracy[-1] > 0.75
    probabilities = trainer.network.predict_proba(trainer.X)
    assert probabilities.shape == (len(trainer.X), 2)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, atol=1e-6)
    predictions = trainer.network.predictions(probabilities)
    assert predictions.shape == trainer.y.shape
    # The class of the larger probability, the one the trainer counts as right.
    assert np.array_equal(predictions, probabilities.argmax(axis=1))
    accuracy = np.mean(predictions == trainer.y)
    assert accuracy == trainer.evaluate(trainer.X, trainer.y)[1]


@pytest.mark.parametrize(
    ("weight_init", "n_inputs", "n_neurons", "expected_std"),
    [
        ("0.01", 2, 400, 0.01),
        ("0.1", 2, 400, 0.1),
        ("glorot", 100, 300, (2 / 400) ** 0.5),
        ("he", 200, 300, (2 / 200) ** 0.5),
    ],
)
def test_each_weight_initialization_has_its_spread(weight_init, n_inputs, n_neurons, expected_std):
    from scratchnet.layers import Dense

    layer = Dense(n_inputs, n_neurons, np.random.RandomState(0), weight_init=weight_init)
    assert layer.weights.std() == pytest.approx(expected_std, rel=0.05)
    assert not layer.biases.any()


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (RunConfig(), "0.01"),
        (RunConfig(dataset="sine"), "0.1"),  # the book's chapter 17
        (RunConfig(dataset="sine", weight_init="he"), "he"),
        (RunConfig(weight_init="0.1"), "0.1"),
    ],
)
def test_the_books_initialization_depends_on_the_task(config, expected):
    assert config.initial_weights == expected
    trainer = build_trainer(config)
    assert {layer.weight_init for layer in trainer.network.dense_layers} == {expected}


def test_the_sine_keeps_float64_under_nnfs_as_the_books_sine_data():
    nnfs = build_trainer(RunConfig(dataset="sine", precision="nnfs"))
    assert nnfs.X.dtype == nnfs.y.dtype == np.float64
    fast = build_trainer(RunConfig(dataset="sine"))
    assert fast.X.dtype == fast.y.dtype == np.float32


def test_the_cli_trains_a_sigmoid_output(capsys):
    status = main(["train", "--classes", "2", "--output", "sigmoid", "--epochs", "101"])
    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("Epoch: 0, Accuracy: 0.500, Loss: 0.693")


def test_the_cli_refuses_a_sigmoid_output_for_three_classes(capsys):
    assert main(["train", "--output", "sigmoid", "--epochs", "2"]) == 2
    assert "output sigmoid classifies two classes" in capsys.readouterr().err


def test_book18_prints_epochs_from_one_after_the_update(capsys):
    arguments = ["train", "--optimizer", "adam", "--learning-rate", "0.05", "--decay", "0.01"]
    assert main([*arguments, "--epochs", "200", "--print-format", "book18"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",")[0] for line in lines[:2]] == ["epoch: 100", "epoch: 200"]
    # The learning rate of epoch 100's update: 0.05 / (1 + 0.01 · 99).
    assert lines[0].endswith(f"lr: {0.05 * (1.0 / (1.0 + 0.01 * 99))}")
    assert "(data_loss: " in lines[0]
    assert main([*arguments, "--epochs", "200", "--print-format", "book"]) == 0
    notebook = capsys.readouterr().out.splitlines()
    # The same numbers: the book's epoch 100 (counted from 1) is the loop's epoch 99.
    assert notebook[0].startswith("epoch: 0, acc: ")


@pytest.mark.parametrize(
    ("config", "query"),
    [
        (replace(starting_config("moons"), output="sigmoid"), {"output": "sigmoid"}),
        (replace(starting_config(), weight_init="glorot"), {"init": "glorot"}),
        (replace(starting_config(), weight_init="0.1"), {"init": "0.1"}),
    ],
)
def test_a_link_carries_the_output_and_the_initialization(config, query):
    encoded = encode_query(config)
    for name, text in query.items():
        assert encoded[name] == text
    link = decode_query(encoded)
    assert link.problems == []
    assert link.config.output == config.output
    assert link.config.weight_init == config.weight_init


def test_a_link_with_a_sigmoid_output_for_three_classes_falls_back_to_softmax():
    link = decode_query({"output": "sigmoid", "classes": "3"})
    assert link.config.output == "softmax"
    assert any("output=`sigmoid` was ignored" in problem for problem in link.problems)


def test_a_saved_sigmoid_run_with_float64_optimizer_memory_resumes_exactly():
    """Dropout under nnfs makes Adam's memory of the first biases float64, as the book's."""
    config = RunConfig(
        classes=2,
        output="sigmoid",
        dropout=0.1,
        optimizer="adam",
        learning_rate=0.02,
        weight_init="he",
        precision="nnfs",
        epochs=40,
    )
    trainer = build_trainer(config)
    trainer.step(20)
    assert trainer.optimizer.slots["momentums"][1].dtype == np.float64
    file = io.BytesIO()
    save_run(file, trainer, config)
    file.seek(0)
    loaded, loaded_config = load_run(file)
    assert loaded_config == config
    assert loaded.optimizer.slots["momentums"][1].dtype == np.float64
    ours, theirs = trainer.step(20), loaded.step(20)
    assert np.array_equal(ours.loss, theirs.loss)
    for mine, other in zip(trainer.network.parameters(), loaded.network.parameters()):
        assert np.array_equal(mine, other)


def test_the_playground_offers_the_sigmoid_output_for_two_classes_only():
    from streamlit.testing.v1 import AppTest

    from tests.test_share_app import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["dataset"] = "moons"
    at.query_params["output"] = "sigmoid"
    at.query_params["init"] = "glorot"
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["run"].config.output == "sigmoid"
    assert at.session_state["run"].trainer.network.n_outputs == 1
    assert at.selectbox(key="pg_weight_init").value == "glorot"
    assert any(caption.value.startswith("Glorot/Xavier: ") for caption in at.sidebar.caption)
    # Three classes: no output menu, and the run is a softmax one.
    at.selectbox(key="pg_dataset").set_value("spiral").run()
    assert at.selectbox(key="pg_output").value == "sigmoid"  # spiral with 2 classes: kept
    at.slider(key="pg_classes").set_value(3).run()
    assert not at.exception, at.exception
    assert "Output" not in {widget.label for widget in at.sidebar.selectbox}
    assert at.session_state["run"].config.output == "softmax"


@pytest.mark.parametrize("page", ["network", "learn", "files", "compare"])
def test_every_page_shows_a_sigmoid_run(page):
    from streamlit.testing.v1 import AppTest

    from tests.test_share_app import APP

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["dataset"] = "moons"
    at.query_params["output"] = "sigmoid"
    at.run()
    at.session_state["run"].trainer.step(30)
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    assert not at.error, [error.value for error in at.error]
