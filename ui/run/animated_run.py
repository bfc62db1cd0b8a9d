"""What every run the animation loop plays has in common: the buttons and the frame's timing.

The Playground's run (`PlaygroundRun`) and the Compare and Regression pages' groups of runs
(`RunGroup`) are played by one loop (ui/run/animation.py). Both are an `AnimatedRun`: they say
how to train some epochs (`train_chunk`) and when they are finished; this class does the rest,
once for all of them:

- Play / Pause / Step / Reset, and the message the page shows after them;
- a Step too long for one click's answer (STEP_BUDGET) plays through the animation frames until
  exactly its epochs are trained: it moves, shows Pause, and Pause stops it;
- how long each animation frame trains (`frame_budget`): the frames come every FRAME_PERIOD
  seconds, and training fills what drawing, Streamlit and the browser leave of that;
- a tab left playing in the background trains only a little (`frame_asked`).

No Streamlit here, and nothing shared between sessions: each session's runs live in its
`st.session_state` (LIVE_RUNS only counts them, holding none). Every timing constant of the
animation is in this file.
"""

import time
import weakref

# Seconds between the browser's requests for a frame. A request that comes while a frame runs
# waits for it, so a frame follows the last one at once; more requests would only cost the
# server work (with 30 sessions, 0.05 s swamped it: benchmarks/README.md).
FRAME_INTERVAL = 0.1
# Playing at "max" speed, a frame trains for as long as keeps the frames coming every
# FRAME_PERIOD seconds (5 a second), within bounds: see AnimatedRun.frame_budget. (8 a second
# until 2026-12-08: every frame carries ~8 kB besides its pictures (the numbers, the page's
# containers, Streamlit's own messages), so fewer, longer frames with more pictures each bring the
# same film for fewer bytes: 102 -> 89 kB/s received, pictures painted 37 -> 39 a second, the
# book's 10,001 epochs 2.1 s either way; measured side by side, benchmarks/README.md.)
FRAME_PERIOD = 1 / 5
FIRST_BUDGET = 0.05  # the first frame after Play, before anything is measured
# Where the rest of a frame (drawing, Streamlit, the browser) takes much of a period, training
# still gets TRAINING_PER_REST times as long as the rest: five sixths of each frame. (Two thirds
# until 2026-12-07, then three quarters: the book's 10,001 epochs took 4.8 s, then ~3.9 s. Four
# fifths: fewer frames a second, so fewer bytes, 86 -> 78 kB/s, benchmarks/README.md. Five sixths
# since 2026-12-08: a frame's drawing got cheaper, so alone frames came more often and the page
# received 110 kB/s; with five sixths 100 (median of 5 rounds; 103-113 in a later run, still over
# issue #11's 100), and 42 pictures painted a second instead of 36, the 10,001 epochs 2.3 s
# instead of 2.0. The film plays as smoothly: the browser blends each picture into the next at
# every refresh.)
TRAINING_PER_REST = 5
# At most this long, so that a frame's pictures are never far apart (and a click, noticed
# between chunks of epochs, is answered within a chunk anyway).
LONGEST_BUDGET = 0.2
# A frame at a fixed speed ("1000 epochs" a frame) stops early past this: a big network must not
# hold the server (and the Pause button) for a minute.
LONGEST_FIXED_SPEED_FRAME = 0.5
# A visible page asks for a frame 10 times a second; browsers slow a hidden tab's timers to about
# once a second. A frame asked this long after the last one ended is taken for a hidden tab, and
# trains only BACKGROUND_BUDGET: a forgotten tab still playing must not burn the server.
HIDDEN_TAB_GAP = 0.8
BACKGROUND_BUDGET = 0.01
# The browser plays a frame's pictures over the time the last frame took to come, at most this
# long: in a class of 30 on one server a frame comes every 1-3 s, and its clip should play until
# the next one comes, not in 0.8 s and then stand still (film_player.js).
LONGEST_CLIP_SECONDS = 2.5
# A Step trains at once, in the click's answer, as many of its epochs as fit in this many
# seconds; the rest play through the animation frames (see AnimatedRun.advance).
STEP_BUDGET = 0.2
# A frame's training is cut into slices, and the run takes a picture after each
# (`record_picture`): the browser plays them one after the other until the next frame comes
# (ui/charts/browser/film_player.js), so the picture moves several times per frame. A frame
# takes enough pictures for PICTURES_PER_SECOND until the next one, at least PICTURES_PER_FRAME
# (a fixed speed's frames, up to 10 a second) and at most MOST_PICTURES_PER_FRAME (a class of 30
# on one server, a frame every second or two): see AnimatedRun.pictures_per_frame. (32, not 20
# as until 2026-12-07: in a class, where a frame comes every 1.5 s or more, a frame then takes
# the most pictures, and the browser plays more than 30 a second; alone, nothing changes.)
PICTURES_PER_FRAME = 5
PICTURES_PER_SECOND = 32
MOST_PICTURES_PER_FRAME = 16
# In a class of 30 a frame's share of the time is a few milliseconds, less than its pictures
# take to keep: the last slices found no time left and the clip brought 2 or 3 pictures, not
# 16. A frame whose epochs cost this little, one epoch for each of its pictures, takes them all
# (each slice trains at least one epoch): 16 epochs of the default network take ~5 ms.
CHEAP_CLIP_SECONDS = 0.02
# A crowded frame's whole clip trains one epoch a picture in chunks of at most this many epochs
# (`train_a_picture_an_epoch`): between chunks it looks for a click and makes way for the answers
# to other sessions' clicks (ui/run/frame_gate.py, rule 3), so they wait a chunk at most. (In one
# chunk of 48, a class's clicks p95 rose from 0.5-0.7 to 0.8-0.9 s; one chunk a picture costs as
# much again as the epochs.)
EPOCHS_BETWEEN_CHECKS = 8
# The Speed control: epochs per frame; "max" (None) fills each frame's time budget.
SPEEDS = {"1 epoch": 1, "10 epochs": 10, "100 epochs": 100, "1000 epochs": 1000, "max": None}
# Every run alive in this server process, held weakly (a run leaves it when it is freed): the
# test that closed sessions free their runs counts them (ui/session/release.py). Not
# gc.get_objects(): it hands out objects that other threads are still building (a tuple
# half-made by tuple(generator)), and their builder then fails with a SystemError.
LIVE_RUNS = weakref.WeakSet()


class AnimatedRun:
    """Play / Pause / Step / Reset and the frame timing of a run. A subclass provides:

    - `train_chunk(n_epochs)`: train n_epochs (fewer at the end), return how many it trained,
      0 when nothing more can be trained now (finished, diverged);
    - `finished` (a property) and `finished_text()`;
    - `rebuild()`: back to epoch 0 with the same initial weights (for Reset);
    - and may keep a picture of itself after each slice of a frame's training
      (`record_picture`).
    """

    # At most this many pictures a frame: a subclass whose pictures get coarser as a clip gets
    # longer (PlaygroundRun) takes more.
    most_pictures_per_frame = MOST_PICTURES_PER_FRAME

    def __init__(self):
        LIVE_RUNS.add(self)
        self.playing = False
        self.message = None  # (kind, text) to show the user once, e.g. ("warning", "...")
        self.last_frame_seconds = 0.0
        self.last_training_end = None  # when the last frame's training ended (perf_counter)
        self.in_background = False  # the browser asks for frames as rarely as a hidden tab
        # Measured while playing; None until then, so the first chunk is a single epoch (a guess
        # could be 100× too low for a big network, and the frame would run on).
        self.seconds_per_epoch = None
        self.slow = False  # even the fastest epoch is longer than a frame's budget
        self.last_frame_start = None  # when the browser last asked for a frame (perf_counter)
        # Measured while playing; until then, as often as the browser asks for frames.
        self.seconds_between_frames = FRAME_INTERVAL
        self.seconds_per_picture = None  # what one record_picture costs, measured while playing
        # The fastest epoch and picture measured: what the network costs. A busy machine only
        # ever adds time to a measure, so one slow chunk does not make a small network "heavy"
        # (smallest_piece_seconds).
        self.fastest_epoch_seconds = None
        self.fastest_picture_seconds = None
        self.fastest_drawing_seconds = None  # the page's drawing of the run (`note_drawing`)
        # While a Step plays through the frames: how many of its epochs are still to train.
        self.epochs_to_go = None

    # --- the buttons -------------------------------------------------------------------------

    def play(self):
        if self.finished:
            self.message = ("info", self.finished_text())
            return
        self.playing = True
        self.message = None
        self.last_training_end = None
        self.last_frame_start = None
        self.epochs_to_go = None

    def pause(self):
        self.playing = False
        self.epochs_to_go = None

    def advance(self, n_epochs):
        """The Step buttons: train exactly n_epochs more (fewer only at the very end).

        As many as fit in STEP_BUDGET seconds train at once, so a small Step is answered at
        once. The rest play: the frames train them (`train_one_frame` counts them down) and stop
        when they are done, so a long Step moves on the page, shows Pause, can be paused, and
        stops with the tab. A network whose epoch is known to take longer than STEP_BUDGET
        trains nothing here; one never timed trains its first epoch here, to time it.
        """
        self.pause()
        self.message = None
        if self.finished:
            self.message = ("info", self.finished_text())
            return
        self.playing = True  # train_for trains while playing
        self.last_training_end = None
        self.last_frame_start = None
        self.epochs_to_go = n_epochs
        if self.seconds_per_epoch is None or self.seconds_per_epoch <= STEP_BUDGET:
            self.train_for(STEP_BUDGET, n_epochs)
        if self.epochs_to_go is None or not self.playing:  # done, or stopped (end, divergence)
            self.pause()

    def finish_step(self):
        """Train what is left of a Step now, frame after frame, as the page would: for code
        that plays no frames (tests, benchmarks). Returns the epochs trained."""
        trained = 0
        while self.playing and self.epochs_to_go is not None:
            trained += self.train_one_frame()
        return trained

    def reset(self):
        """Back to epoch 0 with the same initial weights (same seed, same settings)."""
        self.pause()
        self.message = None
        self.seconds_per_epoch = None  # the network may have changed: measure it again
        self.fastest_epoch_seconds = self.fastest_picture_seconds = None
        self.fastest_drawing_seconds = None
        self.slow = False
        self.rebuild()

    # --- one animation frame -----------------------------------------------------------------

    def frame_asked(self, server_busy=False):
        """Call when the browser's request for a frame arrives: notes whether it came as late
        as a hidden tab's does (see HIDDEN_TAB_GAP), and how long since the last frame began
        (`seconds_between_frames`: how long the browser should take to play a frame's
        pictures). `server_busy`: other frames had to queue since this run's last frame, so a
        late request may be the server's doing (30 sessions on two cores): it is not taken for
        a hidden tab's, or a whole class would train only BACKGROUND_BUDGET a frame."""
        now = time.perf_counter()
        since_last_frame = 0.0
        if self.last_training_end is not None:
            since_last_frame = now - self.last_training_end
        self.in_background = since_last_frame > HIDDEN_TAB_GAP and not server_busy
        if self.last_frame_start is not None and self.playing:
            # A gap shorter than the one before counts half: in a class, frames often come in
            # pairs (the answer to Play and the timer's next, or two quick turns of a quiet
            # moment) and the short gap of a pair says nothing of the wait for the next frame.
            # Taken as it was, it made the frame after it take 5 pictures for 2 or 3 seconds.
            gap = min(now - self.last_frame_start, LONGEST_CLIP_SECONDS)
            self.seconds_between_frames = max(gap, (self.seconds_between_frames + gap) / 2)
        self.last_frame_start = now

    def frame_budget(self):
        """Seconds of training for this frame, so that a frame comes every FRAME_PERIOD seconds.

        A frame is drawing, Streamlit, the browser and the timer, then training. The time since
        the last frame's training ended measured all but the training (the rest); training
        fills what is left of the period. Where the rest alone takes a sixth of a period or
        more, training still gets TRAINING_PER_REST times as long as the rest (five
        sixths of each frame, so the run does not crawl), and never more than LONGEST_BUDGET
        (so the picture keeps moving):

            budget = min(LONGEST_BUDGET, max(TRAINING_PER_REST · rest, FRAME_PERIOD − rest))
        """
        if self.last_training_end is None:
            return FIRST_BUDGET
        rest_of_frame = time.perf_counter() - self.last_training_end
        longer_of_two = max(TRAINING_PER_REST * rest_of_frame, FRAME_PERIOD - rest_of_frame)
        return min(LONGEST_BUDGET, longer_of_two)

    def train_one_frame(self, epochs_per_frame=None, share=1.0, between_chunks=None):
        """One animation frame's training while playing: at "max" speed (None), as long as keeps
        the frames coming (frame_budget); at a fixed speed, that many epochs, cut short past
        LONGEST_FIXED_SPEED_FRAME seconds; while a Step plays, never past its last epoch.
        `share` < 1 shortens the time, when other sessions wait for their turn
        (ui/run/frame_gate.py); a hidden tab trains BACKGROUND_BUDGET only.
        `between_chunks()` is called before each chunk of epochs: it may raise to stop the
        frame (the page calls it to notice a click, or the end of its session, at once).
        Returns the epochs trained."""
        if self.in_background:
            seconds, pictures = BACKGROUND_BUDGET, 1
        elif epochs_per_frame is None:
            seconds, pictures = self.frame_budget() * share, self.pictures_per_frame()
        else:
            seconds, pictures = LONGEST_FIXED_SPEED_FRAME * share, self.pictures_per_frame()
        if self.epochs_to_go is not None:
            epochs_per_frame = min(epochs_per_frame or self.epochs_to_go, self.epochs_to_go)
        whole_clip = self.clip_is_cheap(pictures)
        trained = self.train_in_pictures(
            seconds, epochs_per_frame, pictures, between_chunks, whole_clip
        )
        if self.in_background:
            self.slow = False  # the budget is small on purpose: no "training is slow" note
        return trained

    def pictures_per_frame(self):
        """How many pictures this frame takes: enough for the browser to play
        PICTURES_PER_SECOND until the next frame comes (`seconds_between_frames`, measured),
        within bounds:

            pictures = min(most_pictures_per_frame,
                           max(PICTURES_PER_FRAME, round(PICTURES_PER_SECOND · seconds_between)))

        Alone on the server, at "max" speed, a frame comes every FRAME_PERIOD or a little later: 6
        or 7 pictures (at a fixed speed frames come more often: 5). In a class of 30,
        each session's frame comes every second or two: 16 (the Playground's run: up to 48, on
        a coarser grid), so the picture still moves often."""
        wanted = round(PICTURES_PER_SECOND * self.seconds_between_frames)
        return min(self.most_pictures_per_frame, max(PICTURES_PER_FRAME, wanted))

    def clip_is_cheap(self, pictures):
        """Whether one epoch for each of `pictures` takes at most CHEAP_CLIP_SECONDS (the
        fastest epoch measured; False before one is)."""
        epoch_seconds = self.fastest_epoch_seconds
        return epoch_seconds is not None and pictures * epoch_seconds <= CHEAP_CLIP_SECONDS

    def train_in_pictures(
        self,
        seconds,
        max_epochs=None,
        pictures=PICTURES_PER_FRAME,
        between_chunks=None,
        whole_clip=False,
    ):
        """`train_for(seconds, max_epochs)` in `pictures` equal slices (of the time, or of the
        epochs), with a picture (`take_picture`) after each slice that trained. `whole_clip`: a
        slice whose time is used up still trains one epoch, so that the clip has all its
        pictures (see CHEAP_CLIP_SECONDS). Returns the epochs trained.

        A whole clip whose slices have time for one epoch each, or less (a class of 30 on one
        server), trains a picture after each epoch (`train_a_picture_an_epoch`), in chunks of
        EPOCHS_BETWEEN_CHECKS: one call to the trainer a chunk, not one a picture. Each call also
        checks the loss, measures the test data and keeps a copy of the network to go back to if
        the loss diverges: for a small network, as much again as its epoch."""
        if max_epochs is not None:
            pictures = max(1, min(pictures, max_epochs))
        start = time.perf_counter()
        time_a_picture = seconds / pictures
        if (
            whole_clip
            and max_epochs is None
            and epochs_that_fit(self.seconds_per_epoch, time_a_picture) == 1
        ):
            # Each picture's epoch may take up to LONGEST_BUDGET, as a late slice's does: a
            # cheap clip has all its pictures, even on a machine far busier than measured.
            whole_clip_seconds = pictures * LONGEST_BUDGET
            trained = self.train_for(
                whole_clip_seconds, pictures, between_chunks, a_picture_an_epoch=True
            )
        else:
            trained = self.train_in_slices(
                seconds, max_epochs, pictures, between_chunks, whole_clip
            )
        self.last_frame_seconds = time.perf_counter() - start
        self.slow = self.epoch_longer_than(seconds)
        return trained

    def train_in_slices(self, seconds, max_epochs, pictures, between_chunks, whole_clip):
        """`train_in_pictures`, one `train_for` a slice. Returns the epochs trained."""
        start = time.perf_counter()
        trained = 0
        for index in range(1, pictures + 1):
            slice_seconds = seconds * index / pictures - (time.perf_counter() - start)
            slice_epochs = None if max_epochs is None else max_epochs * index // pictures - trained
            if whole_clip and slice_seconds <= 0 and max_epochs is None:
                slice_seconds, slice_epochs = LONGEST_BUDGET, 1  # one epoch, however late
            trained_now = self.train_for(slice_seconds, slice_epochs, between_chunks)
            if trained_now:
                trained += trained_now
                self.take_picture()
            if not self.playing:
                break
        return trained

    def take_picture(self):
        """`record_picture`, timed: what a picture costs (`seconds_per_picture`, and the
        fastest measured)."""
        start = time.perf_counter()
        self.record_picture()
        self.seconds_per_picture = time.perf_counter() - start
        self.fastest_picture_seconds = fastest(
            self.fastest_picture_seconds, self.seconds_per_picture
        )

    def record_picture(self):
        """Keep a picture of the run as it is now, for the browser to play (a subclass that
        draws one overrides this)."""

    def train_a_picture_an_epoch(self, n_epochs):
        """Train up to `n_epochs`, taking a picture after each epoch; returns the epochs trained,
        as `train_chunk` does. Here one `train_chunk` an epoch; a run that sees its trainer's
        epochs go by does it in one call (PlaygroundRun)."""
        trained = 0
        while trained < n_epochs and self.train_chunk(1):
            trained += 1
            self.take_picture()
        return trained

    def train_for(self, seconds, max_epochs=None, between_chunks=None, a_picture_an_epoch=False):
        """Train as many epochs as fit in `seconds` (the frame's time budget), and at most
        `max_epochs` (the fixed speeds: "100 epochs" a frame, unless a big network needs
        longer than the frame can last). While a Step plays, count its epochs down and stop
        playing when they are done. `a_picture_an_epoch`: take a picture after each epoch.

        Each chunk is sized from the measured time per epoch to fill the time left, so a small
        network and a big one both use the budget without overrunning it. Whenever `seconds`
        is positive, the first chunk trains, however short the time: at least one epoch.
        """
        start = time.perf_counter()
        trained = 0
        while self.playing and (max_epochs is None or trained < max_epochs):
            time_left = seconds - (time.perf_counter() - start)
            if time_left <= 0:
                break
            if between_chunks is not None:
                between_chunks()
            epochs = epochs_that_fit(self.seconds_per_epoch, time_left)
            if max_epochs is not None:
                epochs = min(epochs, max_epochs - trained)
            chunk_start = time.perf_counter()
            if a_picture_an_epoch:
                epochs = min(epochs, EPOCHS_BETWEEN_CHECKS)
                trained_now = self.train_a_picture_an_epoch(epochs)
            else:
                trained_now = self.train_chunk(epochs)
            if trained_now == 0:
                break
            trained += trained_now
            self.seconds_per_epoch = (time.perf_counter() - chunk_start) / trained_now
            self.fastest_epoch_seconds = fastest(self.fastest_epoch_seconds, self.seconds_per_epoch)
            self.count_step_down(trained_now)
        if not self.playing:  # stopped (the end, a divergence): no Step goes on
            self.epochs_to_go = None
        self.last_training_end = time.perf_counter()
        self.last_frame_seconds = self.last_training_end - start
        self.slow = self.epoch_longer_than(seconds)
        return trained

    def epoch_longer_than(self, seconds):
        """Whether even the fastest epoch measured takes longer than `seconds`: the network is
        slow here. (Not the last epoch's time: on a busy machine one epoch of a tiny network can
        take 0.07 s once, and the page would call it slow.)"""
        return self.fastest_epoch_seconds is not None and self.fastest_epoch_seconds > seconds

    def count_step_down(self, epochs_trained):
        """While a Step plays: `epochs_trained` fewer to go; playing stops at the last one."""
        if self.epochs_to_go is None:
            return
        self.epochs_to_go -= epochs_trained
        if self.epochs_to_go <= 0:
            self.pause()

    def note_drawing(self, seconds):
        """The animation loop tells how long the page took to draw the run (its pictures)."""
        self.fastest_drawing_seconds = fastest(self.fastest_drawing_seconds, seconds)

    def smallest_piece_seconds(self):
        """Seconds of the smallest piece of work a frame can do: the page drawn, one epoch and
        one picture kept, the fastest measured (0 before they are measured). The frame gate
        sends a frame whose piece is long into its heavy lane (ui/run/frame_gate.py).

        The drawing counts: a big network's picture alone takes as long as its epoch, and it is
        measured at the page's first drawing, before any epoch (Play's first frame of 4 × 256
        neurons held the light lane for seconds). The fastest, not the last: on a busy machine
        a small network's chunk was once measured 50 times too slow, and its frames and clicks
        then waited seconds behind a greedy student's."""
        pieces = (
            self.fastest_drawing_seconds,
            self.fastest_epoch_seconds,
            self.fastest_picture_seconds,
        )
        return sum(seconds or 0.0 for seconds in pieces)


def fastest(seconds_so_far, seconds_now):
    """The smaller of two measures; `seconds_so_far` is None before the first."""
    return seconds_now if seconds_so_far is None else min(seconds_so_far, seconds_now)


def epochs_that_fit(seconds_per_epoch, seconds_left):
    """How many epochs to train next: the most that fit in `seconds_left`, and at least 1.

    Before an epoch has been timed (None), 1: a big network must not blow the budget before it
    is measured.
    """
    if seconds_per_epoch is None:
        return 1
    return max(1, int(seconds_left / seconds_per_epoch))
