r"""L1 and L2 penalties on the weights, and their gradients: the cost of large weights.

A regularised training objective adds a penalty on the weights to the data loss,

.. math::

    C(w) = L(w) + \Omega(w), \qquad \nabla C = \nabla L + \nabla \Omega ,

so each function here comes with its gradient, to be added to the loss gradient of
the same weights. Read first :func:`l2_penalty` and :func:`l2_gradient`, the weight-decay
convention explained below; then :func:`l1_gradient`, whose constant pull makes weights
exactly zero.

Penalty conventions
-------------------
L1
    :math:`\Omega(w) = \lambda \sum_i |w_i|`, gradient :math:`\lambda \operatorname{sign}(w)`
    with :math:`\operatorname{sign}(0) = 0` (a subgradient at the kink).
L2, the weight-decay convention
    :math:`\Omega(w) = \frac{\lambda}{2} \sum_i w_i^2`, gradient :math:`\lambda w`.
    The :math:`\tfrac12` makes a gradient step with learning rate :math:`\eta` read

    .. math::

        w \leftarrow w - \eta (\nabla L + \lambda w) = (1 - \eta\lambda)\, w - \eta \nabla L :

    each step first shrinks the weights by the factor :math:`1 - \eta\lambda`, which is why
    this :math:`\lambda` is called *weight decay* (the ``weight_decay`` argument of PyTorch's
    ``torch.optim.SGD`` adds exactly :math:`\lambda w` to the gradient).
The other L2 convention
    :math:`\lambda \sum_i w_i^2` with gradient :math:`2\lambda w`, used by Keras's
    ``regularizers.L2`` and by scikit-learn's ``Ridge`` (its ``alpha``). Its
    :math:`\lambda` equals half of ours: the same penalty is ``lam = 2 * alpha``. (Ridge
    also adds its penalty to a *sum* of squared errors, not a mean: with the mean
    squared error of :mod:`nnmath.losses` over :math:`n` samples, ``Ridge(alpha)`` solves
    the same problem as ``lam = 2 * alpha / n``.) Nielsen's book writes
    :math:`\frac{\lambda}{2n} \sum w^2` with :math:`n` the training-set size: pass
    ``lam = lambda / n``.
Several layers
    Each function takes one array. A network's penalty is the sum over its weight
    matrices, ``sum(l2_penalty(W, lam) for W in weights)``, and each matrix gets its own
    gradient ``l2_gradient(W, lam)``. Biases are usually not penalised.

``lam`` must be one finite number :math:`\ge 0`: anything else raises an error naming
``lam`` (``TypeError`` for a value that is not one real number, ``ValueError`` for a
negative or infinite one).
Penalties return a Python ``float``, gradients a float64 array shaped like ``w``; ``w`` is
never modified. A penalty too large for float64 raises ``OverflowError``.
"""

from __future__ import annotations

import numpy as np

from nnmath._checks import as_finite_array, check_scalar
from nnmath._overflow import rescaled_on_overflow

__all__ = ["l1_gradient", "l1_penalty", "l2_gradient", "l2_penalty"]


def _as_weights(w) -> np.ndarray:
    """``w`` as a finite float64 array (any shape, may be empty)."""
    return as_finite_array(
        w, "w", bool_ok=True, hint="; for a list of layers, sum the penalty over the layers"
    )


def l1_penalty(w, lam) -> float:
    r"""L1 penalty (lasso): :math:`\lambda \sum_i |w_i|`.

    .. math::

        \Omega_1(w) = \lambda \sum_i |w_i| = \lambda \lVert w \rVert_1

    Parameters
    ----------
    w : array_like
        Weights, any shape (one layer's matrix; sum over layers for a network).
    lam : float
        The strength :math:`\lambda \ge 0`.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``lam`` is not a real number, or ``w`` holds anything but real numbers.
    ValueError
        If ``lam`` is negative or not finite, or ``w`` is not finite.

    Examples
    --------
    >>> from nnmath.regularization import l1_penalty
    >>> l1_penalty([[1.0, -2.0], [0.0, 0.5]], 0.1)
    0.35
    """
    return float(_l1_penalty(_as_weights(w), check_scalar(lam, "lam", low=0.0)))


@rescaled_on_overflow(degree=1, what="l1_penalty: the penalty")
def _l1_penalty(w: np.ndarray, lam: float) -> float:
    return lam * np.sum(np.abs(w))


def l1_gradient(w, lam) -> np.ndarray:
    r"""(Sub)gradient of :func:`l1_penalty`: :math:`\lambda \operatorname{sign}(w)`.

    .. math::

        \frac{\partial \Omega_1}{\partial w_i} = \lambda \operatorname{sign}(w_i),
        \qquad \operatorname{sign}(0) = 0.

    :math:`|w|` has a kink at 0; 0 is the chosen subgradient (any value in
    :math:`[-\lambda, \lambda]` is one), so a weight that is exactly 0 receives no push
    from the penalty. The gradient has the same size :math:`\lambda` for every nonzero
    weight, however small: this constant pull is what drives weights to exactly 0 and
    makes L1 produce sparse weights.

    Parameters
    ----------
    w : array_like
        Weights, any shape.
    lam : float
        The strength :math:`\lambda \ge 0`.

    Returns
    -------
    ndarray of float64, shape of ``w``

    Examples
    --------
    >>> from nnmath.regularization import l1_gradient
    >>> l1_gradient([-2.0, 0.0, 0.5], 0.1)
    array([-0.1,  0. ,  0.1])
    """
    w = _as_weights(w)
    lam = check_scalar(lam, "lam", low=0.0)
    return lam * np.sign(w) + 0.0  # + 0.0 turns -0.0 (lam = 0, w < 0) into 0.0


def l2_penalty(w, lam) -> float:
    r"""L2 penalty in the weight-decay convention: :math:`\frac{\lambda}{2} \sum_i w_i^2`.

    .. math::

        \Omega_2(w) = \frac{\lambda}{2} \sum_i w_i^2 = \frac{\lambda}{2} \lVert w \rVert_2^2

    With this :math:`\tfrac12`, the gradient is :math:`\lambda w` and a gradient step is
    :math:`w \leftarrow (1 - \eta\lambda) w - \eta \nabla L` (weight decay). The other
    convention, :math:`\lambda \sum_i w_i^2` with gradient :math:`2 \lambda w`
    (scikit-learn's ``Ridge`` ``alpha``, Keras's ``L2``), is the same penalty with
    :math:`\lambda` halved: ``l2_penalty(w, 2 * alpha)`` equals ``alpha * sum(w**2)``.

    Parameters
    ----------
    w : array_like
        Weights, any shape (one layer's matrix; sum over layers for a network).
    lam : float
        The strength :math:`\lambda \ge 0`.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``lam`` is not a real number, or ``w`` holds anything but real numbers.
    ValueError
        If ``lam`` is negative or not finite, or ``w`` is not finite.
    OverflowError
        If the penalty exceeds the float64 range.

    Examples
    --------
    >>> from nnmath.regularization import l2_penalty
    >>> l2_penalty([[1.0, -2.0], [0.0, 2.0]], 0.1)  # 0.05 * 9
    0.45
    """
    return float(_l2_penalty(_as_weights(w), check_scalar(lam, "lam", low=0.0)))


@rescaled_on_overflow(degree=2, what="l2_penalty: the penalty")
def _l2_penalty(w: np.ndarray, lam: float) -> float:
    return lam / 2 * np.sum(w**2)


def l2_gradient(w, lam) -> np.ndarray:
    r"""Gradient of :func:`l2_penalty`: :math:`\lambda w`.

    .. math::

        \frac{\partial \Omega_2}{\partial w_i} = \lambda w_i ,
        \qquad
        w - \eta\,(\nabla L + \lambda w) = (1 - \eta\lambda)\, w - \eta \nabla L .

    A gradient step with this term shrinks every weight by the factor
    :math:`1 - \eta\lambda` before the loss gradient moves it (weight decay). The pull
    is proportional to the weight, so small weights are shrunk gently and rarely become
    exactly 0 (unlike :func:`l1_gradient`).

    Parameters
    ----------
    w : array_like
        Weights, any shape.
    lam : float
        The strength :math:`\lambda \ge 0`.

    Returns
    -------
    ndarray of float64, shape of ``w``

    Examples
    --------
    >>> from nnmath.regularization import l2_gradient
    >>> l2_gradient([-2.0, 0.0, 0.5], 0.1)
    array([-0.2 ,  0.  ,  0.05])
    """
    return _l2_gradient(_as_weights(w), check_scalar(lam, "lam", low=0.0))


@rescaled_on_overflow(degree=1, what="l2_gradient: the gradient")
def _l2_gradient(w: np.ndarray, lam: float) -> np.ndarray:
    return lam * w + 0.0  # + 0.0 turns -0.0 (lam = 0, w < 0) into 0.0
