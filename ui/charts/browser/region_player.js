// The decision regions, painted by the browser under a Plotly chart, like a film.
//
// The server sends clips: several pictures of the regions taken while the network trained
// (ui/figures/region_pictures.py says how a picture is coded). A RegionPlayer keeps a canvas
// under the chart's plot area and plays each clip at a steady pace, blending one picture into
// the next on every screen refresh, so the regions morph instead of jumping. When the run is
// not playing (Pause, Step, Reset) the clip is a single picture, shown at once.
//
// This file is joined before live_chart.js into the live chart's JavaScript module.

// Pictures waiting longer than this are skipped: the film never lags far behind the run.
const MAX_LAG_MS = 1000;

// The epoch of the picture on screen while a film plays, null when none plays: the curves
// chart (live_chart.js) shows its points up to there.
let filmEpoch = null;

// ---- a clip's pictures, decoded ----------------------------------------------------------

function bytesOfBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

async function inflate(bytes) {
  // zlib's format is what DecompressionStream calls "deflate".
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The colour of every code, 0-255, as RGBA bytes: the same sums as code_colors in Python.
export function colorTable(clip) {
  const table = new Uint8ClampedArray(256 * 4);
  const white = 255;
  for (let code = 0; code < 256; code += 1) {
    const winner = Math.min(Math.floor(code / clip.levels), clip.palette.length - 1);
    const level = code % clip.levels;
    const strength = clip.lightest + (clip.strongest * level) / (clip.levels - 1);
    const color = clip.palette[winner];
    for (let channel = 0; channel < 3; channel += 1) {
      table[code * 4 + channel] = Math.round(white + (color[channel] - white) * strength);
    }
    table[code * 4 + 3] = 255;
  }
  return table;
}

// One picture as a small canvas, one pixel per grid cell, top row first (the grid's row 0 is
// the bottom of the plot).
function pictureCanvas(codes, offset, width, height, table) {
  const image = new ImageData(width, height);
  for (let row = 0; row < height; row += 1) {
    const source = offset + (height - 1 - row) * width;
    for (let column = 0; column < width; column += 1) {
      const code = codes[source + column];
      const target = (row * width + column) * 4;
      image.data[target] = table[code * 4];
      image.data[target + 1] = table[code * 4 + 1];
      image.data[target + 2] = table[code * 4 + 2];
      image.data[target + 3] = 255;
    }
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d").putImageData(image, 0, 0);
  return canvas;
}

export async function decodeClip(clip) {
  const codes = await inflate(bytesOfBase64(clip.pictures));
  const table = colorTable(clip);
  const size = clip.width * clip.height;
  return clip.epochs.map((epoch, index) => ({
    epoch,
    canvas: pictureCanvas(codes, index * size, clip.width, clip.height, table),
  }));
}

// ---- when each picture is shown -------------------------------------------------------------

// Times (ms) for the pictures of a clip that arrives at `now`: evenly spread over the clip's
// `seconds`, after the pictures still queued. Returns [times, whether the queue was cut].
export function scheduleTimes(count, seconds, now, lastQueuedTime) {
  let start = Math.max(now, lastQueuedTime ?? now);
  const cut = start - now > MAX_LAG_MS;
  if (cut) {
    start = now;
  }
  const spacing = (seconds * 1000) / count;
  const times = [];
  for (let index = 1; index <= count; index += 1) {
    times.push(start + index * spacing);
  }
  return [times, cut];
}

// ---- the player -----------------------------------------------------------------------------

export class RegionPlayer {
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
    this.extent = null;
    this.shown = null; // {epoch, canvas, time}: the picture fully on screen
    this.queue = []; // pictures still to come, each with the time it is due
    this.clipsReceived = 0;
    this.picturesShown = 0;
    this.ticking = false;
  }

  // Keep the canvas under Plotly's drawing (Plotly may rebuild its container).
  attach() {
    const container = this.plot.querySelector(".svg-container");
    if (container && this.canvas.parentNode !== container) {
      container.insertBefore(this.canvas, container.firstChild);
    }
  }

  async receive(clip) {
    const pictures = await decodeClip(clip);
    this.extent = clip.extent;
    this.clipsReceived += 1;
    this.plot.dataset.clipsReceived = String(this.clipsReceived);
    const now = performance.now();
    if (!clip.playing) {
      // The run's true state, at once: whatever was still queued is dropped.
      this.queue = [];
      this.show(pictures[pictures.length - 1], now, false);
      filmEpoch = null;
      this.paint(now);
      return;
    }
    const lastQueued = this.queue.length ? this.queue[this.queue.length - 1].time : null;
    const [times, cut] = scheduleTimes(pictures.length, clip.seconds, now, lastQueued);
    if (cut) {
      this.queue = [];
    }
    pictures.forEach((picture, index) => {
      this.queue.push({ ...picture, time: times[index] });
    });
    if (this.shown === null) {
      this.show(this.queue.shift(), now);
    }
    this.startTicking();
  }

  show(picture, now, playing = true) {
    this.shown = { ...picture, time: now };
    this.picturesShown += 1;
    this.plot.dataset.shownEpoch = String(picture.epoch);
    this.plot.dataset.picturesShown = String(this.picturesShown);
    if (playing) {
      onFilmEpoch(picture.epoch);
    }
  }

  startTicking() {
    if (!this.ticking) {
      this.ticking = true;
      requestAnimationFrame((now) => this.tick(now));
    }
  }

  tick(now) {
    while (this.queue.length && this.queue[0].time <= now) {
      this.show(this.queue.shift(), now);
    }
    this.paint(now);
    if (this.queue.length && this.plot.isConnected) {
      requestAnimationFrame((time) => this.tick(time));
    } else {
      this.ticking = false;
    }
  }

  // The shown picture, and the next one blended over it as its time comes nearer.
  paint(now) {
    if (!this.shown || !this.plot._fullLayout) {
      return;
    }
    this.attach();
    const layout = this.plot._fullLayout;
    const ratio = window.devicePixelRatio || 1;
    const width = layout.width;
    const height = layout.height;
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
    const xAxis = layout.xaxis;
    const yAxis = layout.yaxis;
    // Only the plot area; outside it, the page's own background.
    context.save();
    context.beginPath();
    context.rect(xAxis._offset, yAxis._offset, xAxis._length, yAxis._length);
    context.clip();
    const [xMin, xMax, yMin, yMax] = this.extent;
    const [left, right] = [xMin, xMax].map((x) => xAxis._offset + pixelOf(x, xAxis));
    const [top, bottom] = [yMax, yMin].map((y) => yAxis._offset + pixelOfY(y, yAxis));
    // The picture's pixel centres are the grid's points: its edges lie half a cell outside.
    const cellWidth = (right - left) / (this.shown.canvas.width - 1);
    const cellHeight = (bottom - top) / (this.shown.canvas.height - 1);
    const place = [left - cellWidth / 2, top - cellHeight / 2];
    const size = [right - left + cellWidth, bottom - top + cellHeight];
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = "high";
    context.drawImage(this.shown.canvas, ...place, ...size);
    const next = this.queue[0];
    if (next) {
      const blend = (now - this.shown.time) / Math.max(next.time - this.shown.time, 1);
      context.globalAlpha = Math.min(Math.max(blend, 0), 1);
      context.drawImage(next.canvas, ...place, ...size);
      context.globalAlpha = 1;
    }
    context.restore();
  }
}

// Pixel offset of a data value along a linear axis (plotly.js's axis range and length).
function pixelOf(value, axis) {
  const [low, high] = axis.range;
  return ((value - low) / (high - low)) * axis._length;
}

function pixelOfY(value, axis) {
  const [low, high] = axis.range;
  return ((high - value) / (high - low)) * axis._length;
}
