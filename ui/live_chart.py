"""A Plotly chart that updates in place while the network trains.

Why not ``st.plotly_chart``? Streamlit derives that element's identity from the figure
itself, so every new epoch *remounts* the chart: a blank frame, lost zoom, flicker.

``live_chart`` is a small custom component (Streamlit components v2) instead:

1. The component -- a ``<div>`` plus the JavaScript in ``live_chart.js`` -- is declared
   once, when this module is imported. Declaring is not drawing: nothing user-specific
   is stored here.
2. Each call sends ``figure.to_json()`` to the browser (NumPy arrays travel as compact
   base64 "bdata"). The ``key`` keeps the same browser element alive across reruns and
   fragment reruns, so its JavaScript calls ``Plotly.newPlot`` the first time and
   ``Plotly.react`` -- an in-place update of the same ``<div>`` -- after that.
3. plotly.js itself (4.8 MB, shipped inside the plotly Python package, no CDN) goes to
   the browser once per session, attached to the first chart drawn. Every live chart
   on the page shares that copy. If that message is ever lost, the browser asks for
   plotly.js again and the next call resends it.

Example::

    figure = go.Figure(layout={"uirevision": "loss"})  # keep the user's zoom
    figure.add_scatter(x=epochs, y=losses)
    live_chart(figure, key="playground_loss")
"""

from pathlib import Path

import plotly.graph_objects as go
import streamlit as st
from plotly.offline import get_plotlyjs

# Read once per process: plotly.js never changes while the app runs.
PLOTLY_JS = get_plotlyjs()

# Per session: has this browser page been sent plotly.js yet?
PLOTLY_JS_SENT = "live_chart_plotly_js_sent"

_live_chart_component = st.components.v2.component(
    "scratchnet.live_chart",
    html='<div class="live-chart"></div>',
    js=Path(__file__).with_name("live_chart.js").read_text(encoding="utf-8"),
    # plotly.js adds its CSS (mode bar, hover labels) to the page's <head>;
    # inside an isolated shadow root that CSS would not reach the chart.
    isolate_styles=False,
)


def live_chart(figure: go.Figure, key: str, height: int = 420) -> None:
    """Draw `figure`; on later reruns with the same key, update the same chart with Plotly.react.

    The chart fills the width of its container and follows it when it resizes. Its
    height is `height` pixels, unless the figure sets ``layout.height``.

    To keep the user's zoom and pan while the data changes, give the figure a constant
    ``layout.uirevision`` (any value, e.g. ``"loss"``); change that value to reset the
    view. Without it, every update resets the axes to fit the new data.

    `key` identifies the chart across reruns: use one fixed key per chart, unique on
    the page. Don't put a live chart inside ``st.form``.
    """
    if "__" in key:
        # Streamlit uses "__" as a separator in the ids of component events.
        raise ValueError(f"live_chart key must not contain '__'. Received: key={key!r}")

    chart_height = figure.layout.height or height

    # The browser fires "plotly_js_missing" only if the message carrying plotly.js was lost.
    chart_state = st.session_state.get(key) or {}
    browser_lacks_plotly = chart_state.get("plotly_js_missing", False)
    send_plotly_js = not st.session_state.get(PLOTLY_JS_SENT, False) or browser_lacks_plotly

    _live_chart_component(
        key=key,
        data={
            "figure": figure.to_json(),
            "height": chart_height,
            "plotly_js": PLOTLY_JS if send_plotly_js else None,
        },
        height=chart_height,
        on_plotly_js_missing_change=_do_nothing,  # Streamlit delivers only events with a callback
    )
    st.session_state[PLOTLY_JS_SENT] = True


def _do_nothing() -> None:
    """Callback for the "plotly_js_missing" event: live_chart reads the event itself."""
