"""The one animation loop: the buttons, then a frame that draws and trains, again and again.

Every animated page (Playground, Network, Compare, Regression) plays its run the same way:

    control_buttons(run, "pg", speed_key="pg_speed")   # Play/Pause, Step, Reset, Speed
    animate(run, draw_charts, speed_key="pg_speed")      # draw_charts(run) draws the page's charts

`run` is an AnimatedRun (ui/run/animated_run.py): the buttons call its methods, and each frame
asks it to train for the frame's time budget. While the run plays, Streamlit reruns only the
frame (an `st.fragment` with `run_every`), not the whole page. A Step too long to answer at
once plays through the same frames until its epochs are done: the page shows Pause, and Pause
stops it. Frames wait for their turn in the server's FrameGate (ui/run/frame_gate.py).
"""

import time

import streamlit as st

from ui.run.animated_run import FRAME_INTERVAL, SPEEDS
from ui.run.frame_gate import HEAVY_SECONDS, FrameGate

try:  # Streamlit's "stop here if a rerun or a stop is waiting" (what every drawing call does)
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_run_yield_check
except ImportError:  # another Streamlit version: frames then stop at their next drawing call
    get_run_yield_check = None

# A page that stays still while it plays:
# - While a frame is computed, Streamlit fades the elements it is about to replace ("stale").
#   Frames come several times a second, so that fade would make the charts blink: keep them solid.
# - Play and Pause are two buttons (two widget keys). A click's page run draws the new one at
#   once but removes the old, stale one only when the run ends: meanwhile both stood in the
#   column and the whole row of buttons jumped by a button's height (0.1-1.6 s). Show only the
#   new one.
STEADY_PAGE_STYLE = """
<style>
[data-stale="true"] { opacity: 1 !important; transition: none !important; }
[data-testid="stVerticalBlock"]:has(> [data-stale="false"] [data-testid="stButton"])
  > [data-stale="true"]:has([data-testid="stButton"]) { display: none !important; }
</style>
"""


def control_buttons(run, key_prefix, step_sizes=(1, 100), speed_key=None):
    """Play/Pause, one Step button per size in `step_sizes`, Reset, and the Speed control when
    `speed_key` is given. Callbacks change the run, then the page redraws.

    Keyboard: Space plays and pauses, → steps (Shift+→ the bigger step), Home resets (Streamlit
    keeps R for itself). Widget keys: "<key_prefix>_play" / "_pause", "_step" (the first step
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
        key=f"{key_prefix}_{label.lower()}",
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


def animate(run, draw, speed_key=None):
    """Draw the run with `draw(run)`; while it plays, redraw and train it frame after frame.

    `speed_key`: the session-state key of the Speed control (epochs per frame), if the page
    has one; without it every frame trains for its time budget ("max").
    """
    st.html(STEADY_PAGE_STYLE)
    # Two frames with two names, so two fragments for Streamlit: after a Pause (Step, Reset),
    # the timer's requests still on their way name the playing frame, which the click's page
    # run no longer declares, and Streamlit drops them. With one frame, each of those 1-3
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

    Draw first, then train: the picture lags one frame behind the training. A click (Pause, a
    new setting) reruns the whole page, and Streamlit stops a frame in progress at its next
    drawing call, dropping the charts it had not redrawn yet: they would blink. Training makes
    no drawing call; instead it asks Streamlit between chunks of epochs whether a click (or the
    end of the session) is waiting, and stops there: the click is answered within one chunk,
    and a closed tab's frame stops.

    Every session's frames take turns on the server (ui/run/frame_gate.py): a big network's in
    the heavy lane, a page that only draws (the answer to a click) in a lane of its own, and a
    frame's training makes way for it.
    """
    gate = frame_gate()
    run.frame_asked(server_busy=gate.queued_since(run.last_training_end))
    check = click_or_end_check()
    heavy = run.smallest_piece_seconds() > HEAVY_SECONDS
    awaited = run.epochs_to_go is not None  # a Step playing through frames: someone waits
    turn = gate.turn(id(run), heavy=heavy, urgent=not run.playing, check=check, awaited=awaited)
    with turn as others_waiting:
        drawing_start = time.perf_counter()
        draw(run)
        run.note_drawing(time.perf_counter() - drawing_start)  # a big picture: a heavy session
        if not run.playing:
            return
        speed = st.session_state.get(speed_key, "max") if speed_key else "max"
        share = gate.share(others_waiting)
        # Between chunks: make way for other sessions' answers to clicks, then Streamlit's check.
        between_chunks = gate.making_way(check)
        run.train_one_frame(SPEEDS.get(speed), share, between_chunks)  # "max": None
    if not run.playing:
        st.rerun()  # training ended (finished, diverged, a Step done): show it, stop the timer


def click_or_end_check():
    """Streamlit's own check, called by a frame between chunks of training: it raises
    Streamlit's rerun (or stop) exception when a click's page run (or the end of the session)
    is waiting, as any drawing call would. None outside a Streamlit run."""
    return get_run_yield_check() if get_run_yield_check is not None else None


@st.cache_resource
def frame_gate():
    """The server's one FrameGate: every session's frames take their turns through it."""
    return FrameGate()
