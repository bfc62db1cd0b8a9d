"""The choices the settings widgets offer, and the words they show for them: one table each.

Every page's sidebar and the page address (ui/settings/url_state.py) take their options from
here, so a new learning rate, say, is added in one place: `LEARNING_RATES`. The keys of the
label tables are the engine's names (scratchnet/optimizers.py `OPTIMIZERS`,
scratchnet/network.py `HIDDEN_ACTIVATIONS`). Plain data.
"""

# --- what the select-sliders and menus offer (a link may hold the same values) -------------------
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.3)
LEARNING_RATES += (0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0, 1000.0)
DECAYS = (0.0, 1e-7, 5e-7, 1e-6, 1e-5, 5e-5, 1e-4, 1e-3, 1e-2)
PENALTIES = (0.0, 1e-6, 1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 1e-2)  # L1 and L2 on the weights
BATCH_SIZES = (8, 16, 32, 64, 128, 256, 512)
FULL_BATCH = "full batch"  # the batch-size slider's first option: the whole data set at once
MOMENTA = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)  # the Compare page's menu (the Playground: a slider)
MAX_HIDDEN_LAYERS = 4

# --- the words shown for the engine's names ---------------------------------------------------
OPTIMIZER_NAMES = {"sgd": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam"}
# The Playground's and the Regression page's menus: there SGD's momentum is a setting of SGD.
OPTIMIZER_LABELS = {**OPTIMIZER_NAMES, "sgd": "SGD (+ momentum)"}
ACTIVATION_LABELS = {
    "relu": "ReLU",
    "leaky_relu": "Leaky ReLU",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
    "linear": "linear",
}

# The classification outputs (scratchnet/config.py CLASSIFICATION_OUTPUTS) and the weight
# initializations (scratchnet/config.py WEIGHT_INIT_DESCRIPTIONS says what each one does: the
# line shown under the menu).
OUTPUT_LABELS = {"softmax": "softmax (a probability per class)", "sigmoid": "sigmoid (binary)"}
WEIGHT_INIT_LABELS = {
    "book": "the book's",
    "0.01": "0.01·N(0, 1)",
    "0.1": "0.1·N(0, 1)",
    "glorot": "Glorot / Xavier",
    "he": "He",
}
