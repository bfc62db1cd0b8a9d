// The live chart component's JavaScript, as Streamlit sends it with every update: so it is
// kept tiny (its comment lines and indentation are left out), and live_chart.py puts before it
// where this server serves the chart's real code (CODE_FOLDER, CODE_FILES: browser/*.js,
// ~20 kB). It loads that code once per page, by URL, and hands every update to it.

// A Promise of the chart's module.
let chart = null;

export default function liveChartLoader(component) {
  // One module from the files, in order (the server sends .js as text: import a Blob).
  chart ??= Promise.all(
    CODE_FILES.map((name) => fetch(CODE_FOLDER + name).then((answer) => answer.text())),
  ).then((sources) => {
    const code = new Blob([sources.join("\n")], { type: "text/javascript" });
    return import(URL.createObjectURL(code));
  });
  let cleanUp = null;
  chart.then((module) => {
    cleanUp = module.default(component);
  }).catch((error) => {
    component.parentElement.textContent = `The chart could not load: ${error.message}`;
  });
  return () => cleanUp?.();
}
