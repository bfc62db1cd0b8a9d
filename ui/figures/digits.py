"""The Digits page's figures: arrays in, a Plotly figure (a plain dict) out. Pure functions.

- `confusion_figure`: which digit the network reads for which (a 10 x 10 heatmap);
- `weight_tiles_figure`: the first layer's weights, one 8 x 8 tile per neuron;
- `digit_strip_figure`: test images with the network's guess and confidence;
- `drawing_input_figure` and `probabilities_figure`: a drawn digit as the network sees it,
  and its ten softmax probabilities.

The images are drawn as heatmaps on one mosaic: tiles side by side, a blank (NaN) line between.
"""

import numpy as np

from ui.figures.style import FONT, NEGATIVE_COLOR, POSITIVE_COLOR, TEST_COLOR, packed

SIDE = 8  # an image is SIDE x SIDE pixels
RIGHT_COLOR = "#009E73"  # Okabe-Ito green: a right guess
WRONG_COLOR = TEST_COLOR  # vermillion: a wrong one
# Ink: -1 (paper) white, +1 black, as the digits were drawn.
INK_SCALE = [[0, "#FFFFFF"], [1, "#000000"]]
# A weight's sign: negative vermillion, 0 white, positive blue (as on the Network page).
WEIGHT_SCALE = [[0, NEGATIVE_COLOR], [0.5, "#FFFFFF"], [1, POSITIVE_COLOR]]
# A count: 0 white, the most blue.
COUNT_SCALE = [[0, "#FFFFFF"], [1, POSITIVE_COLOR]]


def mosaic(images, columns, gap=1):
    """n flattened images (n, SIDE²) -> one 2-D array of tiles in rows of `columns`, a line of
    NaN (drawn blank) `gap` wide between tiles."""
    images = np.asarray(images, dtype=np.float32).reshape(-1, SIDE, SIDE)
    rows = -(-len(images) // columns)
    step = SIDE + gap
    canvas = np.full((rows * step - gap, columns * step - gap), np.nan, dtype=np.float32)
    for index, image in enumerate(images):
        top, left = (index // columns) * step, (index % columns) * step
        canvas[top : top + SIDE, left : left + SIDE] = image
    return canvas


def image_heatmap(z, colorscale, zmin, zmax, **trace):
    """A heatmap trace of a 2-D array, its numbers packed as binary (with their shape)."""
    z = np.asarray(z, dtype=np.float32)
    return {
        "type": "heatmap",
        "z": {**packed(z.ravel()), "shape": f"{z.shape[0]},{z.shape[1]}"},
        "colorscale": colorscale,
        "zmin": zmin,
        "zmax": zmax,
        "hoverongaps": False,
        **trace,
    }


def image_layout(height, margin=None, **layout):
    """Square pixels, row 0 at the top, no axes: a picture."""
    hidden = {"visible": False, "showgrid": False, "zeroline": False}
    return {
        "height": height,
        "margin": margin or {"l": 10, "r": 10, "t": 40, "b": 10},
        "font": FONT,
        "xaxis": {**hidden, "constrain": "domain"},
        "yaxis": {**hidden, "autorange": "reversed", "scaleanchor": "x"},
        "plot_bgcolor": "white",
        **layout,
    }


def confusion_figure(counts, height=460):
    """counts[i, j]: test images of digit i read as j. Right answers fill the diagonal."""
    counts = np.asarray(counts)
    digits = [str(digit) for digit in range(len(counts))]
    trace = {
        "type": "heatmap",
        "z": counts.tolist(),
        "x": digits,
        "y": digits,
        "colorscale": COUNT_SCALE,
        "zmin": 0,
        "texttemplate": "%{z}",
        "hovertemplate": "digit %{y} read as %{x}: %{z} images<extra></extra>",
        "showscale": False,
    }
    layout = {
        "height": height,
        "margin": {"l": 70, "r": 10, "t": 40, "b": 60},
        "font": FONT,
        "title": {"text": "Test images: true digit → the network's answer", "font": FONT},
        "xaxis": {"title": {"text": "the network says"}, "type": "category", "side": "bottom"},
        "yaxis": {
            "title": {"text": "true digit"},
            "type": "category",
            "autorange": "reversed",
            "scaleanchor": "x",
        },
        "uirevision": "confusion",
    }
    return {"data": [trace], "layout": layout}


def weight_tiles_figure(weights, columns=8, max_neurons=64, height=460):
    """weights (64 inputs, n_neurons): neuron j's 64 weights drawn as an 8 x 8 tile, blue where
    ink raises its output, vermillion where ink lowers it. At most `max_neurons` tiles.

    The colours reach full strength at the 98th percentile of |weight|, not at the largest:
    a few large weights would otherwise leave every other tile pale."""
    weights = np.asarray(weights, dtype=np.float32)[:, :max_neurons]
    largest = float(np.percentile(np.abs(weights), 98)) or 1.0
    z = mosaic(weights.T, columns)
    trace = image_heatmap(z, WEIGHT_SCALE, -largest, largest, hoverinfo="skip", showscale=False)
    title = f"First layer: what each of {weights.shape[1]} neurons looks for"
    return {"data": [trace], "layout": image_layout(height, title={"text": title, "font": FONT})}


def digit_strip_figure(images, y_true, probabilities, height=170):
    """Test images in a row, each titled with the network's guess and its probability;
    wrong guesses in vermillion with a ✗, right ones in green."""
    images = np.asarray(images)
    probabilities = np.asarray(probabilities)
    guesses = probabilities.argmax(axis=1)
    annotations = []
    for index, (truth, guess) in enumerate(zip(y_true, guesses)):
        right = int(truth) == int(guess)
        confidence = probabilities[index, guess]
        mark = "" if right else f" ✗{int(truth)}"
        annotations.append(
            {
                "x": index * (SIDE + 1) + (SIDE - 1) / 2,
                "y": -0.6,
                "yanchor": "bottom",
                "text": f"<b>{int(guess)}</b> {confidence:.0%}{mark}",
                "showarrow": False,
                "font": {"size": 13, "color": RIGHT_COLOR if right else WRONG_COLOR},
            }
        )
    trace = image_heatmap(mosaic(images, len(images)), INK_SCALE, -1, 1, hoverinfo="skip")
    trace["showscale"] = False
    layout = image_layout(height, {"l": 10, "r": 10, "t": 30, "b": 5}, annotations=annotations)
    return {"data": [trace], "layout": layout}


def drawing_input_figure(pixel_counts, height=260):
    """A drawing reduced to 8 x 8 pixel counts 0..16: what the network reads."""
    z = np.asarray(pixel_counts, dtype=np.float32).reshape(SIDE, SIDE)
    trace = image_heatmap(
        z, INK_SCALE, 0, 16, showscale=False, hovertemplate="ink %{z:.0f} of 16<extra></extra>"
    )
    title = {"text": "Its 8 × 8 input", "font": FONT}
    return {"data": [trace], "layout": image_layout(height, title=title)}


def probabilities_figure(probabilities=None, height=260):
    """The ten softmax probabilities as bars, the most probable digit highlighted; None (nothing
    drawn yet) gives the same chart with no bars, so the page's elements stay the same."""
    drawn = probabilities is not None
    probabilities = np.asarray(probabilities if drawn else np.zeros(10), dtype=np.float64)
    guess = int(probabilities.argmax())
    colors = [POSITIVE_COLOR if digit == guess else "#B8B8B8" for digit in range(10)]
    title = f"Softmax: {guess} with {probabilities[guess]:.0%}" if drawn else "Softmax"
    trace = {
        "type": "bar",
        "x": [str(digit) for digit in range(10)],
        "y": probabilities.tolist(),
        "marker": {"color": colors},
        "hovertemplate": "digit %{x}: %{y:.1%}<extra></extra>",
    }
    layout = {
        "height": height,
        "margin": {"l": 50, "r": 10, "t": 40, "b": 40},
        "font": FONT,
        "title": {"text": title, "font": FONT},
        "xaxis": {"type": "category"},
        "yaxis": {"range": [0, 1], "tickformat": ".0%"},
        "plot_bgcolor": "white",
        "uirevision": "probabilities",
    }
    return {"data": [trace], "layout": layout}
