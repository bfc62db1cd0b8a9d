// A line of a Plotly chart played by a FilmPlayer: the Regression page's fitted curve.
//
// A clip's pictures are the line's y values at the figure's fixed x values, one row per
// picture, as int16 numbers times the clip's `scale` (ui/figures/region_pictures.py,
// curve_clip). Painting blends two rows.
//
// While the film plays, the line is drawn on a canvas over the plot area and the figure's own
// line is hidden. Giving the figure new y values (Plotly.restyle) redraws the whole chart, its
// data points too: up to 30 times a second that kept the page's main thread busy most of the
// time (a /tmp probe, 2026-12-08: 50 restyles in 5 s, 58 ms each), and a click waited for it. A
// still (Pause, Step, Reset) gives the figure's line its values, once, and the canvas goes: the
// line's hover shows its numbers again.

export function decodeCurves(clip) {
  const bytes = clip.values.slice(); // a copy from offset 0: an Int16Array needs it even
  const numbers = new Int16Array(bytes.buffer, 0, clip.count * clip.length);
  return clip.epochs.map((epoch, index) => {
    const row = numbers.subarray(index * clip.length, (index + 1) * clip.length);
    return { epoch, values: Float64Array.from(row, (value) => value * clip.scale) };
  });
}

export class CurveScreen {
  constructor(plot) {
    this.plot = plot;
    this.trace = null; // the line's uid in the figure
    this.canvas = document.createElement("canvas");
    this.canvas.className = "curve-film";
    Object.assign(this.canvas.style, { position: "absolute", pointerEvents: "none" });
    this.last = null; // what was painted last: [shown, next, share]
    this.stillValues = null; // the y values last given to the figure's line
  }

  decode(clip) {
    this.trace = clip.trace;
    return Promise.resolve(decodeCurves(clip));
  }

  // Zoom, pan, resize, or a new figure: draw the line again where the axes now put it.
  repaint() {
    if (this.last) {
      this.paint(...this.last);
    }
  }

  paint(shown, next, share) {
    this.last = [shown, next, share];
    const index = this.plot.data?.findIndex((trace) => trace.uid === this.trace) ?? -1;
    if (index < 0) {
      return;
    }
    const values = next
      ? shown.values.map((value, point) => value + (next.values[point] - value) * share)
      : shown.values;
    if (this.plot.dataset.playing === "true") {
      this.draw(index, values);
    } else {
      this.still(index, values);
    }
  }

  // The figure's own line: Plotly's path of the trace (its group's class ends with the uid).
  figureLine() {
    return this.plot.querySelector(`g.trace${this.trace} path.js-line`);
  }

  // The run's true state, in the figure itself. (Plotly.restyle ends with a redraw, which calls
  // `repaint` with the same values: they are given once.)
  still(index, values) {
    this.canvas.remove();
    const line = this.figureLine();
    if (line) {
      line.style.visibility = "";
    }
    if (this.stillValues !== values) {
      this.stillValues = values;
      Plotly.restyle(this.plot, { y: [Array.from(values)] }, [index]);
    }
  }

  // The line on the canvas over the plot area, one device pixel per pixel, cut at the plot area's
  // edges; the figure's line hidden under it.
  draw(index, values) {
    const layout = this.plot._fullLayout;
    const trace = this.plot._fullData?.[index];
    const xAxis = layout?.[`xaxis${(trace?.xaxis ?? "x").slice(1)}`];
    const yAxis = layout?.[`yaxis${(trace?.yaxis ?? "y").slice(1)}`];
    const container = this.plot.querySelector(".svg-container");
    if (!xAxis || !yAxis || !container) {
      return;
    }
    this.stillValues = null;
    const figureSvg = container.querySelector(".main-svg");
    if (this.canvas.parentNode !== container) {
      container.insertBefore(this.canvas, figureSvg?.nextSibling ?? null); // under hover labels
    }
    const line = this.figureLine();
    if (line) {
      line.style.visibility = "hidden";
    }
    const scale = window.devicePixelRatio || 1;
    const [width, height] = [xAxis._length, yAxis._length];
    Object.assign(this.canvas.style, {
      left: `${xAxis._offset}px`,
      top: `${yAxis._offset}px`,
      width: `${width}px`,
      height: `${height}px`,
    });
    if (this.canvas.width !== Math.round(width * scale)) {
      this.canvas.width = Math.round(width * scale);
    }
    if (this.canvas.height !== Math.round(height * scale)) {
      this.canvas.height = Math.round(height * scale);
    }
    const context = this.canvas.getContext("2d");
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.clearRect(0, 0, width, height);
    context.strokeStyle = trace.line?.color ?? "#000";
    context.lineWidth = trace.line?.width ?? 2;
    context.lineJoin = "round";
    context.beginPath();
    values.forEach((value, point) => {
      const x = pixelOf(trace.x[point], xAxis, false);
      const y = pixelOf(value, yAxis, true);
      if (point === 0) {
        context.moveTo(x, y);
      } else {
        context.lineTo(x, y);
      }
    });
    context.stroke();
  }
}
