// Pictures painted by the browser on a canvas under a Plotly chart's plot area: the decision
// regions (Playground, Network, Compare) and the neuron maps (Network), played by a FilmPlayer.
//
// A clip's pictures are one byte per cell, zlib-compressed, each byte a code in the clip's
// colour table (ui/figures/region_pictures.py, picture_clip). A picture may have several
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

// One panel as a small canvas, one pixel per cell, top row first.
function panelCanvas(codes, offset, width, height, table) {
  const image = new ImageData(width, height);
  for (let row = 0; row < height; row += 1) {
    const source = offset + (height - 1 - row) * width;
    for (let column = 0; column < width; column += 1) {
      const code = codes[source + column];
      image.data.set(table.subarray(code * 4, code * 4 + 4), (row * width + column) * 4);
    }
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d").putImageData(image, 0, 0);
  return canvas;
}

// The clip's pictures: [{epoch, panels: [a canvas per panel]}], oldest first.
export async function decodePictures(clip) {
  const codes = await inflate(clip.pictures);
  const table = colorTable(clip);
  const size = clip.width * clip.height;
  return clip.epochs.map((epoch, index) => ({
    epoch,
    panels: clip.panels.map((_, panel) =>
      panelCanvas(codes, (index * clip.panels.length + panel) * size, clip.width, clip.height, table),
    ),
  }));
}

// Pixel offset of a data value along a linear axis, from the axis's start (left or top).
function pixelOf(value, axis, vertical) {
  const [low, high] = axis.range;
  const share = (value - low) / (high - low);
  return (vertical ? 1 - share : share) * axis._length;
}

export class PictureScreen {
  constructor(plot) {
    this.plot = plot;
    this.canvas = document.createElement("canvas");
    this.canvas.className = "region-pictures";
    Object.assign(this.canvas.style, {
      position: "absolute",
      left: "0",
      top: "0",
      pointerEvents: "none",
    });
    this.panels = [];
    this.smooth = true;
    this.mixers = []; // a small canvas per panel, where two pictures are blended
    this.last = null; // what was painted last: [shown, next, share]
  }

  decode(clip) {
    this.panels = clip.panels;
    this.smooth = clip.smooth;
    return decodePictures(clip);
  }

  // Keep the canvas under Plotly's drawing (Plotly may rebuild its container).
  attach() {
    const container = this.plot.querySelector(".svg-container");
    if (container && this.canvas.parentNode !== container) {
      container.insertBefore(this.canvas, container.firstChild);
    }
  }

  // Zoom, pan, resize: paint again what was painted, on the new axes.
  repaint() {
    if (this.last) {
      this.paint(...this.last);
    }
  }

  paint(shown, next, share) {
    this.last = [shown, next, share];
    this.attach();
    const layout = this.plot._fullLayout;
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = layout;
    if (this.canvas.width !== Math.round(width * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.style.width = `${width}px`;
    }
    if (this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.height = `${height}px`;
    }
    const context = this.canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    // While the film plays, a plain bilinear upscale: it is smooth too, and a third of the cost
    // of the best one (measured in headless Chromium), paid at every screen refresh on cores
    // the browser shares with the training. A still picture gets the best.
    const quality = next ? "low" : "high";
    this.panels.forEach((panel, index) => {
      const picture = this.mix(index, shown.panels[index], next?.panels[index], share);
      const xAxis = layout[`xaxis${panel.xaxis.slice(1)}`];
      const yAxis = layout[`yaxis${panel.yaxis.slice(1)}`];
      if (xAxis && yAxis) {
        this.paintPanel(context, picture, panel.extent, xAxis, yAxis, quality);
      }
    });
  }

  // The shown picture with the next one over it at `share` opacity, still small.
  mix(index, shown, next, share) {
    if (!next || share <= 0) {
      return shown;
    }
    const mixer = (this.mixers[index] ??= document.createElement("canvas"));
    mixer.width = shown.width;
    mixer.height = shown.height;
    const context = mixer.getContext("2d");
    context.globalAlpha = 1;
    context.drawImage(shown, 0, 0);
    context.globalAlpha = share;
    context.drawImage(next, 0, 0, shown.width, shown.height);
    return mixer;
  }

  // One panel, scaled up to its edges on the axes, and only inside its plot area.
  paintPanel(context, picture, extent, xAxis, yAxis, quality) {
    const [xLeft, xRight, yBottom, yTop] = extent;
    const left = xAxis._offset + pixelOf(xLeft, xAxis, false);
    const right = xAxis._offset + pixelOf(xRight, xAxis, false);
    const top = yAxis._offset + pixelOf(yTop, yAxis, true);
    const bottom = yAxis._offset + pixelOf(yBottom, yAxis, true);
    context.save();
    context.beginPath();
    context.rect(xAxis._offset, yAxis._offset, xAxis._length, yAxis._length);
    context.clip();
    context.imageSmoothingEnabled = this.smooth;
    context.imageSmoothingQuality = quality;
    context.drawImage(picture, left, top, right - left, bottom - top);
    context.restore();
  }
}
