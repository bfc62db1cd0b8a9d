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


def mosaic(tiles, columns=MOSAIC_COLUMNS, gap=TILE_GAP, gap_fill=TILE_GAP_COLOR, background=255):
    """Tiles (n, h, w, 3) side by side, `columns` per row, each framed by `gap` grey pixels
    (so that an all-white map still shows as a square), on white. (Tiles of codes, (n, h, w),
    work too, with the codes of the frame and the background as `gap_fill` and `background`.)

    Each tile's row 0 is the bottom of its map, so each tile is flipped for the image (whose
    row 0 is the top). Returns pixels of shape (rows·(h+gap) + gap, columns·(w+gap) + gap, 3);
    tile i's top-left pixel is at (gap + row·(h+gap), gap + column·(w+gap)).
    """
    n_tiles, tile_height, tile_width = tiles.shape[:3]
    columns = min(columns, n_tiles)
    rows = -(-n_tiles // columns)
    shape = (rows * (tile_height + gap) + gap, columns * (tile_width + gap) + gap)
    pixels = np.full(shape + tiles.shape[3:], background, np.uint8)
    for index in range(n_tiles):
        row, column = divmod(index, columns)
        top = gap + row * (tile_height + gap)
        left = gap + column * (tile_width + gap)
        frame = pixels[top - gap : top + tile_height + gap, left - gap : left + tile_width + gap]
        frame[...] = gap_fill
        pixels[top : top + tile_height, left : left + tile_width] = tiles[index][::-1]
    return pixels


# --- the maps as a film: one byte per pixel (ui/figures/region_pictures.py, picture_clip) ---
# A hidden map's pixel is code SHADES + its shade (-SHADES to SHADES: vermillion to blue); an
# output map's is OUTPUT_CODES + k·(SHADES + 1) + its shade (0 to SHADES) for class k.
OUTPUT_CODES = 2 * SHADES + 1
GAP_CODE = 254
WHITE_CODE = 255


def map_codes(maps, is_output):
    """One byte per pixel for maps (n, h, w): the shades `signed_colors` or `probability_colors`
    paint, as codes of `map_code_colors`."""
    if is_output:
        shades = np.round(np.clip(maps, 0, 1) * SHADES).astype(int)
        classes = np.arange(len(maps))[:, None, None]
        return (OUTPUT_CODES + classes * (SHADES + 1) + shades).astype(np.uint8)
    largest = np.abs(maps).max(axis=(1, 2), keepdims=True)
    scaled = np.divide(maps, largest, out=np.zeros(maps.shape, np.float32), where=largest > 0)
    return (SHADES + np.round(scaled * SHADES)).astype(np.uint8)


def map_code_colors(n_classes):
    """The colour of every code of `map_codes`, (256, 3) uint8: the same sums as the still
    pictures' (`signed_colors`, `probability_colors`), the frame's grey, white."""
    colors = np.full((256, 3), 255, np.uint8)
    signed = (np.arange(2 * SHADES + 1) - SHADES) / SHADES
    colors[:OUTPUT_CODES] = signed_colors(signed.reshape(1, 1, -1))[0, 0]
    shades = np.arange(SHADES + 1) / SHADES
    for k in range(n_classes):
        start = OUTPUT_CODES + k * (SHADES + 1)
        colors[start : start + SHADES + 1] = probability_colors(
            shades.reshape(1, 1, -1), [class_color(k)]
        )[0, 0]
    colors[GAP_CODE] = TILE_GAP_COLOR
    return colors


def maps_picture(maps, is_output, columns):
    """A layer's maps (n, h, w) as one picture of codes for the film, row 0 at the bottom (the
    mosaic's last row), and its edges [left, right, bottom, top] on the figure's axes."""
    pixels = mosaic(map_codes(maps, is_output), columns, gap_fill=GAP_CODE, background=WHITE_CODE)
    rows, width = pixels.shape
    return pixels[::-1], [-0.5, width - 0.5, rows - 0.5, -0.5]


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


def activation_maps_figure(
    maps, class_names=None, dead=None, columns=MOSAIC_COLUMNS, height=None, film=False
):
    """One small map per neuron of its activation over the input plane (TF Playground's
    thumbnails), as one image: a mosaic of tiles, hover to see which neuron a tile is.

    maps: (neurons, cells, cells), row 0 at the bottom. Hidden neurons are coloured by sign
    (`signed_colors`); with class_names, the maps are the output layer's class probabilities,
    each in its class colour. dead: which neurons are dead (said on hover). columns: tiles
    per row; height: of the figure in pixels (default: from the mosaic's shape). film: leave
    the mosaic's image out, on a transparent plot: the browser paints it under the plot
    (`maps_picture`, played as a film).
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
    if not film:
        traces.insert(
            0,
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
        )
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
        "plot_bgcolor": "rgba(0,0,0,0)" if film else "white",
        "paper_bgcolor": "rgba(0,0,0,0)" if film else "white",
        "hovermode": "closest",
    }
    return figure_dict(traces, layout)
