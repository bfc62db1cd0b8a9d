// The browser half of ui/charts/live_chart.py (loaded by ../loader.js): draws a Plotly figure and updates it in place.
//
// Streamlit imports this module once per browser page and calls the default function
// at the bottom every time Python sends new data for one of the live charts. So the
// variables at module level are shared by every live chart on the page.

const CONFIG = { displaylogo: false, responsive: true };

// ---- plotly.js: one <script> per page, shared by every chart -------------------------

let Plotly = null; // plotly.js, once it has loaded
let plotlyLoading = null; // a Promise of plotly.js, started by the first chart

function loadPlotly(url) {
  if (!plotlyLoading) {
    plotlyLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => {
        Plotly = window.Plotly; // plotly.min.js ends with `window.Plotly = Plotly`
        resolve(Plotly);
      };
      script.onerror = () => {
        script.remove();
        plotlyLoading = null; // the next update tries again
        reject(new Error(`live_chart could not load plotly.js from ${url}`));
      };
      document.head.appendChild(script);
    });
  }
  return plotlyLoading;
}

// ---- one chart ------------------------------------------------------------------------

// `import streamlit` makes Streamlit's template the default for every new Plotly figure.
// Its colours are placeholders (#000001, #000002, ...) that only st.plotly_chart swaps
// for theme colours: drawn as they are, every trace would be black. Without a template,
// plotly.js uses its own default look. A template the figure chose itself is kept.
function dropStreamlitPlaceholderTemplate(layout) {
  if (layout.template?.layout?.colorway?.[0] === "#000001") {
    delete layout.template;
  }
}

function draw(plot) {
  if (!plot.isConnected) {
    return; // the chart left the page while plotly.js was loading
  }
  const { data, layout } = plot.latestFigure;
  if (plot.isDrawn) {
    // Same div, new data: Plotly redraws what changed, nothing is remounted.
    // With a constant layout.uirevision the user's zoom and pan are kept.
    Plotly.react(plot, data, layout, CONFIG);
  } else {
    Plotly.newPlot(plot, data, layout, CONFIG);
    plot.isDrawn = true;
    // `responsive` follows the window; this also follows the container
    // (sidebar opened or closed, columns resized).
    plot.resizeObserver = new ResizeObserver(() => {
      // offsetParent is null while the div is hidden (a closed tab) or off the page.
      if (isLive(plot) && plot.offsetParent !== null) {
        Plotly.Plots.resize(plot);
      }
    });
    plot.resizeObserver.observe(plot);
    // Zoom, pan, resize: the pictures under the plot follow the axes.
    plot.on("plotly_afterplot", () => plot.filmPlayer?.screen.repaint());
  }
}

// The chart has left the page: stop following its size. Not Plotly.purge: plotly.js may still
// be in the middle of drawing it (its drawing goes on across promises), and a purged chart
// makes that drawing throw ("reading '_rangeSliderData'"). Nothing else holds the div, so the
// browser frees it with everything plotly.js hung on it.
function tearDown(plot) {
  plot.resizeObserver?.disconnect();
  // What Plotly.purge would do for `responsive`: stop following the window.
  if (plot._responsiveChartHandler) {
    window.removeEventListener("resize", plot._responsiveChartHandler);
  }
  plot.isDrawn = false;
}

// Whether plotly.js may be called on the chart: drawn and still on the page.
function isLive(plot) {
  return plot.isDrawn && plot.isConnected && plot._fullLayout !== undefined;
}

// ---- curves that grow with the film ------------------------------------------------------

// While the run plays, the curves chart receives only the points added since the last frame.
// Where the page plays a film, each point appears when the film shows its epoch (onFilmEpoch,
// called by film_player.js); elsewhere at once.
const chartsWaitingForTheFilm = new Set();

// A trace named by its index, or by its uid (a figure whose traces come and go).
function traceIndex(plot, trace) {
  return typeof trace === "string" ? plot.data.findIndex((each) => each.uid === trace) : trace;
}

// The points' x and y come as float32 bytes (live_chart.py, packed_points): numbers again.
// (A copy first: a Float32Array needs its bytes to start at a multiple of 4 in their buffer.)
function pointValues(bytes) {
  return Array.from(new Float32Array(bytes.slice().buffer));
}

function queueCurvePoints(plot, extend) {
  extend.traces.forEach((name, index) => {
    const trace = traceIndex(plot, name);
    if (trace < 0) {
      return;
    }
    const pending = plot.pendingPoints.get(trace) ?? { x: [], y: [] };
    pending.x.push(...pointValues(extend.x[index]));
    pending.y.push(...pointValues(extend.y[index]));
    plot.pendingPoints.set(trace, pending);
  });
  if (filmEpoch === null) {
    revealPoints(plot, Infinity);
  } else {
    chartsWaitingForTheFilm.add(plot);
    revealPoints(plot, filmEpoch);
  }
}

// Append the pending points whose epoch (their x) is at most `epoch`.
function revealPoints(plot, epoch) {
  const traces = [];
  const xs = [];
  const ys = [];
  for (const [trace, pending] of plot.pendingPoints) {
    let count = 0;
    while (count < pending.x.length && pending.x[count] <= epoch) {
      count += 1;
    }
    if (count > 0) {
      traces.push(trace);
      xs.push(pending.x.splice(0, count));
      ys.push(pending.y.splice(0, count));
    }
  }
  if (traces.length && isLive(plot)) {
    traces.forEach((trace) => unpackTrace(plot, trace));
    Plotly.extendTraces(plot, { x: xs, y: ys }, traces);
    plot.extendedSinceFigure = true; // the chart no longer shows its figure as it came
  }
}

// A trace's arrays came packed as base64 ({dtype, bdata}); extendTraces needs real arrays:
// take them as plotly.js decoded them.
function unpackTrace(plot, trace) {
  for (const axis of ["x", "y"]) {
    const values = plot.data[trace][axis];
    if (values && !Array.isArray(values) && !ArrayBuffer.isView(values)) {
      plot.data[trace][axis] = Array.from(plot._fullData[trace][axis]);
    }
  }
}

// Redrawing a curves chart costs the browser 10-30 ms whatever the points added (Plotly draws
// the whole chart again), and the browser shares the machine with the server that trains: the
// curves grow at most this often, the film at every refresh. (Every 100 ms, the redraws took a
// quarter of the browser's time while the book's run played, and the film missed refreshes.)
const CURVES_EVERY_MS = 200;
let curvesGrownAt = 0;

function onFilmEpoch(epoch) {
  filmEpoch = epoch;
  const now = performance.now();
  if (now - curvesGrownAt < CURVES_EVERY_MS) {
    return;
  }
  curvesGrownAt = now;
  for (const plot of chartsWaitingForTheFilm) {
    if (!plot.isConnected) {
      chartsWaitingForTheFilm.delete(plot);
    } else {
      revealPoints(plot, epoch);
    }
  }
}

// ---- the chart's height ---------------------------------------------------------------------

// The height that fits the chart between its top and the bottom of the window.
function screenFittingHeight(plot, minimum, maximum) {
  const top = plot.getBoundingClientRect().top + window.scrollY;
  const left = window.innerHeight - top - 8;
  return Math.round(Math.min(Math.max(left, minimum), maximum));
}

function fitToScreen(plot) {
  const { fit } = plot;
  const height = screenFittingHeight(plot, fit.minimum, fit.maximum);
  plot.style.height = `${height}px`;
  plot.latestFigure.layout.height = height;
  return height;
}

// Fit again where the window changed size or the chart moved (a note appeared above it while
// the run plays): the chart still ends at the bottom of the screen.
function fitAgain(plot) {
  if (plot.fit && isLive(plot) && plot.offsetParent !== null) {
    const height = plot.latestFigure.layout.height;
    if (fitToScreen(plot) !== height) {
      Plotly.relayout(plot, { height: plot.latestFigure.layout.height });
    }
  }
}

window.addEventListener("resize", () => {
  for (const plot of document.querySelectorAll(".live-chart")) {
    fitAgain(plot);
  }
});

// What a film paints: pictures under the plot area, or the y values of a line.
function filmScreen(plot, clip) {
  return clip.kind === "curve" ? new CurveScreen(plot) : new PictureScreen(plot);
}

// An update is one binary message (live_chart.py, packed_message): a header, JSON, up to the
// first newline, then the binary parts (the figure's JSON, a film's pictures, the curves' new
// points), which the header names {"bytes": [start, end]}. Each comes back as a Uint8Array (a
// view of the message).
function unpacked(message) {
  const end = message.indexOf(10);
  const parts = message.subarray(end + 1);
  const part = (key, value) => (value?.bytes ? parts.subarray(...value.bytes) : value);
  return JSON.parse(new TextDecoder().decode(message.subarray(0, end)), part);
}

// The still picture being decoded (see liveChart), never failing (a chart whose picture could
// not be decoded must still draw its figure): the charts' figures are drawn after it.
let stillsShowing = Promise.resolve();

function sameBytes(bytes, other) {
  return other !== undefined && bytes.length === other.length && bytes.every((b, i) => b === other[i]);
}

function showError(plot) {
  return (error) => {
    plot.textContent = error.message;
  };
}

export default function liveChart({ data: message, parentElement }) {
  const data = unpacked(message);
  // The <div> from the component's HTML survives every update: that's the "in place".
  const plot = parentElement.querySelector(".live-chart");
  // Streamlit calls the returned function when the chart leaves the page -- and also
  // right away when this update was overtaken by a newer one, with the chart still on
  // the page. So tear the chart down only if its div has really left the page.
  const cleanUp = () => {
    if (!plot.isConnected) {
      tearDown(plot);
    }
  };
  if (data.figure === null) {
    // While the run plays, the figure drawn stays: only points to append, or pictures to play.
    fitAgain(plot);
    if (data.extend && isLive(plot)) {
      queueCurvePoints(plot, data.extend);
    }
    if (data.clip && plot.filmPlayer) {
      plot.filmPlayer.receive(data.clip);
    }
    return cleanUp;
  }
  if (isLive(plot) && !plot.extendedSinceFigure && sameBytes(data.figure, plot.figureBytes)) {
    // The figure drawn already (a page run sends both figures again): only its pictures.
    fitAgain(plot);
    if (data.clip && plot.filmPlayer) {
      const shown = plot.filmPlayer.receive(data.clip);
      if (!data.clip.playing) {
        stillsShowing = shown.catch(() => null);
      }
    }
    return cleanUp;
  }
  plot.figureBytes = data.figure.slice();
  plot.extendedSinceFigure = false;
  plot.latestFigure = JSON.parse(new TextDecoder().decode(data.figure)); // UTF-8 bytes
  plot.pendingPoints = new Map(); // a whole figure replaces whatever was still to come
  dropStreamlitPlaceholderTemplate(plot.latestFigure.layout);
  if (data.fit_screen) {
    plot.fit = { minimum: data.min_fit_height, maximum: data.height };
    fitToScreen(plot);
  } else {
    plot.fit = null;
    plot.style.height = `${data.height}px`;
  }

  if (isLive(plot) && data.clip && !data.clip.playing && plot.filmPlayer) {
    // A still (the answer to Pause, Step, Reset) on a chart already drawn: its picture first,
    // the figure after it (Plotly redraws both charts in 50-100 ms; the picture is what the
    // person who clicked looks at).
    stillsShowing = plot.filmPlayer.receive(data.clip).catch(() => null);
    stillsShowing.then(() => draw(plot)).catch(showError(plot));
  } else {
    // A chart drawn already waits for the still pictures on their way (see above); the first
    // drawing of a chart waits for plotly.js.
    const ready = isLive(plot) ? stillsShowing : loadPlotly(data.plotly_js_url);
    ready
      .then(() => {
        draw(plot);
        if (data.clip) {
          plot.filmPlayer ??= new FilmPlayer(plot, filmScreen(plot, data.clip));
          return plot.filmPlayer.receive(data.clip);
        }
        return null;
      })
      .catch(showError(plot));
  }

  return cleanUp;
}
