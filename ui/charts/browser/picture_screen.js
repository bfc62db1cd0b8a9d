// Pictures painted on small canvases under a Plotly chart's plot area: the decision regions
// (Playground, Network, Compare) and the neuron maps (Network), played by a FilmPlayer.
//
// A clip's pictures are one byte per cell, each byte a code in the clip's colour table,
// zlib-compressed; the decision regions' rows as the differences between neighbouring cells
// (ui/figures/region_pictures.py, picture_clip and left_differences). A picture may have several
// panels, each painted inside its own pair of axes (Compare: one small map per run). Row 0 of
// a panel is its bottom; `extent` [x at its left edge, x at its right edge, y at its bottom
// edge, y at its top edge] says where its edges lie in the axes' data coordinates.

// Every code's colour, 0-255, as RGBA bytes (codes past the clip's table are white).
export function colorTable(clip) {
  const rgb = clip.colors; // raw bytes (live_chart.py sends them as binary parts)
  const table = new Uint8ClampedArray(256 * 4).fill(255);
  for (let code = 0; code < rgb.length / 3; code += 1) {
    table.set(rgb.subarray(code * 3, code * 3 + 3), code * 4);
  }
  return table;
}

// One panel as a small canvas, one pixel per cell, top row first. Each pixel's four bytes are
// written as one 32-bit number (`table` seen as Uint32Array): the same bytes in the same order,
// without a copy per pixel.
function panelCanvas(codes, offset, width, height, table) {
  const image = new ImageData(width, height);
  const pixels = new Uint32Array(image.data.buffer);
  const colors = new Uint32Array(table.buffer);
  for (let row = 0; row < height; row += 1) {
    const source = offset + (height - 1 - row) * width;
    const target = row * width;
    for (let column = 0; column < width; column += 1) {
      pixels[target + column] = colors[codes[source + column]];
    }
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d").putImageData(image, 0, 0);
  return canvas;
}

// Each row came as differences from the cell on its left: add them up again along the row
// (a Uint8Array keeps every sum modulo 256, as the differences were taken).
function addUpRows(codes, width) {
  for (let rowStart = 0; rowStart < codes.length; rowStart += width) {
    for (let index = rowStart + 1; index < rowStart + width; index += 1) {
      codes[index] += codes[index - 1];
    }
  }
  return codes;
}

// The clip's pictures: [{epoch, panels: [a canvas per panel]}], oldest first.
export async function decodePictures(clip) {
  const received = await inflate(clip.pictures);
  const codes = clip.row_differences ? addUpRows(received, clip.width) : received;
  const table = colorTable(clip);
  const size = clip.width * clip.height;
  return clip.epochs.map((epoch, index) => ({
    epoch,
    panels: clip.panels.map((_, panel) =>
      panelCanvas(codes, (index * clip.panels.length + panel) * size, clip.width, clip.height, table),
    ),
  }));
}

// Pixel offset of a data value along a linear axis, from the axis's start (left or top). (The
// fitted curve's canvas uses it too: curve_screen.js, joined after this file.)
function pixelOf(value, axis, vertical) {
  const [low, high] = axis.range;
  const share = (value - low) / (high - low);
  return (vertical ? 1 - share : share) * axis._length;
}

// Where a panel's picture goes, in CSS pixels: `box`, its plot area (the picture is cut at its
// edges), and `picture`, the picture's edges, from the box's top left corner.
export function panelPlace(extent, xAxis, yAxis) {
  const [xLeft, xRight, yBottom, yTop] = extent;
  const left = pixelOf(xLeft, xAxis, false);
  const top = pixelOf(yTop, yAxis, true);
  return {
    box: { left: xAxis._offset, top: yAxis._offset, width: xAxis._length, height: yAxis._length },
    picture: {
      left,
      top,
      width: pixelOf(xRight, xAxis, false) - left,
      height: pixelOf(yBottom, yAxis, true) - top,
    },
  };
}

function placeElement(element, { left, top, width, height }) {
  Object.assign(element.style, {
    left: `${left}px`,
    top: `${top}px`,
    width: `${width}px`,
    height: `${height}px`,
  });
}

// Each panel is a canvas of the picture's own size (one pixel per cell), which the browser
// scales up to the panel's edges on the screen (CSS width and height), inside a box the size
// of its plot area. So a screen refresh blends two small pictures (80 × 80 cells): the
// scaling, which cost the page's main thread most of its time when it was drawn on a canvas
// as big as the chart, is the compositor's, and the page stays free to answer a click.
export class PictureScreen {
  constructor(plot) {
    this.plot = plot;
    this.layer = document.createElement("div"); // under Plotly's drawing, the chart's size
    Object.assign(this.layer.style, {
      position: "absolute",
      left: "0",
      top: "0",
      width: "100%",
      height: "100%",
      pointerEvents: "none",
    });
    this.panels = [];
    this.smooth = true;
    this.views = []; // per panel: {box, canvas, place}, `place` a string of where they are
    this.last = null; // what was painted last: [shown, next, share]
  }

  decode(clip) {
    this.panels = clip.panels;
    this.smooth = clip.smooth;
    return decodePictures(clip);
  }

  // Keep the pictures under Plotly's drawing (Plotly may rebuild its container).
  attach() {
    const container = this.plot.querySelector(".svg-container");
    if (container && this.layer.parentNode !== container) {
      container.insertBefore(this.layer, container.firstChild);
    }
  }

  // A panel's box and canvas, made the first time it is painted.
  view(index) {
    if (!this.views[index]) {
      const box = document.createElement("div");
      Object.assign(box.style, { position: "absolute", overflow: "hidden" });
      const canvas = document.createElement("canvas");
      canvas.className = "region-pictures";
      canvas.style.position = "absolute";
      box.appendChild(canvas);
      this.layer.appendChild(box);
      this.views[index] = { box, canvas, place: null };
    }
    return this.views[index];
  }

  // Zoom, pan, resize: the pictures follow the axes.
  repaint() {
    if (this.last) {
      this.paint(...this.last);
    }
  }

  paint(shown, next, share) {
    this.last = [shown, next, share];
    this.attach();
    const layout = this.plot._fullLayout;
    this.panels.forEach((panel, index) => {
      const xAxis = layout[`xaxis${panel.xaxis.slice(1)}`];
      const yAxis = layout[`yaxis${panel.yaxis.slice(1)}`];
      if (xAxis && yAxis) {
        const view = this.view(index);
        this.place(view, panelPlace(panel.extent, xAxis, yAxis));
        this.mix(view.canvas, shown.panels[index], next?.panels[index], share);
      }
    });
  }

  // Move a panel's box and canvas, only when the axes moved (styles left alone cost nothing).
  place(view, { box, picture }) {
    const place = JSON.stringify([box, picture, this.smooth]);
    if (view.place !== place) {
      view.place = place;
      placeElement(view.box, box);
      placeElement(view.canvas, picture);
      view.canvas.style.imageRendering = this.smooth ? "auto" : "pixelated";
    }
  }

  // The shown picture with the next one over it at `share` opacity, on the panel's canvas.
  mix(canvas, shown, next, share) {
    if (canvas.width !== shown.width || canvas.height !== shown.height) {
      canvas.width = shown.width;
      canvas.height = shown.height;
    }
    const context = canvas.getContext("2d");
    context.globalAlpha = 1;
    context.drawImage(shown, 0, 0);
    if (next && share > 0) {
      context.globalAlpha = share;
      context.drawImage(next, 0, 0, shown.width, shown.height);
    }
  }
}
