"""How often the Regression page's default run (the book's chapter-17 model) learns the sine.

The book's model (ui/settings/regression_widgets.py BOOK_MODEL: 1-64-64-1, ReLU, Adam 0.005
with decay 1e-3, first weights 0.1·N(0, 1)) trained for 10,001 epochs on seeds 0-19, in the
page's precision (float32), or in the book's with "nnfs"; prints each seed's accuracy at the
last epoch and how many reach more than 0.9. Run by hand (several minutes):

    python benchmarks/regression_seeds.py [n_seeds] [precision]
"""

import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratchnet import build_trainer  # noqa: E402
from ui.settings.regression_widgets import BOOK_MODEL  # noqa: E402

GOOD_ACCURACY = 0.9


def final_accuracy(config):
    trainer = build_trainer(config)
    result = trainer.step(config.epochs)
    return float(result.accuracy[-1])


def main(n_seeds=20, precision="float32"):
    accuracies = []
    for seed in range(n_seeds):
        config = dataclasses.replace(BOOK_MODEL, seed=seed, precision=precision)
        accuracies.append(final_accuracy(config))
        print(f"{precision:>7}  seed {seed:>2}: accuracy {accuracies[-1]:.3f}", flush=True)
    good = sum(accuracy > GOOD_ACCURACY for accuracy in accuracies)
    print(f"{precision}: {good} of {n_seeds} seeds reach accuracy > {GOOD_ACCURACY}")


if __name__ == "__main__":
    n_seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    main(n_seeds, sys.argv[2] if len(sys.argv) > 2 else "float32")
