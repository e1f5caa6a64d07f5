r"""Numerical gradients by centred finite differences, and the book's one gradient-check rule.

Every derivative in the book is checked the same way, by :func:`check_gradient`:

1. the numerical gradient by centred differences with step :math:`h` = :data:`STEP`
   (:math:`10^{-6}`),

   .. math::

       \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h},

   whose truncation error is :math:`O(h^2)` and whose rounding error is about
   :math:`10^{-16} |f| / h`;
2. compared with the analytic gradient by :func:`relative_error_norm`,
   :math:`\lVert a - b \rVert_2 / \max(\lVert a \rVert_2, \lVert b \rVert_2)`, one number
   for the whole gradient, so that entries that are tiny next to the rest (where rounding
   dominates) cannot fail a correct gradient;
3. passing below :data:`TOLERANCE` (:math:`10^{-7}`). A correct gradient of a smooth function
   in float64 lands far below it; a wrong one (a missing factor, a transpose, a dropped
   :math:`1/n`) lands near 1.

Check points stay away from kinks (ReLU at 0, MAE where prediction equals target), where the
centred difference averages the two one-sided slopes. :func:`relative_error` is the stricter
entrywise measure, :math:`\max_i |a_i - b_i| / \max(|a_i|, |b_i|)`: it is what the book uses
to show *which* entries of a gradient are hard to check, not to pass or fail one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnmath._checks import as_finite_array, check_same_shape, check_scalar

__all__ = [
    "STEP",
    "TOLERANCE",
    "check_gradient",
    "numerical_gradient",
    "relative_error",
    "relative_error_norm",
]

#: The finite-difference step :math:`h` of every gradient check in the book.
STEP = 1e-6

#: A gradient check passes when :func:`relative_error_norm` is below this.
TOLERANCE = 1e-7


def numerical_gradient(f: Callable[[np.ndarray], float], x, eps: float = 1e-6) -> np.ndarray:
    r"""Gradient of a scalar function by centred differences.

    .. math::

        g_i = \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    with :math:`e_i` the i-th unit vector and :math:`h` the step (the argument ``eps``).
    The book's gradient checks call it through :func:`check_gradient`, with :math:`h` =
    :data:`STEP`.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a scalar.
    x : array_like
        The point, of any shape. It is copied to float64; the caller's array is
        never modified.
    eps : float, default 1e-6
        The step :math:`h`, positive.

    Returns
    -------
    ndarray of float64, shape of ``x``
        The estimated gradient :math:`\partial f / \partial x`.

    Raises
    ------
    TypeError
        If ``eps`` is not a real number, ``x`` holds anything but real numbers, or ``f``
        returns anything but one real number.
    ValueError
        If ``eps`` is not a positive finite number, ``x`` is not finite, or ``f``
        returns a value that is not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from nnmath.gradcheck import numerical_gradient
    >>> numerical_gradient(lambda v: np.sum(v ** 2), np.array([1.0, -2.0, 3.0]))
    array([ 2., -4.,  6.])
    """
    eps = check_scalar(eps, "eps", low=0.0, low_open=True)
    point = np.array(as_finite_array(x, "x", bool_ok=True))  # a copy: x is never touched
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
    array = np.asarray(value)  # one number, possibly in an array of shape (1,) or (1, 1)
    return check_scalar(array.reshape(()) if array.size == 1 else value, "the value of f")


def relative_error(a, b) -> float:
    r"""Largest elementwise relative error between two arrays.

    .. math::

        \max_i \frac{|a_i - b_i|}{\max(|a_i|, |b_i|)}

    with the convention that an entry where both are 0 contributes 0. Strict: an entry that
    is tiny next to the others is compared with its own size, where finite differences lose
    their digits to rounding. The book's pass-or-fail rule uses :func:`relative_error_norm`.

    Parameters
    ----------
    a, b : array_like
        Arrays of the same shape, typically an analytic and a numerical gradient.

    Returns
    -------
    float
        0 for identical arrays, 1 or more when an entry differs in sign, and in
        between otherwise.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` holds anything but real numbers.
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
    a, b = _same_shape_finite(a, b)
    if a.size == 0:
        return 0.0
    scale = np.maximum(np.abs(a), np.abs(b))
    diff = np.abs(a - b)
    ratio = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
    return float(np.max(ratio))


def relative_error_norm(a, b) -> float:
    r"""Relative error between two arrays in the 2-norm: the book's gradient-check measure.

    .. math::

        \frac{\lVert a - b \rVert_2}{\max(\lVert a \rVert_2, \lVert b \rVert_2)}

    with the convention that two zero arrays have error 0.

    Parameters
    ----------
    a, b : array_like
        Arrays of the same shape, typically an analytic and a numerical gradient.

    Returns
    -------
    float
        0 for identical arrays, at most 2, and 1 or more only when ``a`` and ``b`` point in
        very different directions. Below :data:`TOLERANCE` is a passing gradient check.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` holds anything but real numbers.
    ValueError
        If the shapes differ or an entry is not finite.

    Examples
    --------
    >>> from nnmath.gradcheck import relative_error_norm
    >>> relative_error_norm([3.0, 4.0], [3.0, 4.0])
    0.0
    >>> relative_error_norm([3.0, 4.0], [3.0, 3.5])
    0.1
    >>> relative_error_norm([1.0, 1e-12], [1.0, 2e-12])  # the tiny entry barely counts
    1e-12
    """
    a, b = _same_shape_finite(a, b)
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def check_gradient(f: Callable[[np.ndarray], float], x, analytic, h: float = STEP) -> float:
    r"""Check an analytic gradient of ``f`` at ``x`` by the book's rule; return the error.

    The numerical gradient (:func:`numerical_gradient` with step ``h``) is compared with
    ``analytic`` by :func:`relative_error_norm`; the check passes when the error is below
    :data:`TOLERANCE`.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a scalar.
    x : array_like
        The point, away from kinks.
    analytic : array_like
        The gradient to check, shaped like ``x``.
    h : float, default :data:`STEP`
        The finite-difference step.

    Returns
    -------
    float
        The error, for the text to quote.

    Raises
    ------
    AssertionError
        If the error is not below :data:`TOLERANCE` (the message gives it).
    ValueError
        If the shapes differ, or as :func:`numerical_gradient` raises.

    Examples
    --------
    >>> import numpy as np
    >>> from nnmath.gradcheck import check_gradient
    >>> x = np.array([1.0, -2.0, 3.0])
    >>> check_gradient(lambda v: np.sum(v ** 3), x, 3 * x ** 2) < 1e-9
    True
    >>> check_gradient(lambda v: np.sum(v ** 3), x, 3 * x)
    Traceback (most recent call last):
        ...
    AssertionError: gradient check failed: relative error 0.86 (in the 2-norm) is not below 1e-07
    """
    error = relative_error_norm(analytic, numerical_gradient(f, x, eps=h))
    if not error < TOLERANCE:
        raise AssertionError(
            f"gradient check failed: relative error {error:.2g} (in the 2-norm) "
            f"is not below {TOLERANCE:g}"
        )
    return error


def _same_shape_finite(a, b) -> tuple[np.ndarray, np.ndarray]:
    a, b = as_finite_array(a, "a", bool_ok=True), as_finite_array(b, "b", bool_ok=True)
    check_same_shape(a, b, "a", "b")
    return a, b
