"""What the Learn page draws: its buttons, the batch on a chart, the steps taken, and one step
of the network stage by stage (ui/learn/ computes it all; this module only shows it).

Widget keys start with "learn_". The page's state lives in one `LearnSession`, kept in
`st.session_state["learn_session"]`; Streamlit forgets a widget's value while another page
runs, so the batch is remembered there too and put back into the multiselect.
"""

import streamlit as st

from ui.figures.learn import batch_figure, step_losses_figure
from ui.learn.batch import MAX_BATCH, indices_from_selection, point_label
from ui.learn.jacobian import jacobian_check, jacobian_markdown, jacobian_matrix_markdown
from ui.learn.numerical_check import (
    FINITE_DIFFERENCE_FORMULA,
    GRADIENT_CHECK_EXPLANATION,
    finite_difference_source,
    gradient_check_table,
    gradient_check_verdict,
    numerical_gradient_check,
)
from ui.learn.session import LearnSession, describe_trainer, trainer_step_source
from ui.learn.tables import is_truncated, stage_parts, steps_table
from ui.learn.walkthrough import batch_loss


def no_run_prompt():
    st.info("There is no network yet. Open the Playground to set one up, then come back here.")
    st.page_link(
        "pages/playground.py",
        label="Set up a network in the Playground",
        icon=":material/play_circle:",
    )


def learn_session(run):
    """The session's LearnSession, made from the Playground's run on the first visit."""
    if "learn_session" not in st.session_state:
        st.session_state["learn_session"] = LearnSession(run)
    session = st.session_state["learn_session"]
    st.session_state.setdefault("learn_batch", list(session.batch))
    return session


# --- callbacks: they run before the page is drawn again -----------------------------------------


def batch_changed(batch):
    st.session_state["learn_batch"] = list(batch)
    st.session_state.pop("learn_jacobian_point", None)


def take_network(session, run):
    session.take(run)
    batch_changed(session.batch)
    st.session_state.pop("learn_check_layer", None)


def choose_points(session):
    batch_changed(session.set_batch(st.session_state["learn_batch"]))


def select_on_chart(session):
    points = st.session_state["learn_chart"]["selection"]["points"]
    batch_changed(session.apply_selection(indices_from_selection(points)))


def random_batch(session):
    batch_changed(session.random_batch())


# --- the top of the page ------------------------------------------------------------------------


def buttons(session, run):
    """Next step, Reset copy, and Take the Playground's current network, in one row."""
    # (label, icon, key, what it does, help, type)
    rows = [
        (
            "Next step",
            ":material/skip_next:",
            "learn_next",
            session.next_step,
            "Apply the optimizer's update to this page's copy.",
            "primary",
        ),
        (
            "Reset copy",
            ":material/restart_alt:",
            "learn_reset",
            session.reset,
            "Back to the network as it was taken from the Playground.",
            "secondary",
        ),
        (
            "Take the Playground's current network",
            None,
            "learn_take",
            lambda: take_network(session, run),
            None,
            "secondary",
        ),
    ]
    for column, (label, icon, key, on_click, words, kind) in zip(st.columns(3), rows):
        column.button(
            label, icon=icon, key=key, on_click=on_click, help=words, type=kind, width="stretch"
        )
    if session.message:
        kind, words = session.message
        getattr(st, kind)(words)  # st.info, st.warning or st.error


def numbers(session, run):
    """Where the copy came from, how many steps it took, and its loss on the batch now."""
    columns = st.columns(3)
    columns[0].metric("Copy taken at Playground epoch", f"{session.source_epoch:,}")
    columns[1].metric("Steps taken here", len(session.steps))
    loss_now = "—"
    if session.batch:
        loss_now = f"{batch_loss(session.trainer, session.inputs, session.targets):.5f}"
    columns[2].metric("Batch loss now", loss_now)
    caption = (
        f"This page trains its own copy ({describe_trainer(session.trainer)}): steps here "
        "never change the Playground's network."
    )
    if session.is_behind(run):
        caption += f" The Playground has moved on (epoch {run.epoch:,})."
    st.caption(caption)


def batch_picker(session):
    """1 · The data with the batch on it, clickable, and the same batch as a multiselect."""
    st.subheader("1 · Choose a tiny batch")
    st.plotly_chart(
        batch_figure(session.trainer.X, session.trainer.y, session.batch),
        key="learn_chart",
        on_select=lambda: select_on_chart(session),
        selection_mode=("points", "box", "lasso"),
        theme=None,
    )
    st.caption(
        "The batch's points are big and outlined. Click a point to add or remove it, or draw a "
        f"box or lasso around several (at most {MAX_BATCH})."
    )
    picker, dice = st.columns([3, 1], vertical_alignment="bottom")
    picker.multiselect(
        "Points in the batch",
        range(len(session.trainer.X)),
        key="learn_batch",
        max_selections=MAX_BATCH,
        on_change=choose_points,
        args=(session,),
        format_func=lambda i: point_label(i, session.trainer.y),
    )
    dice.button(
        "Random batch", key="learn_random", width="stretch", on_click=random_batch, args=(session,)
    )


def steps_taken(session):
    """2 · The batch loss before and after every step taken here, as a chart and a table."""
    st.subheader("2 · Steps taken here")
    if not session.steps:
        st.info("No step yet. Press **Next step**: the loss on the batch should go down.")
        return
    st.plotly_chart(step_losses_figure(session.steps), key="learn_losses", theme=None)
    st.caption("The loss on the batch before and after each step taken here: it should fall.")
    st.markdown(steps_table(session.steps))


# --- 3 · one step, stage by stage ---------------------------------------------------------------


def one_step(session):
    """The step in tabs: forward, loss, backward, update, then the two checks."""
    st.subheader("3 · One step, stage by stage")
    with st.expander("The whole step in the engine's code: `Trainer.train_on_batch`"):
        st.code(trainer_step_source(), language="python")
    walk = session.walkthrough()
    labels = session.point_labels()
    tabs = st.tabs(
        ["→ Forward", "Loss", "← Backward", "Update", "Two paths to ∂L/∂z", "Gradient check"]
    )
    for tab, stages in zip(tabs, [walk.forward, [walk.loss], walk.backward, walk.update]):
        with tab:
            for stage in stages:
                with st.expander(stage.title, expanded=len(stages) == 1):
                    stage_content(stage, labels)
    with tabs[4]:
        two_paths(session, walk.scores, labels)
    with tabs[5]:
        gradient_check(session)


def stage_content(stage, labels):
    """A stage's words, formula, arrays (in, then out) and the engine's code."""
    st.markdown(stage.explanation)
    st.latex(stage.formula)
    full = is_truncated(stage) and st.toggle(
        "Show every row and column", key=f"learn_full_{stage.key}"
    )
    for kind, content in stage_parts(stage, labels, full):
        if kind == "text":
            st.code(content, language=None)
        else:
            st.markdown(content)
    st.code(stage.source, language="python")


def two_paths(session, scores, labels):
    """Check 1: softmax + cross-entropy differentiated the long way and the short way."""
    if not session.trainer.softmax_shortcut:
        st.info("This network does not end in softmax + cross-entropy, so there is no shortcut.")
        return
    check = jacobian_check(scores, session.targets)
    for part in jacobian_markdown(check, labels):
        st.markdown(part)
    point = st.selectbox(
        "Jacobian of the point",
        range(len(labels)),
        key="learn_jacobian_point",
        format_func=lambda i: labels[i],
    )
    st.markdown(jacobian_matrix_markdown(check, point, labels[point]))
    st.code(check.source, language="python")


def gradient_check(session):
    """Check 2: one dense layer's gradients against finite differences."""
    n_layers = len(session.trainer.network.dense_layers)
    layer = st.selectbox(
        "Layer to check",
        range(1, n_layers + 1),
        index=n_layers - 1,
        key="learn_check_layer",
        format_func=lambda n: f"Dense layer {n}",
    )
    check = numerical_gradient_check(session.trainer, session.inputs, session.targets, layer)
    st.markdown(GRADIENT_CHECK_EXPLANATION)
    st.latex(FINITE_DIFFERENCE_FORMULA)
    verdict = st.success if check.passed else st.error
    verdict(gradient_check_verdict(check))
    st.markdown(gradient_check_table(check))
    st.code(finite_difference_source(), language="python")
