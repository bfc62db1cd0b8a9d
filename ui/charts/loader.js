// The live chart component's JavaScript, as Streamlit sends it with every update: so it is
// kept tiny (its comment lines are left out: live_chart.py). It loads the chart's real code
// (browser/*.js, ~20 kB, CHART_CODE in live_chart.py) once per page, by URL, and hands every
// update to it.

const modules = {}; // url list -> Promise of the chart's module

function chartModule(urls) {
  const key = urls.join(" ");
  modules[key] ??= Promise.all(urls.map((url) => fetch(url).then((answer) => answer.text())))
    .then((sources) => {
      // One module from the files, in order (the server sends .js as text: import a Blob).
      const blob = new Blob([sources.join("\n")], { type: "text/javascript" });
      return import(URL.createObjectURL(blob));
    });
  return modules[key];
}

export default function liveChartLoader(component) {
  let cleanUp = null;
  chartModule(component.data.code_urls)
    .then((chart) => {
      cleanUp = chart.default(component);
    })
    .catch((error) => {
      component.parentElement.textContent = `The chart could not load: ${error.message}`;
    });
  return () => cleanUp?.();
}
