"""Learn: one training step of the Playground's network, stage by stage: numbers, maths, code."""

import streamlit as st

from ui.figures.learn import batch_figure, step_losses_figure
from ui.learn import lesson
from ui.pages_guard import enter_through_app

enter_through_app(__file__)  # see ui/pages_guard.py

st.title("Learn: one training step")
st.caption(
    "A few points go through the network layer by layer, the loss measures how wrong it is, "
    "the gradients flow back, and the optimizer nudges every weight. For each stage: the real "
    "numbers, the formula, and the engine's own code that computed them."
)

run = st.session_state.get("run")
if run is None:
    st.info("There is no network yet. Open the Playground to set one up, then come back here.")
    st.page_link(
        "pages/playground.py",
        label="Set up a network in the Playground",
        icon=":material/play_circle:",
    )
    st.stop()

if "learn_session" not in st.session_state:
    st.session_state["learn_session"] = lesson.LearnSession(run)
session = st.session_state["learn_session"]
# Streamlit forgets a widget's value while another page runs: the session remembers the batch.
st.session_state.setdefault("learn_batch", list(session.batch))


def batch_changed(batch):
    st.session_state["learn_batch"] = list(batch)
    st.session_state.pop("learn_jacobian_point", None)


def take_network():
    session.take(run)
    batch_changed(session.batch)
    st.session_state.pop("learn_check_layer", None)


def choose_points():
    batch_changed(session.set_batch(st.session_state["learn_batch"]))


def select_on_chart():
    points = st.session_state["learn_chart"]["selection"]["points"]
    batch_changed(session.apply_selection(lesson.indices_from_selection(points)))


buttons = st.columns(3)
buttons[0].button(
    "Next step",
    icon=":material/skip_next:",
    key="learn_next",
    on_click=session.next_step,
    type="primary",
    width="stretch",
    help="Apply the optimizer's update to this page's copy.",
)
buttons[1].button(
    "Reset copy",
    icon=":material/restart_alt:",
    key="learn_reset",
    on_click=session.reset,
    width="stretch",
    help="Back to the network as it was taken from the Playground.",
)
buttons[2].button(
    "Take the Playground's current network",
    key="learn_take",
    on_click=take_network,
    width="stretch",
)
if session.message:
    getattr(st, session.message[0])(session.message[1])

numbers = st.columns(3)
numbers[0].metric("Copy taken at Playground epoch", f"{session.source_epoch:,}")
numbers[1].metric("Steps taken here", len(session.steps))
loss_now = (
    lesson.batch_loss(session.trainer, session.inputs, session.targets) if session.batch else None
)
numbers[2].metric("Batch loss now", "—" if loss_now is None else f"{loss_now:.5f}")
st.caption(
    f"This page trains its own copy ({lesson.describe_trainer(session.trainer)}): steps here "
    "never change the Playground's network."
    + (f" The Playground has moved on (epoch {run.epoch:,})." if session.is_behind(run) else "")
)

data_column, steps_column = st.columns([3, 2])
with data_column:
    st.subheader("1 · Choose a tiny batch")
    st.plotly_chart(
        batch_figure(session.trainer.X, session.trainer.y, session.batch),
        key="learn_chart",
        on_select=select_on_chart,
        selection_mode=("points", "box", "lasso"),
        theme=None,
    )
    st.caption(
        "The batch's points are big and outlined. Click a point to add or remove it, or draw a "
        f"box or lasso around several (at most {lesson.MAX_BATCH})."
    )
    picker, dice = st.columns([3, 1], vertical_alignment="bottom")
    picker.multiselect(
        "Points in the batch",
        range(len(session.trainer.X)),
        key="learn_batch",
        max_selections=lesson.MAX_BATCH,
        on_change=choose_points,
        format_func=lambda i: lesson.point_label(i, session.trainer.y),
    )
    dice.button(
        "Random batch",
        key="learn_random",
        width="stretch",
        on_click=lambda: batch_changed(session.random_batch()),
    )
with steps_column:
    st.subheader("2 · Steps taken here")
    if session.steps:
        st.plotly_chart(step_losses_figure(session.steps), key="learn_losses", theme=None)
        st.caption("The loss on the batch before and after each step taken here: it should fall.")
        st.markdown(lesson.steps_table(session.steps))
    else:
        st.info("No step yet. Press **Next step**: the loss on the batch should go down.")

if not session.batch:
    st.warning("Choose at least one point for the batch.")
    st.stop()

st.subheader("3 · One step, stage by stage")
with st.expander("The whole step in the engine's code: `Trainer.train_on_batch`"):
    st.code(lesson.trainer_step_source(), language="python")
walk = session.walkthrough()
labels = session.point_labels()
tabs = st.tabs(
    ["→ Forward", "Loss", "← Backward", "Update", "Two paths to ∂L/∂z", "Gradient check"]
)
for tab, stages in zip(tabs, [walk.forward, [walk.loss], walk.backward, walk.update]):
    with tab:
        for stage in stages:
            with st.expander(stage.title, expanded=len(stages) == 1):
                st.markdown(stage.explanation)
                st.latex(stage.formula)
                full = lesson.is_truncated(stage) and st.toggle(
                    "Show every row and column", key=f"learn_full_{stage.key}"
                )
                for kind, content in lesson.stage_parts(stage, labels, full):
                    if kind == "text":
                        st.code(content, language=None)
                    else:
                        st.markdown(content)
                st.code(stage.source, language="python")
with tabs[4]:
    if session.trainer.softmax_shortcut:
        check = lesson.jacobian_check(walk.scores, session.targets)
        for part in lesson.jacobian_markdown(check, labels):
            st.markdown(part)
        point = st.selectbox(
            "Jacobian of the point",
            range(len(labels)),
            key="learn_jacobian_point",
            format_func=lambda i: labels[i],
        )
        st.markdown(lesson.jacobian_matrix_markdown(check, point, labels[point]))
        st.code(check.source, language="python")
    else:
        st.info("This network does not end in softmax + cross-entropy, so there is no shortcut.")
with tabs[5]:
    n_layers = len(session.trainer.network.dense_layers)
    layer = st.selectbox(
        "Layer to check",
        range(1, n_layers + 1),
        index=n_layers - 1,
        key="learn_check_layer",
        format_func=lambda n: f"Dense layer {n}",
    )
    check = lesson.numerical_gradient_check(session.trainer, session.inputs, session.targets, layer)
    st.markdown(lesson.GRADIENT_CHECK_EXPLANATION)
    st.latex(lesson.FINITE_DIFFERENCE_FORMULA)
    verdict = st.success if check.passed else st.error
    verdict(lesson.gradient_check_verdict(check))
    st.markdown(lesson.gradient_check_table(check))
    st.code(lesson.source_of(lesson.numerical_gradient), language="python")
