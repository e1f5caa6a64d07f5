"""The input checks shared by nnmath's modules, the one place where arguments are checked.

Every public function of nnmath reads its array arguments through :func:`as_finite_array`,
its sequences (of layer sizes, of names) through :func:`as_list`, its number arguments (a
learning rate, a penalty strength, an ``alpha``, an ``eps``, an ``axis``) through
:func:`check_scalar`, a switch through :func:`check_bool`, a name chosen from a table
through :func:`check_choice`, and class labels through :func:`as_one_hot`; the checks of
shapes and of values (probabilities, labels) are here too. So a bad argument raises the same way
everywhere, with a message that starts with its name. One rule for the error's type:

* ``TypeError`` for a value of the wrong kind: a string, a list or an array where one
  number is wanted, booleans where numbers are wanted, a number where a name is wanted;
* ``ValueError`` for a value of the right kind that is out of range (negative, not finite,
  outside its interval, a name not in the table, a label not a class) or of the wrong shape.
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


def check_choice(value, name: str, choices) -> str:
    """``value``, a name among ``choices``; raise naming ``name`` otherwise.

    Raises
    ------
    TypeError
        If ``value`` is not a string.
    ValueError
        If it is not one of ``choices`` (the message lists them).

    Examples
    --------
    >>> check_choice("relu", "hidden_activation", ["relu", "tanh"])
    'relu'
    >>> check_choice("ReLU", "hidden_activation", ["relu", "tanh"])
    Traceback (most recent call last):
        ...
    ValueError: hidden_activation must be one of ['relu', 'tanh'], got 'ReLU'
    """
    listed = sorted(choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a name, one of {listed}, got {value!r}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {listed}, got {value!r}")
    return value


def check_bool(value, name: str) -> bool:
    """``value``, a switch, as a ``bool``; raise naming ``name`` otherwise.

    Raises
    ------
    TypeError
        If ``value`` is not ``True`` or ``False`` (a string such as ``"no"`` is truthy, so it
        is refused rather than read as a switch).

    Examples
    --------
    >>> check_bool(False, "shuffle")
    False
    >>> check_bool("no", "shuffle")
    Traceback (most recent call last):
        ...
    TypeError: shuffle must be True or False, got 'no'
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def as_list(value, name: str, what: str, *, length: int | None = None, at_least: int = 0):
    """``value``, a sequence of ``what`` (``"names"``), as a list; raise naming ``name`` otherwise.

    Raises
    ------
    TypeError
        If ``value`` is a string or not a sequence.
    ValueError
        If it does not have ``length`` items, or has fewer than ``at_least``.

    Examples
    --------
    >>> as_list((64, 10), "layer_sizes", "sizes", at_least=2)
    [64, 10]
    >>> as_list([64], "layer_sizes", "sizes", at_least=2)
    Traceback (most recent call last):
        ...
    ValueError: layer_sizes must hold at least 2 sizes, got 1
    """
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a sequence of {what}, got {value!r}")
    items = list(value)
    if length is not None and len(items) != length:
        raise ValueError(f"{name} must hold {length} {what}, got {len(items)}")
    if len(items) < at_least:
        raise ValueError(f"{name} must hold at least {at_least} {what}, got {len(items)}")
    return items


def check_pair(value, name: str, what: str) -> list:
    """``value``, a tuple or list of two items (``what`` shows them, as ``"(X_val, y_val)"``),
    as a list; raise naming ``name`` otherwise (``TypeError`` for any other kind of value,
    ``ValueError`` for another number of items)."""
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{name} must be a pair {what}, got {type(value).__name__}")
    return as_list(value, name, f"items {what}", length=2)


def check_axis(axis, x: np.ndarray, name: str) -> int:
    """``axis`` as an ``int`` that indexes an axis of ``x`` (the argument ``name``).

    Raises
    ------
    TypeError
        If ``axis`` is not an integer.
    ValueError
        If ``x`` has no axis (it is 0-d), or ``axis`` is outside ``[-x.ndim, x.ndim)``.
    """
    if x.ndim == 0:
        raise ValueError(f"{name} must have at least one axis, got a scalar")
    return check_scalar(axis, "axis", low=-x.ndim, high=x.ndim, high_open=True, integer=True)


def check_shape(x: np.ndarray, name: str, *shapes: tuple, described: str) -> np.ndarray:
    """``x`` if its shape is one of ``shapes``; raise ``ValueError`` naming ``name`` otherwise.

    Each of ``shapes`` is a tuple of lengths, ``None`` for any length: ``(None, 3)`` is
    any two-dimensional array with three columns. ``described`` says the same in words for
    the message, such as ``"(N, 3), one sample per row"``.

    Examples
    --------
    >>> check_shape(np.zeros((4, 3)), "X", (None, 3), described="(N, 3)").shape
    (4, 3)
    >>> check_shape(np.zeros(3), "X", (None, 3), described="(N, 3)")
    Traceback (most recent call last):
        ...
    ValueError: X must have shape (N, 3), got shape (3,)
    """
    for shape in shapes:
        if len(shape) == x.ndim and all(n is None or n == m for n, m in zip(shape, x.shape)):
            return x
    raise ValueError(f"{name} must have shape {described}, got shape {x.shape}")


def check_same_shape(a: np.ndarray, b: np.ndarray, a_name: str, b_name: str, hint: str = ""):
    """Raise ``ValueError`` naming both unless ``a`` and ``b`` have one shape; ``hint`` is
    appended to the message."""
    if a.shape != b.shape:
        raise ValueError(
            f"{a_name} and {b_name} must have the same shape, got {a_name} {a.shape} "
            f"and {b_name} {b.shape}{hint}"
        )


def check_unit_interval(x: np.ndarray, name: str, what: str) -> None:
    """Raise ``ValueError`` naming ``name`` unless every entry of ``x`` lies in [0, 1];
    ``what`` says what the entries are (``"probabilities"``, ``"binary targets"``)."""
    if x.size and (x.min() < 0 or x.max() > 1):
        raise ValueError(
            f"{name} must hold {what} in [0, 1], found values from {x.min():g} to {x.max():g}"
        )


#: Tolerance on the row sums of probabilities and one-hot labels, ``|sum - 1| <= 1e-5``.
ROW_SUM_ATOL = 1e-5


def check_rows_sum_to_one(x: np.ndarray, name: str, hint: str = "") -> None:
    """Raise ``ValueError`` naming ``name`` unless each row (last axis) of ``x`` sums to 1
    within :data:`ROW_SUM_ATOL`; ``hint`` is appended to the message."""
    sums = np.atleast_1d(x.sum(axis=-1))
    error = np.abs(sums - 1.0)
    if np.any(error > ROW_SUM_ATOL):
        row = int(np.argmax(error))
        raise ValueError(
            f"{name} must have rows that sum to 1 (within {ROW_SUM_ATOL:g}); "
            f"row {row} sums to {sums[row]:.10g}{hint}"
        )


def check_hinge_labels(y: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` naming ``name`` unless every entry of ``y`` is -1 or +1."""
    bad = (y != 1) & (y != -1)
    if np.any(bad):
        raise ValueError(
            f"{name} must hold hinge labels -1 or +1, found {y[bad].flat[0]:g} "
            "(map 0/1 labels with 2 * y - 1)"
        )


def as_one_hot(
    y: np.ndarray, name: str, n_classes: int, n_rows: int, rows_of: str, hint: str = ""
) -> np.ndarray:
    """Class labels as one-hot rows of shape ``(n_rows, n_classes)``: the class-label check.

    Parameters
    ----------
    y : ndarray of float64
        Finite labels (from :func:`as_finite_array`), either one-hot rows of shape
        ``(n_rows, n_classes)``, each a distribution over the classes (one-hot or smoothed),
        or class indices of shape ``(n_rows,)``: whole numbers in ``[0, n_classes)``.
    name : str
        The argument's name, which every message starts with.
    n_classes, n_rows : int
        The number of classes :math:`K` and of samples :math:`N`.
    rows_of : str
        The argument whose rows the labels belong to (``"prediction"``, ``"X"``), for the
        message when their numbers differ.
    hint : str
        Appended to the message when a one-hot row does not sum to 1.

    Returns
    -------
    ndarray of float64, shape (n_rows, n_classes)
        ``y`` itself for one-hot rows, a new array for class indices.

    Raises
    ------
    ValueError
        If the shape fits neither form, the number of indices is not ``n_rows``, an index
        is fractional, negative or not below ``n_classes``, or a one-hot row has an entry
        outside [0, 1] or does not sum to 1.

    Examples
    --------
    >>> as_one_hot(np.array([2.0, 0.0]), "y", 3, 2, "X")
    array([[0., 0., 1.],
           [1., 0., 0.]])
    >>> as_one_hot(np.array([3.0, 0.0]), "y", 3, 2, "X")
    Traceback (most recent call last):
        ...
    ValueError: y holds class indices, which must lie in [0, K) = [0, 3), found 3
    """
    if y.shape == (n_rows, n_classes):  # one-hot rows (or any distribution over the classes)
        check_unit_interval(y, name, "one-hot labels (or class probabilities)")
        check_rows_sum_to_one(y, name, hint)
        return y
    if y.ndim == 1 and y.shape[0] != n_rows:
        raise ValueError(f"{name} has {y.shape[0]} class indices but {rows_of} has {n_rows} rows")
    check_shape(
        y,
        name,
        (n_rows,),
        described=f"({n_rows}, {n_classes}) (one-hot rows) or ({n_rows},) (class indices)",
    )
    fractional = y != np.floor(y)
    if np.any(fractional):
        raise ValueError(
            f"{name} holds class indices, which must be whole numbers, found {y[fractional][0]:g}"
        )
    outside = (y < 0) | (y >= n_classes)
    if np.any(outside):
        raise ValueError(
            f"{name} holds class indices, which must lie in [0, K) = [0, {n_classes}), "
            f"found {y[outside][0]:g}"
        )
    onehot = np.zeros((n_rows, n_classes))
    onehot[np.arange(n_rows), y.astype(np.intp)] = 1.0
    return onehot
