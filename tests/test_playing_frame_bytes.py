"""What one playing frame of the Playground sends to its tab (issue #11: at most 100 kB/s).

While the run plays, Streamlit reruns only the animation frame (an `st.fragment`), several
times a second, and sends everything the frame draws again. So the frame draws only what
changes: the numbers and the two charts. The columns, the captions under the charts and the
Log-scale checkbox are the run's part of the page (ui/views/playground.py, `lay_out`), drawn
on a page run or a click. And a click (Play, Pause) reruns only that part: the buttons and the
charts, not the sidebar and the rest of the page. The tab is driven over Streamlit's websocket
(tests/streamlit_driver.py), reading the raw messages a browser would receive.
"""

import asyncio
from pathlib import Path

import numpy as np
import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e_support import PATIENCE, running_app
from tests.streamlit_driver import PAUSE, PLAY, PlaygroundTab, chart_message
from ui.views.playground import CURVES_CAPTION, REGIONS_CAPTION

pytestmark = pytest.mark.e2e  # starts a real server

ROOT = Path(__file__).resolve().parent.parent
FRAMES = 3  # playing frames to read
# Everything a frame sends besides the two charts' updates: the run's start and end, the
# containers, the six numbers, the tab's memory of the session (lost_run.py). About 3 kB; it
# was 5 kB when every frame drew the columns, the captions and the checkbox again.
REST_OF_A_FRAME_BYTES = 3_800


class RecordingTab(PlaygroundTab):
    """A tab that keeps the messages of every run, from its `new_session` to its
    `script_finished`: `runs`, a list of (the fragments it ran, [messages]); `frames`, those
    of the animation frame's timer (fragment runs of the fragment it reruns)."""

    def __init__(self, *arguments, **options):
        super().__init__(*arguments, **options)
        self.runs = []
        self.timers = set()  # the fragments the server asked the tab to rerun on a timer
        self._run = None

    def _handle(self, message):
        kind = message.WhichOneof("type")
        if kind == "auto_rerun":
            self.timers.add(message.auto_rerun.fragment_id)
        if kind == "new_session":
            self._run = (list(message.metadata.run.fragment_ids), [])
        if self._run is not None:
            copy = ForwardMsg()
            copy.CopyFrom(message)
            self._run[1].append(copy)
            if kind == "script_finished":
                self.runs.append(self._run)
                self._run = None
        super()._handle(message)

    def frames(self, runs=None):
        """The runs of the frame's timer alone (a click's run may run the frame too), of `runs`
        (all by default)."""
        runs = self.runs if runs is None else runs
        return [run for fragments, run in runs if fragments and set(fragments) <= self.timers]

    @property
    def clicks(self):
        """The runs of a click: of the fragment that draws the buttons."""
        buttons = set(self.button_fragments.values())
        return [run for fragments, run in self.runs if buttons & set(fragments)]


async def play_a_while(stream_url):
    tab = RecordingTab(stream_url, "seed=3")
    await tab.open(timeout=PATIENCE)
    await tab.click(PLAY, timeout=PATIENCE)
    # A few playing frames, however long a busy machine takes to send them.
    await tab.wait_for(lambda: len(frames_with_charts(tab)) >= FRAMES, timeout=PATIENCE)
    # The frames received before Pause: when the answer to a click runs the frame too,
    # Streamlit drops what the frame before it had not sent yet (ForwardMsgQueue.clear).
    tab.played = list(tab.runs)
    await tab.click(PAUSE, timeout=PATIENCE)
    await tab.close()
    return tab


def recorded(play):
    """The tab that `play(stream_url)` (a coroutine) drove on a server of its own, which showed
    no exception."""
    with running_app("app.py", cwd=ROOT) as url:
        stream_url = url.replace("http://", "ws://") + "/_stcore/stream"
        tab = asyncio.run(play(stream_url))
    assert tab.exceptions == []
    return tab


@pytest.fixture(scope="module")
def tab():
    return recorded(play_a_while)


@pytest.fixture(scope="module")
def playing_frames(tab):
    frames = frames_with_charts(tab, tab.played)
    assert len(frames) >= FRAMES, "the run should have played a few frames"
    return frames


def frames_with_charts(tab, runs=None):
    return [frame for frame in tab.frames(runs) if chart_elements(frame, "pg_regions")]


def new_elements(frame):
    return [
        message.delta.new_element
        for message in frame
        if message.WhichOneof("type") == "delta"
        and message.delta.WhichOneof("type") == "new_element"
    ]


def chart_elements(frame, key):
    return [
        element
        for element in new_elements(frame)
        if element.WhichOneof("type") == "bidi_component"
        and element.bidi_component.id.endswith(key)
    ]


def test_a_playing_frame_draws_the_charts_and_the_numbers(playing_frames):
    for frame in playing_frames:
        kinds = [element.WhichOneof("type") for element in new_elements(frame)]
        assert kinds.count("metric") == 6  # epoch, loss, accuracy, test ones, learning rate
        assert len(chart_elements(frame, "pg_regions")) == 1
        assert len(chart_elements(frame, "pg_curves")) == 1


def test_a_playing_frame_leaves_the_captions_the_checkbox_and_the_columns_to_the_page(
    playing_frames,
):
    for frame in playing_frames:
        elements = new_elements(frame)
        texts = [element.markdown.body for element in elements if element.HasField("markdown")]
        assert REGIONS_CAPTION not in texts and CURVES_CAPTION not in texts
        assert not [element for element in elements if element.HasField("checkbox")]
        blocks = [
            message.delta.add_block
            for message in frame
            if message.WhichOneof("type") == "delta"
            and message.delta.WhichOneof("type") == "add_block"
        ]
        assert not [block for block in blocks if block.HasField("column")]


def is_chart_update(message):
    if message.WhichOneof("type") != "delta":
        return False
    chart_id = message.delta.new_element.bidi_component.id
    return chart_id.endswith(("pg_regions", "pg_curves"))


def test_the_rest_of_a_playing_frame_is_small(playing_frames):
    for frame in playing_frames:
        rest = sum(message.ByteSize() for message in frame if not is_chart_update(message))
        assert rest < REST_OF_A_FRAME_BYTES


def test_the_curves_new_points_come_as_float32_bytes(playing_frames):
    extended = [
        chart_message(element)["extend"]
        for frame in playing_frames
        for element in chart_elements(frame, "pg_curves")
        if chart_message(element)["figure"] is None
    ]
    assert extended, "while playing, the curves should receive only their new points"
    for extend in extended:
        assert extend["traces"] == [0, 1]  # loss and accuracy (no test data here)
        epochs, loss = (np.frombuffer(extend[axis][0], "<f4") for axis in ("x", "y"))
        assert len(epochs) == len(loss) > 0
        assert (np.diff(epochs) > 0).all() and (epochs == np.round(epochs)).all()
        assert np.isfinite(loss).all() and (loss > 0).all()


# --- a click: only the run's part of the page (ui/run/animation.py, animate) ----------------

SIDEBAR = 1  # the sidebar's root container in a delta's path (the main area is 0)


def sidebar_elements(run):
    return [
        message
        for message in run
        if message.WhichOneof("type") == "delta" and message.metadata.delta_path[0] == SIDEBAR
    ]


def test_a_click_reruns_the_buttons_and_the_charts_not_the_sidebar(tab):
    fragments, opening = tab.runs[0]
    assert fragments == []  # opening the page runs the whole page: the sidebar with it
    assert sidebar_elements(opening)
    assert len(tab.clicks) == 2  # Play, Pause
    for run, answer in zip(tab.clicks, ("Pause", "Play")):
        elements = new_elements(run)
        buttons = [element.button.label for element in elements if element.HasField("button")]
        assert answer in buttons
        assert len(chart_elements(run, "pg_regions")) == 1
        assert not sidebar_elements(run)
        assert not [element for element in elements if element.HasField("heading")]  # title
        assert len(elements) < len(new_elements(opening)) / 2
