"""The input checks shared by nnmath's modules.

Every public function of nnmath reads its array arguments through :func:`as_finite_array`
and its number arguments (a learning rate, a penalty strength, an ``alpha``, an ``eps``)
through :func:`check_scalar`, so that a bad argument raises the same way everywhere, with a
message that names it. One rule for the error's type:

* ``TypeError`` for a value of the wrong kind: a string, a list or an array where one
  number is wanted, booleans where numbers are wanted;
* ``ValueError`` for a value of the right kind that is out of range (negative, not finite,
  outside its interval) or of the wrong shape.
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


def check_scalar(
    value,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    integer: bool = False,
):
    """``value`` as a Python float (or int, if ``integer``); raise naming ``name`` otherwise.

    Parameters
    ----------
    value : object
        The argument: a real number (a Python or NumPy int or float, or a 0-d array of one).
    name : str
        Its name, which every message starts with.
    low, high : float, optional
        Bounds of the allowed interval; None for no bound.
    low_open, high_open : bool, default False
        Exclude the bound itself: ``low=0, low_open=True`` means ``value > 0``.
    integer : bool, default False
        Accept integers only and return an ``int``.

    Returns
    -------
    float or int

    Raises
    ------
    TypeError
        If ``value`` is not one real number: a string, a list, an array of more than one
        number, a boolean, a complex number; or a float where an integer is wanted.
    ValueError
        If ``value`` is NaN or infinite, or outside the interval.

    Examples
    --------
    >>> check_scalar(0.1, "learning_rate", low=0.0, low_open=True)
    0.1
    >>> check_scalar(-1, "learning_rate", low=0.0, low_open=True)
    Traceback (most recent call last):
        ...
    ValueError: learning_rate must be a finite number > 0, got -1
    >>> check_scalar("0.1", "learning_rate", low=0.0, low_open=True)
    Traceback (most recent call last):
        ...
    TypeError: learning_rate must be a real number, got '0.1'
    """
    kinds = "iu" if integer else "iuf"
    what = "an integer" if integer else "a real number"
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.generic, np.ndarray)
    ):
        raise TypeError(f"{name} must be {what}, got {value!r}")
    array = np.asarray(value)
    if array.ndim != 0 or array.dtype.kind not in kinds:
        raise TypeError(f"{name} must be {what}, got {value!r}")
    number = int(array) if integer else float(array)
    too_low = low is not None and (number <= low if low_open else number < low)
    too_high = high is not None and (number >= high if high_open else number > high)
    if not np.isfinite(number) or too_low or too_high:
        raise ValueError(
            f"{name} must be {_interval(integer, low, high, low_open, high_open)}, got {value!r}"
        )
    return number


def _interval(integer, low, high, low_open, high_open) -> str:
    """The allowed values in words: 'a finite number > 0', 'an integer >= 1', 'a ... in [0, 1)'."""
    noun = "an integer" if integer else "a finite number"
    if low is not None and high is not None:
        return f"{noun} in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"{noun} {'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"{noun} {'<' if high_open else '<='} {high:g}"
    return noun
