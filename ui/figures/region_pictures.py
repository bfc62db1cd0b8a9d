"""Films: compact pictures of a run, taken while it trains, that the browser plays.

While the network trains, an animated page keeps a picture of its chart several times per
animation frame and sends them together, as a *clip*; the browser plays the clip at a steady
pace, blending one picture into the next (ui/charts/browser/film_player.js). Three kinds:

- `regions_clip`: the decision regions (Playground, Network, Compare: one panel per run);
- `picture_clip`: any pictures of one-byte codes and their colour table (the Network page's
  neuron maps, ui/figures/neuron_maps.py);
- `curve_clip`: the y values of one line (the Regression page's fitted curve).

A decision-region picture is one byte per grid cell:

    code = winning class · 24 + confidence level,   level = round(23 · confidence)
    confidence = (p_max − 1/K) / (1 − 1/K)          (0: all K classes equally likely; 1: sure)

and a clip is its pictures, one after the other, each row stored as the differences between
neighbouring cells (`left_differences`), compressed with zlib (0.5-2 kB a picture for the
80 × 80 grid of a playing run), with the colour of every code (`code_colors`: the class's
colour faded towards white as the network is less sure, as `region_colors` does for a still
picture).

Pure functions, arrays in, a plain dict out (what the live chart's JavaScript reads). Its
arrays travel as raw `bytes`, not as base64 text (a third bigger): the live chart sends them
as binary parts of its message (ui/charts/live_chart.py, `packed_message`).
"""

import zlib

import numpy as np

from ui.figures.style import class_color, hex_to_rgb

# Confidence levels per class: 24 × 8 classes = 192 codes fit a byte. A clip of 24 levels
# compresses to about 86 % of one of 32; 16 levels (70 %) showed bands of equal shade at
# 1920 × 1080 where the confidence changes slowly, 24 look as smooth as 32 (benchmarks/README.md).
LEVELS = 24
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


def picture_clip(
    pictures, epochs, colors, panels, playing, seconds, smooth=True, row_differences=False
):
    """The clip the browser plays: `pictures` (count, n_panels, H, W) uint8 codes, oldest first,
    taken at `epochs`; each code painted in its colour, `colors` (n_codes ≤ 256, 3) uint8 RGB.

    panels: where each panel of a picture is painted, [{"xaxis": "x", "yaxis": "y", "extent":
    [x at its left edge, x at its right edge, y at its bottom edge, y at its top edge]}]; a
    panel's row 0 is its bottom. smooth: scaled up smoothly (maps of a plane) or to crisp blocks.
    row_differences: send each row as `left_differences` (smaller for pictures whose codes
    change smoothly, as decision regions' do; not for mosaics of small maps with sharp edges).

    playing: the run goes on, so the browser plays the pictures one after the other over
    `seconds` (about the time until the next clip comes); not playing, it shows the last one at
    once (Pause, Step, Reset: the run's true state, now).
    """
    stack = np.ascontiguousarray(pictures, dtype=np.uint8)
    count, n_panels, height, width = stack.shape
    if len(epochs) != count:
        raise ValueError(f"one epoch per picture. Received: {len(epochs)} for {count}")
    if len(panels) != n_panels:
        raise ValueError(f"one panel description per panel. Received: {len(panels)} for {n_panels}")
    colors = np.ascontiguousarray(colors, dtype=np.uint8)
    sent = left_differences(stack) if row_differences else stack
    return {
        "kind": "pictures",
        "pictures": zlib.compress(sent.tobytes(), 6),
        "row_differences": bool(row_differences),
        "count": count,
        "width": width,
        "height": height,
        "panels": [dict(panel, extent=[float(v) for v in panel["extent"]]) for panel in panels],
        "colors": colors.tobytes(),
        "smooth": bool(smooth),
        "epochs": [int(epoch) for epoch in epochs],
        "playing": bool(playing),
        "seconds": float(seconds),
    }


def left_differences(pictures):
    """Each cell's code minus the code of the cell on its left, modulo 256 (a row's first cell
    stays as it is): PNG's "Sub" filter. The confidence changes smoothly across the plane, so
    neighbours differ by 0 or ±1 most of the time, and zlib finds the same few bytes again and
    again: a clip of the Playground's regions compresses to about 7/8 of the plain codes
    (issue #11). (A mosaic of neuron maps, sharp-edged, compresses 4 % better without.)
    `clip_pictures` and the browser (picture_screen.js) add them up again."""
    codes = np.asarray(pictures, dtype=np.uint8)
    differences = codes.copy()
    differences[..., 1:] -= codes[..., :-1]  # uint8 arithmetic wraps modulo 256
    return differences


def regions_clip(pictures, epochs, extent, n_classes, playing, seconds, axes=(("x", "y"),)):
    """A clip of decision regions: `pictures` a list of `region_codes`, (H, W) each, or (n_panels,
    H, W) for one panel per pair of `axes` (Compare's small maps), taken at `epochs`, on a grid
    whose points span `extent` (x_min, x_max, y_min, y_max). See `picture_clip`."""
    stack = np.asarray(pictures, dtype=np.uint8)
    if stack.ndim == 3:
        stack = stack[:, None]
    edges = cell_edges(extent, stack.shape[2], stack.shape[3])
    panels = [{"xaxis": x, "yaxis": y, "extent": edges} for x, y in axes]
    colors = code_colors(np.arange(n_classes * LEVELS), n_classes)
    return picture_clip(stack, epochs, colors, panels, playing, seconds, row_differences=True)


def cell_edges(extent, height, width):
    """The outer edges of a grid of height × width points spanning `extent`: each point is the
    centre of a cell, so the picture reaches half a cell beyond the first and last points."""
    x_min, x_max, y_min, y_max = extent
    half_x = (x_max - x_min) / (width - 1) / 2
    half_y = (y_max - y_min) / (height - 1) / 2
    return [x_min - half_x, x_max + half_x, y_min - half_y, y_max + half_y]


def curve_clip(curves, epochs, trace_uid, playing, seconds):
    """A clip of one line's y values: `curves` (count, n_points), one row per picture taken at
    `epochs`, for the trace whose uid is `trace_uid` (its x values stay as the figure has them).

    Each value travels as an int16 times `scale` (the largest |y| / 32767: a precision of
    1/32767 of the curve's height), little-endian: 2 bytes a point."""
    curves = np.asarray(curves, dtype=np.float64)
    count, length = curves.shape
    if len(epochs) != count:
        raise ValueError(f"one epoch per curve. Received: {len(epochs)} for {count}")
    finite = np.nan_to_num(curves, nan=0.0, posinf=0.0, neginf=0.0)
    largest = float(np.abs(finite).max()) if finite.size else 0.0
    scale = largest / 32767 if largest > 0 else 1.0
    values = np.round(finite / scale).astype("<i2")
    return {
        "kind": "curve",
        "trace": trace_uid,
        "values": values.tobytes(),
        "count": count,
        "length": length,
        "scale": scale,
        "epochs": [int(epoch) for epoch in epochs],
        "playing": bool(playing),
        "seconds": float(seconds),
    }


def curve_values(clip):
    """The y values of a curve clip, (count, n_points): the reverse of `curve_clip`."""
    values = np.frombuffer(clip["values"], "<i2")
    return values.reshape(clip["count"], clip["length"]) * clip["scale"]


def clip_pictures(clip):
    """The pictures of a clip, (count, n_panels, H, W) uint8: the reverse of `picture_clip`."""
    raw = zlib.decompress(clip["pictures"])
    shape = (clip["count"], len(clip["panels"]), clip["height"], clip["width"])
    codes = np.frombuffer(raw, np.uint8).reshape(shape)
    if clip["row_differences"]:
        codes = np.cumsum(codes, axis=-1, dtype=np.uint8)  # along each row, modulo 256
    return codes


def clip_colors(clip):
    """The colour table of a picture clip, (n_codes, 3) uint8."""
    return np.frombuffer(clip["colors"], np.uint8).reshape(-1, 3)
