"""A picture of a digit -> the 8 x 8 input the digits network reads: the book's chapter 22.

The book ends by predicting a photo of a pair of trousers it took itself. The photo is not
like the training images, so it is first made like them: read in grey, resized to 28 x 28,
inverted (the photo is dark on white, Fashion-MNIST light on black), then scaled to [-1, 1].

A digit drawn on the Digits page goes the same way, to scikit-learn's 8 x 8 digits. Those were
made (UCI "optdigits") from 32 x 32 black-and-white scans, each digit fitted to the box,
cut into 8 x 8 blocks of 4 x 4 dots, each pixel counting its inked dots (0 to 16). So:

    grey picture (any size)
      -> ink in [0, 1]           grey / 255, inverted when the paper is light (the book's step)
      -> cropped to the ink      the drawing's bounding box
      -> fitted to 32 x 32       as tall as the box, centred, same shape but at most 24
                                 wide (the digits leave the outer columns nearly blank)
      -> 8 x 8 counts 0..16      the mean ink of each 4 x 4 block, times 16
      -> [-1, 1]                 scale_digit_pixels, as the training images

Pure NumPy, no Streamlit: `drawing_to_digit` is what the page calls and what the tests check.
"""

import numpy as np

from .datasets import DIGIT_MAX_INK, DIGIT_SIDE

BOX = 32  # the scans' side, in dots
BLOCK = BOX // DIGIT_SIDE  # 4 x 4 dots make one pixel
WIDEST = 24  # a digit is at most this many dots wide (the outer columns stay blank)
INK_THRESHOLD = 0.1  # ink below this is paper, when looking for the drawing's edges
SUPERSAMPLING = 4  # resizing averages SUPERSAMPLING² samples per output dot


def grey_to_ink(grey):
    """Grey values 0..255 -> ink in [0, 1]: 1 where drawn.

    The book inverts its photo (dark on white) to match its data (light on black); here the
    same when most of the picture is light, i.e. the paper is white.
    """
    ink = np.clip(np.asarray(grey, dtype=np.float64) / 255, 0, 1)
    if ink.mean() > 0.5:
        ink = 1 - ink
    return ink


def crop_to_ink(ink):
    """The smallest rectangle holding every dot with ink >= INK_THRESHOLD, or None if blank."""
    rows = np.flatnonzero((ink >= INK_THRESHOLD).any(axis=1))
    columns = np.flatnonzero((ink >= INK_THRESHOLD).any(axis=0))
    if len(rows) == 0:
        return None
    return ink[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]


def resize_by_area(image, height, width):
    """`image` resized to height x width, each output dot the mean of the input under it.

    Sampled on a grid SUPERSAMPLING times finer than the output, then averaged in blocks, so
    a thin stroke shrinks to a fainter dot instead of vanishing between samples.
    """
    fine_height, fine_width = height * SUPERSAMPLING, width * SUPERSAMPLING
    # The centre of each fine sample, in the input's pixels.
    fine_rows = (np.arange(fine_height) + 0.5) * image.shape[0] / fine_height
    fine_columns = (np.arange(fine_width) + 0.5) * image.shape[1] / fine_width
    fine = image[fine_rows.astype(int)][:, fine_columns.astype(int)]
    return fine.reshape(height, SUPERSAMPLING, width, SUPERSAMPLING).mean(axis=(1, 3))


def fit_to_box(drawing):
    """The cropped drawing scaled to BOX dots high, centred in a BOX x BOX square of blank
    paper. Its width follows (same shape), but at most WIDEST: a wide drawing is squeezed,
    as the scanned digits, which all fill their box's height, are."""
    height, width = drawing.shape
    new_width = max(1, min(WIDEST, round(width * BOX / height)))
    box = np.zeros((BOX, BOX))
    left = (BOX - new_width) // 2
    box[:, left : left + new_width] = resize_by_area(drawing, BOX, new_width)
    return box


def drawing_to_digit(grey):
    """A grey picture (2-D, values 0..255, dark ink on white or light ink on black) -> the
    8 x 8 pixel counts 0..16 of scikit-learn's digits. A blank picture gives all zeros.

    Raises ValueError for anything that is not a 2-D picture of at least 8 x 8 finite values.
    """
    grey = np.asarray(grey, dtype=np.float64)
    if grey.ndim != 2 or min(grey.shape) < DIGIT_SIDE or not np.isfinite(grey).all():
        raise ValueError(
            "grey must be a 2-D picture of at least 8 x 8 finite values. "
            f"Received: shape {grey.shape}"
        )
    drawing = crop_to_ink(grey_to_ink(grey))
    if drawing is None:
        return np.zeros((DIGIT_SIDE, DIGIT_SIDE))
    box = fit_to_box(drawing)
    blocks = box.reshape(DIGIT_SIDE, BLOCK, DIGIT_SIDE, BLOCK).mean(axis=(1, 3))
    return blocks * DIGIT_MAX_INK
