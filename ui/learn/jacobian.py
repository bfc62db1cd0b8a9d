"""Check 1 of the Learn page: the two ways the book differentiates softmax + cross-entropy.

Path 1, the long way: the cross-entropy's gradient ∂L/∂ŷ = -y/ŷ/N, then every point's softmax
Jacobian J_i = diag(ŷ_i) - ŷ_i ŷ_iᵀ times it. Path 2, the shortcut the trainer takes:
∂L/∂z = (ŷ - y)/N. Both are computed with the engine's own classes, and shown side by side.
"""

from dataclasses import dataclass

import numpy as np

from scratchnet.activations import Softmax
from scratchnet.losses import CategoricalCrossentropy, SoftmaxCategoricalCrossentropy
from ui.learn.stage import Matrix, source_of
from ui.learn.tables import markdown_table


@dataclass
class JacobianCheck:
    """The book's two ways to ∂L/∂z for softmax + cross-entropy, side by side (float64)."""

    probabilities: np.ndarray  # ŷ
    dprobabilities: np.ndarray  # ∂L/∂ŷ from CategoricalCrossentropy.backward
    jacobians: np.ndarray  # (N, K, K): J_i = diag(ŷ_i) - ŷ_i ŷ_iᵀ
    through_jacobian: np.ndarray  # Softmax.backward(∂L/∂ŷ)
    combined: np.ndarray  # SoftmaxCategoricalCrossentropy.backward
    max_difference: float
    source: str


def jacobian_check(scores, y_true):
    """∂L/∂z two ways, in float64, for the scores z of the last dense layer and labels y.

    Path 1, the long way: softmax, then ∂L/∂ŷ = -y/ŷ/N, then each sample's Jacobian J_i times
    its ∂L/∂ŷ_i. Path 2, the shortcut: (ŷ - y)/N. The difference is rounding only.
    """
    scores = np.asarray(scores, dtype=np.float64)
    softmax = Softmax()
    probabilities = softmax.forward(scores)
    cross_entropy = CategoricalCrossentropy()
    dprobabilities = cross_entropy.backward(probabilities, y_true)
    through_jacobian = softmax.backward(dprobabilities)
    combined = SoftmaxCategoricalCrossentropy().backward(probabilities, y_true)
    jacobians = np.stack([np.diagflat(row) - np.outer(row, row) for row in probabilities])
    return JacobianCheck(
        probabilities=np.ascontiguousarray(probabilities),
        dprobabilities=dprobabilities,
        jacobians=jacobians,
        through_jacobian=through_jacobian,
        combined=combined,
        max_difference=float(np.max(np.abs(combined - through_jacobian))),
        source=source_of(
            CategoricalCrossentropy.backward,
            Softmax.backward,
            SoftmaxCategoricalCrossentropy.backward,
        ),
    )


def jacobian_markdown(check, point_labels):
    """The two paths to ∂L/∂z side by side, with their largest difference."""
    N = len(check.probabilities)
    path_1, _ = markdown_table(Matrix("", check.through_jacobian, True), point_labels)
    path_2, _ = markdown_table(Matrix("", check.combined, True), point_labels)
    dprobabilities, _ = markdown_table(Matrix("", check.dprobabilities, True), point_labels)
    return [
        "The book differentiates softmax followed by cross-entropy in two ways (chapter 9). "
        "Both are computed here in float64 from this step's scores $z$:",
        "**Path 1, the long way:** the cross-entropy's gradient "
        r"$\partial L / \partial \hat{y}_{ik} = -\frac{1}{N}\frac{y_{ik}}{\hat{y}_{ik}}$"
        " (`CategoricalCrossentropy.backward`)…",
        dprobabilities,
        r"…then, for every point, the softmax Jacobian $J_i = \operatorname{diag}(\hat{y}_i) - "
        r"\hat{y}_i\hat{y}_i^{\top}$ times it (`Softmax.backward`): "
        r"$\partial L / \partial z_i = J_i\, \partial L / \partial \hat{y}_i$",
        path_1,
        r"**Path 2, the shortcut** (`SoftmaxCategoricalCrossentropy.backward`): "
        rf"$\partial L / \partial z = (\hat{{y}} - y) / N$ with $N = {N}$",
        path_2,
        f"**Largest difference between the two:** {check.max_difference:.2e} "
        "— rounding only. The shortcut costs one subtraction per point instead of a "
        "K × K matrix, which is why the trainer uses it.",
    ]


def jacobian_matrix_markdown(check, position, label):
    jacobian = Matrix(r"J", check.jacobians[position])
    table, _ = markdown_table(jacobian, max_rows=None, max_columns=None)
    return (
        f"$J = \\operatorname{{diag}}(\\hat{{y}}) - \\hat{{y}}\\hat{{y}}^\\top$ of point {label} "
        f"(row $k$, column $j$: $\\partial \\hat{{y}}_k / \\partial z_j$):\n\n{table}"
    )
