"""Ready-made runs for a class, each with one line saying what to notice.

A preset is a complete RunConfig plus a title and a "what to notice" line. The Playground
offers them at the top of its sidebar, and a link can start from one: `?preset=overfit`.
Every claim a notice makes was measured with the engine, and tests/test_presets.py checks it
again (same seed, same numbers), so a notice cannot quietly stop being true.

When the book's plain-SGD run has finished (the Playground's first run: it ends near 63%),
`next_step_offer` names the book's next step, a preset, for the page to offer in one click.

No Streamlit here: plain data.
"""

from dataclasses import dataclass, replace
from types import MappingProxyType

from scratchnet import RunConfig
from scratchnet.datasets import DEFAULT_NOISE


@dataclass(frozen=True)
class Preset:
    name: str  # in the address: ?preset=overfit
    title: str  # in the sidebar
    notice: str  # one line: what to watch for
    settings: MappingProxyType  # RunConfig settings; the others keep their defaults

    @property
    def config(self):
        """A new RunConfig for this preset (a fresh object each time, nothing shared)."""
        return RunConfig(**self.settings).validate()


def settings(**values):
    """Read-only settings: presets are shared by every user of the server, so none may change."""
    return MappingProxyType(values)


PRESET_LIST = (
    Preset(
        name="book",
        title="Book: SGD, learning rate 1",
        notice=(
            "The book's spiral run, number for number (book-exact numbers are on). Plain SGD is"
            " slow here: after 2,000 epochs the loss has barely left 1.10 and accuracy is near "
            "42%. Try switching the optimizer to Adam mid-run."
        ),
        settings=settings(
            dataset="spiral", samples=100, classes=3, noise=0.2, hidden_layers=(64,),
            activation="relu", optimizer="sgd", learning_rate=1.0, epochs=10001,
            precision="nnfs",
        ),
    ),
    Preset(
        name="book_momentum",
        title="Book: SGD with momentum",
        notice=(
            "The book's chapter 10: momentum 0.9 and decay 1e-3, from the same data and first "
            "weights as plain SGD. By epoch 2,000 accuracy is about 90% (plain SGD: about 42%)."
            " Watch the learning rate shrink as the decay works."
        ),
        settings=settings(
            dataset="spiral", samples=100, classes=3, noise=0.2, hidden_layers=(64,),
            activation="relu", optimizer="sgd", learning_rate=1.0, decay=1e-3, momentum=0.9,
            epochs=10001, precision="nnfs",
        ),
    ),
    Preset(
        name="book_adam",
        title="Book: Adam (SGD vs Adam)",
        notice=(
            "The book's chapter 10 with Adam, from the same data and first weights as the SGD "
            "runs. Adam gives every weight a step size of its own: about 90% accuracy by epoch "
            "500, where plain SGD is still near 40%."
        ),
        settings=settings(
            dataset="spiral", samples=100, classes=3, noise=0.2, hidden_layers=(64,),
            activation="relu", optimizer="adam", learning_rate=0.05, decay=5e-7, epochs=10001,
            precision="nnfs",
        ),
    ),
    Preset(
        name="lr_too_high",
        title="Learning rate too high",
        notice=(
            "Steps 100 times the book's: within a few epochs the loss jumps from 1.10 to about "
            "10 and accuracy falls to 33%, a guess. One huge step left every ReLU neuron "
            "outputting 0 (\"dead\"), so lowering the rate now does not help: lower it, then "
            "press Reset."
        ),
        settings=settings(
            dataset="spiral", samples=100, classes=3, noise=0.2, hidden_layers=(64,),
            activation="relu", optimizer="sgd", learning_rate=100.0, epochs=1000,
        ),
    ),
    Preset(
        name="lr_overflow",
        title="Learning rate too high: NaN",
        notice=(
            "Learning rate 1000 with L2 0.01: each step also multiplies every weight by 1 − 2 ·"
            " λ · learning rate = 1 − 2 · 0.01 · 1000 = −19: the weights flip sign and grow 19×"
            " an epoch until the numbers overflow (NaN) within about 15 epochs. The page stops "
            "and puts the network back as it was."
        ),
        settings=settings(
            dataset="spiral", samples=100, classes=3, noise=0.2, hidden_layers=(64,),
            activation="relu", optimizer="sgd", learning_rate=1000.0,
            weight_regularizer_l2=0.01, epochs=1000,
        ),
    ),
    Preset(
        name="too_few_neurons",
        title="Too few neurons (underfits)",
        notice=(
            "Three neurons can bend the boundary in only a few places: the loss stalls above "
            "1.0 and accuracy stays under 50% however long you train. Set the neurons to 64 "
            "(the run starts over) and it passes 90% within 1,000 epochs."
        ),
        settings=settings(
            dataset="spiral", samples=100, classes=3, noise=0.2, hidden_layers=(3,),
            activation="relu", optimizer="adam", learning_rate=0.05, epochs=3000,
        ),
    ),
    Preset(
        name="overfit",
        title="Noisy data, big net (overfits)",
        notice=(
            "Few noisy points, 2 × 128 neurons: the dashed test loss falls for the first 100 "
            "epochs or so, then climbs to about three times its lowest by epoch 600 while the "
            "training loss keeps falling. The network learns the noise: see the islands it "
            "draws around single points."
        ),
        settings=settings(
            dataset="circles", samples=50, classes=3, noise=0.15, test_fraction=0.2,
            hidden_layers=(128, 128), activation="relu", optimizer="adam",
            learning_rate=0.003, epochs=2000,
        ),
    ),
)  # fmt: skip
PRESETS = {preset.name: preset for preset in PRESET_LIST}


# The run a first visit trains (RunConfig's defaults: the seed notebook's plain SGD), and the
# book's next step after it: chapter 10's Adam, same data, same first weights, 97% at the end.
PLAIN_SGD = "book"
NEXT_STEP = "book_adam"
# Settings that don't change what the run is about: the offer keeps the run's seed.
INCIDENTAL_SETTINGS = {"seed": 0, "precision": "float32", "epochs": 1}


def same_setup(config, other):
    """Whether two configs train the same network on the same data with the same optimizer,
    however many epochs, whatever the seed and the precision. (Noise None is the dataset's
    usual noise.)"""

    def essentials(config):
        noise = DEFAULT_NOISE.get(config.dataset) if config.noise is None else config.noise
        return replace(config, noise=noise, **INCIDENTAL_SETTINGS)

    return essentials(config) == essentials(other)


def next_step_offer(run):
    """(text, preset name) to offer once `run` has finished the book's plain SGD on its own
    data set, else None. (A run on the learner's own data is not offered another dataset's
    next step.)"""
    if not run.finished or getattr(run, "data", None) is not None:
        return None
    if not same_setup(run.config, PRESETS[PLAIN_SGD].config):
        return None
    accuracy = run.latest()["accuracy"]
    text = (
        f"Plain SGD stopped at {accuracy:.0%}. The book's next step (chapter 10): **Adam**, "
        "on the same data from the same first weights, passes 95%."
    )
    return text, NEXT_STEP
