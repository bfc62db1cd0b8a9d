"""Fair turns for animation frames: one server, a whole class pressing Play.

Every playing session asks for a frame several times a second, and every frame draws and trains
in a thread of the one server process. Python runs one thread's code at a time, so 30 sessions
drawing at once do not go faster than one after the other: they only take turns so finely that
the thread answering the browsers (clicks included) waits behind all of them, and nothing gets
done. So frames take turns through this gate, asleep while they wait. Five rules make the
turns fair, even beside a student who plays a huge network:

1. **Four lanes.** A frame whose smallest piece of work (one epoch and one picture) takes
   longer than HEAVY_SECONDS is *heavy*: it waits in the heavy lane, the others in the light
   lane. An answer to a click (a page run that trains nothing: Pause, Step, a new setting) waits
   in an answers' lane, never behind a frame: a small network's in the answers lane, a heavy
   session's in the big answers' lane (its picture alone takes about as long as a heavy frame,
   so beside the small answers it would hold every small session's clicks that long). Each
   lane runs one turn at a time. The lanes can run at once without fighting: a heavy turn
   spends its time in NumPy's matrix products, which let go of Python's lock (the GIL) while
   they compute, so on a second core they overlap the light frames' Python.
2. **Who used least goes first.** In each lane, a frame someone waits for (a Step that plays
   through frames) goes first; then the waiting frame whose session has used the gate least
   lately goes next (like an operating system's fair scheduler): each session's
   time in the gate is added up, and halves every HALF_LIFE seconds so that old turns are
   forgiven. First come, first served breaks ties.
3. **Frames make way for answers.** A person waits for an answer, nobody for one more frame:
   while an answer runs, a frame that trains stops between two chunks of epochs
   (`making_way`) and sleeps until the answer is done (at most MAKE_WAY_SECONDS a frame), so the
   answer has Python to itself instead of sharing it with the frame.
4. **Heavy frames rest.** Part of a big network's NumPy work (copies, masks, small reductions)
   still holds the GIL: measured, a pure-Python loop beside a thread training 4 × 256 neurons
   on 8,000 points runs at about half its speed. So while light frames play, the heavy lane
   rests after each heavy turn for HEAVY_REST times as long as the turn took: the light frames
   keep most of their pace, and the big network still moves, more slowly. A frame someone
   waits for (a Step) does not wait for the rest to end.

5. **A page run for a person comes first.** A new setting or a page opened runs the whole
   page script before its own frame: the settings, the buttons, the text. (A click on the
   run's buttons reruns only the run's part of the page, ui/run/animation.py: it comes
   straight to its frame, an answer.) While a page run does (`page_run`), or an answer runs,
   frames do not start their turns (`someone_waits`), and frames between chunks make way
   (rule 3): in a class of 30, they took nearly all of Python's time, and a click's page took
   seconds to reach its answer. A page run holds the frames back for at most
   PAGE_RUN_FIRST_SECONDS: a long one (a big upload) does not stop every animation on the
   server.

When many frames wait, each trains for a shorter time (`share`), so a round of turns takes
about as long as one frame alone, and every session still sees its network move.

One gate serves the whole server process (app pages get it from `st.cache_resource`): it holds
no user's data, only who waits and how much time each session used. A waiting frame calls its
`check` every CHECK_SECONDS, so a frame whose session has ended or whose user clicked leaves the
queue instead of taking its turn.
"""

import itertools
import sys
import threading
import time
from contextlib import contextmanager

LIGHT, HEAVY, ANSWERS, BIG_ANSWERS = "light", "heavy", "answers", "big answers"
# Each turn's lane by (heavy, urgent): a small or a big network's frame, or an answer to a click.
LANES = {
    (False, False): LIGHT,
    (True, False): HEAVY,
    (False, True): ANSWERS,
    (True, True): BIG_ANSWERS,
}
# A frame whose smallest piece of work (one epoch and one picture) takes longer than this waits
# in the heavy lane: a small network's takes a few milliseconds, 4 layers of 256 neurons on
# 8,000 points about half a second.
HEAVY_SECONDS = 0.1
# Time used in the gate counts half as much every HALF_LIFE seconds.
HALF_LIFE = 2.0
CHECK_SECONDS = 0.05  # how often a waiting frame calls its `check`
# After a heavy turn of t seconds, the heavy lane rests HEAVY_REST * t seconds, if a light turn
# ended less than LIGHT_PLAYING seconds before (light frames are playing).
HEAVY_REST = 1.0
LIGHT_PLAYING = 1.0
FORGET_SECONDS = 60.0  # a session unseen this long is dropped from the accounts
# A frame between chunks of training sleeps at most this long in all while answers run (rule 3):
# a click's answer takes a tenth of a second to a few on a busy server, and frames must go on.
MAKE_WAY_SECONDS = 0.25
# A page run holds frames back (rule 5) for at most this long.
PAGE_RUN_FIRST_SECONDS = 1.0
# How long a thread runs Python before handing the GIL to a thread that waits for it (Python's
# default: 0.005 s). See switch_threads_often.
SWITCH_SECONDS = 0.001


class Ticket:
    """One frame waiting for its turn."""

    def __init__(self, session, lane, number, awaited=False):
        self.session = session
        self.lane = lane
        self.awaited = awaited  # someone waits for this frame's end (a Step)
        self.number = number  # arrival order, for ties


class FrameGate:
    """One turn at a time in each lane; in a lane, the session that used least time lately goes
    first, then first come first served. Answers to clicks have lanes of their own."""

    def __init__(self, clock=time.perf_counter):
        self.clock = clock
        self.waiting = []  # Tickets
        self.running = {LIGHT: 0, HEAVY: 0, ANSWERS: 0, BIG_ANSWERS: 0}
        self.used = {}  # session -> (seconds used, when last counted)
        self.heavy_rests_until = float("-inf")  # clock time
        self.last_light_turn_end = float("-inf")
        self.last_queued = float("-inf")  # when a frame last had to queue for its lane
        self.page_runs = {}  # thread -> clock time its page run began, until it reaches a turn
        self.arrivals = itertools.count()
        self.condition = threading.Condition()

    @contextmanager
    def turn(self, session, heavy=False, urgent=False, check=None, awaited=False):
        """`with gate.turn(session) as others_waiting:` runs the block when its turn comes.

        `session`: whose frame it is (any hashable name). `heavy`: the session's smallest piece
        of work takes longer than HEAVY_SECONDS. `urgent`: the turn answers a click (it trains
        nothing): it waits in an answers' lane, the big answers' lane if `heavy`. `check()` is
        called while waiting and may raise to leave the queue. `awaited`: someone waits for this
        frame's end (a Step that plays through frames): it goes first in its lane, and never
        waits for the heavy lane's rest. The block gets how many frames still wait in its
        lane: it can share the time with them (`share`).
        """
        lane = LANES[heavy, urgent]
        with self.condition:
            # This thread's page run (if any) has reached its frame: it waits in its lane now.
            self.page_runs.pop(threading.get_ident(), None)
            ticket = Ticket(session, lane, next(self.arrivals), awaited)
            if self.running[lane] or any(other.lane == lane for other in self.waiting):
                self.last_queued = self.clock()
            self.waiting.append(ticket)
            try:
                while not self.is_next(ticket):
                    # (polls: a rest, or a page run's first second, ends with no notice)
                    self.condition.wait(CHECK_SECONDS)
                    if check is not None and not self.is_next(ticket):
                        check()
            finally:
                self.waiting.remove(ticket)
                self.condition.notify_all()  # the next in line may now be first
            self.running[lane] += 1
            others_waiting = sum(1 for other in self.waiting if other.lane == lane)
        start = self.clock()
        try:
            yield others_waiting
        finally:
            with self.condition:
                self.running[lane] -= 1
                self.count_time(session, self.clock() - start)
                self.after_turn(lane, self.clock() - start)
                self.condition.notify_all()

    @contextmanager
    def page_run(self):
        """`with gate.page_run():` around a whole page run, which a person waits for (rule 5):
        until it ends, or its own frame asks for a turn, frames hold back."""
        thread = threading.get_ident()
        with self.condition:
            self.page_runs[thread] = self.clock()
        try:
            yield
        finally:
            with self.condition:
                self.page_runs.pop(thread, None)
                self.condition.notify_all()

    def making_way(self, check=None):
        """A frame's check between two chunks of training (rules 3 and 5): while a person waits
        (`someone_waits`), sleep until they are served; then `check()`, if given (it may raise
        to stop the frame: Streamlit's check for a click of the frame's own session).

        A frame sleeps at most MAKE_WAY_SECONDS in all, however many chunks it trains: it
        holds its lane while it sleeps, and a clip of 48 pictures is 48 slices of training,
        each with its check. (At MAKE_WAY_SECONDS a check, a class's frames held the light lane
        up to 1.4 s each while the clicks' answers ran, and every other frame waited.)"""
        deadline = self.clock() + MAKE_WAY_SECONDS

        def make_way():
            with self.condition:
                self.condition.wait_for(
                    lambda: not self.someone_waits(), max(0.0, deadline - self.clock())
                )
            if check is not None:
                check()

        return make_way

    def someone_waits(self):
        """Whether an answer to a click runs, or a page run began less than
        PAGE_RUN_FIRST_SECONDS ago and has not reached its frame."""
        if self.running[ANSWERS] or self.running[BIG_ANSWERS]:
            return True
        now = self.clock()
        return any(now - began < PAGE_RUN_FIRST_SECONDS for began in self.page_runs.values())

    def queued_since(self, moment):
        """Whether some frame had to queue for its turn since `moment` (the gate's clock), i.e.
        the server was busy: a tab's frame that comes late may then be late because of the
        server, not because the browser hid the tab (AnimatedRun.frame_asked)."""
        return moment is not None and self.last_queued >= moment

    def is_next(self, ticket):
        """Whether `ticket` may run now: its lane is free and it comes first in it."""
        if self.running[ticket.lane] > 0:
            return False
        resting = ticket.lane == HEAVY and self.clock() < self.heavy_rests_until
        if resting and not ticket.awaited:
            return False
        is_frame = ticket.lane in (LIGHT, HEAVY)
        if is_frame and not ticket.awaited and self.someone_waits():
            return False
        in_lane = [other for other in self.waiting if other.lane == ticket.lane]
        return min(in_lane, key=self.priority) is ticket

    def after_turn(self, lane, seconds):
        """Note when light frames played; make the heavy lane rest after a heavy turn while
        they do (rule 4)."""
        now = self.clock()
        if lane == LIGHT:
            self.last_light_turn_end = now
        elif lane == HEAVY and now - self.last_light_turn_end < LIGHT_PLAYING:
            # (a short turn, e.g. a Step's that did not wait, never cuts a rest short)
            self.heavy_rests_until = max(self.heavy_rests_until, now + HEAVY_REST * seconds)

    def priority(self, ticket):
        """Smaller goes first: a frame someone waits for, then least time used, then arrival."""
        return (not ticket.awaited, self.time_used(ticket.session), ticket.number)

    def time_used(self, session):
        """Seconds this session spent in the gate, each second halved every HALF_LIFE since."""
        seconds, when = self.used.get(session, (0.0, self.clock()))
        return seconds * 0.5 ** ((self.clock() - when) / HALF_LIFE)

    def count_time(self, session, seconds):
        now = self.clock()
        self.used[session] = (self.time_used(session) + seconds, now)
        for name, (_, when) in list(self.used.items()):
            if now - when > FORGET_SECONDS:
                del self.used[name]

    def share(self, others_waiting):
        """The share of its usual training time a frame takes when `others_waiting` frames
        queue behind it in its lane: 1 alone, 1/30 with 29 others. A round of every waiting
        frame then trains about as long as one frame alone."""
        return 1 / (1 + others_waiting)


def switch_threads_often():
    """Let a thread that waits for Python's lock (the GIL) have it within SWITCH_SECONDS, not
    Python's default 5 ms: for the whole server process, once.

    The thread that talks to the browsers (Streamlit's event loop) lets go of the GIL at every
    message it sends, and must then wait for it again while a frame trains: up to 5 ms per
    message, and a click's answer is one message among every session's frames. Shorter turns cost
    the training threads little (they switch a few hundred times more per second)."""
    sys.setswitchinterval(SWITCH_SECONDS)
