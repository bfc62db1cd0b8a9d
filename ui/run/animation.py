"""The one animation loop: the buttons, then a frame that draws and trains, again and again.

Every animated page (Playground, Network, Compare, Digits, Regression) plays its run the same
way, with one call where its buttons go:

    animate(run, draw_charts, "pg", speed_key="pg_speed")  # draw_charts(run) draws the charts

`run` is an AnimatedRun (ui/run/animated_run.py): the buttons call its methods, and each frame
asks it to train for the frame's time budget. Two fragments, one in the other:

- the run's part of the page (`animate`'s fragment): the buttons (Play/Pause, Step, Reset,
  Speed), the page's layout around the charts if it has one (`lay_out`), and the frame. A
  click reruns only this part, not the sidebar and the rest of the page: in a class of 30
  clicking students, those page runs kept the server busy (issue #11);
- the frame inside it: while the run plays, Streamlit reruns only the frame (an
  `st.fragment` with `run_every`). When the run's part is drawn again without it (a Pause),
  Streamlit drops the frame and tells the browser to stop its timer.

A Step too long to answer at once plays through the same frames until its epochs are done: the
page shows Pause, and Pause stops it. Frames wait for their turn in the server's FrameGate
(ui/run/frame_gate.py).
"""

import time
from dataclasses import replace

import streamlit as st

from ui.run.animated_run import FRAME_INTERVAL, SPEEDS
from ui.run.frame_gate import HEAVY_SECONDS, FrameGate

try:  # Streamlit's script run: its requests, its "stop here if a rerun is waiting" check
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
except ImportError:  # another Streamlit version: frames then stop at their next drawing call
    get_script_run_ctx = None
try:  # which fragment runs in this thread now
    from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState
except ImportError:  # another Streamlit version: the frame's own tick may stop it too (harmless)
    ThreadState = None

# A page that stays still while it plays: while a frame is computed, Streamlit fades the
# elements it is about to replace ("stale"). Frames come several times a second, so that fade
# would make the charts blink: keep them solid.
STEADY_PAGE_STYLE = """
<style>
[data-stale="true"] { opacity: 1 !important; transition: none !important; }
</style>
"""


def control_buttons(run, key_prefix, step_sizes=(1, 100), speed_key=None):
    """Play/Pause, one Step button per size in `step_sizes`, Reset, and the Speed control when
    `speed_key` is given. Callbacks change the run, then the run's part of the page redraws.

    Keyboard: Space plays and pauses, → steps (Shift+→ the bigger step), Home resets (Streamlit
    keeps R for itself). Widget keys: "<key_prefix>_play" (Play or Pause), "_step" (the first step
    size), "_big_step" (the second), "_reset"; the row's container: "<key_prefix>_run_controls".
    """
    # Room for each label and its key: Play, the steps (the bigger one has the longer label),
    # Reset, then the Speed control or empty space.
    widths = [1.2, 1.3, 1.6][: 1 + len(step_sizes)] + [1.1, 2]
    # In a container the browser knows by its key: a click on its buttons (or their keys)
    # stops the film at once (RUN_CONTROLS in ui/charts/browser/film_player.js).
    controls = st.container(key=f"{key_prefix}_run_controls")
    play_column, *step_columns, reset_column, last_column = controls.columns(
        widths, vertical_alignment="bottom"
    )
    if run.playing:
        label, icon, action, kind = "Pause", ":material/pause:", run.pause, "secondary"
    else:
        label, icon, action, kind = "Play", ":material/play_arrow:", run.play, "primary"
    play_column.button(
        label,
        icon=icon,
        on_click=action,
        # One widget key for Play and Pause: Streamlit then redraws the button in place. As two
        # widgets, the old one stayed beside the new one until the click's run ended (the row
        # of buttons jumped by a button's height), or, hidden, until the next click when a
        # frame's run came before the browser heard the end of the click's.
        key=f"{key_prefix}_play",
        type=kind,
        width="stretch",
        shortcut="Space",
        help=f"{label} the training (key: Space).",
    )
    step_keys = [("step", "Right"), ("big_step", "Shift+Right")]
    for column, n_epochs, (key_suffix, shortcut) in zip(step_columns, step_sizes, step_keys):
        epochs = f"{n_epochs} epoch{'s' if n_epochs > 1 else ''}"
        column.button(
            f"Step {epochs}",
            on_click=run.advance,
            args=(n_epochs,),
            key=f"{key_prefix}_{key_suffix}",
            width="stretch",
            shortcut=shortcut,
            help=f"Train exactly {epochs}: each one a forward pass, the loss, the backward pass "
            f"and an update. A long Step plays until done; Pause stops it "
            f"(key: {shortcut.replace('Right', '→')}).",
        )
    reset_column.button(
        "Reset",
        icon=":material/restart_alt:",
        on_click=run.reset,
        key=f"{key_prefix}_reset",
        width="stretch",
        shortcut="Home",
        help="Back to epoch 0: the same initial weights for the same seed (key: Home).",
    )
    if speed_key is not None:
        # A widget's value is forgotten when its page is left, even if the next page has a
        # widget with the same key (the Network page shows the Playground's Speed). Assigning
        # it to itself keeps the speed chosen.
        st.session_state[speed_key] = st.session_state.get(speed_key, "max")
        last_column.select_slider("Speed (epochs per frame)", options=list(SPEEDS), key=speed_key)


def animate(run, draw, key_prefix, step_sizes=(1, 100), speed_key=None, lay_out=None, below=None):
    """The run's part of the page, where this is called: its buttons (`control_buttons`), then
    the run drawn with `draw(run)`; while it plays, redrawn and trained frame after frame.

    `lay_out()`, if given, draws what stays the same while the run plays (columns, captions)
    and returns where the frame draws (`places`); the frame then calls `draw(run, places)`.
    `below(run)`, if given, draws what changes with a click but not while the run plays
    (the Network page's replay), under the frame.
    The frame may only write into containers made in this part of the page: Streamlit keeps
    a place for a fragment's writes into other containers only if it wrote there during the
    last run of the whole page, and a playing frame begins with a click, not a page run.

    A fragment: a click on the buttons (or a new Speed) reruns only this, the frame with it.
    Without a Speed control (`speed_key` None) every frame trains for its time budget ("max").
    """
    st.html(STEADY_PAGE_STYLE)

    @st.fragment
    def run_part():
        control_buttons(run, key_prefix, step_sizes, speed_key)
        if lay_out is None:
            frames(run, draw, speed_key)
        else:
            places = lay_out()
            frames(run, lambda run: draw(run, places), speed_key)
        if below is not None:
            below(run)

    run_part()


def frames(run, draw, speed_key=None):
    """The frame: the run drawn with `draw(run)`, and while it plays, a timer that redraws and
    trains it (`draw_then_train`)."""
    # Two frames with two names, so two fragments for Streamlit: after a Pause (Step, Reset),
    # the timer's requests still on their way name the playing frame, which the click's run
    # no longer declares, and Streamlit drops them (one that arrives while the click's run
    # is still going starts an empty run after it). With one frame, each of those 1-3
    # requests drew the still page again, whole charts included, while the browser was busy
    # showing the Pause.
    if run.playing:

        @st.fragment(run_every=FRAME_INTERVAL)
        def playing_frame():
            draw_then_train(run, draw, speed_key)

        playing_frame()
    else:

        @st.fragment
        def still_frame():
            draw_then_train(run, draw, speed_key)

        still_frame()


def draw_then_train(run, draw, speed_key=None):
    """One animation frame: draw, then train.

    Draw first, then train: the picture lags one frame behind the training, and the frame's
    charts are on their way to the browser while it trains. (Every frame drawn last was tried:
    in a class of 30 the tabs received half as many frames. Likely why: the timer's next request
    starts the next run as this one ends, and Streamlit drops the messages it has not sent yet
    of the fragment it reruns.) A click or a new setting reruns the run's part of the page or
    the whole page, and Streamlit stops a frame in progress at its next drawing call, dropping
    the charts it had not redrawn yet: they would blink. Training makes no drawing call;
    instead it asks between chunks of epochs whether a click (or the end of the session) is
    waiting, and stops there (`click_check`): the click is answered within one chunk, and a
    closed tab's frame stops.

    The first frame after Play trains before it draws too: it has nothing new to show, and
    drawn first it would show the still picture once more, its clip coming only with the next
    frame (in a class of 30, a whole round of turns later: 2-3 s). Someone waits for it, as for
    a Step's frames: it goes first in its lane.

    Every session's frames take turns on the server (ui/run/frame_gate.py): a big network's in
    the heavy lane, a page that only draws (the answer to a click) in a lane of its own, and a
    frame's training makes way for it.
    """
    gate = frame_gate()
    run.frame_asked(server_busy=gate.queued_since(run.last_training_end))
    check = click_check(script_run_context(), run.playing)
    heavy = run.smallest_piece_seconds() > HEAVY_SECONDS
    stepping = run.epochs_to_go is not None  # a Step playing through frames
    # Just after Play (a big network's clip is a picture or two: its turn is not doubled).
    first = run.playing and run.last_training_end is None and not stepping and not heavy
    awaited = first or stepping
    turn = gate.turn(id(run), heavy=heavy, urgent=not run.playing, check=check, awaited=awaited)
    playing = run.playing
    with turn as others_waiting:
        speed = SPEEDS.get(st.session_state.get(speed_key, "max") if speed_key else "max")
        share = gate.share(others_waiting)
        # Between chunks: make way for other sessions' answers to clicks, then look for a click.
        between_chunks = gate.making_way(check)
        if first:
            run.train_one_frame(speed, share, between_chunks)  # speed "max": None
        drawing_start = time.perf_counter()
        draw(run)
        run.note_drawing(time.perf_counter() - drawing_start)  # a big picture: a heavy session
        if run.playing:
            run.train_one_frame(speed, share, between_chunks)
    if playing and not run.playing:
        st.rerun()  # training ended (finished, diverged, a Step done): show it, stop the timer


def script_run_context():
    """This thread's Streamlit script run (its requests, its fragments), None outside one."""
    return get_script_run_ctx(suppress_warning=True) if get_script_run_ctx else None


def click_check(context, playing):
    """The check a frame calls while it waits for its turn and between chunks of training
    (None outside a Streamlit run, `context`): Streamlit's own (`yield_check`), which raises
    Streamlit's rerun (or stop) exception when a run that must not wait is asked for (a new
    setting's page run) or the session ends.

    A click on the run's buttons asks for a rerun of the run's part of the page, a fragment:
    Streamlit would start it only when this frame ends, after its turn and its training. While
    the run plays, `clicks_first` makes it a rerun that must not wait: the frame stops there
    (it has drawn already, or not yet begun), and the click is answered at once.
    """
    if context is None:
        return None
    running = fragments_running(context) if playing else None

    def check():
        if running is not None:
            clicks_first(context.script_requests, running)
        context.yield_check()

    return check


def fragments_running(context):
    """The fragment this code runs in: the frame, whose timer's ticks are no click.

    Not the run's part of the page when a click reran it (the answer to Play plays its first
    frame inside it): a second click on the buttons then (Pause) is a click too, and must not
    wait for that frame's turn and training (in a class, seconds). Without Streamlit's
    ThreadState (another version), the fragments this run reran."""
    if ThreadState is not None:
        return {ThreadState.get().fragment_id}
    return set(context.fragment_ids_this_run or [])


def clicks_first(requests, running):
    """When the tab asked to rerun a fragment other than those `running` (the playing frame,
    whose timer names the frame itself): a click in the run's part of the page, or on the
    Digits page a stroke on the canvas. Then make Streamlit's queued request (in `requests`,
    the session's ScriptRequests) one that stops the frame at its next check, for that
    fragment alone: the frame's own timer's tick queued with it is dropped (the answer to the
    click draws the frame again, or a paused page). Returns whether it did.

    Not a public API of Streamlit 1.67 (`st.rerun(scope="fragment")` does the same from the
    fragment's own code): with another version this finds nothing, and a click waits for the
    frame's end."""
    lock = getattr(requests, "_lock", None)
    if lock is None:
        return False
    with lock:
        state = getattr(getattr(requests, "_state", None), "value", None)
        waiting = getattr(requests, "_rerun_data", None)
        queue = getattr(waiting, "fragment_id_queue", None) or []
        clicks = [fragment for fragment in queue if fragment not in running]
        if state != "RERUN" or not clicks:
            return False
        requests._rerun_data = replace(
            waiting, fragment_id_queue=clicks, is_fragment_scoped_rerun=True
        )
        return True


@st.cache_resource
def frame_gate():
    """The server's one FrameGate: every session's frames take their turns through it."""
    return FrameGate()
