"""The input check shared by nnmath's modules: an array of real, finite numbers.

Every public function of :mod:`nnmath.activations`, :mod:`nnmath.losses` and
:mod:`nnmath.regularization` reads its array arguments through :func:`as_finite_array`, so
that a bad argument raises the same way everywhere, with a message that names it. What
differs between the modules is said by the arguments: labels may be booleans, weights may be
an empty array, a loss needs at least one value.
"""

from __future__ import annotations

import numpy as np


def as_finite_array(
    x, name: str, *, bool_ok: bool, empty_ok: bool = True, empty_reason: str = "", hint: str = ""
) -> np.ndarray:
    """``x`` as a float64 array of finite numbers; raise naming ``name`` otherwise.

    Parameters
    ----------
    x : array_like
        The argument.
    name : str
        Its name, which every message starts with.
    bool_ok : bool
        Accept booleans (read as 0 and 1), as labels may be; otherwise only int and float.
    empty_ok : bool, default True
        Accept an array with no element; otherwise raise, giving ``empty_reason``.
    empty_reason : str
        Why an empty array is refused, appended to the message.
    hint : str
        Appended to the message when ``x`` cannot be read as one array (ragged lists).

    Returns
    -------
    ndarray of float64
        ``x`` itself when it is already a float64 ndarray (no copy: no nnmath function
        writes into its inputs), else a new array.

    Raises
    ------
    TypeError
        If ``x`` holds anything but real numbers (strings, complex numbers, objects; and
        booleans unless ``bool_ok``).
    ValueError
        If ``x`` cannot be read as one array, is empty when it must not be, or holds NaN
        or infinity (a long double beyond float64's range becomes infinity and is refused).

    Examples
    --------
    >>> as_finite_array([1, 2], "z", bool_ok=False)
    array([1., 2.])
    >>> as_finite_array([1.0, float("nan")], "z", bool_ok=False)
    Traceback (most recent call last):
        ...
    ValueError: z must contain only finite numbers, found NaN or infinity
    """
    if type(x) is np.ndarray and x.dtype == np.float64:
        array = x  # already float64: no conversion and no copy
    else:
        try:
            raw = np.asarray(x)
        except (TypeError, ValueError) as error:  # ragged nested lists
            raise ValueError(
                f"{name} could not be read as an array of numbers: {error}{hint}"
            ) from None
        if raw.dtype.kind not in ("biuf" if bool_ok else "iuf"):
            kinds = "bool, int or float" if bool_ok else "int or float"
            raise TypeError(f"{name} must hold real numbers ({kinds}), got dtype {raw.dtype}")
        with np.errstate(over="ignore"):  # a long double beyond float64's range becomes inf ...
            array = raw.astype(np.float64, copy=False)
    if array.size == 0 and not empty_ok:
        raise ValueError(f"{name} is empty{empty_reason}")
    if not np.isfinite(array).all():  # ... and is refused here
        raise ValueError(f"{name} must contain only finite numbers, found NaN or infinity")
    return array
