"""The Learn page's maths: one training step of the Playground's network, stage by stage.

No Streamlit here (the page draws it with ui/views/learn.py). The modules, in the order a
step goes:

    stage.py          a Stage (maths, arrays in and out, the engine's code) and a Matrix
    formulas.py       the LaTeX of every layer, loss and optimizer update, keyed by class
    forward.py        the batch and every layer's forward, then the loss
    backward.py       the loss's gradient, then every layer's backward, last to first
    update.py         the optimizer's update, previewed on copies
    walkthrough.py    the whole step taken apart, without changing the trainer
    jacobian.py       check 1: softmax + cross-entropy differentiated two ways
    numerical_check.py  check 2: a layer's gradients against finite differences
    tables.py         arrays as Markdown and plain-text tables
    batch.py          the few points the step is taken on
    session.py        LearnSession: the page's copy of the trainer and the steps taken on it
"""
