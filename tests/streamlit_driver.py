"""Drive the Playground over Streamlit's websocket, as a browser tab does, without a browser.

A browser tab and a Streamlit server talk through one websocket, `/_stcore/stream`, in
protobufs (`streamlit.proto`):

- the tab sends `BackMsg`s: `rerun_script` with the page's query string and the widgets'
  values (a clicked button is a widget whose `trigger_value` is true for one run; a button
  drawn in a fragment names the fragment, which alone reruns);
- the server answers with `ForwardMsg`s: `new_session` when a run starts, one `delta` per
  element drawn (a button, a metric, a chart...), `script_finished` at the end; and
  `auto_rerun` when an `@st.fragment(run_every=...)` asks the tab to rerun it every
  `interval` seconds, which the tab does with a timer (`setInterval`), sending
  `rerun_script` with the fragment's id, until `stop_auto_rerun` or the next full run.

`PlaygroundTab` does exactly that, records every chart update it receives, and times its
clicks. It is 100 lines of asyncio instead of a 300 MB browser, so one process can drive
30 of them on a 2-core machine. What it does not do: draw anything, or send the values of
widgets it never touched (the server keeps those from the previous run).

Used by benchmarks/bench_load.py and tests/test_load_small.py::

    tab = PlaygroundTab("ws://127.0.0.1:8501/_stcore/stream", "seed=7&hidden=16,8")
    await tab.open()
    await tab.click("Play")
    seconds = await tab.click("Pause")   # until the page shows the Play button again
    await tab.close()
"""

import asyncio
import base64
import json
import time
from dataclasses import dataclass
from urllib.parse import parse_qs

import numpy as np
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from scratchnet import build_trainer
from ui.charts.live_chart import unpacked_message
from ui.settings.url_state import decode_query

# What each click's effect looks like on the page, and so when it counts as answered.
PLAY, PAUSE, STEP = "Play", "Pause", "Step 1 epoch"


@dataclass
class ChartUpdate:
    """One update of the loss chart and the numbers above it, as a tab received it."""

    seconds: float  # time.perf_counter() when it arrived
    epoch_label: str  # "Epoch (of 10,001)": the run's own "Epochs to train"
    epoch: int  # the epoch shown
    loss_text: str  # the loss shown, "0.987" or "—"
    first_loss: float | None  # the first point of the loss curve: the run's fingerprint


class PlaygroundTab:
    """One browser tab on the Playground, emulated over the websocket."""

    def __init__(self, stream_url, query_string, timer_interval=None):
        """`timer_interval` overrides the fragment's run_every (e.g. 1.0 s: a hidden tab,
        whose timers the browser throttles to once a second)."""
        self.stream_url = stream_url
        self.query_string = query_string
        self.timer_interval = timer_interval
        self.page_script_hash = ""
        self.buttons = {}  # label -> widget id, from the latest run
        self.button_fragments = {}  # label -> the id of the fragment the button is in, or ""
        self.button_draws = {}  # label -> [(arrival time, run number)] of each draw
        self.epoch_label = None
        self.epoch = None
        self.epoch_shown = None  # (arrival time, run number) of the latest epoch shown
        self.loss_text = None
        self.updates = []  # ChartUpdate for every update of the loss chart
        self.regions_fingerprints = set()  # of the data points in the decision-region charts
        self.pictures = []  # (arrival time, pictures in the clip) of every regions chart update
        self.exceptions = []  # error texts the page showed
        self.fragment_id = None  # the animation's fragment, while its timer runs
        self.fragment_interval = None
        self.reruns_sent = 0
        self.runs_finished = 0
        self.script_running = False  # as the server last said (session_status_changed)
        self._pending_first_loss = None  # (loss,) from a loss chart whose numbers are due
        self._first_loss = None  # the first training loss the curves chart last showed
        self._websocket = None
        self._tasks = []
        self._changed = asyncio.Condition()

    # --- what a test or a benchmark calls ----------------------------------------------------

    async def open(self, timeout=60):
        """Connect and run the page with the tab's query string, as opening the URL does."""
        self._websocket = await websockets.connect(
            self.stream_url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout
        )
        self._tasks = [
            asyncio.create_task(self._read_forever()),
            asyncio.create_task(self._timer_forever()),
        ]
        finished = self.runs_finished
        await self._send_rerun()
        await self.wait_for(lambda: self.runs_finished > finished and PLAY in self.buttons, timeout)

    async def click(self, label, timeout=60):
        """Press a button; return the seconds until the server's answer shows its effect:

        Play -> the Pause button is drawn; Pause -> the Play button is drawn;
        Step 1 epoch -> the epoch shown is one more (click it while paused).
        Pause and Step return once the server has finished every run for the tab.
        """
        before_epoch = self.epoch
        effect = {PLAY: PAUSE, PAUSE: PLAY, STEP: PLAY}[label]
        before_draws = len(self.button_draws.get(effect, []))
        seen = []  # (arrival time, run number) of the message that showed the effect

        def answered():
            draws = self.button_draws.get(effect, [])[before_draws:]
            if label == STEP:
                draws = [self.epoch_shown] if draws and self.epoch == before_epoch + 1 else []
            seen[:] = draws[:1]
            return bool(draws)

        start = time.perf_counter()
        # A button in a fragment reruns only its fragment, as the browser asks.
        fragment = self.button_fragments.get(label) or None
        await self._send_rerun(trigger=self.buttons[label], fragment_id=fragment)
        await self.wait_for(answered, timeout)
        arrived, answering_run = seen[0]
        if label != PLAY:
            # Wait until the run that answered has finished (the button comes before the epoch
            # it draws) and the server has no run left for this tab (the timer's last requests
            # may still run the animation once), so the numbers the tab holds are final.
            # "Not running" alone is not enough: the status may not have changed yet when the
            # button arrives, and the tab would keep the epoch of the frame before.
            await self.wait_for(
                lambda: self.runs_finished > answering_run and not self.script_running, timeout
            )
        return arrived - start

    async def wait_for(self, condition, timeout=60):
        """Wait until condition() is true (it is checked after every message received)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(condition), timeout)

    async def close(self):
        """Close the websocket, as closing the tab does."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._websocket is not None:
            await self._websocket.close()

    @property
    def playing(self):
        return self.fragment_interval is not None

    # --- the browser's side of the protocol ----------------------------------------------------

    async def _send_rerun(self, trigger=None, fragment_id=None, timer=False):
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query_string
        rerun.page_script_hash = self.page_script_hash
        if trigger is not None:
            widget = rerun.widget_states.widgets.add()
            widget.id = trigger
            widget.trigger_value = True
        if fragment_id is not None:
            rerun.fragment_id = fragment_id
        rerun.is_auto_rerun = timer
        self.reruns_sent += 1
        await self._websocket.send(message.SerializeToString())

    async def _timer_forever(self):
        """The browser's `setInterval` for `run_every`: ask for a fragment rerun each tick,
        whether or not the previous one has finished (the server merges them)."""
        while True:
            if self.fragment_id is None:
                await asyncio.sleep(0.01)
                continue
            await self._send_rerun(fragment_id=self.fragment_id, timer=True)
            await asyncio.sleep(self.timer_interval or self.fragment_interval)

    async def _read_forever(self):
        async for data in self._websocket:
            message = ForwardMsg()
            message.ParseFromString(data)
            self._handle(message)
            async with self._changed:
                self._changed.notify_all()

    def _handle(self, message):
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.page_script_hash = message.new_session.page_script_hash
            if not message.metadata.run.fragment_ids:  # a full run clears every timer
                self.fragment_id = self.fragment_interval = None
        elif kind == "auto_rerun":
            self.fragment_id = message.auto_rerun.fragment_id
            self.fragment_interval = message.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            if self.fragment_id in message.stop_auto_rerun.fragment_ids:
                self.fragment_id = self.fragment_interval = None
        elif kind == "session_status_changed":
            self.script_running = message.session_status_changed.script_is_running
        elif kind == "script_finished":
            self.runs_finished += 1
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            self._handle_element(message.delta.new_element, message.delta.fragment_id)

    def _handle_element(self, element, fragment_id=""):
        kind = element.WhichOneof("type")
        if kind == "button":
            self.buttons[element.button.label] = element.button.id
            self.button_fragments[element.button.label] = fragment_id
            draw = (time.perf_counter(), self.runs_finished)
            self.button_draws.setdefault(element.button.label, []).append(draw)
        elif kind == "metric" and element.metric.label.startswith("Epoch"):
            self.epoch_label = element.metric.label
            self.epoch = int(element.metric.body.replace(",", ""))
            self.epoch_shown = (time.perf_counter(), self.runs_finished)
        elif kind == "metric" and element.metric.label == "Loss":
            # A frame draws the charts first, then the numbers above them, all from the same
            # state: the update is complete when its Loss arrives.
            self.loss_text = element.metric.body
            if self._pending_first_loss is not None:
                first, self._pending_first_loss = self._pending_first_loss, None
                update = ChartUpdate(
                    time.perf_counter(), self.epoch_label, self.epoch, self.loss_text, first[0]
                )
                self.updates.append(update)
        elif kind == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "bidi_component" and element.bidi_component.id.endswith("pg_regions"):
            self.pictures.append((time.perf_counter(), clip_pictures(element)))
            figure = chart_figure(element)
            if figure is not None:  # while playing, most updates carry only the pictures
                self.regions_fingerprints.add(points_fingerprint(figure))
        elif kind == "bidi_component" and element.bidi_component.id.endswith("pg_curves"):
            figure = chart_figure(element)
            if figure is not None:  # while playing, most updates carry only the new points
                self._first_loss = first_loss(figure)
            self._pending_first_loss = (self._first_loss,)


# --- reading the charts ---------------------------------------------------------------------


def chart_message(element):
    """What a live_chart element carries: one binary message (`packed_message`), or JSON text
    from commits before 2026-12-07 (a benchmark's `--before` may drive one)."""
    if element.bidi_component.bytes:
        return unpacked_message(element.bidi_component.bytes)
    return json.loads(element.bidi_component.json)


def chart_figure(element):
    """The Plotly figure a live_chart element carries (ui/charts/live_chart.py sends it as JSON),
    or None when it carries none (the chart keeps the figure it has)."""
    figure = chart_message(element)["figure"]
    return None if figure is None else json.loads(figure)


def clip_pictures(element):
    """How many pictures of the decision regions a live_chart element carries for the browser to
    play (its clip: ui/figures/region_pictures.py), 0 without a clip."""
    clip = chart_message(element).get("clip")
    return clip.get("count", 0) if clip else 0


def unpack(array):
    """A plotly.js typed array {"dtype": "f4", "bdata": base64} (ui/figures.packed) as NumPy."""
    return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))


def first_loss(curves_figure):
    """The first point of the training-loss curve, or None before the first epoch."""
    losses = unpack(curves_figure["data"][0]["y"])
    return float(losses[0]) if len(losses) else None


def points_fingerprint(regions_figure):
    """The training points of a decision-region chart, sorted, as bytes: equal for the same
    data whatever the network predicts (the points move between traces as predictions do)."""
    points = [
        np.column_stack([unpack(trace["x"]), unpack(trace["y"])])
        for trace in regions_figure["data"]
        if trace.get("name", "").endswith("(train)")
    ]
    if not points:
        return b""
    points = np.concatenate(points)
    drawn = ~np.isnan(points).any(axis=1)  # not the legend's entries (ui/figures/playground.py)
    return sorted_points(points[drawn])


def sorted_points(points):
    """Points of shape (n, 2), sorted by x then y, as bytes: comparable whatever their order."""
    return points[np.lexsort(points.T[::-1])].tobytes()


def own_run(query):
    """What every update of a tab opened at `query` must show, from the same run built here:
    (its "Epoch (of N)" label, its first loss as the chart sends it, its sorted training points).
    """
    config = decode_query(parse_qs(query)).config
    trainer = build_trainer(config)
    points = sorted_points(trainer.X.astype(np.float32))
    trainer.step(1)
    first_loss = trainer.history["data_loss"][0] + trainer.history["regularization_loss"][0]
    return f"Epoch (of {config.epochs:,})", float(np.float32(first_loss)), points
