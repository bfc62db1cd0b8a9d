"""The data part of an exported script: the nnfs dataset call, scratchnet's own dataset
function when nnfs has none, or the learner's arrays written out; then the train/test split.
"""

import inspect
import textwrap

from scratchnet import datasets

from .script_classes import dataset_check_stand_ins

NNFS_DATASETS = {"spiral": "spiral_data", "vertical": "vertical_data"}
DTYPE_NAMES = {"nnfs": "np.float32", "float32": "np.float32", "float64": "np.float64"}


def dataset_function(config):
    """The nnfs.datasets function that draws this config's data, or None if nnfs has none."""
    if config.is_regression:
        return "sine_data"
    if config.dataset in NNFS_DATASETS and (
        config.noise is None or config.noise == datasets.DEFAULT_NOISE[config.dataset]
    ):
        return NNFS_DATASETS[config.dataset]
    return None


def data_section(config, data):
    if data is not None:
        return embedded_data(config, data) + binary_labels(config, data[2] is not None)
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
        if config.precision == "float32":
            lines += [
                "# sine_data computes in float64; the app's float32 runs keep it in float32",
                f"X = X.astype({dtype})",
                f"y = y.astype({dtype})",
            ]
    elif config.dataset in datasets.IMAGE_DATASETS:
        lines = digits_lines(config)
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
    return "\n".join(lines) + binary_labels(config, config.test_fraction > 0)


def binary_labels(config, has_test):
    """One sigmoid output (chapter 16): the labels become a column of 0s and 1s, uint8 as
    spiral_data gives them (int64 labels would make the loss float64)."""
    if config.is_regression or config.output != "sigmoid":
        return ""
    lines = [
        "",
        "",
        "# Reshape labels to be a list of lists: one output (either 0 or 1) per sample,",
        "# as uint8 numbers, which keep the loss in float32 as the book's do (chapter 16)",
        "y = y.reshape(-1, 1).astype(np.uint8)",
    ]
    if has_test:
        lines.append("y_test = y_test.reshape(-1, 1).astype(np.uint8)")
    return "\n".join(lines)


def digits_lines(config):
    """scikit-learn's digits, scaled as scratchnet.datasets.digits scales them."""
    return [
        "# Create dataset: scikit-learn's 1,797 handwritten digits, 8 x 8 pixels of 0 to 16 ink",
        "# (bundled with scikit-learn: no download), each image flattened into 64 inputs and",
        "# scaled to [-1, 1] as the book scales Fashion-MNIST's 0..255: (X - 127.5) / 127.5.",
        "digits = load_digits()",
        f"X = ((digits.data - 8) / 8).astype({DTYPE_NAMES[config.precision]})",
        "y = digits.target",
    ]


def embedded_dataset_function(config):
    """A dataset nnfs lacks (or another noise than nnfs's): scratchnet's own function."""
    name = config.dataset
    noise = datasets.DEFAULT_NOISE[name] if config.noise is None else config.noise
    functions = [datasets.DATASETS[name]]
    if name in ("spiral", "vertical"):
        functions.insert(0, datasets.standard_normal)
    sources = "\n\n".join(inspect.getsource(function) for function in functions)
    return [
        dataset_check_stand_ins(),
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
    lines = [
        "# Your data, as the app trained on it (features standardised: mean 0, standard",
        f"# deviation 1). {len(X)} training points"
        + (f", {len(X_test)} test points." if X_test is not None else "."),
        *array_lines("X", X),
        *array_lines("y", y),
    ]
    if X_test is not None:
        lines += [*array_lines("X_test", X_test), *array_lines("y_test", y_test)]
    return "\n".join(lines)


def array_lines(name, array):
    """`name = np.array([...], dtype=...)`, wrapped at 100 characters, repr of every number.

    Floats keep their float type (the one the run trains with); whole numbers (class labels)
    stay integers.
    """
    dtype = f"np.{array.dtype}"
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
