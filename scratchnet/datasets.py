"""Datasets to train on: the book's three, four more toy sets, real digits, a train/test split.

Every function here is plain NumPy and takes its random numbers from an explicit
``rng: np.random.RandomState`` instead of NumPy's global random state, so the app can
run many experiments side by side and a seed always means the same data.

Same numbers as the book
------------------------
``spiral``, ``vertical`` and ``sine`` return exactly the arrays of
``nnfs.datasets.spiral_data``, ``vertical_data`` and ``sine_data``::

    import nnfs
    from nnfs.datasets import spiral_data
    nnfs.init(random_seed=0)                # the book's set-up
    X_book, y_book = spiral_data(100, 3)

    X, y = spiral(100, 3, rng=np.random.RandomState(0))
    # np.array_equal(X, X_book) -> True, bit for bit

``np.random.RandomState`` is NumPy's legacy generator: ``RandomState(S).randn(...)``
draws the same numbers as ``np.random.randn(...)`` after ``np.random.seed(S)``.
(``np.random.default_rng`` is a different algorithm and would draw other numbers.)

``nnfs.init()`` changes NumPy for the whole program: ``np.zeros`` makes float32 arrays
and ``np.random.randn`` rounds its numbers to float32. With ``dtype=np.float32`` (the
default) we take the same rounding steps, so we match the book after ``nnfs.init()``;
with ``dtype=np.float64`` we match plain nnfs without ``nnfs.init()``.

Shapes and labels
-----------------
A classification set with ``samples`` points per class and ``classes`` classes returns
``X`` of shape ``(samples * classes, 2)`` and ``y`` of shape ``(samples * classes,)``:
class indices 0, 1, ..., classes - 1 as ``np.intp`` (NumPy's index integer; nnfs uses
uint8, which silently wraps around past 255 classes). The rows come in blocks, class 0
first. Each set's ``noise`` has a sensible default, listed in ``DEFAULT_NOISE``.
"""

import numpy as np

# ---------------------------------------------------------------------------------------
# Checking arguments. Each error names the bad value, e.g.
# "samples must be a positive integer. Received: samples=0".
# ---------------------------------------------------------------------------------------


def _check_samples(samples):
    """Raise ValueError unless ``samples`` (points per class) is an integer >= 1."""
    if not isinstance(samples, (int, np.integer)) or samples < 1:
        raise ValueError(f"samples must be a positive integer. Received: samples={samples!r}")


def _check_classes(classes):
    """Raise ValueError unless ``classes`` is an integer >= 2 (one class is nothing to learn)."""
    if not isinstance(classes, (int, np.integer)) or classes < 2:
        raise ValueError(f"classes must be an integer >= 2. Received: classes={classes!r}")


def _check_noise(noise):
    """Return ``noise`` as a Python float, or raise ValueError if it is negative or NaN.

    Returning a Python float matters for the book's numbers: a float32 array times a
    Python float stays float32, whereas a float32 array times an ``np.float64`` becomes
    float64 and would round differently from nnfs.
    """
    if not isinstance(noise, (int, float, np.integer, np.floating)) or not noise >= 0:
        raise ValueError(f"noise must be a non-negative number. Received: noise={noise!r}")
    return float(noise)


def _check_rng(rng):
    """Raise ValueError unless ``rng`` is the legacy generator ``np.random.RandomState``."""
    if not isinstance(rng, np.random.RandomState):
        raise ValueError(
            "rng must be a numpy.random.RandomState, e.g. np.random.RandomState(0) "
            "(it draws the same numbers as the book's np.random.seed + np.random.randn). "
            f"Received: rng={rng!r}"
        )


def _check_dtype(dtype):
    """Return ``dtype`` as an ``np.dtype``, or raise ValueError if it is not a float type."""
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(
            f"dtype must be a floating-point type such as np.float32. Received: dtype={dtype!r}"
        )
    return np.dtype(dtype)


def _check_classification_arguments(samples, classes, noise, rng, dtype):
    """Check the arguments every classification set takes; return ``(noise, dtype)``."""
    _check_samples(samples)
    _check_classes(classes)
    noise = _check_noise(noise)
    _check_rng(rng)
    dtype = _check_dtype(dtype)
    return noise, dtype


def _check_two_classes(dataset_name, classes):
    """Raise ValueError unless ``classes == 2``, for sets that are two-class by design."""
    if classes != 2:
        raise ValueError(
            f"{dataset_name} always has exactly 2 classes. Received: classes={classes!r}"
        )


def standard_normal(shape, rng, dtype):
    """Draw N(0, 1) numbers the way the book does, rounded to ``dtype``.

    Under ``nnfs.init()`` the book's ``np.random.randn(n)`` is NumPy's float64 draw
    rounded to float32; ``rng.randn(n).astype(np.float32)`` is that same rounding.
    Whatever is then computed from it (``draws * 0.1 + 1/3``) stays float32 too, and
    rounds at each step exactly as the book's code does.
    """
    return rng.randn(*shape).astype(dtype)


# ---------------------------------------------------------------------------------------
# The book's datasets (nnfs.datasets), with the same numbers.
# ---------------------------------------------------------------------------------------


def spiral(samples, classes, rng, noise=0.2, dtype=np.float32):
    """Interleaved spiral arms, one per class: the book's ``spiral_data``.

    Class k's ``samples`` points run out from the centre along its own arm::

        r = linspace(0, 1, samples)                           # distance from the centre
        t = linspace(4k, 4(k + 1), samples) + noise * N(0, 1)  # how far round, jittered
        x = r * sin(2.5 t),   y = r * cos(2.5 t)

    ``noise`` is the standard deviation of the jitter on ``t``; at 0 the arms are clean
    curves. All points lie in the unit disc. Returns ``(X, y)``, see the module docstring.
    """
    noise, dtype = _check_classification_arguments(samples, classes, noise, rng, dtype)
    X = np.zeros((samples * classes, 2), dtype=dtype)
    y = np.zeros(samples * classes, dtype=np.intp)
    for class_number in range(classes):
        rows = slice(samples * class_number, samples * (class_number + 1))
        radius = np.linspace(0.0, 1, samples)
        angle_jitter = standard_normal((samples,), rng, dtype) * noise
        angle = np.linspace(class_number * 4, (class_number + 1) * 4, samples) + angle_jitter
        X[rows, 0] = radius * np.sin(angle * 2.5)
        X[rows, 1] = radius * np.cos(angle * 2.5)
        y[rows] = class_number
    return X, y


def vertical(samples, classes, rng, noise=0.1, dtype=np.float32):
    """Vertical clusters side by side: the book's ``vertical_data``.

    Class k is a Gaussian cloud centred on ``(k / 3, 0.5)``::

        x = k / 3 + noise * N(0, 1),   y = 0.5 + noise * N(0, 1)

    ``noise`` is the standard deviation of each cloud. With more than 4 classes the
    clouds run past x = 1, as in the book. Returns ``(X, y)``, see the module docstring.
    """
    noise, dtype = _check_classification_arguments(samples, classes, noise, rng, dtype)
    X = np.zeros((samples * classes, 2), dtype=dtype)
    y = np.zeros(samples * classes, dtype=np.intp)
    for class_number in range(classes):
        rows = slice(samples * class_number, samples * (class_number + 1))
        # Two separate draws, x first, in the book's order.
        X[rows, 0] = standard_normal((samples,), rng, dtype) * noise + class_number / 3
        X[rows, 1] = standard_normal((samples,), rng, dtype) * noise + 0.5
        y[rows] = class_number
    return X, y


def sine(samples=1000, rng=None, noise=0.0, dtype=np.float32):
    """One period of a sine wave, for regression: the book's ``sine_data``.

    ``samples`` evenly spaced inputs in [0, 1) and their targets::

        x = i / samples  for i = 0, 1, ..., samples - 1
        y = sin(2 pi x) + noise * N(0, 1)

    Returns ``X`` and ``y``, both of shape ``(samples, 1)``. ``noise=0`` (the book's data)
    draws no random numbers and needs no ``rng``; ``noise > 0`` needs one.

    nnfs computes the sine in float64 even after ``nnfs.init()``; ``dtype=np.float64``
    returns its arrays exactly, ``dtype=np.float32`` returns them rounded to float32.
    """
    _check_samples(samples)
    noise = _check_noise(noise)
    dtype = _check_dtype(dtype)
    X = np.arange(samples).reshape(-1, 1) / samples
    y = np.sin(2 * np.pi * X)
    if noise > 0:
        _check_rng(rng)
        y = y + noise * rng.randn(samples, 1)
    return X.astype(dtype), y.astype(dtype)


# ---------------------------------------------------------------------------------------
# More classification sets. These are computed in float64 and stored as ``dtype``.
# Their ``noise`` is the standard deviation of a Gaussian jitter added to each coordinate,
# and the jitter is drawn even when noise is 0: the same seed then gives the same points
# at every noise level, only shaken more or less.
# ---------------------------------------------------------------------------------------


def circles(samples, classes, rng, noise=0.05, dtype=np.float32):
    """Concentric rings, one per class, the outermost of radius 1.

    Class k's ``samples`` points are evenly spaced round a circle of radius
    ``(k + 1) / classes``, then jittered::

        a = 2 pi i / samples  for i = 0, 1, ..., samples - 1
        x = r cos(a) + noise * N(0, 1),   y = r sin(a) + noise * N(0, 1)

    The rings are ``1 / classes`` apart, so more classes need less noise to stay apart.
    Returns ``(X, y)``, see the module docstring.
    """
    noise, dtype = _check_classification_arguments(samples, classes, noise, rng, dtype)
    X = np.zeros((samples * classes, 2), dtype=dtype)
    y = np.zeros(samples * classes, dtype=np.intp)
    for class_number in range(classes):
        rows = slice(samples * class_number, samples * (class_number + 1))
        radius = (class_number + 1) / classes
        angle = np.linspace(0, 2 * np.pi, samples, endpoint=False)
        jitter = rng.randn(samples, 2) * noise
        X[rows, 0] = radius * np.cos(angle) + jitter[:, 0]
        X[rows, 1] = radius * np.sin(angle) + jitter[:, 1]
        y[rows] = class_number
    return X, y


def xor(samples, classes, rng, noise=0.1, dtype=np.float32):
    """The XOR pattern: four square clusters, one per quadrant, 2 classes.

    Class 0 sits in the quadrants where x and y have the same sign (top right, bottom
    left), class 1 where their signs differ: the label is "x > 0 XOR y > 0". No single
    straight line separates the classes, which is why XOR needs a hidden layer.

    Each point is uniform in its quadrant between 0.1 and 0.9 from each axis, then
    jittered by ``noise * N(0, 1)`` per coordinate; at ``noise=0`` the label is exactly
    ``x * y < 0``. A class's first ceil(samples / 2) points go in its first quadrant.

    ``classes`` must be 2; it is asked for so every set is called the same way.
    Returns ``(X, y)``, see the module docstring.
    """
    noise, dtype = _check_classification_arguments(samples, classes, noise, rng, dtype)
    _check_two_classes("xor", classes)
    # The (x sign, y sign) of the two quadrants that hold each class.
    quadrants_of_class = {
        0: [(+1, +1), (-1, -1)],
        1: [(+1, -1), (-1, +1)],
    }
    X = np.zeros((samples * classes, 2), dtype=dtype)
    y = np.zeros(samples * classes, dtype=np.intp)
    for class_number in range(classes):
        rows = slice(samples * class_number, samples * (class_number + 1))
        first_quadrant, second_quadrant = quadrants_of_class[class_number]
        count_in_first = (samples + 1) // 2
        count_in_second = samples - count_in_first
        signs = np.array([first_quadrant] * count_in_first + [second_quadrant] * count_in_second)
        distance_from_axes = rng.uniform(0.1, 0.9, size=(samples, 2))
        jitter = rng.randn(samples, 2) * noise
        X[rows] = signs * distance_from_axes + jitter
        y[rows] = class_number
    return X, y


def blobs(samples, classes, rng, noise=0.1, dtype=np.float32):
    """Round Gaussian blobs, one per class, their centres evenly spaced on a circle.

    Class k's centre is at angle ``2 pi k / classes`` on the circle of radius 0.7, and
    its points are that centre plus ``noise * N(0, 1)`` per coordinate: ``noise`` is each
    blob's standard deviation, and at 0 every point sits on its centre.
    Returns ``(X, y)``, see the module docstring.
    """
    noise, dtype = _check_classification_arguments(samples, classes, noise, rng, dtype)
    centre_distance = 0.7
    X = np.zeros((samples * classes, 2), dtype=dtype)
    y = np.zeros(samples * classes, dtype=np.intp)
    for class_number in range(classes):
        rows = slice(samples * class_number, samples * (class_number + 1))
        centre_angle = 2 * np.pi * class_number / classes
        centre = centre_distance * np.array([np.cos(centre_angle), np.sin(centre_angle)])
        jitter = rng.randn(samples, 2) * noise
        X[rows] = centre + jitter
        y[rows] = class_number
    return X, y


def moons(samples, classes, rng, noise=0.1, dtype=np.float32):
    """Two interleaving half-moons, 2 classes.

    Both moons are half-circles of radius 2/3, with ``samples`` points evenly spaced
    along each, then jittered by ``noise * N(0, 1)`` per coordinate::

        a = linspace(0, pi, samples)
        class 0, arching up:    (-1/3, -1/6) + 2/3 * ( cos a,  sin a)
        class 1, arching down:  ( 1/3,  1/6) + 2/3 * (-cos a, -sin a)

    Each moon's tips reach into the other's hollow, so no straight line separates them.
    (These are scikit-learn's ``make_moons``, scaled by 2/3 and centred to fit in
    [-1, 1] x [-0.5, 0.5].) ``classes`` must be 2; it is asked for so every set is called
    the same way. Returns ``(X, y)``, see the module docstring.
    """
    noise, dtype = _check_classification_arguments(samples, classes, noise, rng, dtype)
    _check_two_classes("moons", classes)
    radius = 2 / 3
    # Class 0's centre and which way its moon faces, then class 1's.
    centre_of_class = {0: (-1 / 3, -1 / 6), 1: (1 / 3, 1 / 6)}
    direction_of_class = {0: +1, 1: -1}
    X = np.zeros((samples * classes, 2), dtype=dtype)
    y = np.zeros(samples * classes, dtype=np.intp)
    for class_number in range(classes):
        rows = slice(samples * class_number, samples * (class_number + 1))
        centre_x, centre_y = centre_of_class[class_number]
        direction = direction_of_class[class_number]
        angle = np.linspace(0, np.pi, samples)
        jitter = rng.randn(samples, 2) * noise
        X[rows, 0] = centre_x + direction * radius * np.cos(angle) + jitter[:, 0]
        X[rows, 1] = centre_y + direction * radius * np.sin(angle) + jitter[:, 1]
        y[rows] = class_number
    return X, y


# ---------------------------------------------------------------------------------------
# A registry, so a UI can offer the classification sets by name.
# ---------------------------------------------------------------------------------------

DATASETS = {
    "spiral": spiral,
    "vertical": vertical,
    "circles": circles,
    "xor": xor,
    "blobs": blobs,
    "moons": moons,
}

# Sets whose number of classes is fixed by their shape (or, for the digits, by the data).
FIXED_CLASSES = {"xor": 2, "moons": 2, "digits": 10}

# Each set's default noise (the same as its function's default).
DEFAULT_NOISE = {
    "spiral": 0.2,
    "vertical": 0.1,
    "circles": 0.05,
    "xor": 0.1,
    "blobs": 0.1,
    "moons": 0.1,
}


def make_classification(name, samples, classes, noise, rng, dtype=np.float32):
    """Make the classification set called ``name`` (a key of ``DATASETS``).

    ``make_classification("spiral", 100, 3, 0.2, rng)`` is ``spiral(100, 3, rng, 0.2)``.
    Returns ``(X, y)``, see the module docstring.
    """
    if name not in DATASETS:
        raise ValueError(f"name must be one of {sorted(DATASETS)}. Received: name={name!r}")
    make_dataset = DATASETS[name]
    return make_dataset(samples, classes, rng, noise=noise, dtype=dtype)


# ---------------------------------------------------------------------------------------
# Real images: handwritten digits.
# ---------------------------------------------------------------------------------------

DIGIT_SIDE = 8  # the images are DIGIT_SIDE x DIGIT_SIDE pixels
DIGIT_MAX_INK = 16  # a pixel's value: how many of its 4 x 4 dots were inked, 0 to 16


def scale_digit_pixels(pixels, dtype=np.float32):
    """Pixel values 0..16 -> [-1, 1], as the book scales Fashion-MNIST's 0..255::

    scaled = (pixels - 8) / 8        # the book: (X - 127.5) / 127.5
    """
    half = DIGIT_MAX_INK / 2
    return ((np.asarray(pixels, dtype=np.float64) - half) / half).astype(dtype)


def digits(rng, dtype=np.float32):
    """scikit-learn's 1,797 handwritten digits (its bundled ``load_digits``: no download).

    Each image is 8 x 8 pixels, flattened row by row into 64 inputs and scaled to [-1, 1]
    (``scale_digit_pixels``): -1 is blank paper, +1 full ink. ``y`` is the digit, 0 to 9.
    Returns ``X`` of shape ``(1797, 64)`` and ``y`` of shape ``(1797,)``, in the file's order.

    The images are fixed, so ``rng`` draws nothing; it is asked for so every set is called
    the same way (the split and the weights then draw from their own generators).
    """
    _check_rng(rng)
    dtype = _check_dtype(dtype)
    from sklearn.datasets import load_digits  # imported here: only this dataset needs it

    bunch = load_digits()
    return scale_digit_pixels(bunch.data, dtype), bunch.target.astype(np.intp)


# Datasets of images: a fixed number of samples and inputs; their loader takes (rng, dtype).
IMAGE_DATASETS = {"digits": digits}


# ---------------------------------------------------------------------------------------
# Holding data back to test on.
# ---------------------------------------------------------------------------------------


def _check_test_fraction(test_fraction):
    """Raise ValueError unless ``test_fraction`` is a number in [0, 1)."""
    if not isinstance(test_fraction, (int, float, np.integer, np.floating)) or not (
        0 <= test_fraction < 1
    ):
        raise ValueError(
            f"test_fraction must be a number in [0, 1). Received: test_fraction={test_fraction!r}"
        )


def _test_count(test_fraction, sample_count):
    """How many of ``sample_count`` samples go to the test set.

    ``test_fraction * sample_count`` rounded to the nearest integer; Python's ``round``
    sends an exact half to the even neighbour (``round(2.5) == 2``).
    """
    return round(test_fraction * sample_count)


def train_test_split(X, y, test_fraction, rng):
    """Split ``(X, y)`` at random into a training set and a test set.

    Returns ``(X_train, y_train, X_test, y_test)``. About ``test_fraction`` of the samples,
    chosen by ``rng.permutation``, go to the test set; the rest to the training set. Both
    keep the samples in their original order.

    Classification labels (``y`` a 1-D array of integer class indices) are split class
    by class, each class in the same proportion (stratified): ``round(test_fraction * n)``
    of a class's ``n`` samples are held out, so the test set has the same class balance.
    Other targets (e.g. sine's ``(N, 1)`` floats) are split as one group.

    ``test_fraction`` must be in [0, 1). At 0 every sample is for training, the test
    arrays are empty (``X_test.shape == (0, 2)`` for 2-D points), and ``rng`` draws
    nothing, so the random numbers that follow are exactly the book's.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    _check_rng(rng)
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same number of samples. Received: len(X)={len(X)}, "
            f"len(y)={len(y)}"
        )
    _check_test_fraction(test_fraction)

    all_indices = np.arange(len(X))
    if test_fraction == 0:
        train_indices = all_indices
        test_indices = all_indices[:0]
        return X[train_indices], y[train_indices], X[test_indices], y[test_indices]

    is_classification = y.ndim == 1 and np.issubdtype(y.dtype, np.integer)
    if is_classification:
        # The sample indices of each class, to be split separately.
        groups = {f"class {label}": np.flatnonzero(y == label) for label in np.unique(y)}
    else:
        groups = {"the data": all_indices}

    # Check every group before drawing, so a refused split uses up no random numbers.
    for group_name, group_indices in groups.items():
        if _test_count(test_fraction, len(group_indices)) == len(group_indices):
            raise ValueError(
                f"test_fraction is too large for {group_name}, which has "
                f"{len(group_indices)} sample(s): all would go to the test set, none to "
                f"training. Received: test_fraction={test_fraction!r}"
            )

    train_parts = []
    test_parts = []
    for group_indices in groups.values():
        test_count = _test_count(test_fraction, len(group_indices))
        shuffled = rng.permutation(group_indices)
        test_parts.append(shuffled[:test_count])
        train_parts.append(shuffled[test_count:])

    # Sorting puts the chosen samples back in their original order.
    train_indices = np.sort(np.concatenate(train_parts))
    test_indices = np.sort(np.concatenate(test_parts))
    return X[train_indices], y[train_indices], X[test_indices], y[test_indices]
