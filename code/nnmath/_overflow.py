"""The one overflow fallback of nnmath: evaluate a formula again on rescaled inputs.

A loss or a penalty of huge but finite numbers can overflow on the way (the square of
``1e200``, the sum of many ``1e307``) although its value fits in float64. A formula that is
homogeneous of degree :math:`d` in its arrays, :math:`f(s x) = s^d f(x)`, has a way out:
divide the arrays by their largest magnitude :math:`s`, evaluate, and multiply the value by
:math:`s`, :math:`d` times. A value beyond float64 even so raises ``OverflowError`` rather
than returning ``inf``.
"""

from __future__ import annotations

import functools

import numpy as np


def rescaled_on_overflow(degree: int, what: str):
    r"""Decorator: evaluate ``formula(*arguments)``, rescaled if it overflows.

    Parameters
    ----------
    degree : int
        The degree :math:`d` of homogeneity of the formula in its array arguments (the
        other arguments, such as a penalty strength, are passed unchanged).
    what : str
        The start of the ``OverflowError``'s message, naming the result: ``"mse: the loss"``.

    Examples
    --------
    >>> @rescaled_on_overflow(degree=2, what="mean_square: the mean")
    ... def mean_square(x):
    ...     return np.mean(x**2)
    >>> float(mean_square(np.array([1e154, 1e154])))  # the sum, 2e308, overflows; the mean fits
    1e+308
    >>> mean_square(np.array([1e200]))
    Traceback (most recent call last):
        ...
    OverflowError: mean_square: the mean exceeds the float64 range (about 1.8e308)
    """

    def decorate(formula):
        @functools.wraps(formula)
        def evaluate(*arguments):
            # overflow and the 0 * inf it may lead to are handled here; underflow to 0 is right
            with np.errstate(over="ignore", under="ignore", invalid="ignore"):
                value = formula(*arguments)
                if not np.all(np.isfinite(value)):  # overflowed: scale the arrays down, ...
                    arrays = [a for a in arguments if isinstance(a, np.ndarray)]
                    s = max(np.max(np.abs(a)) for a in arrays)
                    value = formula(*(a / s if isinstance(a, np.ndarray) else a for a in arguments))
                    for _ in range(degree):  # ... and the value up, one factor at a time
                        value = value * s
            if not np.all(np.isfinite(value)):
                raise OverflowError(f"{what} exceeds the float64 range (about 1.8e308)")
            return value

        return evaluate

    return decorate
