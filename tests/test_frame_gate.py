"""The frame gate: lanes for light and heavy frames and for answers to clicks; in a lane, the
session that used least time first; frames make way for answers.

Deterministic: the gate's clock is a fake one the test moves by hand, and every frame is queued
while the test holds the lane, so the order never depends on the machine's speed.
"""

import threading
import time

import pytest

from ui.run import frame_gate
from ui.run.frame_gate import (
    FORGET_SECONDS,
    HALF_LIFE,
    HEAVY_REST,
    LIGHT_PLAYING,
    PAGE_RUN_FIRST_SECONDS,
    FrameGate,
)


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def gate(clock):
    return FrameGate(clock=clock)


def queue_frames(gate, frames, order, heavy=False):
    """Start one thread per (session, options) in `frames`, each taking a turn and noting its
    session in `order`; return once all of them stand in the queue."""
    threads = []
    for session, options in frames:
        thread = threading.Thread(target=take_a_turn, args=(gate, session, order), kwargs=options)
        thread.start()
        threads.append(thread)
        while len(gate.waiting) + len(order) < len(threads):  # queued (or already done)
            time.sleep(0.001)
    return threads


def take_a_turn(gate, session, order, **options):
    with gate.turn(session, **options):
        order.append(session)


def rest_the_heavy_lane(gate, clock):
    """A light frame, then a heavy turn of half a second: the heavy lane now rests (light
    frames are playing)."""
    with gate.turn("small"):
        clock.now += 0.1
    with gate.turn("big", heavy=True):
        clock.now += 0.5


def finish(threads):
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)


def test_the_session_that_used_least_time_goes_first(gate):
    gate.count_time("a", 3.0)
    gate.count_time("b", 1.0)
    gate.count_time("c", 2.0)
    order = []
    with gate.turn("holder"):  # hold the light lane while the others line up
        threads = queue_frames(gate, [("a", {}), ("b", {}), ("c", {})], order)
    finish(threads)
    assert order == ["b", "c", "a"]


def test_equal_time_used_is_first_come_first_served(gate):
    order = []
    with gate.turn("holder"):
        threads = queue_frames(gate, [(name, {}) for name in "pqrst"], order)
    finish(threads)
    assert order == list("pqrst")


def test_an_answer_to_a_click_never_waits_behind_a_frame(gate):
    gate.count_time("clicker", 50.0)  # has played a lot
    order = []
    with gate.turn("holder"):  # a small network's frame holds the light lane
        finish(queue_frames(gate, [("clicker", {"urgent": True})], order))
        waiting = queue_frames(gate, [("quiet", {})], order)
        time.sleep(0.05)
        assert order == ["clicker"]  # the answer ran; the next frame still waits
    finish(waiting)
    assert order == ["clicker", "quiet"]


def test_answers_to_clicks_take_turns_one_at_a_time(gate):
    order = []
    with gate.turn("clicker", urgent=True):
        waiting = queue_frames(gate, [("other clicker", {"urgent": True})], order)
        time.sleep(0.3)
        assert order == []
    finish(waiting)
    assert order == ["other clicker"]


def make_way_in_thread(gate, done, check=None):
    """A frame between two chunks of training, in a thread: `done` is set when it goes on."""

    def between_chunks():
        gate.making_way(check)()
        done.set()

    thread = threading.Thread(target=between_chunks)
    thread.start()
    return thread


def test_a_frame_between_chunks_waits_while_an_answer_runs(gate, monkeypatch):
    monkeypatch.setattr(frame_gate, "MAKE_WAY_SECONDS", 60.0)  # longer than any busy machine's
    went_on = threading.Event()
    with gate.turn("clicker", urgent=True):
        frame = make_way_in_thread(gate, went_on)
        time.sleep(0.1)
        assert not went_on.is_set()  # sleeping while the answer runs
    finish([frame])  # the answer is done: the frame goes on
    assert went_on.is_set()


@pytest.mark.parametrize("heavy", [False, True])
def test_without_answers_running_a_frame_goes_on_between_chunks(gate, heavy):
    with gate.turn("other", heavy=heavy):  # frames, not answers, run
        went_on = threading.Event()
        finish([make_way_in_thread(gate, went_on)])
    assert went_on.is_set()


def test_a_frame_waits_for_answers_only_so_long(gate, monkeypatch):
    monkeypatch.setattr(frame_gate, "MAKE_WAY_SECONDS", 0.01)
    went_on = threading.Event()
    with gate.turn("big clicker", heavy=True, urgent=True):  # an answer that runs on and on
        finish([make_way_in_thread(gate, went_on)])  # the frame goes on all the same
    assert went_on.is_set()


def test_a_frame_makes_way_only_so_long_in_all_however_many_chunks(gate, clock, monkeypatch):
    monkeypatch.setattr(frame_gate, "MAKE_WAY_SECONDS", 60.0)
    went_on = threading.Event()

    def a_clip_of_48_slices():
        make_way = gate.making_way()  # one frame's check, between each two of its chunks
        clock.now += 60.0  # the frame has made way that long already
        for _ in range(48):
            make_way()
        went_on.set()

    with gate.turn("clicker", urgent=True):  # an answer that runs on and on
        frame = threading.Thread(target=a_clip_of_48_slices, daemon=True)
        frame.start()
        finish([frame])
    assert went_on.is_set()


def test_making_way_then_runs_the_frames_own_check(gate):
    class ClickWaitingError(Exception):
        pass

    def check():
        raise ClickWaitingError

    with pytest.raises(ClickWaitingError):
        gate.making_way(check)()


def page_run_in_thread(gate, started, leave):
    """A page run for a person (a click) in a thread, until `leave` is set."""

    def page():
        with gate.page_run():
            started.set()
            leave.wait(timeout=10)

    thread = threading.Thread(target=page)
    thread.start()
    started.wait(timeout=10)
    return thread


@pytest.mark.parametrize("heavy", [False, True])
def test_frames_hold_back_while_a_page_runs_for_a_person(gate, heavy):
    order = []
    started, leave = threading.Event(), threading.Event()
    page = page_run_in_thread(gate, started, leave)
    frame = queue_frames(gate, [("other session", {"heavy": heavy})], order)
    time.sleep(0.2)  # (a few of the waiting frame's polls)
    assert order == []
    leave.set()
    finish([page, *frame])
    assert order == ["other session"]


def test_a_page_runs_own_frame_does_not_wait_for_it(gate):
    order = []
    with gate.page_run():
        take_a_turn(gate, "clicker", order)  # the page has reached its frame: it runs
        # ... and from then on, the page no longer holds the other sessions' frames back
        finish(queue_frames(gate, [("other session", {})], order))
    assert order == ["clicker", "other session"]


@pytest.mark.parametrize("options", [{"urgent": True}, {"awaited": True}])
def test_answers_and_steps_do_not_wait_for_a_page_run(gate, options):
    order = []
    started, leave = threading.Event(), threading.Event()
    page = page_run_in_thread(gate, started, leave)
    finish(queue_frames(gate, [("someone waits", options)], order))
    assert order == ["someone waits"]
    leave.set()
    finish([page])


def test_a_page_run_holds_frames_back_only_so_long(gate, clock):
    order = []
    started, leave = threading.Event(), threading.Event()
    page = page_run_in_thread(gate, started, leave)  # a long one: a big upload
    frame = queue_frames(gate, [("other session", {})], order)
    time.sleep(0.2)
    assert order == []
    clock.now += PAGE_RUN_FIRST_SECONDS
    finish(frame)  # the waiting frame's next poll finds it may go
    assert order == ["other session"]
    leave.set()
    finish([page])


def test_a_frame_between_chunks_makes_way_for_a_page_run(gate, monkeypatch):
    monkeypatch.setattr(frame_gate, "MAKE_WAY_SECONDS", 60.0)
    went_on = threading.Event()
    started, leave = threading.Event(), threading.Event()
    page = page_run_in_thread(gate, started, leave)
    frame = make_way_in_thread(gate, went_on)
    time.sleep(0.1)
    assert not went_on.is_set()
    leave.set()
    finish([page, frame])
    assert went_on.is_set()


def test_a_light_frame_never_waits_behind_a_heavy_one(gate):
    order = []
    with gate.turn("big", heavy=True):  # a big network's frame holds the heavy lane
        small = threading.Thread(target=take_a_turn, args=(gate, "small", order))
        small.start()
        finish([small])  # ...and the small session's frame runs meanwhile
        heavy = queue_frames(gate, [("big two", {"heavy": True})], order)
        time.sleep(0.05)
        assert order == ["small"]  # the second heavy frame waits for the first
    finish(heavy)
    assert order == ["small", "big two"]


def test_while_light_frames_play_the_heavy_lane_rests_after_each_heavy_turn(gate, clock):
    rest_the_heavy_lane(gate, clock)
    order = []
    waiting = queue_frames(gate, [("big", {"heavy": True})], order)
    time.sleep(0.3)
    assert order == []  # resting
    small = threading.Thread(target=take_a_turn, args=(gate, "small", order))
    small.start()
    finish([small])  # light frames still run
    clock.now += HEAVY_REST * 0.5
    finish(waiting)
    assert order == ["small", "big"]


def test_alone_the_heavy_lane_never_rests(gate, clock):
    with gate.turn("small"):
        pass
    clock.now += LIGHT_PLAYING + 1  # no light frame lately
    with gate.turn("big", heavy=True):
        clock.now += 0.5
    order = []
    finish(queue_frames(gate, [("big", {"heavy": True})], order))
    assert order == ["big"]


def test_a_big_networks_answer_waits_neither_for_heavy_frames_nor_in_the_light_lane(gate):
    order = []
    with gate.turn("other big", heavy=True), gate.turn("small"):  # both lanes busy
        finish(queue_frames(gate, [("big", {"heavy": True, "urgent": True})], order))
    assert order == ["big"]


def test_big_networks_answers_take_turns_one_at_a_time(gate):
    order = []
    with gate.turn("big", heavy=True, urgent=True):
        waiting = queue_frames(gate, [("other big", {"heavy": True, "urgent": True})], order)
        time.sleep(0.3)
        assert order == []
    finish(waiting)
    assert order == ["other big"]


def test_a_big_networks_answer_never_waits_for_the_heavy_lane_to_rest(gate, clock):
    rest_the_heavy_lane(gate, clock)
    order = []
    resting = queue_frames(gate, [("greedy frame", {"heavy": True})], order)
    finish(queue_frames(gate, [("big", {"heavy": True, "urgent": True})], order))
    assert order == ["big"]  # the frame still rests
    clock.now += HEAVY_REST * 0.5
    finish(resting)
    assert order == ["big", "greedy frame"]


@pytest.mark.parametrize("heavy", [False, True])
def test_a_frame_someone_waits_for_goes_first_in_its_lane(gate, heavy):
    gate.count_time("stepper", 50.0)  # has played a lot
    order = []
    with gate.turn("holder", heavy=heavy):
        frames = [("quiet", {"heavy": heavy}), ("stepper", {"heavy": heavy, "awaited": True})]
        threads = queue_frames(gate, frames, order)
    finish(threads)
    assert order == ["stepper", "quiet"]


def test_a_heavy_frame_someone_waits_for_never_waits_for_the_rest(gate, clock):
    rest_the_heavy_lane(gate, clock)
    order = []
    resting = queue_frames(gate, [("greedy frame", {"heavy": True})], order)
    finish(queue_frames(gate, [("stepper", {"heavy": True, "awaited": True})], order))
    assert order == ["stepper"]  # the other frame still rests
    clock.now += HEAVY_REST * 0.5
    finish(resting)
    assert order == ["stepper", "greedy frame"]


def test_one_frame_at_a_time_in_a_lane(gate):
    running, most_running = [0], [0]
    lock = threading.Lock()

    def frame(session):
        with gate.turn(session):
            with lock:
                running[0] += 1
                most_running[0] = max(most_running[0], running[0])
            time.sleep(0.005)
            with lock:
                running[0] -= 1

    threads = [threading.Thread(target=frame, args=(name,)) for name in range(8)]
    for thread in threads:
        thread.start()
    finish(threads)
    assert most_running[0] == 1


def test_time_used_counts_half_as_much_every_half_life(gate, clock):
    gate.count_time("a", 4.0)
    clock.now += HALF_LIFE
    assert gate.time_used("a") == pytest.approx(2.0)
    clock.now += 2 * HALF_LIFE
    assert gate.time_used("a") == pytest.approx(0.5)
    assert gate.time_used("never seen") == 0.0


def test_a_turn_counts_the_time_it_held_the_gate(gate, clock):
    with gate.turn("a"):
        clock.now += 0.3
    assert gate.time_used("a") == pytest.approx(0.3)


def test_sessions_unseen_for_long_are_forgotten(gate, clock):
    gate.count_time("gone", 1.0)
    clock.now += FORGET_SECONDS + 1
    gate.count_time("here", 1.0)
    assert set(gate.used) == {"here"}


def test_a_waiting_frame_whose_check_raises_leaves_the_queue(gate):
    class SessionEndedError(Exception):
        pass

    def ended():
        raise SessionEndedError

    outcome, order = [], []

    def frame():
        try:
            with gate.turn("closed tab", check=ended):
                outcome.append("ran")
        except SessionEndedError:
            outcome.append("left the queue")

    with gate.turn("holder"):
        thread = threading.Thread(target=frame)
        thread.start()
        thread.join(timeout=10)
        assert outcome == ["left the queue"] and gate.waiting == []
        later = queue_frames(gate, [("next", {})], order)
    finish(later)
    assert order == ["next"]


def test_a_frame_that_raises_gives_its_turn_back(gate):
    with pytest.raises(RuntimeError), gate.turn("a"):
        raise RuntimeError("Streamlit stops a frame with an exception")
    with gate.turn("b") as others_waiting:
        assert others_waiting == 0
    assert set(gate.running.values()) == {0}


def test_a_frame_is_told_how_many_wait_in_its_own_lane(gate):
    seen = {}

    def frame(session, heavy):
        with gate.turn(session, heavy=heavy) as others_waiting:
            seen[session] = others_waiting

    with gate.turn("big", heavy=True), gate.turn("small"):  # hold both lanes
        threads = []
        for session, heavy in [("x", False), ("y", False), ("z", False), ("w", True)]:
            threads.append(threading.Thread(target=frame, args=(session, heavy)))
            threads[-1].start()
            while len(gate.waiting) < len(threads):
                time.sleep(0.001)
    finish(threads)
    assert seen == {"x": 2, "y": 1, "z": 0, "w": 0}


@pytest.mark.parametrize(("others_waiting", "share"), [(0, 1.0), (29, 1 / 30), (2, 1 / 3)])
def test_the_training_time_is_shared_with_the_frames_waiting(gate, others_waiting, share):
    assert gate.share(others_waiting) == pytest.approx(share)


def test_a_frame_that_must_queue_marks_the_server_busy(gate, clock):
    before = clock.now
    with gate.turn("alone"):
        pass
    assert not gate.queued_since(before)  # a lone frame never queues
    order = []
    with gate.turn("first"):
        clock.now += 1.0
        threads = queue_frames(gate, [("second", {})], order)  # arrives while "first" runs
    finish(threads)
    assert gate.queued_since(before + 1.0)
    assert not gate.queued_since(clock.now + 0.5)  # nothing queued since
    assert not gate.queued_since(None)  # a run that never trained
