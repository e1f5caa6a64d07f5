r"""Loss functions and their exact gradients: what training minimises.

A loss measures, in one number, how far a network's predictions are from their targets;
training follows its gradient. This module has the losses of the book's losses chapter, each
with its derivative, and :data:`LOSSES`, the table the network looks its loss up in.

Read first :func:`mse` and :func:`mse_derivative`: the mean and its :math:`1/n`, which every
derivative here includes. Then :func:`binary_cross_entropy_with_logits` and
:func:`softmax_cross_entropy`, the stable forms that take logits instead of probabilities.

Every loss takes ``(y_true, prediction)`` and returns a Python ``float``; every
``<name>_derivative(y_true, prediction)`` returns a float64 array shaped like
``prediction``: the exact gradient of that float with respect to the prediction
(or the logits), the :math:`1/n` of the mean included, so that

.. code-block:: python

    numerical_gradient(lambda p: mse(y, p), p)  # ~= mse_derivative(y, p)

Conventions
-----------
Reduction
    The mean over **all elements** for the elementwise losses (:func:`mse`,
    :func:`mae`, :func:`binary_cross_entropy`,
    :func:`binary_cross_entropy_with_logits`, :func:`hinge`): with ``n`` the number
    of entries of ``prediction``, each derivative carries a factor :math:`1/n`.
    The mean over **samples** (rows) for the categorical losses
    (:func:`cross_entropy`, :func:`softmax_cross_entropy`): with ``N`` rows, each
    derivative carries :math:`1/N`, not :math:`1/(NK)`.
Shapes
    Elementwise losses need ``y_true`` and ``prediction`` of exactly the same shape
    (no broadcasting: a ``(N,)`` target against a ``(N, 1)`` prediction would
    silently broadcast to ``(N, N)``). The categorical losses take a prediction of
    shape ``(N, K)`` (samples as rows) or ``(K,)`` (one sample, treated as
    ``N = 1``), and labels either one-hot (the prediction's shape; rows may be any
    probability distribution, e.g. smoothed labels) or class indices (shape
    ``(N,)``, or a scalar for a ``(K,)`` prediction): whole numbers in
    ``[0, K)`` of any int or float dtype.
Kinks
    :func:`mae` uses :math:`\operatorname{sign}(0) = 0`: its derivative is 0 where
    the prediction equals the target. :func:`hinge` uses the subgradient 0 at a
    margin of exactly 1.
Probabilities 0 and 1
    :func:`binary_cross_entropy` and :func:`cross_entropy` clamp every logarithm
    from below at :math:`-100` (the rule of PyTorch's ``BCELoss``), so a true class
    given probability 0 costs 100 instead of :math:`+\infty`, and a term with target
    0 contributes exactly 0 (no :math:`0 \cdot \log 0`). The derivative is the
    exact gradient of that clamped expression: 0 for an entry whose logarithm is
    clamped. Prefer the logits forms, :func:`binary_cross_entropy_with_logits` and
    :func:`softmax_cross_entropy`, which need no clamp and are accurate for every
    finite logit.
Bad input
    An error naming the argument and what was wrong: ``TypeError`` for data of the
    wrong kind (strings, complex numbers), ``ValueError`` for numbers out of range
    or of the wrong shape. A loss too large for float64 (a squared error of ``1e200``,
    say) raises ``OverflowError`` rather than returning ``inf``. Inputs are never
    modified.
"""

from __future__ import annotations

import numpy as np

from nnmath import _checks
from nnmath._checks import (
    as_finite_array,
    as_one_hot,
    check_hinge_labels,
    check_rows_sum_to_one,
    check_same_shape,
    check_shape,
    check_unit_interval,
)
from nnmath._overflow import rescaled_on_overflow
from nnmath.activations import KERNELS as ACTIVATION_KERNELS

__all__ = [
    "KERNELS",
    "LOG_FLOOR",
    "LOSSES",
    "ROW_SUM_ATOL",
    "binary_cross_entropy",
    "binary_cross_entropy_derivative",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_derivative",
    "cross_entropy",
    "cross_entropy_derivative",
    "hinge",
    "hinge_derivative",
    "mae",
    "mae_derivative",
    "mse",
    "mse_derivative",
    "softmax_cross_entropy",
    "softmax_cross_entropy_derivative",
]

#: Lower clamp of every logarithm in the probability-input losses (as PyTorch's BCELoss).
LOG_FLOOR = -100.0

#: Tolerance on the row sums of probabilities and one-hot labels, ``|sum - 1| <= 1e-5``.
#: Loose enough for float32 softmax outputs and for a centred difference with step 1e-6,
#: tight enough to catch a row that is not a distribution.
ROW_SUM_ATOL = _checks.ROW_SUM_ATOL


# As in nnmath.activations, each formula is written once, in a private kernel (_mse for mse,
# and so on) that takes checked float64 arrays; the public function checks its arguments and
# calls it, and KERNELS maps each function's name to its kernel. The categorical kernels take
# one-hot labels of shape (N, K) (class indices are turned into one-hot rows by the checks).

# ---------------------------------------------------------------------------
# Validation (the checks themselves are in nnmath._checks)
# ---------------------------------------------------------------------------


def _as_float_array(x, name: str) -> np.ndarray:
    """``x`` as a non-empty, finite float64 array (never a view that is written to)."""
    return as_finite_array(
        x, name, bool_ok=True, empty_ok=False, empty_reason="; a loss needs at least one value"
    )


def _same_shape(y_true, prediction) -> tuple[np.ndarray, np.ndarray]:
    y = _as_float_array(y_true, "y_true")
    p = _as_float_array(prediction, "prediction")
    check_same_shape(y, p, "y_true", "prediction", " (no broadcasting)")
    return y, p


def _categorical(y_true, prediction):
    """Validate categorical inputs.

    Returns ``(Y, P, shape)``: the labels as one-hot rows ``Y`` and the prediction ``P``,
    both of shape ``(N, K)``, and the prediction's own shape, for the derivative.
    """
    p = _as_float_array(prediction, "prediction")
    check_shape(
        p,
        "prediction",
        (None, None),
        (None,),
        described="(N, K) (samples as rows) or (K,) (one sample)",
    )
    y = _as_float_array(y_true, "y_true")
    if p.ndim == 2:
        return as_one_hot(y, "y_true", p.shape[1], p.shape[0], "prediction"), p, p.shape
    # one sample: a one-hot vector shaped like the prediction, or a single class index
    described = f"{p.shape} (one-hot, like prediction) or () (one class index, a scalar)"
    check_shape(y, "y_true", p.shape, (), described=described)
    hint = "; for one binary label per sample use binary_cross_entropy"
    Y = as_one_hot(y.reshape(1, -1) if y.ndim else y.reshape(1), "y_true", p.size, 1, "", hint)
    return Y, p.reshape(1, -1), p.shape


@rescaled_on_overflow(degree=1, what="the loss")
def _mean(terms: np.ndarray) -> float:
    """The mean of a loss's terms, rescaled if their sum overflows."""
    return np.mean(terms) + 0.0  # + 0.0 turns a -0.0 (from -sum of zeros) into 0.0


def _clamped_log(x: np.ndarray) -> np.ndarray:
    """``max(log x, LOG_FLOOR)`` for x in [0, 1], silent at x = 0."""
    with np.errstate(divide="ignore"):  # log(0) = -inf, clamped on the same line
        return np.maximum(np.log(x), LOG_FLOOR)


def _clamped_log1m(x: np.ndarray) -> np.ndarray:
    """``max(log(1 - x), LOG_FLOOR)`` for x in [0, 1], via log1p (accurate for small x)."""
    with np.errstate(divide="ignore"):
        return np.maximum(np.log1p(-x), LOG_FLOOR)


# ---------------------------------------------------------------------------
# Regression losses
# ---------------------------------------------------------------------------


@rescaled_on_overflow(degree=2, what="mse: the loss")
def _mse(y: np.ndarray, p: np.ndarray) -> float:
    return np.mean((p - y) ** 2)


def mse(y_true, prediction) -> float:
    r"""Mean squared error.

    .. math::

        \mathrm{MSE}(y, \hat y) = \frac{1}{n} \sum_{i=1}^{n} (\hat y_i - y_i)^2

    the mean over all :math:`n` entries.

    Parameters
    ----------
    y_true : array_like
        Targets, any shape.
    prediction : array_like
        Predictions :math:`\hat y`, the same shape as ``y_true``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes differ, an input is empty or not finite.
    OverflowError
        If the mean squared error exceeds the float64 range.

    Notes
    -----
    Other texts use the sum, or :math:`\tfrac12 (\hat y - y)^2` per sample; these
    differ from this mean by a constant factor, and so do their gradients.

    Examples
    --------
    >>> from nnmath.losses import mse
    >>> mse([1.0, 2.0, 3.0], [1.5, 2.0, 2.0])
    0.4166666666666667
    """
    return float(_mse(*_same_shape(y_true, prediction)))


@rescaled_on_overflow(degree=1, what="mse_derivative: the gradient")
def _mse_derivative(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    return 2.0 * (p - y) / p.size


def mse_derivative(y_true, prediction) -> np.ndarray:
    r"""Gradient of :func:`mse` with respect to the prediction.

    .. math::

        \frac{\partial\, \mathrm{MSE}}{\partial \hat y_i} = \frac{2}{n} (\hat y_i - y_i)

    Parameters
    ----------
    y_true, prediction : array_like
        As in :func:`mse`.

    Returns
    -------
    ndarray of float64, shape of ``prediction``

    Examples
    --------
    >>> from nnmath.losses import mse_derivative
    >>> mse_derivative([1.0, 2.0], [1.5, 2.0])
    array([0.5, 0. ])
    """
    return _mse_derivative(*_same_shape(y_true, prediction))


@rescaled_on_overflow(degree=1, what="mae: the loss")
def _mae(y: np.ndarray, p: np.ndarray) -> float:
    return np.mean(np.abs(p - y))


def mae(y_true, prediction) -> float:
    r"""Mean absolute error.

    .. math::

        \mathrm{MAE}(y, \hat y) = \frac{1}{n} \sum_{i=1}^{n} |\hat y_i - y_i|

    the mean over all :math:`n` entries.

    Parameters
    ----------
    y_true : array_like
        Targets, any shape.
    prediction : array_like
        Predictions :math:`\hat y`, the same shape as ``y_true``.

    Returns
    -------
    float

    Examples
    --------
    >>> from nnmath.losses import mae
    >>> mae([1.0, 2.0, 3.0], [1.5, 2.0, 2.0])
    0.5
    """
    return float(_mae(*_same_shape(y_true, prediction)))


def _mae_derivative(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", under="ignore"):  # p - y may overflow; its sign is right
        return np.sign(p - y) / p.size


def mae_derivative(y_true, prediction) -> np.ndarray:
    r"""(Sub)gradient of :func:`mae` with respect to the prediction.

    .. math::

        \frac{\partial\, \mathrm{MAE}}{\partial \hat y_i}
        = \frac{1}{n} \operatorname{sign}(\hat y_i - y_i),
        \qquad \operatorname{sign}(0) = 0.

    At :math:`\hat y_i = y_i` the absolute value has a kink and no derivative;
    0 is the chosen subgradient (any value in :math:`[-1/n, 1/n]` is one), the
    convention of ``np.sign`` and of PyTorch.

    Parameters
    ----------
    y_true, prediction : array_like
        As in :func:`mae`.

    Returns
    -------
    ndarray of float64, shape of ``prediction``

    Examples
    --------
    >>> from nnmath.losses import mae_derivative
    >>> mae_derivative([1.0, 2.0, 3.0, 4.0], [0.0, 2.0, 5.0, 4.0])
    array([-0.25,  0.  ,  0.25,  0.  ])
    """
    return _mae_derivative(*_same_shape(y_true, prediction))


# ---------------------------------------------------------------------------
# Binary classification
# ---------------------------------------------------------------------------


def _binary_cross_entropy(y: np.ndarray, p: np.ndarray) -> float:
    terms = -(y * _clamped_log(p) + (1.0 - y) * _clamped_log1m(p))
    return _mean(terms)


def binary_cross_entropy(y_true, prediction) -> float:
    r"""Binary cross-entropy of predicted probabilities.

    .. math::

        \mathrm{BCE}(y, p) = -\frac{1}{n} \sum_{i=1}^{n}
        \bigl[ y_i \log p_i + (1 - y_i) \log(1 - p_i) \bigr]

    the mean over all :math:`n` entries (one per sample, or one per sample and
    label for multi-label outputs).

    Parameters
    ----------
    y_true : array_like
        Targets in :math:`[0, 1]` (labels 0/1, or soft targets), any shape.
    prediction : array_like
        Probabilities :math:`p` in :math:`[0, 1]`, the same shape as ``y_true``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the shapes differ, a target or a probability lies outside :math:`[0, 1]`,
        or an input is empty or not finite.

    Notes
    -----
    **Probabilities 0 and 1.** Each logarithm is clamped from below at
    ``LOG_FLOOR`` :math:`= -100`, the rule of PyTorch's ``BCELoss``: the loss is

    .. math::

        -\frac{1}{n} \sum_i \bigl[ y_i \max(\log p_i, -100)
        + (1 - y_i) \max(\log(1 - p_i), -100) \bigr].

    So a label 1 predicted with probability 0 costs 100 (not :math:`+\infty`), a
    label 0 predicted with probability 0 costs exactly 0, and the result is finite
    and silent for every valid input. The clamp only acts for :math:`p_i` or
    :math:`1 - p_i` below :math:`e^{-100} \approx 3.7 \times 10^{-44}`. The sigmoid
    output has usually rounded to 0 or 1 long before that: compute from the logits
    with :func:`binary_cross_entropy_with_logits` instead.

    Examples
    --------
    >>> from nnmath.losses import binary_cross_entropy
    >>> binary_cross_entropy([1.0, 0.0], [0.8, 0.1])
    0.164252033486018
    >>> binary_cross_entropy([1.0, 0.0], [0.0, 0.0])  # the clamp: (100 + 0) / 2
    50.0
    """
    y, p = _same_shape(y_true, prediction)
    check_unit_interval(y, "y_true", "binary targets")
    check_unit_interval(p, "prediction", "probabilities")
    with np.errstate(under="ignore"):
        return float(_binary_cross_entropy(y, p))


def _binary_cross_entropy_derivative(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):  # log(0) = -inf marks a clamped term
        live_p = np.log(p) > LOG_FLOOR
        live_q = np.log1p(-p) > LOG_FLOOR
    d_log_p = np.divide(y, p, out=np.zeros_like(p), where=live_p)
    d_log_q = np.divide(1.0 - y, 1.0 - p, out=np.zeros_like(p), where=live_q)
    return (d_log_q - d_log_p) / p.size


def binary_cross_entropy_derivative(y_true, prediction) -> np.ndarray:
    r"""Gradient of :func:`binary_cross_entropy` with respect to the probabilities.

    .. math::

        \frac{\partial\, \mathrm{BCE}}{\partial p_i}
        = \frac{1}{n} \left( -\frac{y_i}{p_i} + \frac{1 - y_i}{1 - p_i} \right)

    This is the exact gradient of the clamped loss that
    :func:`binary_cross_entropy` returns: a term whose logarithm is clamped at
    :math:`-100` is constant there and contributes 0 (so at :math:`p_i = 0` with
    :math:`y_i = 1` the gradient is 0, not :math:`-\infty`). Through a sigmoid,
    :math:`p = \operatorname{sigmoid}(z)`, the chain rule gives :math:`(p_i - y_i)/n`, the
    derivative of :func:`binary_cross_entropy_with_logits`.

    Parameters
    ----------
    y_true, prediction : array_like
        As in :func:`binary_cross_entropy`.

    Returns
    -------
    ndarray of float64, shape of ``prediction``

    Examples
    --------
    >>> from nnmath.losses import binary_cross_entropy_derivative
    >>> binary_cross_entropy_derivative([1.0, 0.0], [0.8, 0.5])
    array([-0.625,  1.   ])
    """
    y, p = _same_shape(y_true, prediction)
    check_unit_interval(y, "y_true", "binary targets")
    check_unit_interval(p, "prediction", "probabilities")
    with np.errstate(under="ignore"):
        return _binary_cross_entropy_derivative(y, p)


def _binary_cross_entropy_with_logits(y: np.ndarray, z: np.ndarray) -> float:
    # log(1 + e^z) - z y, with log(1 + e^z) = max(z, 0) + log1p(e^{-|z|}): exp only sees -|z|
    terms = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return _mean(terms)


def binary_cross_entropy_with_logits(y_true, prediction) -> float:
    r"""Binary cross-entropy computed from logits, stably.

    With :math:`p = \operatorname{sigmoid}(z)` the loss :math:`-[y \log p + (1-y)\log(1-p)]` equals
    :math:`\log(1 + e^{z}) - z y`, evaluated without ever exponentiating a positive
    number:

    .. math::

        \mathrm{BCE}(y, z) = \frac{1}{n} \sum_{i=1}^{n}
        \Bigl[ \max(z_i, 0) - z_i y_i + \log\bigl(1 + e^{-|z_i|}\bigr) \Bigr]

    Parameters
    ----------
    y_true : array_like
        Targets in :math:`[0, 1]`, any shape.
    prediction : array_like
        Logits :math:`z` (any finite reals), the same shape as ``y_true``.

    Returns
    -------
    float

    Notes
    -----
    Accurate for every finite logit, with no clamp: at :math:`z = 10^{300}` the
    loss is 0 for :math:`y = 1` and :math:`10^{300}` for :math:`y = 0`. Computing
    ``binary_cross_entropy(y, sigmoid(z))`` instead loses everything once
    :math:`\operatorname{sigmoid}(z)` rounds to 0 or 1 (from :math:`|z| \approx 37`).

    Examples
    --------
    >>> from nnmath.losses import binary_cross_entropy_with_logits
    >>> binary_cross_entropy_with_logits([1.0, 0.0], [0.0, 0.0])  # log 2
    0.6931471805599453
    >>> binary_cross_entropy_with_logits([1.0, 0.0], [1e300, 1e300])  # (0 + 1e300) / 2
    5e+299
    """
    y, z = _same_shape(y_true, prediction)
    check_unit_interval(y, "y_true", "binary targets")
    with np.errstate(under="ignore"):
        return float(_binary_cross_entropy_with_logits(y, z))


def _binary_cross_entropy_with_logits_derivative(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    return (ACTIVATION_KERNELS["sigmoid"](z) - y) / z.size  # the sign-split sigmoid


def binary_cross_entropy_with_logits_derivative(y_true, prediction) -> np.ndarray:
    r"""Gradient of :func:`binary_cross_entropy_with_logits` with respect to the logits.

    .. math::

        \frac{\partial\, \mathrm{BCE}}{\partial z_i} = \frac{1}{n} \bigl(\operatorname{sigmoid}(z_i) - y_i\bigr)

    The sigmoid's derivative, :math:`\operatorname{sigmoid}(z)(1 - \operatorname{sigmoid}(z))`, cancels the
    :math:`1/(p(1-p))` of the cross-entropy: the gradient never vanishes for a
    confidently wrong prediction.

    Parameters
    ----------
    y_true, prediction : array_like
        As in :func:`binary_cross_entropy_with_logits`.

    Returns
    -------
    ndarray of float64, shape of ``prediction``

    Examples
    --------
    >>> from nnmath.losses import binary_cross_entropy_with_logits_derivative
    >>> binary_cross_entropy_with_logits_derivative([1.0, 0.0], [0.0, -1e300])
    array([-0.25,  0.  ])
    """
    y, z = _same_shape(y_true, prediction)
    check_unit_interval(y, "y_true", "binary targets")
    with np.errstate(under="ignore"):
        return _binary_cross_entropy_with_logits_derivative(y, z)


# ---------------------------------------------------------------------------
# Multi-class classification
# ---------------------------------------------------------------------------


def _cross_entropy(Y: np.ndarray, P: np.ndarray) -> float:
    per_sample = -np.sum(Y * _clamped_log(P), axis=1)
    return _mean(per_sample)


def cross_entropy(y_true, prediction) -> float:
    r"""Categorical cross-entropy of predicted class probabilities.

    .. math::

        \mathrm{CE}(Y, P) = -\frac{1}{N} \sum_{n=1}^{N} \sum_{k=1}^{K} Y_{nk} \log P_{nk}
        = -\frac{1}{N} \sum_{n=1}^{N} \log P_{n, c_n}

    the mean over the :math:`N` samples (rows), not over the :math:`NK` entries;
    the second form is for class indices :math:`c_n`.

    Parameters
    ----------
    y_true : array_like
        One-hot labels of shape ``(N, K)`` (each row a distribution over the
        classes: one-hot or smoothed), or class indices of shape ``(N,)``: whole
        numbers in ``[0, K)``, any int or float dtype. For a ``(K,)`` prediction:
        a ``(K,)`` one-hot vector or a scalar class index.
    prediction : array_like
        Probabilities :math:`P` of shape ``(N, K)`` (samples as rows), or ``(K,)``
        for one sample (then :math:`N = 1`). Entries in :math:`[0, 1]`, each row
        summing to 1 within ``ROW_SUM_ATOL`` :math:`= 10^{-5}`.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a probability lies outside :math:`[0, 1]`, a row of ``prediction`` or
        of one-hot ``y_true`` does not sum to 1, a class index is fractional,
        negative or not below :math:`K`, the number of indices differs from the
        number of rows, or the shapes do not fit.

    Notes
    -----
    **Probabilities 0 and 1.** As in :func:`binary_cross_entropy`, each logarithm
    is clamped at ``LOG_FLOOR`` :math:`= -100`: a true class given probability 0
    costs 100, and a class with label 0 contributes exactly 0 whatever its
    probability. For outputs of a softmax, :func:`softmax_cross_entropy` on the
    logits is the stable choice and needs no clamp.

    Examples
    --------
    >>> from nnmath.losses import cross_entropy
    >>> P = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]
    >>> cross_entropy([0, 2], P)  # -(log 0.7 + log 0.8) / 2
    0.2899092476264711
    >>> cross_entropy([[1, 0, 0], [0, 0, 1]], P)  # the same with one-hot labels
    0.2899092476264711
    """
    Y, P, _ = _categorical(y_true, prediction)
    check_unit_interval(P, "prediction", "probabilities")
    check_rows_sum_to_one(P, "prediction")
    with np.errstate(under="ignore"):
        return float(_cross_entropy(Y, P))


def _cross_entropy_derivative(Y: np.ndarray, P: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        live = (np.log(P) > LOG_FLOOR) & (Y != 0)
    return np.divide(-Y, P, out=np.zeros_like(P), where=live) / P.shape[0]


def cross_entropy_derivative(y_true, prediction) -> np.ndarray:
    r"""Gradient of :func:`cross_entropy` with respect to the probabilities.

    .. math::

        \frac{\partial\, \mathrm{CE}}{\partial P_{nk}} = -\frac{1}{N} \frac{Y_{nk}}{P_{nk}}

    taking each entry of :math:`P` as a free variable (the gradient is not
    projected onto rows summing to 1). An entry whose logarithm is clamped (see
    :func:`cross_entropy`) or whose label is 0 gets 0. Through a softmax the chain
    rule gives :math:`(\operatorname{softmax}(z) - Y)/N`, the derivative of
    :func:`softmax_cross_entropy`.

    Parameters
    ----------
    y_true, prediction : array_like
        As in :func:`cross_entropy`.

    Returns
    -------
    ndarray of float64, shape of ``prediction``

    Examples
    --------
    >>> from nnmath.losses import cross_entropy_derivative
    >>> cross_entropy_derivative([0, 1], [[0.5, 0.5], [0.75, 0.25]])
    array([[-1.,  0.],
           [ 0., -2.]])
    """
    Y, P, shape = _categorical(y_true, prediction)
    check_unit_interval(P, "prediction", "probabilities")
    check_rows_sum_to_one(P, "prediction")
    with np.errstate(under="ignore"):
        return _cross_entropy_derivative(Y, P).reshape(shape)


def _softmax_cross_entropy(Y: np.ndarray, Z: np.ndarray) -> float:
    log_p = ACTIVATION_KERNELS["log_softmax"](Z, axis=-1)  # log-sum-exp, shifted by the row max
    # 0 * log p is 0 even where log p is -inf
    products = np.multiply(Y, log_p, out=np.zeros_like(Z), where=Y != 0)
    return _mean(-np.sum(products, axis=1))


def softmax_cross_entropy(y_true, prediction) -> float:
    r"""Cross-entropy of the softmax of logits, computed stably.

    .. math::

        \mathrm{CE}(Y, Z) = -\frac{1}{N} \sum_{n=1}^{N} \sum_{k=1}^{K}
        Y_{nk} \log \operatorname{softmax}(z_n)_k,

        \log \operatorname{softmax}(z)_k = z_k - \log \sum_{j} e^{z_j}

    the mean over the :math:`N` samples (rows).

    Parameters
    ----------
    y_true : array_like
        One-hot labels of shape ``(N, K)`` or class indices of shape ``(N,)``
        (whole numbers in ``[0, K)``), as in :func:`cross_entropy`.
    prediction : array_like
        Logits :math:`Z` of shape ``(N, K)`` (samples as rows), or ``(K,)`` for
        one sample; any finite reals.

    Returns
    -------
    float

    Notes
    -----
    The log-probabilities come from :func:`nnmath.activations.log_softmax`
    (log-sum-exp with the max shift), never from ``log(softmax(z))``: finite and
    accurate even for logits like :math:`\pm 10^{300}`, where the softmax rounds
    to exact 0s and 1s.

    Examples
    --------
    >>> from nnmath.losses import softmax_cross_entropy
    >>> softmax_cross_entropy([0, 1], [[0.0, 0.0], [0.0, 0.0]])  # log 2
    0.6931471805599453
    >>> softmax_cross_entropy([1], [[1e300, -1e300]])  # = 2e300, finite
    2e+300
    """
    Y, Z, _ = _categorical(y_true, prediction)
    with np.errstate(under="ignore"):
        return float(_softmax_cross_entropy(Y, Z))


def _softmax_cross_entropy_derivative(Y: np.ndarray, Z: np.ndarray) -> np.ndarray:
    # (softmax(z) sum_j Y_j - Y) / N, with the max-shifted softmax
    softmax = ACTIVATION_KERNELS["softmax"](Z, axis=-1)
    return (softmax * Y.sum(axis=1, keepdims=True) - Y) / Z.shape[0]


def softmax_cross_entropy_derivative(y_true, prediction) -> np.ndarray:
    r"""Gradient of :func:`softmax_cross_entropy` with respect to the logits.

    .. math::

        \frac{\partial\, \mathrm{CE}}{\partial Z_{nk}}
        = \frac{1}{N} \bigl( \operatorname{softmax}(z_n)_k - Y_{nk} \bigr)

    The softmax Jacobian and the :math:`1/P` of the cross-entropy cancel. (The
    general form is :math:`(\operatorname{softmax}(z_n)_k \sum_j Y_{nj} - Y_{nk})/N`;
    it is computed that way, so the gradient stays exact for a label row whose
    sum is within rounding of 1.)

    Parameters
    ----------
    y_true, prediction : array_like
        As in :func:`softmax_cross_entropy`.

    Returns
    -------
    ndarray of float64, shape of ``prediction``

    Examples
    --------
    >>> from nnmath.losses import softmax_cross_entropy_derivative
    >>> softmax_cross_entropy_derivative([0, 1], [[0.0, 0.0], [0.0, 0.0]])
    array([[-0.25,  0.25],
           [ 0.25, -0.25]])
    """
    Y, Z, shape = _categorical(y_true, prediction)
    with np.errstate(under="ignore"):
        return _softmax_cross_entropy_derivative(Y, Z).reshape(shape)


# ---------------------------------------------------------------------------
# Max-margin classification
# ---------------------------------------------------------------------------


def _hinge(y: np.ndarray, s: np.ndarray) -> float:
    return _mean(np.maximum(0.0, 1.0 - y * s))


def hinge(y_true, prediction) -> float:
    r"""Hinge loss for labels :math:`\pm 1` and raw scores.

    .. math::

        \mathrm{hinge}(y, s) = \frac{1}{n} \sum_{i=1}^{n} \max(0,\, 1 - y_i s_i)

    the mean over all :math:`n` entries. A sample costs nothing once it is on the
    right side with margin :math:`y_i s_i \ge 1`.

    Parameters
    ----------
    y_true : array_like
        Labels, each exactly -1 or +1 (not 0/1), any shape.
    prediction : array_like
        Raw scores :math:`s` (not probabilities), the same shape as ``y_true``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a label is not -1 or +1, the shapes differ, or an input is empty or not
        finite.

    Examples
    --------
    >>> from nnmath.losses import hinge
    >>> hinge([1, -1, 1], [2.0, 0.5, 0.0])  # (0 + 1.5 + 1) / 3
    0.8333333333333334
    """
    y, s = _same_shape(y_true, prediction)
    check_hinge_labels(y, "y_true")
    return float(_hinge(y, s))


def _hinge_derivative(y: np.ndarray, s: np.ndarray) -> np.ndarray:
    return np.where(y * s < 1.0, -y, 0.0) / s.size  # 0 at a margin of exactly 1


def hinge_derivative(y_true, prediction) -> np.ndarray:
    r"""(Sub)gradient of :func:`hinge` with respect to the scores.

    .. math::

        \frac{\partial\, \mathrm{hinge}}{\partial s_i} =
        \begin{cases} -y_i / n & \text{if } y_i s_i < 1, \\ 0 & \text{if } y_i s_i \ge 1. \end{cases}

    At a margin of exactly 1 the loss has a kink; 0 is the chosen subgradient
    (the flat side), so a sample exactly on the margin is left alone.

    Parameters
    ----------
    y_true, prediction : array_like
        As in :func:`hinge`.

    Returns
    -------
    ndarray of float64, shape of ``prediction``

    Examples
    --------
    >>> from nnmath.losses import hinge_derivative
    >>> hinge_derivative([1, -1, 1, 1], [2.0, 0.5, 0.0, 1.0])
    array([ 0.  ,  0.25, -0.25,  0.  ])
    """
    y, s = _same_shape(y_true, prediction)
    check_hinge_labels(y, "y_true")
    return _hinge_derivative(y, s)


#: Name -> (loss, derivative), for looking a loss up by name (as the network does).
LOSSES = {
    "mse": (mse, mse_derivative),
    "mae": (mae, mae_derivative),
    "binary_cross_entropy": (binary_cross_entropy, binary_cross_entropy_derivative),
    "binary_cross_entropy_with_logits": (
        binary_cross_entropy_with_logits,
        binary_cross_entropy_with_logits_derivative,
    ),
    "cross_entropy": (cross_entropy, cross_entropy_derivative),
    "softmax_cross_entropy": (softmax_cross_entropy, softmax_cross_entropy_derivative),
    "hinge": (hinge, hinge_derivative),
}

#: Name of a function of this module -> its kernel, the same formula without the input checks.
#: ``KERNELS["mse"]`` computes what :func:`mse` returns, from arrays already checked (finite
#: float64, of matching shapes; the categorical kernels take one-hot rows of shape ``(N, K)``).
#: For code that checks its arrays once and evaluates a loss many times, as the network's
#: training loop does; callers switch NumPy's underflow signal off around them
#: (``np.errstate(under="ignore")``).
#:
#: :meta hide-value:
KERNELS = {
    "mse": _mse,
    "mse_derivative": _mse_derivative,
    "mae": _mae,
    "mae_derivative": _mae_derivative,
    "binary_cross_entropy": _binary_cross_entropy,
    "binary_cross_entropy_derivative": _binary_cross_entropy_derivative,
    "binary_cross_entropy_with_logits": _binary_cross_entropy_with_logits,
    "binary_cross_entropy_with_logits_derivative": _binary_cross_entropy_with_logits_derivative,
    "cross_entropy": _cross_entropy,
    "cross_entropy_derivative": _cross_entropy_derivative,
    "softmax_cross_entropy": _softmax_cross_entropy,
    "softmax_cross_entropy_derivative": _softmax_cross_entropy_derivative,
    "hinge": _hinge,
    "hinge_derivative": _hinge_derivative,
}
