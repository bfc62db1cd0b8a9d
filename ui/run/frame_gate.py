"""Fair turns for animation frames: one server, a whole class pressing Play.

Every playing session asks for a frame several times a second, and every frame draws and trains
in a thread of the one server process. Python runs one thread's code at a time, so 30 sessions
drawing at once do not go faster than one after the other: they only take turns so finely that
the thread answering the browsers (clicks included) waits behind all of them, and nothing gets
done. The gate lets `slots` frames run at once, first come first served; the others wait, asleep,
for their turn. When many wait, each frame trains for a shorter time, so every session still
sees its network move and a click is answered soon.

One gate serves the whole server process (app pages get it from `st.cache_resource`): it holds
no user's data, only the queue of frames waiting for their turn.
"""

import threading
from collections import deque
from contextlib import contextmanager


class FrameGate:
    """At most `slots` frames at once, in the order they asked."""

    def __init__(self, slots=1):
        if slots < 1:
            raise ValueError(f"slots must be at least 1. Received: slots={slots!r}")
        self.slots = slots
        self.running = 0
        self.waiting = deque()
        self.condition = threading.Condition()

    @contextmanager
    def turn(self):
        """`with gate.turn() as others_waiting:` runs the block when its turn comes.

        `others_waiting` is how many frames were still queued when this one started: the
        frame can share the time with them (see `share`).
        """
        ticket = object()
        with self.condition:
            self.waiting.append(ticket)
            self.condition.wait_for(lambda: self.waiting[0] is ticket and self.running < self.slots)
            self.waiting.popleft()
            self.running += 1
            others_waiting = len(self.waiting)
            self.condition.notify_all()  # the next in line may fit in another slot
        try:
            yield others_waiting
        finally:
            with self.condition:
                self.running -= 1
                self.condition.notify_all()

    def share(self, others_waiting):
        """The share of its usual training time a frame takes when `others_waiting` frames
        queue behind it: 1 alone, 1/30 with 29 others on one slot. A round of every waiting
        frame then trains about as long as one frame alone."""
        return self.slots / (self.slots + others_waiting)
