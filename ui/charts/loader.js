// The live chart component's JavaScript, as Streamlit sends it with every update: so it is
// kept tiny (its comment lines and indentation are left out: live_chart.py). It loads the
// chart's real code (browser/*.js, ~20 kB, CHART_CODE in live_chart.py) once per page, by URL,
// and hands every update to it.

// A Promise of the chart's module, asked for by the first update with a figure (and the code's
// addresses); an update without one only changes a chart already drawn.
let chart = null;

// An update is one binary message (live_chart.py, packed_message): a header, JSON, up to the
// first newline, then the binary parts, which the header names {"bytes": [start, end]}.
function unpacked(message) {
  const end = message.indexOf(10);
  const parts = message.subarray(end + 1);
  const part = (key, value) => (value?.bytes ? parts.subarray(...value.bytes) : value);
  return JSON.parse(new TextDecoder().decode(message.subarray(0, end)), part);
}

export default function liveChartLoader(component) {
  const data = unpacked(component.data);
  // One module from the files, in order (the server sends .js as text: import a Blob).
  chart ??= data.code_urls && Promise.all(data.code_urls.map((url) => fetch(url).then((answer) => answer.text())))
    .then((sources) => import(URL.createObjectURL(new Blob([sources.join("\n")], { type: "text/javascript" }))));
  let cleanUp = null;
  chart?.then((module) => {
    cleanUp = module.default({ ...component, data });
  }).catch((error) => {
    component.parentElement.textContent = `The chart could not load: ${error.message}`;
  });
  return () => cleanUp?.();
}
