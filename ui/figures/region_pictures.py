"""The decision regions as compact pictures that the browser plays like a film.

While the network trains, the Playground takes a picture of its decision regions several times
per animation frame and sends them together, as a *clip*; the browser plays the clip at a
steady pace, blending one picture into the next (ui/charts/browser/region_player.js). A
picture is one byte per grid cell:

    code = winning class · 32 + confidence level,   level = round(31 · confidence)
    confidence = (p_max − 1/K) / (1 − 1/K)          (0: all K classes equally likely; 1: sure)

and a clip is its pictures, one after the other, compressed with zlib (~1 kB a picture for a
120 × 120 grid). The browser colours a code exactly as `code_colors` does here: the class's
colour faded towards white as the network is less sure, as `region_colors` does for a still
picture.

Pure functions, arrays in, a plain dict out (what the live chart's JavaScript reads).
"""

import base64
import zlib

import numpy as np

from ui.figures.style import class_color, hex_to_rgb

LEVELS = 32  # confidence levels per class: 5 bits, and 3 bits for up to 8 classes
# A cell's colour: white + (class colour − white) · strength, strength from LIGHTEST (not sure
# at all) to LIGHTEST + STRONGEST (sure). Never fully saturated: the data points stay visible.
LIGHTEST = 0.12
STRONGEST = 0.6


def region_codes(probabilities):
    """One byte per cell, (H, W) uint8, for class probabilities (H, W, K), K <= 8.

    Cells whose probabilities are not finite (a broken network) get confidence 0.
    """
    n_classes = probabilities.shape[-1]
    if n_classes > 256 // LEVELS:
        raise ValueError(f"at most {256 // LEVELS} classes fit a byte. Received: {n_classes}")
    winner = np.argmax(probabilities, axis=-1)
    p_max = np.max(probabilities, axis=-1)
    with np.errstate(invalid="ignore"):
        confidence = np.clip((p_max - 1 / n_classes) / (1 - 1 / n_classes), 0, 1)
    confidence[~np.isfinite(confidence)] = 0
    level = np.round(confidence * (LEVELS - 1)).astype(np.uint8)
    return (winner * LEVELS + level).astype(np.uint8)


def code_colors(codes, n_classes):
    """RGB pixels (..., 3) uint8 of codes: what the browser paints for them."""
    palette = np.stack([hex_to_rgb(class_color(k)) for k in range(n_classes)])
    winner = np.minimum(codes // LEVELS, n_classes - 1)
    strength = LIGHTEST + STRONGEST * (codes % LEVELS) / (LEVELS - 1)
    white = np.float32(255)
    pixels = white + (palette[winner] - white) * strength[..., None]
    return np.round(pixels).astype(np.uint8)


def regions_clip(pictures, epochs, extent, n_classes, playing, seconds):
    """The clip the browser plays: `pictures` (a list of (H, W) codes, oldest first, row 0 at
    the bottom of the plot) taken at `epochs`, over `extent` (x_min, x_max, y_min, y_max).

    playing: the run goes on, so the browser plays the pictures one after the other over
    `seconds` (about the time until the next clip comes); not playing, it shows the last one at
    once (Pause, Step, Reset: the run's true state, now).
    """
    stack = np.ascontiguousarray(np.stack(pictures), dtype=np.uint8)
    count, height, width = stack.shape
    if len(epochs) != count:
        raise ValueError(f"one epoch per picture. Received: {len(epochs)} for {count}")
    palette = [hex_to_rgb(class_color(k)).astype(int).tolist() for k in range(n_classes)]
    return {
        "pictures": base64.b64encode(zlib.compress(stack.tobytes(), 6)).decode("ascii"),
        "count": count,
        "width": width,
        "height": height,
        "epochs": [int(epoch) for epoch in epochs],
        "extent": [float(value) for value in extent],
        "palette": palette,
        "levels": LEVELS,
        "lightest": LIGHTEST,
        "strongest": STRONGEST,
        "playing": bool(playing),
        "seconds": float(seconds),
    }


def clip_pictures(clip):
    """The pictures of a clip, (count, H, W) uint8: the reverse of `regions_clip`."""
    raw = zlib.decompress(base64.b64decode(clip["pictures"]))
    return np.frombuffer(raw, np.uint8).reshape(clip["count"], clip["height"], clip["width"])
