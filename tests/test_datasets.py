"""Tests for scratchnet.datasets: the book's numbers, every set's shape, the split, errors.

nnfs.init() patches NumPy for the whole process (np.zeros, np.random.randn, np.dot), so
nnfs itself runs in a subprocess and sends its arrays back in an .npz file; this test
process never calls nnfs.init() and never seeds NumPy's global random state.
"""

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scratchnet import datasets
from scratchnet.datasets import (
    DATASETS,
    DEFAULT_NOISE,
    FIXED_CLASSES,
    IMAGE_DATASETS,
    blobs,
    circles,
    make_classification,
    moons,
    sine,
    spiral,
    train_test_split,
    vertical,
    xor,
)

SEEDS = [0, 7]
# (samples per class, classes) compared with nnfs.
BOOK_SIZES = [(100, 3), (7, 2), (1, 2), (50, 5)]
BOOK_FUNCTIONS = {"spiral": spiral, "vertical": vertical}


def assert_same_random_state(state_before, state_after):
    """Assert two RandomState.get_state() tuples are equal (one item is an array)."""
    assert state_before[0] == state_after[0]
    assert np.array_equal(state_before[1], state_after[1])
    assert state_before[2:] == state_after[2:]


# ---------------------------------------------------------------------------------------
# The book's numbers, from nnfs in a subprocess
# ---------------------------------------------------------------------------------------

# Runs in a fresh interpreter. MODE is "init" (the book's set-up: nnfs.init, float32)
# or "plain" (nnfs without nnfs.init, float64). nnfs.init(random_seed=S) ends with
# np.random.seed(S), so re-seeding before each case is the same as a fresh nnfs.init.
NNFS_SCRIPT = """
import sys
import numpy as np
import nnfs
from nnfs.datasets import spiral_data, vertical_data, sine_data

mode, output_path = sys.argv[1], sys.argv[2]
seeds = {seeds}
sizes = {sizes}
if mode == "init":
    nnfs.init()
arrays = {{}}
for seed in seeds:
    for name, create_data in [("spiral", spiral_data), ("vertical", vertical_data)]:
        for samples, classes in sizes:
            key = f"{{name}}_{{seed}}_{{samples}}_{{classes}}"
            np.random.seed(seed)
            X, y = create_data(samples, classes)
            arrays[key + "_X"] = X
            arrays[key + "_y"] = y
            # The next draw shows whether the data used up exactly as many numbers as ours.
            arrays[key + "_next"] = np.random.randn(3)
    # The book often makes a training set and then a test set from the same stream.
    np.random.seed(seed)
    arrays[f"twice_{{seed}}_first"] = spiral_data(100, 3)[0]
    arrays[f"twice_{{seed}}_second"] = spiral_data(100, 3)[0]
X, y = sine_data()
arrays["sine_X"] = X
arrays["sine_y"] = y
np.savez(output_path, **arrays)
"""


def run_nnfs(mode, output_path):
    """Run NNFS_SCRIPT in a subprocess and return its arrays (a dict-like NpzFile)."""
    script = NNFS_SCRIPT.format(seeds=SEEDS, sizes=BOOK_SIZES)
    subprocess.run(
        [sys.executable, "-c", script, mode, str(output_path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return np.load(output_path)


@pytest.fixture(scope="module")
def nnfs_arrays(tmp_path_factory):
    """The book's arrays under nnfs.init (float32) and plain nnfs (float64), by mode."""
    pytest.importorskip("nnfs")
    folder = tmp_path_factory.mktemp("nnfs")
    return {
        "init": run_nnfs("init", folder / "init.npz"),
        "plain": run_nnfs("plain", folder / "plain.npz"),
    }


# mode -> the dtype that matches it
MODES = [("init", np.float32), ("plain", np.float64)]


@pytest.mark.parametrize("mode, dtype", MODES)
@pytest.mark.parametrize("name", ["spiral", "vertical"])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("samples, classes", BOOK_SIZES)
def test_book_datasets_equal_nnfs_bit_for_bit(
    nnfs_arrays, mode, dtype, name, seed, samples, classes
):
    book = nnfs_arrays[mode]
    key = f"{name}_{seed}_{samples}_{classes}"
    rng = np.random.RandomState(seed)

    X, y = BOOK_FUNCTIONS[name](samples, classes, rng, dtype=dtype)

    assert X.dtype == book[key + "_X"].dtype == dtype
    assert np.array_equal(X, book[key + "_X"])
    assert np.array_equal(y, book[key + "_y"])
    # Same number of random draws: the next numbers agree too.
    next_draws = rng.randn(3).astype(dtype)
    assert np.array_equal(next_draws, book[key + "_next"])


@pytest.mark.parametrize("mode, dtype", MODES)
@pytest.mark.parametrize("seed", SEEDS)
def test_two_spirals_from_one_rng_equal_two_calls_in_the_book(nnfs_arrays, mode, dtype, seed):
    book = nnfs_arrays[mode]
    rng = np.random.RandomState(seed)

    X_first, _ = spiral(100, 3, rng, dtype=dtype)
    X_second, _ = spiral(100, 3, rng, dtype=dtype)

    assert np.array_equal(X_first, book[f"twice_{seed}_first"])
    assert np.array_equal(X_second, book[f"twice_{seed}_second"])


@pytest.mark.parametrize("mode", ["init", "plain"])
def test_sine_equals_nnfs(nnfs_arrays, mode):
    book = nnfs_arrays[mode]
    # nnfs computes the sine in float64 even under nnfs.init.
    assert book["sine_X"].dtype == np.float64

    X, y = sine(dtype=np.float64)
    X32, y32 = sine()

    assert np.array_equal(X, book["sine_X"])
    assert np.array_equal(y, book["sine_y"])
    assert np.array_equal(X32, book["sine_X"].astype(np.float32))
    assert np.array_equal(y32, book["sine_y"].astype(np.float32))


# ---------------------------------------------------------------------------------------
# Every classification set: shapes, dtypes, labels, reproducibility
# ---------------------------------------------------------------------------------------

ALL_NAMES = sorted(DATASETS)


def classes_for(name, wanted=3):
    """``wanted`` classes, or the fixed number for sets like xor."""
    return FIXED_CLASSES.get(name, wanted)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("samples", [1, 2, 15, 100])
def test_shapes_dtypes_labels_and_balance(name, samples, dtype):
    classes = classes_for(name)
    X, y = DATASETS[name](samples, classes, np.random.RandomState(0), dtype=dtype)

    assert X.shape == (samples * classes, 2)
    assert X.dtype == dtype
    assert y.shape == (samples * classes,)
    assert y.dtype == np.intp
    assert np.array_equal(np.unique(y), np.arange(classes))
    assert np.array_equal(np.bincount(y), [samples] * classes)
    # Rows come in blocks, class 0 first.
    assert np.array_equal(y, np.repeat(np.arange(classes), samples))
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", ["spiral", "circles", "blobs"])
@pytest.mark.parametrize("classes", [2, 4, 7])
def test_sets_with_any_number_of_classes(name, classes):
    X, y = DATASETS[name](20, classes, np.random.RandomState(0))

    assert X.shape == (20 * classes, 2)
    assert np.array_equal(np.bincount(y), [20] * classes)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_points_without_noise_lie_in_the_unit_square(name):
    classes = classes_for(name)
    X, _ = DATASETS[name](200, classes, np.random.RandomState(0), noise=0.0)

    assert np.all(np.abs(X) <= 1.0)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_points_with_default_noise_lie_roughly_in_the_unit_square(name):
    classes = classes_for(name)
    X, _ = DATASETS[name](200, classes, np.random.RandomState(0))

    assert np.all(np.abs(X) <= 1.5)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_same_seed_same_arrays_different_seed_different_arrays(name):
    classes = classes_for(name)
    make_dataset = DATASETS[name]

    X_a, y_a = make_dataset(30, classes, np.random.RandomState(3))
    X_b, y_b = make_dataset(30, classes, np.random.RandomState(3))
    X_c, _ = make_dataset(30, classes, np.random.RandomState(4))

    assert np.array_equal(X_a, X_b)
    assert np.array_equal(y_a, y_b)
    assert not np.array_equal(X_a, X_c)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_global_random_state_is_untouched(name):
    global_state_before = np.random.get_state()

    DATASETS[name](30, classes_for(name), np.random.RandomState(0))
    train_test_split(np.zeros((10, 2)), np.repeat([0, 1], 5), 0.2, np.random.RandomState(0))

    assert_same_random_state(global_state_before, np.random.get_state())


@pytest.mark.parametrize("name", ["vertical", "circles", "xor", "blobs", "moons"])
def test_noise_only_scales_the_jitter(name):
    # Same seed, same base points; the jitter grows in proportion to noise.
    classes = classes_for(name)
    make_dataset = DATASETS[name]

    def points(noise):
        rng = np.random.RandomState(5)
        return make_dataset(40, classes, rng, noise=noise, dtype=np.float64)[0]

    clean = points(0.0)
    jitter_small = points(0.1) - clean
    jitter_large = points(0.2) - clean

    assert np.abs(jitter_small).max() > 0
    np.testing.assert_allclose(jitter_large, 2 * jitter_small, rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------------------------------
# Without noise, each set shows its clean structure
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("classes", [2, 3, 5])
def test_spiral_without_noise_lies_on_its_arms(classes):
    X, y = spiral(50, classes, np.random.RandomState(0), noise=0.0, dtype=np.float64)

    for class_number in range(classes):
        points = X[y == class_number]
        radius = np.linspace(0, 1, 50)
        angle = np.linspace(class_number * 4, (class_number + 1) * 4, 50)
        np.testing.assert_allclose(points[:, 0], radius * np.sin(angle * 2.5), atol=1e-12)
        np.testing.assert_allclose(points[:, 1], radius * np.cos(angle * 2.5), atol=1e-12)


def test_vertical_without_noise_sits_on_its_centres():
    X, y = vertical(10, 4, np.random.RandomState(0), noise=0.0, dtype=np.float64)

    assert np.array_equal(X[:, 0], y / 3)
    assert np.all(X[:, 1] == 0.5)


@pytest.mark.parametrize("dtype, tolerance", [(np.float64, 1e-12), (np.float32, 1e-6)])
@pytest.mark.parametrize("classes", [2, 3, 6])
def test_circles_without_noise_have_exact_radii(classes, dtype, tolerance):
    X, y = circles(40, classes, np.random.RandomState(0), noise=0.0, dtype=dtype)

    distance_from_centre = np.hypot(X[:, 0].astype(np.float64), X[:, 1].astype(np.float64))
    np.testing.assert_allclose(distance_from_centre, (y + 1) / classes, atol=tolerance)


def test_xor_without_noise_is_labelled_by_the_sign_of_x_times_y():
    X, y = xor(100, 2, np.random.RandomState(0), noise=0.0)

    assert np.array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(np.intp))
    assert np.all(np.abs(X) >= 0.1)
    assert np.all(np.abs(X) <= 0.9)
    # Each class fills both of its quadrants, half each.
    quadrant_counts = {}
    for point, label in zip(X, y, strict=True):
        quadrant = (label, np.sign(point[0]), np.sign(point[1]))
        quadrant_counts[quadrant] = quadrant_counts.get(quadrant, 0) + 1
    assert quadrant_counts == {
        (0, 1, 1): 50,
        (0, -1, -1): 50,
        (1, 1, -1): 50,
        (1, -1, 1): 50,
    }


@pytest.mark.parametrize("classes", [2, 3, 5])
def test_blobs_without_noise_sit_on_their_centres(classes):
    X, y = blobs(10, classes, np.random.RandomState(0), noise=0.0, dtype=np.float64)

    centre_angle = 2 * np.pi * y / classes
    np.testing.assert_allclose(X[:, 0], 0.7 * np.cos(centre_angle), atol=1e-12)
    np.testing.assert_allclose(X[:, 1], 0.7 * np.sin(centre_angle), atol=1e-12)


def test_moons_without_noise_are_half_circles_of_radius_two_thirds():
    X, y = moons(50, 2, np.random.RandomState(0), noise=0.0, dtype=np.float64)
    upper, lower = X[y == 0], X[y == 1]

    np.testing.assert_allclose(np.hypot(upper[:, 0] + 1 / 3, upper[:, 1] + 1 / 6), 2 / 3)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1 / 3, lower[:, 1] - 1 / 6), 2 / 3)
    # Class 0 arches up from its centre, class 1 down from its.
    assert np.all(upper[:, 1] >= -1 / 6 - 1e-12)
    assert np.all(lower[:, 1] <= 1 / 6 + 1e-12)


# ---------------------------------------------------------------------------------------
# sine
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("samples", [1, 10, 1000])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sine_shapes_and_dtypes(samples, dtype):
    X, y = sine(samples, dtype=dtype)

    assert X.shape == (samples, 1)
    assert y.shape == (samples, 1)
    assert X.dtype == dtype
    assert y.dtype == dtype


def test_sine_without_noise_draws_nothing():
    rng = np.random.RandomState(0)
    state_before = rng.get_state()

    sine(100, rng)

    assert_same_random_state(state_before, rng.get_state())


def test_sine_with_noise_adds_seeded_gaussian_noise():
    _, y_clean = sine(200, dtype=np.float64)
    _, y_noisy = sine(200, np.random.RandomState(1), noise=0.1, dtype=np.float64)
    _, y_noisy_again = sine(200, np.random.RandomState(1), noise=0.1, dtype=np.float64)

    expected_noise = 0.1 * np.random.RandomState(1).randn(200, 1)
    np.testing.assert_allclose(y_noisy - y_clean, expected_noise, atol=1e-12)
    assert np.array_equal(y_noisy, y_noisy_again)


# ---------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------


def test_registry_lists_the_classification_sets():
    assert set(DATASETS) == {"spiral", "vertical", "circles", "xor", "blobs", "moons"}
    assert set(DEFAULT_NOISE) == set(DATASETS)
    assert set(FIXED_CLASSES) <= set(DATASETS) | set(IMAGE_DATASETS)
    assert FIXED_CLASSES["digits"] == 10


@pytest.mark.parametrize("name", ALL_NAMES)
def test_default_noise_matches_each_functions_default(name):
    noise_parameter = inspect.signature(DATASETS[name]).parameters["noise"]
    assert noise_parameter.default == DEFAULT_NOISE[name]


@pytest.mark.parametrize("name", ALL_NAMES)
def test_make_classification_dispatches_by_name(name):
    classes = classes_for(name)
    noise = DEFAULT_NOISE[name]

    X, y = make_classification(name, 20, classes, noise, np.random.RandomState(2))
    X_direct, y_direct = DATASETS[name](20, classes, np.random.RandomState(2), noise=noise)

    assert np.array_equal(X, X_direct)
    assert np.array_equal(y, y_direct)


def imported_modules(tree):
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    return imported


def test_datasets_module_imports_only_numpy_and_sklearn_for_the_digits_only():
    tree = ast.parse(Path(inspect.getfile(datasets)).read_text())
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert imported_modules(ast.Module(body=[
        node for node in tree.body if not isinstance(node, ast.FunctionDef)
    ], type_ignores=[])) == {"numpy"}  # fmt: skip
    for function in functions:
        expected = {"sklearn"} if function.name == "digits" else set()
        assert imported_modules(function) == expected, function.name


# ---------------------------------------------------------------------------------------
# train_test_split
# ---------------------------------------------------------------------------------------


def labelled_rows(samples_per_class):
    """Points whose first coordinate is their row number, so every row is unique."""
    labels = np.repeat(np.arange(len(samples_per_class)), samples_per_class)
    row_numbers = np.arange(len(labels), dtype=np.float64)
    X = np.column_stack([row_numbers, -row_numbers])
    return X, labels


# (samples per class, test_fraction, expected test samples per class)
STRATIFIED_CASES = [
    ([100, 100, 100], 0.2, [20, 20, 20]),
    ([10, 10], 0.5, [5, 5]),
    ([10, 30], 0.1, [1, 3]),
    ([7, 9, 4], 0.25, [2, 2, 1]),  # 1.75, 2.25 and 1 round to 2, 2 and 1
    ([3, 3], 0.1, [0, 0]),
]


@pytest.mark.parametrize("samples_per_class, test_fraction, expected_test", STRATIFIED_CASES)
def test_split_is_stratified_by_class(samples_per_class, test_fraction, expected_test):
    X, y = labelled_rows(samples_per_class)

    X_train, y_train, X_test, y_test = train_test_split(
        X, y, test_fraction, np.random.RandomState(0)
    )

    classes = len(samples_per_class)
    expected_train = np.subtract(samples_per_class, expected_test)
    assert np.array_equal(np.bincount(y_test, minlength=classes), expected_test)
    assert np.array_equal(np.bincount(y_train, minlength=classes), expected_train)
    assert X_train.shape == (expected_train.sum(), 2)
    assert X_test.shape == (sum(expected_test), 2)


@pytest.mark.parametrize("test_fraction", [0.1, 0.3, 0.5, 0.9])
def test_split_loses_nothing_and_overlaps_nowhere(test_fraction):
    X, y = labelled_rows([40, 25, 35])

    X_train, y_train, X_test, y_test = train_test_split(
        X, y, test_fraction, np.random.RandomState(1)
    )

    train_rows = X_train[:, 0].astype(int)
    test_rows = X_test[:, 0].astype(int)
    assert set(train_rows).isdisjoint(test_rows)
    assert np.array_equal(np.sort(np.concatenate([train_rows, test_rows])), np.arange(len(X)))
    # Each point keeps its own label, and both sets keep the original order.
    assert np.array_equal(y_train, y[train_rows])
    assert np.array_equal(y_test, y[test_rows])
    assert np.array_equal(X_train, X[train_rows])
    assert np.all(np.diff(train_rows) > 0)
    assert np.all(np.diff(test_rows) > 0)


def test_split_is_random_and_reproducible():
    X, y = labelled_rows([50, 50])

    first = train_test_split(X, y, 0.3, np.random.RandomState(4))
    again = train_test_split(X, y, 0.3, np.random.RandomState(4))
    other = train_test_split(X, y, 0.3, np.random.RandomState(5))

    for array, array_again in zip(first, again, strict=True):
        assert np.array_equal(array, array_again)
    assert not np.array_equal(first[2], other[2])
    # Not simply the last rows of each class.
    assert not np.array_equal(first[2][:, 0], [*range(35, 50), *range(85, 100)])


@pytest.mark.parametrize(
    "X, y",
    [
        (np.zeros((30, 2)), np.repeat([0, 1, 2], 10)),
        (np.zeros((30, 1)), np.zeros((30, 1))),  # sine-shaped regression data
    ],
)
def test_split_with_zero_test_fraction_keeps_everything_and_draws_nothing(X, y):
    rng = np.random.RandomState(0)
    state_before = rng.get_state()

    X_train, y_train, X_test, y_test = train_test_split(X, y, 0, rng)

    assert_same_random_state(state_before, rng.get_state())
    assert np.array_equal(X_train, X)
    assert np.array_equal(y_train, y)
    assert X_test.shape == (0, *X.shape[1:])
    assert y_test.shape == (0, *y.shape[1:])
    assert X_test.dtype == X.dtype
    assert y_test.dtype == y.dtype


def test_split_of_regression_data_is_not_stratified():
    X, y = sine(100, dtype=np.float64)

    X_train, y_train, X_test, y_test = train_test_split(X, y, 0.2, np.random.RandomState(0))

    assert X_train.shape == (80, 1)
    assert y_train.shape == (80, 1)
    assert X_test.shape == (20, 1)
    assert y_test.shape == (20, 1)
    assert np.array_equal(np.sin(2 * np.pi * X_test), y_test)


def test_split_of_a_generated_set():
    X, y = spiral(100, 3, np.random.RandomState(0))

    X_train, y_train, X_test, y_test = train_test_split(X, y, 0.2, np.random.RandomState(0))

    assert X_train.dtype == np.float32
    assert np.array_equal(np.bincount(y_train), [80, 80, 80])
    assert np.array_equal(np.bincount(y_test), [20, 20, 20])


# ---------------------------------------------------------------------------------------
# Errors name the bad value
# ---------------------------------------------------------------------------------------

RNG = np.random.RandomState(0)
TWO_CLASS_X, TWO_CLASS_Y = labelled_rows([3, 1])

# (function, keyword arguments, text the message must contain)
ERROR_CASES = [
    (spiral, {"samples": 0, "classes": 3, "rng": RNG}, "samples=0"),
    (spiral, {"samples": -5, "classes": 3, "rng": RNG}, "samples=-5"),
    (spiral, {"samples": 2.5, "classes": 3, "rng": RNG}, "samples=2.5"),
    (spiral, {"samples": 10, "classes": 1, "rng": RNG}, "classes=1"),
    (spiral, {"samples": 10, "classes": 3, "rng": RNG, "noise": -0.1}, "noise=-0.1"),
    (spiral, {"samples": 10, "classes": 3, "rng": None}, "rng=None"),
    (spiral, {"samples": 10, "classes": 3, "rng": np.random.default_rng(0)}, "rng=Generator"),
    (spiral, {"samples": 10, "classes": 3, "rng": RNG, "dtype": np.int64}, "dtype="),
    (vertical, {"samples": 0, "classes": 3, "rng": RNG}, "samples=0"),
    (vertical, {"samples": 10, "classes": 0, "rng": RNG}, "classes=0"),
    (vertical, {"samples": 10, "classes": 3, "rng": RNG, "noise": -1}, "noise=-1"),
    (circles, {"samples": 0, "classes": 3, "rng": RNG}, "samples=0"),
    (circles, {"samples": 10, "classes": 1, "rng": RNG}, "classes=1"),
    (circles, {"samples": 10, "classes": 3, "rng": RNG, "noise": float("nan")}, "noise=nan"),
    (xor, {"samples": 10, "classes": 3, "rng": RNG}, "classes=3"),
    (xor, {"samples": 0, "classes": 2, "rng": RNG}, "samples=0"),
    (xor, {"samples": 10, "classes": 2, "rng": RNG, "noise": -0.5}, "noise=-0.5"),
    (blobs, {"samples": 10, "classes": 1, "rng": RNG}, "classes=1"),
    (blobs, {"samples": 10, "classes": 4, "rng": RNG, "noise": -0.2}, "noise=-0.2"),
    (moons, {"samples": 10, "classes": 4, "rng": RNG}, "classes=4"),
    (moons, {"samples": 0, "classes": 2, "rng": RNG}, "samples=0"),
    (sine, {"samples": 0}, "samples=0"),
    (sine, {"samples": 10, "noise": -0.1}, "noise=-0.1"),
    (sine, {"samples": 10, "noise": 0.1, "rng": None}, "rng=None"),
    (
        make_classification,
        {"name": "swiss roll", "samples": 10, "classes": 2, "noise": 0.1, "rng": RNG},
        "name='swiss roll'",
    ),
    (
        make_classification,
        {"name": "moons", "samples": 10, "classes": 3, "noise": 0.1, "rng": RNG},
        "classes=3",
    ),
    (
        make_classification,
        {"name": "spiral", "samples": 0, "classes": 3, "noise": 0.1, "rng": RNG},
        "samples=0",
    ),
    (
        train_test_split,
        {"X": TWO_CLASS_X, "y": TWO_CLASS_Y, "test_fraction": 1.0, "rng": RNG},
        "test_fraction=1.0",
    ),
    (
        train_test_split,
        {"X": TWO_CLASS_X, "y": TWO_CLASS_Y, "test_fraction": -0.1, "rng": RNG},
        "test_fraction=-0.1",
    ),
    (
        train_test_split,
        {"X": TWO_CLASS_X, "y": TWO_CLASS_Y, "test_fraction": 1.5, "rng": RNG},
        "test_fraction=1.5",
    ),
    # Class 1 has one sample, and round(0.6 * 1) = 1 would send it to the test set.
    (
        train_test_split,
        {"X": TWO_CLASS_X, "y": TWO_CLASS_Y, "test_fraction": 0.6, "rng": RNG},
        "class 1",
    ),
    (
        train_test_split,
        {"X": TWO_CLASS_X, "y": TWO_CLASS_Y, "test_fraction": 0.6, "rng": RNG},
        "test_fraction=0.6",
    ),
    (
        train_test_split,
        {"X": np.zeros((1, 1)), "y": np.zeros((1, 1)), "test_fraction": 0.9, "rng": RNG},
        "test_fraction=0.9",
    ),
    (
        train_test_split,
        {"X": np.zeros((5, 2)), "y": np.zeros(4, dtype=int), "test_fraction": 0.2, "rng": RNG},
        "len(y)=4",
    ),
    (
        train_test_split,
        {"X": TWO_CLASS_X, "y": TWO_CLASS_Y, "test_fraction": 0.2, "rng": None},
        "rng=None",
    ),
]


def test_refused_split_draws_nothing():
    rng = np.random.RandomState(0)
    state_before = rng.get_state()

    with pytest.raises(ValueError):
        train_test_split(TWO_CLASS_X, TWO_CLASS_Y, 0.6, rng)

    assert_same_random_state(state_before, rng.get_state())


@pytest.mark.parametrize("function, arguments, expected_text", ERROR_CASES)
def test_invalid_arguments_raise_value_error_naming_the_value(function, arguments, expected_text):
    with pytest.raises(ValueError) as error:
        function(**arguments)

    assert expected_text in str(error.value)
    assert "Received:" in str(error.value)
