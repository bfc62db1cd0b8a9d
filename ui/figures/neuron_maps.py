"""What each neuron sees: one small map per neuron of its output over the input plane (TF
Playground's thumbnails), all of a layer's maps as one mosaic image. Arrays in, a Plotly figure
as a plain dict out; no Streamlit.

A hidden neuron's map is blue where its output is positive and vermillion where negative
(style.POSITIVE_COLOR and NEGATIVE_COLOR); an output neuron's map is its class probability, in
its class colour.
"""

import numpy as np

from ui.figures.layer_outputs import MAX_NEURONS_SHOWN, layer_outputs
from ui.figures.style import (
    FONT,
    NEGATIVE_COLOR,
    POSITIVE_COLOR,
    class_color,
    figure_dict,
    hex_to_rgb,
    png_data_uri,
)

TILE_GAP_COLOR = (215, 215, 215)
TILE_GAP = 3  # pixels between two activation maps in a mosaic
MOSAIC_COLUMNS = 8
SHADES = 10  # colour steps from 0 to the largest value in an activation map


def activation_maps(network, grid_points, cells, max_neurons=MAX_NEURONS_SHOWN):
    """Each neuron's activation over a cells × cells grid of the input plane, layer by layer.

    Returns one array per layer (hidden layers, then the output layer) of shape
    (shown neurons, cells, cells); row 0 of each map is the bottom of the plane.
    """
    maps = []
    for outputs in layer_outputs(network, grid_points):
        shown = outputs[:, :max_neurons]
        maps.append(shown.T.reshape(shown.shape[1], cells, cells))
    return maps


def signed_colors(maps):
    """RGB pixels (n, h, w, 3) for n maps of activations of any sign: white at 0, blue for a
    map's largest positive value, vermillion for its most negative one (each map on the scale
    of its own largest |a|), in SHADES steps per sign: bands like a contour map, and a PNG a
    third the size of a smooth one."""
    largest = np.abs(maps).max(axis=(1, 2), keepdims=True)
    scaled = np.divide(maps, largest, out=np.zeros(maps.shape, np.float32), where=largest > 0)
    scaled = np.round(scaled * SHADES) / SHADES
    white = np.float32(255)
    target = np.where(
        (scaled >= 0)[..., None], hex_to_rgb(POSITIVE_COLOR), hex_to_rgb(NEGATIVE_COLOR)
    )
    pixels = white + (target - white) * (0.9 * np.abs(scaled))[..., None]
    return np.round(pixels).astype(np.uint8)


def probability_colors(maps, colors):
    """RGB pixels (n, h, w, 3) for n maps of probabilities in [0, 1]: white at 0, map k's
    colour colors[k] at 1 (SHADES steps)."""
    shaded = np.round(np.clip(maps, 0, 1) * SHADES) / SHADES
    white = np.float32(255)
    targets = np.stack([hex_to_rgb(color) for color in colors])[:, None, None, :]
    pixels = white + (targets - white) * (0.9 * shaded)[..., None]
    return np.round(pixels).astype(np.uint8)


def mosaic(tiles, columns=MOSAIC_COLUMNS, gap=TILE_GAP):
    """Tiles (n, h, w, 3) side by side, `columns` per row, each framed by `gap` grey pixels
    (so that an all-white map still shows as a square), on white.

    Each tile's row 0 is the bottom of its map, so each tile is flipped for the image (whose
    row 0 is the top). Returns pixels of shape (rows·(h+gap) + gap, columns·(w+gap) + gap, 3);
    tile i's top-left pixel is at (gap + row·(h+gap), gap + column·(w+gap)).
    """
    n_tiles, tile_height, tile_width, _ = tiles.shape
    columns = min(columns, n_tiles)
    rows = -(-n_tiles // columns)
    pixels = np.full(
        (rows * (tile_height + gap) + gap, columns * (tile_width + gap) + gap, 3), 255, np.uint8
    )
    for index in range(n_tiles):
        row, column = divmod(index, columns)
        top = gap + row * (tile_height + gap)
        left = gap + column * (tile_width + gap)
        frame = pixels[top - gap : top + tile_height + gap, left - gap : left + tile_width + gap]
        frame[...] = TILE_GAP_COLOR
        pixels[top : top + tile_height, left : left + tile_width] = tiles[index][::-1]
    return pixels


def mosaic_columns(n_maps, max_columns):
    """Tiles per row for n maps, at most max_columns.

    Full rows when a divisor of n is close enough to max_columns (64 maps, at most 21 a row:
    4 rows of 16); else as few rows as fit, filled evenly (50 maps, at most 24: 17, 17, 16).
    """
    max_columns = max(1, max_columns)
    divisors = [columns for columns in range(1, max_columns + 1) if n_maps % columns == 0]
    if divisors[-1] * 2 >= min(max_columns, n_maps):
        return divisors[-1]
    rows = -(-n_maps // max_columns)
    return -(-n_maps // rows)


def mosaic_widths(map_counts, tiles_across):
    """Tiles per row of each layer's mosaic, for every layer side by side at one tile size.

    map_counts: how many maps each layer has, the output layer last. The output layer gets at
    most 4 a row; the hidden layers share the rest of about tiles_across tiles, at least 8 each.
    """
    output_columns = mosaic_columns(map_counts[-1], 4)
    hidden_limit = max(8, (tiles_across - output_columns) // (len(map_counts) - 1))
    hidden_columns = [mosaic_columns(count, hidden_limit) for count in map_counts[:-1]]
    return hidden_columns + [output_columns]


def activation_maps_figure(maps, class_names=None, dead=None, columns=MOSAIC_COLUMNS, height=None):
    """One small map per neuron of its activation over the input plane (TF Playground's
    thumbnails), as one image: a mosaic of tiles, hover to see which neuron a tile is.

    maps: (neurons, cells, cells), row 0 at the bottom. Hidden neurons are coloured by sign
    (`signed_colors`); with class_names, the maps are the output layer's class probabilities,
    each in its class colour. dead: which neurons are dead (said on hover). columns: tiles
    per row; height: of the figure in pixels (default: from the mosaic's shape).
    """
    n_maps, cells, _ = maps.shape
    if class_names is None:
        tiles = signed_colors(maps)
    else:
        tiles = probability_colors(maps, [class_color(k) for k in range(n_maps)])
    columns = min(columns, n_maps)
    pixels = mosaic(tiles, columns)
    step = cells + TILE_GAP
    label_x, label_y, centre_x, centre_y, texts, labels = [], [], [], [], [], []
    for index, single_map in enumerate(maps):
        row, column = divmod(index, columns)
        left = TILE_GAP + column * step
        top = TILE_GAP + row * step
        centre_x.append(left + cells / 2)
        centre_y.append(top + cells / 2)
        label_x.append(left + 2)
        label_y.append(top + 2)
        if class_names is None:
            name = f"neuron {index + 1}"
            labels.append(str(index + 1))
            state = " (dead: 0 on every training point)" if dead is not None and dead[index] else ""
        else:
            name = class_names[index]
            labels.append(str(index))  # the class number: the tiles can be small
            state = ""
        texts.append(f"{name}{state}<br>from {single_map.min():.3g} to {single_map.max():.3g}")
    traces = [
        {
            "type": "image",
            "source": png_data_uri(pixels),
            "x0": 0,
            "y0": 0,
            "dx": 1,
            "dy": 1,
            "hoverinfo": "skip",
            "name": "activation maps",
        },
        {
            "type": "scatter",
            "x": np.array(centre_x),
            "y": np.array(centre_y),
            "mode": "markers",
            "marker": {"size": 30, "opacity": 0, "symbol": "square"},
            "text": texts,
            "hovertemplate": "%{text}<extra></extra>",
            "showlegend": False,
            "name": "neurons",
        },
        {
            "type": "scatter",
            "x": np.array(label_x),
            "y": np.array(label_y),
            "mode": "text",
            "text": labels,
            "textposition": "bottom right",
            "textfont": {"size": 13, "color": "#333333"},
            "hoverinfo": "skip",
            "showlegend": False,
            "name": "labels",
        },
    ]
    rows = pixels.shape[0]
    hidden_axis = {"visible": False, "showgrid": False, "zeroline": False}
    layout = {
        "height": height or int(np.clip(rows * 2.2 + 30, 140, 720)),
        "margin": {"l": 5, "r": 5, "t": 5, "b": 5},
        "font": FONT,
        "xaxis": {**hidden_axis, "range": [-0.5, pixels.shape[1] - 0.5], "constrain": "domain"},
        "yaxis": {
            **hidden_axis,
            "range": [rows - 0.5, -0.5],
            "scaleanchor": "x",
            "constrain": "domain",
        },
        "plot_bgcolor": "white",
        "hovermode": "closest",
    }
    return figure_dict(traces, layout)
