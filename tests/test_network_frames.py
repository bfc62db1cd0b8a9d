"""What the Network page sends while the Playground's run plays on it.

The page shows the run in two kinds of chart. Films: the decision regions and the neuron maps,
whose pictures every frame brings as a clip, played by the browser. And whole Plotly figures:
the network's graph, the hidden layer's view, the layers' statistics, the curves, the weights'
histograms. Redrawn at every frame (5 a second), those figures kept the browser so busy that a
click on Pause reached the server a second late (a /tmp probe, 2026-12-08). So while the run
plays they travel at most once a second (`POINTS_EVERY_SECONDS`, ui/views/films.py), the films
at every frame; Pause brings every figure at once. The tab is driven over Streamlit's websocket
(tests/streamlit_driver.py), reading the messages a browser would receive.
"""

import time

import pytest

from tests.e2e_support import PATIENCE
from tests.streamlit_driver import PAUSE, PLAY, chart_message
from tests.test_playing_frame_bytes import RecordingTab, chart_elements, recorded
from ui.views.films import POINTS_EVERY_SECONDS
from ui.views.network import NEURON_MAP_PICTURES

pytestmark = pytest.mark.e2e  # starts a real server

WHOLE_FIGURES = ("nw_graph", "nw_hidden_space", "nw_dynamics", "nw_curves", "nw_histograms")
FILMS = ("nw_regions", "nw_maps_0")
PLAYING_SECONDS = 3.0  # of frames to read, by their arrival, and at least PLAYING_FRAMES frames
PLAYING_FRAMES = 6


class NetworkTab(RecordingTab):
    """A RecordingTab that can open another page of the app, and notes when each run ended."""

    def __init__(self, *arguments, **options):
        super().__init__(*arguments, **options)
        self.pages = {}  # url path -> page script hash, as st.navigation lists them
        self.run_times = []  # arrival of each run's script_finished, in `runs` order

    def _handle(self, message):
        kind = message.WhichOneof("type")
        if kind == "navigation":  # st.navigation's pages
            self.pages.update(
                (page.url_pathname, page.page_script_hash) for page in message.navigation.app_pages
            )
        super()._handle(message)
        if kind == "script_finished":
            self.run_times.append(time.perf_counter())

    async def open_page(self, url_pathname, timeout):
        """Go to another page, as a click on its link in the navigation does."""
        finished = self.runs_finished
        self.page_script_hash = self.pages[url_pathname]
        await self._send_rerun()
        await self.wait_for(lambda: self.runs_finished > finished and PLAY in self.buttons, timeout)

    def timed_frames(self):
        """(arrival, messages) of the frame timer's runs."""
        timed = zip(self.run_times, self.runs)
        return [
            (at, run)
            for at, (fragments, run) in timed
            if fragments and set(fragments) <= self.timers
        ]


async def play_on_the_network_page(stream_url):
    tab = NetworkTab(stream_url, "epochs=1000000")
    await tab.open(timeout=PATIENCE)
    await tab.open_page("network", timeout=PATIENCE)
    await tab.click(PLAY, timeout=PATIENCE)

    def played_long_enough():
        frames = [at for at, frame in tab.timed_frames() if chart_elements(frame, "nw_regions")]
        return len(frames) >= PLAYING_FRAMES and frames[-1] - frames[0] >= PLAYING_SECONDS

    await tab.wait_for(played_long_enough, timeout=PATIENCE)
    tab.played = tab.timed_frames()
    clicks_before = len(tab.clicks)
    await tab.click(PAUSE, timeout=PATIENCE)
    tab.pause_answer = tab.clicks[clicks_before]
    await tab.close()
    return tab


@pytest.fixture(scope="module")
def tab():
    return recorded(play_on_the_network_page)


def carries_figure(frame, key):
    return any(
        chart_message(element)["figure"] is not None for element in chart_elements(frame, key)
    )


@pytest.mark.parametrize("key", FILMS)
def test_every_playing_frame_brings_the_films_pictures(tab, key):
    frames = [frame for _, frame in tab.played if chart_elements(frame, "nw_regions")]
    assert len(frames) >= PLAYING_FRAMES
    for frame in frames:
        [element] = chart_elements(frame, key)
        assert chart_message(element)["clip"]["count"] >= 1


@pytest.mark.parametrize("key", WHOLE_FIGURES + ("nw_maps_0",))
def test_while_playing_a_whole_figure_travels_at_most_once_a_second(tab, key):
    frames = [(at, frame) for at, frame in tab.played if chart_elements(frame, "nw_regions")]
    with_figure = [at for at, frame in frames if carries_figure(frame, key)]
    # At most one a second (+ 2: the first frame after Play is a click's, and arrival times
    # jitter); on a machine whose frames come less often than that, every frame may bring one.
    seconds = frames[-1][0] - frames[0][0]
    assert len(with_figure) <= seconds / POINTS_EVERY_SECONDS + 2
    # The chart still follows the run: more than one figure in three seconds of Play.
    assert len(with_figure) >= 2


@pytest.mark.parametrize("key", WHOLE_FIGURES + FILMS)
def test_pause_brings_every_figure_at_once(tab, key):
    assert carries_figure(tab.pause_answer, key)


def test_the_neuron_maps_play_fewer_pictures_than_the_regions_ending_at_the_same_epoch(tab):
    frames = [frame for _, frame in tab.played if chart_elements(frame, "nw_regions")]
    longer = 0
    for frame in frames:
        [regions] = chart_elements(frame, "nw_regions")
        [maps] = chart_elements(frame, "nw_maps_0")
        regions_epochs = chart_message(regions)["clip"]["epochs"]
        maps_epochs = chart_message(maps)["clip"]["epochs"]
        assert len(maps_epochs) <= NEURON_MAP_PICTURES
        assert set(maps_epochs) <= set(regions_epochs)
        assert maps_epochs[-1] == regions_epochs[-1]  # the network as it is now, in both
        longer += len(regions_epochs) > len(maps_epochs)
    assert longer > 0  # alone on the server, a frame's regions take more than four pictures
