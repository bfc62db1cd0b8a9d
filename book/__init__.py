"""The book's code, once: the classes of "Neural Networks from Scratch in Python" (nnfs.io) as
the book prints them, as real Python to import.

This is the reference scratchnet is measured against, not part of the app's engine:

- tests/test_book_exact.py runs the book's training loop on these classes under nnfs.init()
  and checks that scratchnet (precision="nnfs") computes the same numbers, bit for bit;
- benchmarks/bench_engine.py times the book's loop on them next to the engine;
- ui/files/script_classes.py copies their source (inspect.getsource) into the standalone script
  a learner downloads.

    layers.py       Layer_Dense, Layer_Dropout
    activations.py  Activation_ReLU, Activation_Softmax, Activation_Sigmoid, Activation_Linear,
                    and two not in the book: Activation_LeakyReLU, Activation_Tanh
    losses.py       Loss, Loss_CategoricalCrossentropy,
                    Activation_Softmax_Loss_CategoricalCrossentropy, Loss_MeanSquaredError
    optimizers.py   Optimizer_SGD, Optimizer_Adagrad, Optimizer_RMSprop, Optimizer_Adam
    app_extras.py   the app's train/test split and dataset-check stand-ins, in the book's style

Where a line differs from the book, a comment says so (Layer_Dropout's mask keeps the inputs'
float type). The book's code needs NumPy only; run it after `nnfs.init()` to get the book's
numbers.
"""
