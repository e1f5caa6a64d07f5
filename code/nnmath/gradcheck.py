r"""Numerical gradients by centred finite differences.

Every derivative in the book is checked against :func:`numerical_gradient`,

.. math::

    \frac{\partial f}{\partial x_i} \approx \frac{f(x + \epsilon e_i) - f(x - \epsilon e_i)}{2\epsilon},

whose error is :math:`O(\epsilon^2)`, and compared with :func:`relative_error`,
:math:`|a - b| / \max(|a|, |b|)`. In float64 with :math:`\epsilon = 10^{-6}` a correct
analytic gradient of a smooth function agrees to a relative error of about
:math:`10^{-8}` or better; an error above :math:`10^{-4}` almost always means a bug.
Check points should stay away from kinks (ReLU at 0, MAE where prediction equals
target), where the centred difference averages the two one-sided slopes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["numerical_gradient", "relative_error"]


def numerical_gradient(f: Callable[[np.ndarray], float], x, eps: float = 1e-6) -> np.ndarray:
    r"""Gradient of a scalar function by centred differences.

    .. math::

        g_i = \frac{f(x + \epsilon e_i) - f(x - \epsilon e_i)}{2\epsilon}

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a scalar.
    x : array_like
        The point, of any shape. It is copied to float64; the caller's array is
        never modified.
    eps : float, default 1e-6
        The step :math:`\epsilon`, positive.

    Returns
    -------
    ndarray of float64, shape of ``x``
        The estimated gradient :math:`\partial f / \partial x`.

    Raises
    ------
    ValueError
        If ``eps`` is not a positive finite number, ``x`` is not finite, or ``f``
        does not return a finite scalar.

    Examples
    --------
    >>> import numpy as np
    >>> from nnmath.gradcheck import numerical_gradient
    >>> numerical_gradient(lambda v: np.sum(v ** 2), np.array([1.0, -2.0, 3.0]))
    array([ 2., -4.,  6.])
    """
    if not (np.isscalar(eps) and np.isfinite(eps) and eps > 0):
        raise ValueError(f"eps must be a positive finite number, got {eps!r}")
    point = np.array(x, dtype=np.float64)  # a copy: the caller's x is never touched
    if not np.all(np.isfinite(point)):
        raise ValueError("x must contain only finite numbers")
    grad = np.empty_like(point)
    flat, out = point.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + eps
        f_plus = _scalar(f(point))
        flat[i] = original - eps
        f_minus = _scalar(f(point))
        flat[i] = original  # restore before moving to the next coordinate
        out[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def _scalar(value) -> float:
    array = np.asarray(value, dtype=np.float64)
    if array.size != 1:
        raise ValueError(f"f must return a scalar, got an array of shape {array.shape}")
    result = float(array.reshape(()))
    if not np.isfinite(result):
        raise ValueError(f"f must return a finite value, got {result}")
    return result


def relative_error(a, b) -> float:
    r"""Largest elementwise relative error between two arrays.

    .. math::

        \max_i \frac{|a_i - b_i|}{\max(|a_i|, |b_i|)}

    with the convention that an entry where both are 0 contributes 0.

    Parameters
    ----------
    a, b : array_like
        Arrays of the same shape, typically an analytic and a numerical gradient.

    Returns
    -------
    float
        0 for identical arrays, 1 or more when an entry differs in sign, and in
        between otherwise. Below about 1e-7 is a passing gradient check in float64.

    Raises
    ------
    ValueError
        If the shapes differ or an entry is not finite.

    Examples
    --------
    >>> from nnmath.gradcheck import relative_error
    >>> relative_error([1.0, 0.0], [1.0, 0.0])
    0.0
    >>> relative_error([2.0], [1.0])
    0.5
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError("a and b must contain only finite numbers")
    if a.size == 0:
        return 0.0
    scale = np.maximum(np.abs(a), np.abs(b))
    diff = np.abs(a - b)
    ratio = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
    return float(np.max(ratio))
