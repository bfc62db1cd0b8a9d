// The browser half of ui/live_chart.py: draws a Plotly figure and updates it in place.
//
// Streamlit imports this module once per browser page and calls the default function
// at the bottom every time Python sends new data for one of the live charts. So the
// variables at module level are shared by every live chart on the page.

const CONFIG = { displaylogo: false, responsive: true };
const ASK_AGAIN_AFTER_MS = 1000;

// ---- plotly.js: run once per page, shared by every chart ------------------------------

let Plotly = null; // plotly.js, once its source has arrived and run
let announcePlotlyReady;
const plotlyReady = new Promise((resolve) => {
  announcePlotlyReady = resolve;
});

function runPlotlyJs(source) {
  if (Plotly) {
    return;
  }
  // An inline classic <script> runs as soon as it is added to the page.
  // plotly.min.js ends with `window.Plotly = Plotly`.
  const script = document.createElement("script");
  script.textContent = source;
  document.head.appendChild(script);
  script.remove(); // the code has run; don't keep 4.8 MB of text in the DOM
  Plotly = window.Plotly;
  announcePlotlyReady();
}

// ---- one chart ------------------------------------------------------------------------

function draw(plot) {
  const { data, layout } = plot.latestFigure;
  if (plot.isDrawn) {
    // Same div, new data: Plotly diffs and redraws only what changed.
    // With a constant layout.uirevision the user's zoom and pan are kept.
    Plotly.react(plot, data, layout, CONFIG);
  } else {
    Plotly.newPlot(plot, data, layout, CONFIG);
    plot.isDrawn = true;
    // `responsive` follows the window; this also follows the container
    // (sidebar opened, columns resized).
    plot.resizeObserver = new ResizeObserver(() => Plotly.Plots.resize(plot));
    plot.resizeObserver.observe(plot);
  }
}

function drawWhenPlotlyArrives(plot, setTriggerValue) {
  if (plot.askingForPlotly) {
    return; // already waiting; the latest figure is kept on the div
  }
  // Normally another chart on this page is bringing plotly.js right now. If it
  // hasn't come after a second, the message carrying it was lost (a rerun can drop
  // unsent messages): ask Python for it, and keep asking until it arrives.
  plot.askingForPlotly = setInterval(
    () => setTriggerValue("plotly_js_missing", true),
    ASK_AGAIN_AFTER_MS,
  );
  plotlyReady.then(() => {
    clearInterval(plot.askingForPlotly);
    plot.askingForPlotly = null;
    if (plot.isConnected) {
      draw(plot);
    }
  });
}

export default function liveChart({ data, parentElement, setTriggerValue }) {
  if (data.plotly_js) {
    runPlotlyJs(data.plotly_js);
  }

  // The <div> from the component's HTML survives every update: that's the "in place".
  const plot = parentElement.querySelector(".live-chart");
  plot.style.height = `${data.height}px`;
  plot.latestFigure = JSON.parse(data.figure);

  if (Plotly) {
    draw(plot);
  } else {
    drawWhenPlotlyArrives(plot, setTriggerValue);
  }

  // Streamlit calls the function returned by the latest update once, when the chart
  // leaves the page.
  return () => {
    clearInterval(plot.askingForPlotly);
    plot.resizeObserver?.disconnect();
    if (Plotly) {
      Plotly.purge(plot);
    }
  };
}
