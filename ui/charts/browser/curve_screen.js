// A line of a Plotly chart played by a FilmPlayer: the Regression page's fitted curve.
//
// A clip's pictures are the line's y values at the figure's fixed x values, one row per
// picture, as int16 numbers times the clip's `scale` (ui/figures/region_pictures.py,
// curve_clip). Painting blends two rows and gives the line those y values (Plotly.restyle).

// Redrawing the chart costs the browser a few ms: the line moves at most this often.
const CURVE_EVERY_MS = 33;

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
    this.paintedAt = -Infinity;
  }

  decode(clip) {
    this.trace = clip.trace;
    return Promise.resolve(decodeCurves(clip));
  }

  repaint() {} // the line is part of the figure: Plotly redraws it on zoom and resize

  paint(shown, next, share) {
    const now = performance.now();
    const index = this.plot.data?.findIndex((trace) => trace.uid === this.trace) ?? -1;
    if (index < 0 || (next && now - this.paintedAt < CURVE_EVERY_MS)) {
      return;
    }
    this.paintedAt = now;
    const values = next
      ? shown.values.map((value, point) => value + (next.values[point] - value) * share)
      : shown.values;
    Plotly.restyle(this.plot, { y: [values] }, [index]);
  }
}
