r"""Activation functions and their derivatives: the nonlinearity of each layer.

A layer of a network computes :math:`a = \sigma(z)` from its weighted input :math:`z`, and
backpropagation needs :math:`\sigma'(z)`; this module has both for every activation of the
book's activations chapter, one function per formula, named as the book names it. Each
elementwise activation ``f`` has a ``f_derivative`` taking the same arguments, and
:data:`ACTIVATIONS` maps a name to the pair ``(function, derivative)``, the table the
network looks its activations up in; for ``"softmax"`` the second entry is
:func:`softmax_jacobian`, since softmax is not elementwise.

Read first :func:`sigmoid` and :func:`sigmoid_derivative`: the sign split in their code is
the trick that keeps every exponential here from overflowing. Then :func:`softmax` and
:func:`log_softmax`, stable by the max shift and the log-sum-exp.

Conventions shared by every function here:

* **Input.** ``z`` is any array-like of real numbers (a scalar, a list, an array of
  any integer or floating dtype), converted to float64; the caller's array is never
  modified and never returned. ``z`` must be finite: NaN or infinity raises
  ``ValueError`` (in a network it means training has already diverged, and it is
  better said at once than as NaN weights several steps later). Boolean, complex,
  string or object input raises ``TypeError``. Empty arrays are fine.
* **Output.** A new float64 ``ndarray`` of the same shape as ``z`` (the Jacobian
  adds one axis). A 0-d input gives a 0-d array: ``sigmoid(0.0)`` is
  ``array(0.5)``; use ``float(...)`` for a Python number.
* **Kinks.** Where a function has no derivative (at :math:`z = 0`), the derivative
  functions return the slope of the branch :math:`z \le 0`, as PyTorch does:
  :math:`\mathrm{relu}'(0) = 0`, :math:`\mathrm{leaky\_relu}'(0) = \alpha`,
  :math:`\mathrm{elu}'(0) = \alpha`.
* **Stability.** Every function is finite for every finite input, including
  :math:`\pm 10^{300}` and ``np.finfo(np.float64).max``, correct to float64
  rounding (a few units in the last place, in the tails too), and silent: no
  overflow, invalid or divide-by-zero warning, even under ``np.errstate(all="raise")``.
  (The one result outside float64's range, a log-probability below
  ``-np.finfo(np.float64).max``, rounds to ``-inf``; see :func:`log_softmax`.) Each
  stability trick is named in a comment. Results smaller than the smallest float64
  round to 0 as they should, with NumPy's underflow signal switched off locally.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from nnmath._checks import as_finite_array, check_axis, check_scalar, check_shape

__all__ = [
    "ACTIVATIONS",
    "KERNELS",
    "elu",
    "elu_derivative",
    "gelu",
    "gelu_derivative",
    "leaky_relu",
    "leaky_relu_derivative",
    "linear",
    "linear_derivative",
    "log_softmax",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "softmax_jacobian",
    "softplus",
    "softplus_derivative",
    "tanh",
    "tanh_derivative",
]

# Beyond |z| = 40 the standard normal cdf is exactly 0 or 1 in float64 and its density
# is exactly 0 (exp(-800) underflows), so GELU can clip z there without changing a bit.
_GELU_CLIP = 40.0
_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)


# Each formula is written once, in a private *kernel* (``_sigmoid`` for ``sigmoid``, and so
# on) that takes a finite float64 array and checks nothing. The public function checks its
# input, switches NumPy's underflow signal off (a tiny result rounding to 0 is right), and
# calls the kernel. KERNELS, at the end, maps each function's name to its kernel, for code
# that checks its arrays once and evaluates the formulas many times: the network's training
# loop, where the checks would cost more than the formulas on small batches.

# --------------------------------------------------------------------------- checks


def _as_real_array(z) -> np.ndarray:
    """``z`` as a float64 array; raise naming ``z`` unless it holds real, finite numbers."""
    return as_finite_array(z, "z", bool_ok=False)


def _result(value) -> np.ndarray:
    # NumPy turns 0-d results into scalars; every function here returns an ndarray.
    return np.asarray(value, dtype=np.float64)


# --------------------------------------------------------------------------- sigmoid


def _sigmoid(z):
    # sign split: 1 / (1 + e) for z >= 0, e / (1 + e) for z < 0, with e = exp(-|z|) <= 1
    e = np.exp(-np.abs(z))
    return np.maximum(z >= 0, e) / (1 + e)


def sigmoid(z) -> np.ndarray:
    r"""Logistic sigmoid.

    .. math::

        \operatorname{sigmoid}(z) = \frac{1}{1 + e^{-z}}

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`[0, 1]` (the open interval :math:`(0, 1)` before rounding).

    Notes
    -----
    Computed in the sign-split form, :math:`1/(1 + e^{-z})` for :math:`z \ge 0` and
    :math:`e^{z}/(1 + e^{z})` for :math:`z < 0`, written without a branch as
    :math:`e^{\min(z, 0)} / (1 + e^{-|z|})`. ``exp`` only ever sees numbers
    :math:`\le 0`, so it cannot overflow, and tiny values such as
    :math:`\operatorname{sigmoid}(-700) \approx 10^{-304}` keep full precision. (The naive
    :math:`1/(1 + e^{-z})` overflows, with a warning, for :math:`z < -709`.)

    Examples
    --------
    >>> from nnmath.activations import sigmoid
    >>> sigmoid([-1.0, 0.0, 1.0])
    array([0.26894142, 0.5       , 0.73105858])
    >>> sigmoid([-700.0, 1000.0])
    array([9.85967654e-305, 1.00000000e+000])
    """
    z = _as_real_array(z)
    with np.errstate(under="ignore"):
        return _result(_sigmoid(z))


def _sigmoid_derivative(z):
    # sigmoid'(z) = e / (1 + e)^2 with e = exp(-|z|): even in z, exp only sees -|z| <= 0
    e = np.exp(-np.abs(z))
    return e / (1 + e) ** 2


def sigmoid_derivative(z) -> np.ndarray:
    r"""Derivative of the logistic sigmoid.

    .. math::

        \operatorname{sigmoid}'(z) = \operatorname{sigmoid}(z)\,(1 - \operatorname{sigmoid}(z))
        = \frac{e^{-|z|}}{(1 + e^{-|z|})^2}

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`[0, 1/4]`, largest at :math:`z = 0`.

    Notes
    -----
    The right-hand form (the derivative is even in :math:`z`) keeps full relative
    precision in both tails, where :math:`\operatorname{sigmoid}(z)` rounds to 1 and
    :math:`\operatorname{sigmoid}(z)(1 - \operatorname{sigmoid}(z))` would give exactly 0.

    Examples
    --------
    >>> from nnmath.activations import sigmoid_derivative
    >>> sigmoid_derivative([-2.0, 0.0, 2.0])
    array([0.10499359, 0.25      , 0.10499359])
    """
    z = _as_real_array(z)
    with np.errstate(under="ignore"):
        return _result(_sigmoid_derivative(z))


# --------------------------------------------------------------------------- tanh


def _tanh(z):
    return np.tanh(z)  # NumPy's tanh is stable for every finite z


def tanh(z) -> np.ndarray:
    r"""Hyperbolic tangent.

    .. math::

        \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2 \operatorname{sigmoid}(2z) - 1

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`[-1, 1]`; odd, zero-centred.

    Examples
    --------
    >>> from nnmath.activations import tanh
    >>> tanh([-1.0, 0.0, 1.0])
    array([-0.76159416,  0.        ,  0.76159416])
    """
    z = _as_real_array(z)
    with np.errstate(under="ignore"):
        return _result(_tanh(z))


def _tanh_derivative(z):
    # 4 e / (1 + e)^2 with e = exp(-2|z|), squared from exp(-|z|): 2|z| overflows near finfo.max
    e = np.exp(-np.abs(z)) ** 2
    return 4 * e / (1 + e) ** 2


def tanh_derivative(z) -> np.ndarray:
    r"""Derivative of the hyperbolic tangent.

    .. math::

        \tanh'(z) = 1 - \tanh^2(z) = \frac{4 e^{-2|z|}}{(1 + e^{-2|z|})^2}

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`[0, 1]`, largest at :math:`z = 0`.

    Notes
    -----
    The right-hand form keeps full relative precision in the tails, where
    :math:`\tanh(z)` rounds to :math:`\pm 1` and :math:`1 - \tanh^2(z)` would give 0.

    Examples
    --------
    >>> from nnmath.activations import tanh_derivative
    >>> tanh_derivative([-1.0, 0.0, 1.0])
    array([0.41997434, 1.        , 0.41997434])
    """
    z = _as_real_array(z)
    with np.errstate(under="ignore"):
        return _result(_tanh_derivative(z))


# --------------------------------------------------------------------------- ReLU family


def _relu(z):
    return np.maximum(z, 0.0)


def relu(z) -> np.ndarray:
    r"""Rectified linear unit.

    .. math::

        \mathrm{relu}(z) = \max(z, 0)

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`[0, \infty)`; ``relu(0) = 0``.

    Examples
    --------
    >>> from nnmath.activations import relu
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    return _result(_relu(_as_real_array(z)))


def _relu_derivative(z):
    return (z > 0).astype(np.float64)  # the unit step, 0 at z = 0: relu'(0) = 0


def relu_derivative(z) -> np.ndarray:
    r"""Derivative of the ReLU, with the convention :math:`\mathrm{relu}'(0) = 0`.

    .. math::

        \mathrm{relu}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Zeros and ones.

    Notes
    -----
    The ReLU has no derivative at 0 (its one-sided slopes are 0 and 1); any value in
    :math:`[0, 1]` is a subgradient. This function returns 0 there, as PyTorch, JAX
    and scikit-learn do.

    Examples
    --------
    >>> from nnmath.activations import relu_derivative
    >>> relu_derivative([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    return _result(_relu_derivative(_as_real_array(z)))


def _leaky_relu(z, alpha=0.01):
    # z for z > 0 and alpha z for z <= 0 is the larger of the two, as 0 <= alpha <= 1
    return np.maximum(z, alpha * z)


def leaky_relu(z, alpha: float = 0.01) -> np.ndarray:
    r"""Leaky ReLU.

    .. math::

        \mathrm{leaky\_relu}(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.
    alpha : float, default 0.01
        Slope for negative inputs, a finite number in :math:`[0, 1]` (``alpha = 0``
        is the ReLU, ``alpha = 1`` the identity). Outside that range the function
        is no longer a leaky ReLU: negative slopes make it non-monotone, and slopes
        above 1 could overflow.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`(-\infty, \infty)` for :math:`\alpha > 0`.

    Raises
    ------
    TypeError
        If ``alpha`` is not a real number.
    ValueError
        If ``alpha`` is not finite or outside :math:`[0, 1]`.

    Examples
    --------
    >>> from nnmath.activations import leaky_relu
    >>> leaky_relu([-2.0, 0.0, 3.0])
    array([-0.02,  0.  ,  3.  ])
    >>> leaky_relu([-2.0, 3.0], alpha=0.1)
    array([-0.2,  3. ])
    """
    alpha = check_scalar(alpha, "alpha", low=0.0, high=1.0)
    z = _as_real_array(z)
    with np.errstate(under="ignore"):
        return _result(_leaky_relu(z, alpha))


def _leaky_relu_derivative(z, alpha=0.01):
    # 1 for z > 0 and alpha for z <= 0 (kink: leaky_relu'(0) = alpha): the larger of the
    # unit step and alpha, as 0 <= alpha <= 1
    return np.maximum((z > 0).astype(np.float64), alpha)


def leaky_relu_derivative(z, alpha: float = 0.01) -> np.ndarray:
    r"""Derivative of the leaky ReLU, with the convention :math:`\mathrm{leaky\_relu}'(0) = \alpha`.

    .. math::

        \mathrm{leaky\_relu}'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.
    alpha : float, default 0.01
        Slope for negative inputs, a finite number in :math:`[0, 1]`.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Entries equal to 1 or ``alpha``.

    Raises
    ------
    TypeError
        If ``alpha`` is not a real number.
    ValueError
        If ``alpha`` is not finite or outside :math:`[0, 1]`.

    Notes
    -----
    At :math:`z = 0` the one-sided slopes are :math:`\alpha` and 1; this function
    returns :math:`\alpha`, the slope of the branch :math:`z \le 0`, as PyTorch does.

    Examples
    --------
    >>> from nnmath.activations import leaky_relu_derivative
    >>> leaky_relu_derivative([-2.0, 0.0, 3.0])
    array([0.01, 0.01, 1.  ])
    """
    alpha = check_scalar(alpha, "alpha", low=0.0, high=1.0)
    return _result(_leaky_relu_derivative(_as_real_array(z), alpha))


# --------------------------------------------------------------------------- linear


def _linear(z):
    return np.array(z)  # a copy, never the caller's array


def linear(z) -> np.ndarray:
    r"""Identity (linear) activation, used on the output of a regression network.

    .. math::

        \mathrm{linear}(z) = z

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        A float64 copy of ``z`` (never ``z`` itself).

    Examples
    --------
    >>> from nnmath.activations import linear
    >>> linear([-2, 0, 3])
    array([-2.,  0.,  3.])
    """
    return _result(_linear(_as_real_array(z)))


def _linear_derivative(z):
    return np.ones_like(z)


def linear_derivative(z) -> np.ndarray:
    r"""Derivative of the identity: ones.

    .. math::

        \mathrm{linear}'(z) = 1

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        All ones.

    Examples
    --------
    >>> from nnmath.activations import linear_derivative
    >>> linear_derivative([-2.0, 0.0, 3.0])
    array([1., 1., 1.])
    """
    return _result(_linear_derivative(_as_real_array(z)))


# --------------------------------------------------------------------------- softplus


def _softplus(z):
    # log-sum-exp of 0 and z: max(z, 0) + log(1 + exp(-|z|)); exp never sees a positive number
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def softplus(z) -> np.ndarray:
    r"""Softplus, a smooth ReLU.

    .. math::

        \mathrm{softplus}(z) = \log(1 + e^{z})

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`[0, \infty)` (positive before rounding);
        :math:`\mathrm{softplus}(z) \to z` as :math:`z \to \infty`.

    Notes
    -----
    Computed as :math:`\max(z, 0) + \log(1 + e^{-|z|})` (the log-sum-exp of
    :math:`0` and :math:`z`, as in ``np.logaddexp(0, z)``), which never overflows (the naive
    :math:`\log(1 + e^z)` is ``inf`` from :math:`z \approx 710`) and keeps tiny values
    such as :math:`\mathrm{softplus}(-700) \approx 10^{-304}`.

    Examples
    --------
    >>> from nnmath.activations import softplus
    >>> softplus([-1.0, 0.0, 1.0])
    array([0.31326169, 0.69314718, 1.31326169])
    >>> softplus([1000.0])
    array([1000.])
    """
    z = _as_real_array(z)
    with np.errstate(under="ignore"):
        return _result(_softplus(z))


def softplus_derivative(z) -> np.ndarray:
    r"""Derivative of softplus, which is the logistic sigmoid.

    .. math::

        \mathrm{softplus}'(z) = \frac{e^{z}}{1 + e^{z}} = \operatorname{sigmoid}(z)

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`[0, 1]`, equal to :func:`sigmoid` of ``z``.

    Examples
    --------
    >>> from nnmath.activations import softplus_derivative
    >>> softplus_derivative([-1.0, 0.0, 1.0])
    array([0.26894142, 0.5       , 0.73105858])
    """
    return sigmoid(z)


# --------------------------------------------------------------------------- ELU


def _elu(z, alpha=1.0):
    # expm1 for accuracy near 0; min(z, 0) so the unused branch cannot overflow
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def elu(z, alpha: float = 1.0) -> np.ndarray:
    r"""Exponential linear unit.

    .. math::

        \mathrm{elu}(z) = \begin{cases} z & z > 0 \\ \alpha\,(e^{z} - 1) & z \le 0 \end{cases}

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.
    alpha : float, default 1.0
        The value :math:`-\alpha` is the limit as :math:`z \to -\infty`; a finite
        number :math:`\ge 0` (``alpha = 0`` is the ReLU).

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`[-\alpha, \infty)`.

    Raises
    ------
    TypeError
        If ``alpha`` is not a real number.
    ValueError
        If ``alpha`` is negative or not finite.

    Notes
    -----
    :math:`e^z - 1` is computed with ``expm1``, exact near :math:`z = 0` where
    ``exp(z) - 1`` cancels, and on :math:`\min(z, 0)` only, so that the branch
    ``np.where`` discards cannot overflow for large positive :math:`z`.

    Examples
    --------
    >>> from nnmath.activations import elu
    >>> elu([-1.0, 0.0, 2.0])
    array([-0.63212056,  0.        ,  2.        ])
    """
    alpha = check_scalar(alpha, "alpha", low=0.0)
    z = _as_real_array(z)
    with np.errstate(under="ignore"):
        return _result(_elu(z, alpha))


def _elu_derivative(z, alpha=1.0):
    # exp on min(z, 0) only: the discarded branch cannot overflow; kink: elu'(0) = alpha
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))


def elu_derivative(z, alpha: float = 1.0) -> np.ndarray:
    r"""Derivative of the ELU, with the convention :math:`\mathrm{elu}'(0) = \alpha`.

    .. math::

        \mathrm{elu}'(z) = \begin{cases} 1 & z > 0 \\ \alpha\, e^{z} & z \le 0 \end{cases}

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.
    alpha : float, default 1.0
        A finite number :math:`\ge 0`, as in :func:`elu`.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`[0, \max(1, \alpha)]`.

    Raises
    ------
    TypeError
        If ``alpha`` is not a real number.
    ValueError
        If ``alpha`` is negative or not finite.

    Notes
    -----
    For :math:`\alpha = 1` the ELU is continuously differentiable and both branches
    give 1 at 0. For other :math:`\alpha` the one-sided slopes at 0 are
    :math:`\alpha` and 1; this function returns :math:`\alpha`, the slope of the
    branch :math:`z \le 0`, as PyTorch does.

    Examples
    --------
    >>> from nnmath.activations import elu_derivative
    >>> elu_derivative([-1.0, 0.0, 2.0], alpha=0.5)
    array([0.18393972, 0.5       , 1.        ])
    """
    alpha = check_scalar(alpha, "alpha", low=0.0)
    z = _as_real_array(z)
    with np.errstate(under="ignore"):
        return _result(_elu_derivative(z, alpha))


# --------------------------------------------------------------------------- GELU


def _gelu(z):
    # clip: Phi is exactly 0 or 1 in float64 beyond |z| = 40, and ndtr never sees z**2 overflow
    return z * ndtr(np.clip(z, -_GELU_CLIP, _GELU_CLIP))


def gelu(z) -> np.ndarray:
    r"""Gaussian error linear unit, exact (erf) form.

    .. math::

        \mathrm{gelu}(z) = z\,\Phi(z)
        = \frac{z}{2}\left(1 + \operatorname{erf}\frac{z}{\sqrt{2}}\right)

    where :math:`\Phi` is the standard normal cumulative distribution function. This
    is the exact GELU, not the :math:`\tanh` approximation some libraries offer.

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`[\min_z \mathrm{gelu}(z), \infty) \approx [-0.17, \infty)`.

    Notes
    -----
    :math:`\Phi` comes from ``scipy.special.ndtr``, which uses ``erfc`` in the left
    tail and so avoids the cancellation in :math:`1 + \operatorname{erf}` there. Its
    argument is clipped to :math:`[-40, 40]`, beyond which :math:`\Phi` is exactly
    0 or 1 in float64; this leaves every result unchanged and keeps ``ndtr`` from
    squaring huge numbers.

    Examples
    --------
    >>> from nnmath.activations import gelu
    >>> gelu([-1.0, 0.0, 1.0])
    array([-0.15865525,  0.        ,  0.84134475])
    """
    z = _as_real_array(z)
    with np.errstate(under="ignore"):
        return _result(_gelu(z))


def _gelu_derivative(z):
    # clip: beyond |z| = 40 the result is exactly 0 or 1, and z**2 cannot overflow
    zc = np.clip(z, -_GELU_CLIP, _GELU_CLIP)
    density = np.exp(-0.5 * zc * zc) * _INV_SQRT_2PI
    return ndtr(zc) + zc * density


def gelu_derivative(z) -> np.ndarray:
    r"""Derivative of the exact GELU.

    .. math::

        \mathrm{gelu}'(z) = \Phi(z) + z\,\varphi(z), \qquad
        \varphi(z) = \frac{e^{-z^2/2}}{\sqrt{2\pi}}

    Parameters
    ----------
    z : array_like
        Finite real numbers, any shape.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in about :math:`[-0.13, 1.13]`; tends to 0 as :math:`z \to -\infty`
        and to 1 as :math:`z \to \infty`.

    Notes
    -----
    Computed on :math:`z` clipped to :math:`[-40, 40]`: beyond it :math:`\Phi` is
    exactly 0 or 1 and :math:`z\varphi(z)` exactly 0 in float64, so the result is
    unchanged, and :math:`z^2` cannot overflow.

    Examples
    --------
    >>> from nnmath.activations import gelu_derivative
    >>> gelu_derivative([-1.0, 0.0, 1.0])
    array([-0.08331547,  0.5       ,  1.08331547])
    """
    z = _as_real_array(z)
    with np.errstate(under="ignore"):
        return _result(_gelu_derivative(z))


# --------------------------------------------------------------------------- softmax


def _shift_by_max(z: np.ndarray, axis: int) -> np.ndarray:
    # Max shift: softmax(z) = softmax(z - max z). After the shift every exponent is <= 0,
    # so exp cannot overflow, and the largest term is exactly exp(0) = 1, so the sum lies
    # in [1, K] and its log is >= 0. A gap wider than finfo.max rounds to -inf, whose exp
    # is exactly 0, the correctly rounded probability.
    with np.errstate(over="ignore"):
        return z - z.max(axis=axis, keepdims=True)


def _softmax(z, axis=-1):
    e = np.exp(_shift_by_max(z, axis))  # max shift: every exponent <= 0, the sum in [1, K]
    return e / e.sum(axis=axis, keepdims=True)


def softmax(z, axis: int = -1) -> np.ndarray:
    r"""Softmax along one axis: scores to probabilities.

    .. math::

        \mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}

    Parameters
    ----------
    z : array_like, at least 1-D
        Finite real scores. With the default ``axis=-1`` a batch of shape
        ``(N, K)`` holds one sample per row (the book's convention).
    axis : int, default -1
        The axis of the :math:`K` classes, along which the result sums to 1.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values in :math:`[0, 1]` summing to 1 along ``axis``. Unchanged when a
        constant is added along ``axis`` (shift invariance).

    Raises
    ------
    ValueError
        If ``z`` is 0-d, or ``axis`` is out of range.
    TypeError
        If ``axis`` is not an integer.

    Notes
    -----
    Computed by the max shift, :math:`\mathrm{softmax}(z - \max_j z_j)`, which has
    the same value and never overflows.

    Examples
    --------
    >>> from nnmath.activations import softmax
    >>> softmax([1.0, 2.0, 3.0])
    array([0.09003057, 0.24472847, 0.66524096])
    >>> softmax([1000.0, 0.0])
    array([1., 0.])
    >>> softmax([[1.0, 1.0], [0.0, 3.0]], axis=0)
    array([[0.73105858, 0.11920292],
           [0.26894142, 0.88079708]])
    """
    z = _as_real_array(z)
    axis = check_axis(axis, z, "z")
    if z.size == 0:
        return np.array(z)  # a copy, never the caller's array
    with np.errstate(under="ignore"):
        return _softmax(z, axis)


def _log_softmax(z, axis=-1):
    shifted = _shift_by_max(z, axis)
    # log-sum-exp: the sum is in [1, K], so the log is finite and >= 0. Subtracted in place:
    # shifted is this kernel's own array, and the result needs no second one of its size.
    shifted -= np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return shifted


def log_softmax(z, axis: int = -1) -> np.ndarray:
    r"""Logarithm of the softmax, computed without forming the softmax.

    .. math::

        \log \mathrm{softmax}(z)_i = z_i - \log \sum_{j=1}^{K} e^{z_j}
        = (z_i - m) - \log \sum_{j=1}^{K} e^{z_j - m}, \quad m = \max_j z_j

    Parameters
    ----------
    z : array_like, at least 1-D
        Finite real scores.
    axis : int, default -1
        The axis of the :math:`K` classes.

    Returns
    -------
    ndarray of float64, shape of ``z``
        Values :math:`\le 0`, with :math:`\sum \exp = 1` along ``axis``. Finite
        except where the true value is below ``-np.finfo(np.float64).max``
        (scores more than the whole float64 range apart), which rounds to ``-inf``.

    Raises
    ------
    ValueError
        If ``z`` is 0-d, or ``axis`` is out of range.
    TypeError
        If ``axis`` is not an integer.

    Notes
    -----
    The log-sum-exp trick: after the max shift the sum is in :math:`[1, K]`, so its
    log never overflows and is never :math:`\log 0`. ``np.log(softmax(z))`` instead
    gives ``-inf`` as soon as a probability underflows to 0, for gaps as small as
    about 750.

    Examples
    --------
    >>> from nnmath.activations import log_softmax
    >>> log_softmax([1.0, 2.0, 3.0])
    array([-2.40760596, -1.40760596, -0.40760596])
    >>> log_softmax([1000.0, 0.0])
    array([    0., -1000.])
    """
    z = _as_real_array(z)
    axis = check_axis(axis, z, "z")
    if z.size == 0:
        return np.array(z)  # a copy, never the caller's array
    with np.errstate(under="ignore"):
        return _result(_log_softmax(z, axis))


def _softmax_jacobian(z):
    s = _softmax(z, axis=-1)
    identity = np.eye(z.shape[-1])
    # J[..., i, j] = s_i (delta_ij - s_j), for one vector or a batch of rows
    return s[..., :, None] * (identity - s[..., None, :])


def softmax_jacobian(z) -> np.ndarray:
    r"""Jacobian of the softmax (along the last axis).

    .. math::

        J_{ij} = \frac{\partial\, \mathrm{softmax}(z)_i}{\partial z_j}
        = s_i\,(\mathbb{1}[i = j] - s_j), \quad s = \mathrm{softmax}(z)

        J = \operatorname{diag}(s) - s s^{\mathsf T}

    Parameters
    ----------
    z : array_like, shape (K,) or (N, K)
        One vector of scores, or a batch with one sample per row.

    Returns
    -------
    ndarray of float64, shape (K, K) or (N, K, K)
        The Jacobian, or one Jacobian per row. Each is symmetric, its rows and
        columns sum to 0 (softmax is shift-invariant), and it is singular.

    Raises
    ------
    ValueError
        If ``z`` is not 1-D or 2-D.

    Examples
    --------
    >>> from nnmath.activations import softmax_jacobian
    >>> softmax_jacobian([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    >>> softmax_jacobian([[0.0, 0.0], [0.0, 0.0], [1.0, 2.0]]).shape
    (3, 2, 2)
    """
    z = _as_real_array(z)
    check_shape(z, "z", (None,), (None, None), described="(K,) or (N, K)")
    if z.size == 0:
        return _result(np.zeros(z.shape + z.shape[-1:]))
    with np.errstate(under="ignore"):
        return _result(_softmax_jacobian(z))


#: Name -> (function, derivative), looked up by the network. For the elementwise
#: activations the derivative has the shape of ``z``; for ``"softmax"`` the second
#: entry is :func:`softmax_jacobian`, shape ``(K, K)`` or ``(N, K, K)``.
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "linear": (linear, linear_derivative),
    "softplus": (softplus, softplus_derivative),
    "elu": (elu, elu_derivative),
    "gelu": (gelu, gelu_derivative),
    "softmax": (softmax, softmax_jacobian),
}

#: Name of a function of this module -> its kernel, the same formula without the input checks.
#: ``KERNELS["sigmoid"]`` computes what :func:`sigmoid` returns, from a finite float64 array
#: that it does not check. For code that checks its arrays once and then evaluates the
#: formulas many times, as the network's training loop does; callers switch NumPy's underflow
#: signal off around them (``np.errstate(under="ignore")``), as the functions do.
#:
#: :meta hide-value:
KERNELS = {
    "sigmoid": _sigmoid,
    "sigmoid_derivative": _sigmoid_derivative,
    "tanh": _tanh,
    "tanh_derivative": _tanh_derivative,
    "relu": _relu,
    "relu_derivative": _relu_derivative,
    "leaky_relu": _leaky_relu,
    "leaky_relu_derivative": _leaky_relu_derivative,
    "linear": _linear,
    "linear_derivative": _linear_derivative,
    "softplus": _softplus,
    "softplus_derivative": _sigmoid,  # softplus' = sigmoid, one formula
    "elu": _elu,
    "elu_derivative": _elu_derivative,
    "gelu": _gelu,
    "gelu_derivative": _gelu_derivative,
    "softmax": _softmax,
    "log_softmax": _log_softmax,
    "softmax_jacobian": _softmax_jacobian,
}
