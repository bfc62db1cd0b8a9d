"""The frame gate: animation frames of every session take turns, first come first served."""

import threading
import time

import pytest

from ui.run.frame_gate import FrameGate


def test_one_slot_runs_one_frame_at_a_time_in_the_order_they_asked():
    gate = FrameGate(slots=1)
    order, running, most_running = [], [0], [0]
    lock = threading.Lock()

    def frame(name):
        with gate.turn():
            with lock:
                running[0] += 1
                most_running[0] = max(most_running[0], running[0])
            order.append(name)
            time.sleep(0.01)
            with lock:
                running[0] -= 1

    threads = []
    with gate.turn():  # hold the gate while the others line up
        for name in range(5):
            thread = threading.Thread(target=frame, args=(name,))
            thread.start()
            threads.append(thread)
            while len(gate.waiting) < name + 1:  # wait until it stands in the queue
                time.sleep(0.001)
    for thread in threads:
        thread.join(timeout=5)
    assert order == [0, 1, 2, 3, 4]
    assert most_running[0] == 1


def test_a_frame_that_raises_gives_its_turn_back():
    gate = FrameGate(slots=1)
    with pytest.raises(RuntimeError), gate.turn():
        raise RuntimeError("Streamlit stops a frame with an exception")
    with gate.turn() as others_waiting:
        assert others_waiting == 0
    assert gate.running == 0


@pytest.mark.parametrize(
    ("slots", "others_waiting", "share"),
    [(1, 0, 1.0), (1, 29, 1 / 30), (2, 2, 0.5)],
)
def test_the_training_time_is_shared_with_the_frames_waiting(slots, others_waiting, share):
    assert FrameGate(slots).share(others_waiting) == pytest.approx(share)


def test_a_gate_needs_a_slot():
    with pytest.raises(ValueError, match="slots"):
        FrameGate(slots=0)
