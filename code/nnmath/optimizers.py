r"""Gradient descent and its optimizers: SGD with momentum, AdaGrad, RMSprop, Adam, AdamW.

Each optimizer turns the gradient :math:`g_t = \nabla C(\theta_{t-1})` of step :math:`t`
into a change of the parameters :math:`\theta`, with the update rules of ``torch.optim``
(PyTorch's defaults for every option not listed here: no dampening, no ``weight_decay``
added to the gradient, ``amsgrad=False``, RMSprop not centred and without momentum,
AdaGrad's accumulator starting at 0 with no learning-rate decay), so that a reader who
moves to PyTorch sees the same numbers.

Read first :class:`SGD`: gradient descent with momentum, the update the book starts from.
Then :class:`Adam`, which divides each coordinate's step by a running estimate of the size
of its gradient; AdaGrad and RMSprop are its simpler forms, AdamW adds a decay. The symbols
are the book's:

========================  ==========================================================
:math:`\eta`              the learning rate, ``learning_rate``
:math:`\mu`               the momentum coefficient, ``momentum``
:math:`u`                 SGD's momentum buffer (PyTorch's ``momentum_buffer``)
:math:`s`                 the accumulated or averaged squared gradients
:math:`m`                 Adam's running average of the gradients
:math:`\rho`              RMSprop's decay rate (PyTorch's ``alpha``)
:math:`\beta_1, \beta_2`  Adam's decay rates
:math:`\epsilon`          the small constant added to every denominator, ``eps``
========================  ==========================================================

Squares, square roots, products and quotients of arrays are elementwise.

``opt.step(params, grads)`` updates a list of float64 arrays **in place**: the caller's
arrays change, and none is replaced, so a network whose ``weights`` are in ``params`` is
trained by it. The optimizer keeps one state per position in the list (``opt.state[i]``
belongs to ``params[i]``) and the number of steps taken, ``opt.t``; pass the same arrays
in the same order at every step (:meth:`nnmath.network.FeedForwardNetwork.fit` passes one
vector that holds all the network's weights and biases). The learning rate may be changed
between steps (a schedule, :func:`step_decay`, :func:`inverse_time_decay`); the state is
kept.
"""

from __future__ import annotations

import numpy as np

from nnmath._checks import (
    as_finite_array,
    as_list,
    check_bool,
    check_same_shape,
    check_scalar,
)

__all__ = [
    "OPTIMIZERS",
    "SGD",
    "AdaGrad",
    "Adam",
    "AdamW",
    "Optimizer",
    "RMSprop",
    "inverse_time_decay",
    "step_decay",
    "trajectory",
]


def _rate(value, name: str) -> float:
    """A decay rate or momentum coefficient: a number in [0, 1)."""
    return check_scalar(value, name, low=0.0, high=1.0, high_open=True)


def _nonnegative(value, name: str) -> float:
    return check_scalar(value, name, low=0.0)


class Optimizer:
    """What every optimizer shares: the learning rate, the state, the checks of ``step``.

    A subclass sets the names of its per-array state in ``_STATE`` and writes the update of
    one array in ``_update_array(theta, g, state)``.
    """

    _STATE: tuple[str, ...] = ()

    def __init__(self, learning_rate):
        self.learning_rate = learning_rate
        self.state: list[dict[str, np.ndarray]] = []
        self.t = 0
        self._shapes: list[tuple[int, ...]] = []

    @property
    def learning_rate(self) -> float:
        r"""The step size :math:`\eta > 0`; may be changed between steps (a schedule)."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self._learning_rate = check_scalar(value, "learning_rate", low=0.0, low_open=True)

    def _options(self) -> str:
        return ""

    def __repr__(self):
        return f"{type(self).__name__}(learning_rate={self.learning_rate!r}{self._options()})"

    def step(self, params, grads):
        """Update every array of ``params`` in place by one step, given ``grads``.

        Parameters
        ----------
        params : list of ndarray of float64
            The parameters, updated in place (never replaced). The same arrays, in the same
            order, at every step: ``state[i]`` belongs to ``params[i]``.
        grads : list of array_like
            ``grads[i]``, the gradient of the cost with respect to ``params[i]``, of its shape.
            Not modified.

        Raises
        ------
        TypeError
            If ``params`` is not a sequence of float64 arrays, ``grads`` not a sequence, or a
            gradient holds anything but real numbers.
        ValueError
            If ``params`` and ``grads`` differ in length, a gradient's shape differs from its
            array's, an array or gradient is not finite, or the arrays differ in number or
            shape from those of the previous steps.
        """
        params, grads = self._check(params, grads)
        with np.errstate(under="ignore"):  # a tiny step rounding to 0 is right
            self._update(params, grads)

    def _check(self, params, grads):
        if isinstance(params, np.ndarray):
            raise TypeError("params must be a list of arrays, got one array: pass [array]")
        params = as_list(params, "params", "arrays")
        grads = as_list(grads, "grads", "gradients, one per array of params", length=len(params))
        checked = []
        for i, (theta, g) in enumerate(zip(params, grads)):
            if type(theta) is not np.ndarray or theta.dtype != np.float64:
                raise TypeError(
                    f"params[{i}] must be a float64 NumPy array (it is updated in place), "
                    f"got {type(theta).__name__}"
                    + (f" of dtype {theta.dtype}" if isinstance(theta, np.ndarray) else "")
                )
            as_finite_array(theta, f"params[{i}]", bool_ok=False)
            g = as_finite_array(g, f"grads[{i}]", bool_ok=False)
            check_same_shape(g, theta, f"grads[{i}]", f"params[{i}]")
            checked.append(g)
        self._check_shapes(params)
        return params, checked

    def _check_shapes(self, params):
        """Raise unless ``params`` have the shapes of the arrays of the previous steps."""
        shapes = [p.shape for p in params]
        if self.t and shapes != self._shapes:
            raise ValueError(
                "params must be the arrays of the previous steps (the optimizer keeps a state "
                f"for each): shapes {self._shapes}, got {shapes}; use a new optimizer for "
                "other arrays"
            )

    def _update(self, params, grads):
        """``step`` without its checks, for a training loop that checked its arrays once:
        every ``grads[i]`` is a finite float64 array of the shape of ``params[i]``."""
        if self.t == 0:
            self.state = [{name: np.zeros_like(p) for name in self._STATE} for p in params]
            self._shapes = [p.shape for p in params]
        self.t += 1
        for theta, g, state in zip(params, grads, self.state):
            self._update_array(theta, g, state)

    def _update_array(self, theta, g, state):
        raise NotImplementedError


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional (Nesterov) momentum, as ``torch.optim.SGD``.

    Plain, :math:`\mu = 0`:

    .. math::

        \theta_t = \theta_{t-1} - \eta\, g_t .

    With momentum the buffer :math:`u` accumulates the gradients, starting from
    :math:`u_1 = g_1`:

    .. math::

        u_t = \mu\, u_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta\, u_t ,

    and with ``nesterov=True`` the step looks ahead along the buffer:
    :math:`\theta_t = \theta_{t-1} - \eta\, (g_t + \mu\, u_t)`.
    While :math:`\eta` is constant, :math:`v_t = -\eta\, u_t` is the velocity of the other
    common form, :math:`v_t = \mu v_{t-1} - \eta g_t`, :math:`\theta_t = \theta_{t-1} + v_t`.

    Parameters
    ----------
    learning_rate : float
        :math:`\eta > 0`.
    momentum : float, default 0.0
        :math:`\mu \in [0, 1)`.
    nesterov : bool, default False
        Nesterov's momentum; needs ``momentum > 0``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnmath.optimizers import SGD
    >>> theta = np.array([1.0, -2.0])
    >>> opt = SGD(learning_rate=0.1, momentum=0.9)
    >>> opt.step([theta], [np.array([1.0, 1.0])])  # u = g
    >>> theta
    array([ 0.9, -2.1])
    >>> opt.step([theta], [np.array([1.0, 1.0])])  # u = 0.9 u + g = 1.9 g
    >>> theta
    array([ 0.71, -2.29])
    """

    def __init__(self, learning_rate, momentum=0.0, nesterov=False):
        super().__init__(learning_rate)
        self.momentum = _rate(momentum, "momentum")
        self.nesterov = check_bool(nesterov, "nesterov")
        if self.nesterov and self.momentum == 0.0:
            raise ValueError("nesterov=True needs a momentum > 0, got momentum=0")

    def _options(self):
        return f", momentum={self.momentum!r}, nesterov={self.nesterov!r}"

    def _update_array(self, theta, g, state):
        mu = self.momentum
        if mu == 0.0:
            theta -= self.learning_rate * g  # theta <- theta - eta g
            return
        if "u" not in state:
            state["u"] = u = g.copy()  # u_1 = g_1
        else:
            u = state["u"]
            u *= mu  # u <- mu u + g
            u += g
        step = g + mu * u if self.nesterov else u
        theta -= self.learning_rate * step  # theta <- theta - eta u


class AdaGrad(Optimizer):
    r"""AdaGrad (Duchi et al., 2011), as ``torch.optim.Adagrad``: a step per coordinate.

    The accumulator :math:`s` sums the squared gradients, from :math:`s_0 = 0`, and each
    coordinate's step is divided by the square root of its own sum:

    .. math::

        s_t = s_{t-1} + g_t^2, \qquad
        \theta_t = \theta_{t-1} - \eta\, \frac{g_t}{\sqrt{s_t} + \epsilon} .

    Parameters
    ----------
    learning_rate : float
        :math:`\eta > 0`.
    eps : float, default 1e-10
        :math:`\epsilon \ge 0`.

    Examples
    --------
    The first step moves every coordinate by about :math:`\eta`, whatever its gradient:

    >>> import numpy as np
    >>> from nnmath.optimizers import AdaGrad
    >>> theta = np.zeros(2)
    >>> AdaGrad(learning_rate=0.1).step([theta], [np.array([100.0, -0.01])])
    >>> theta.round(6)
    array([-0.1,  0.1])
    """

    _STATE = ("s",)

    def __init__(self, learning_rate, eps=1e-10):
        super().__init__(learning_rate)
        self.eps = _nonnegative(eps, "eps")

    def _options(self):
        return f", eps={self.eps!r}"

    def _update_array(self, theta, g, state):
        s = state["s"]
        s += g * g  # s <- s + g^2
        theta -= self.learning_rate * (g / (np.sqrt(s) + self.eps))


class RMSprop(Optimizer):
    r"""RMSprop (Hinton's lecture 6e), as ``torch.optim.RMSprop`` (``alpha`` is :math:`\rho`).

    A running average of the squared gradients, from :math:`s_0 = 0`, replaces AdaGrad's sum:

    .. math::

        s_t = \rho\, s_{t-1} + (1 - \rho)\, g_t^2, \qquad
        \theta_t = \theta_{t-1} - \eta\, \frac{g_t}{\sqrt{s_t} + \epsilon} .

    Parameters
    ----------
    learning_rate : float
        :math:`\eta > 0`.
    rho : float, default 0.99
        :math:`\rho \in [0, 1)`.
    eps : float, default 1e-8
        :math:`\epsilon \ge 0`.

    Examples
    --------
    >>> import numpy as np
    >>> from nnmath.optimizers import RMSprop
    >>> theta = np.zeros(1)
    >>> RMSprop(learning_rate=0.01, rho=0.99).step([theta], [np.array([2.0])])
    >>> theta.round(6)  # -0.01 * 2 / sqrt(0.01 * 4) = -0.1
    array([-0.1])
    """

    _STATE = ("s",)

    def __init__(self, learning_rate, rho=0.99, eps=1e-8):
        super().__init__(learning_rate)
        self.rho = _rate(rho, "rho")
        self.eps = _nonnegative(eps, "eps")

    def _options(self):
        return f", rho={self.rho!r}, eps={self.eps!r}"

    def _update_array(self, theta, g, state):
        s = state["s"]
        s *= self.rho  # s <- rho s + (1 - rho) g^2
        s += (1.0 - self.rho) * (g * g)
        theta -= self.learning_rate * (g / (np.sqrt(s) + self.eps))


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015), as ``torch.optim.Adam``.

    Running averages of the gradients and of their squares, from :math:`m_0 = s_0 = 0`,
    divided by :math:`1 - \beta^t` to undo their pull towards the zero start (the bias
    correction), give the step:

    .. math::

        m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
        \hat m_t = \frac{m_t}{1 - \beta_1^t},

        s_t = \beta_2 s_{t-1} + (1 - \beta_2)\, g_t^2, \qquad
        \hat s_t = \frac{s_t}{1 - \beta_2^t},

        \theta_t = \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat s_t} + \epsilon} .

    Parameters
    ----------
    learning_rate : float
        :math:`\eta > 0`.
    beta1, beta2 : float, default 0.9, 0.999
        :math:`\beta_1, \beta_2 \in [0, 1)`.
    eps : float, default 1e-8
        :math:`\epsilon \ge 0`.

    Examples
    --------
    Thanks to the bias correction the first step is :math:`\eta\, g / (|g| + \epsilon)`,
    about :math:`\eta` per coordinate:

    >>> import numpy as np
    >>> from nnmath.optimizers import Adam
    >>> theta = np.zeros(2)
    >>> Adam(learning_rate=0.001).step([theta], [np.array([3.0, -0.5])])
    >>> theta.round(9)
    array([-0.001,  0.001])
    """

    _STATE = ("m", "s")

    def __init__(self, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(learning_rate)
        self.beta1 = _rate(beta1, "beta1")
        self.beta2 = _rate(beta2, "beta2")
        self.eps = _nonnegative(eps, "eps")

    def _options(self):
        return f", beta1={self.beta1!r}, beta2={self.beta2!r}, eps={self.eps!r}"

    def _update_array(self, theta, g, state):
        beta1, beta2, t = self.beta1, self.beta2, self.t
        m, s = state["m"], state["s"]
        m *= beta1  # m <- beta1 m + (1 - beta1) g
        m += (1.0 - beta1) * g
        s *= beta2  # s <- beta2 s + (1 - beta2) g^2
        s += (1.0 - beta2) * (g * g)
        m_hat = m / (1.0 - beta1**t)  # the bias corrections
        s_hat = s / (1.0 - beta2**t)
        theta -= self.learning_rate * (m_hat / (np.sqrt(s_hat) + self.eps))


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter, 2019), as ``torch.optim.AdamW``.

    Every step first shrinks the parameters by the factor :math:`1 - \eta\lambda`, with
    :math:`\lambda` the ``weight_decay``, then takes the step of :class:`Adam`:

    .. math::

        \theta_t = (1 - \eta\lambda)\, \theta_{t-1}
                   - \eta\, \frac{\hat m_t}{\sqrt{\hat s_t} + \epsilon} .

    The decay does not pass through :math:`\hat m_t / \sqrt{\hat s_t}`: unlike an L2 penalty
    added to the gradient, it shrinks every weight by the same factor, however large its
    gradients.

    Parameters
    ----------
    learning_rate : float
        :math:`\eta > 0`.
    beta1, beta2 : float, default 0.9, 0.999
        :math:`\beta_1, \beta_2 \in [0, 1)`.
    eps : float, default 1e-8
        :math:`\epsilon \ge 0`.
    weight_decay : float, default 0.01
        :math:`\lambda \ge 0`; ``weight_decay=0`` is :class:`Adam`.

    Examples
    --------
    With a zero gradient only the decay acts:

    >>> import numpy as np
    >>> from nnmath.optimizers import AdamW
    >>> theta = np.array([1.0, -2.0])
    >>> AdamW(learning_rate=0.1, weight_decay=0.5).step([theta], [np.zeros(2)])
    >>> theta  # (1 - 0.1 * 0.5) theta
    array([ 0.95, -1.9 ])
    """

    def __init__(self, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
        super().__init__(learning_rate, beta1, beta2, eps)
        self.weight_decay = _nonnegative(weight_decay, "weight_decay")

    def _options(self):
        return f"{super()._options()}, weight_decay={self.weight_decay!r}"

    def _update_array(self, theta, g, state):
        theta *= 1.0 - self.learning_rate * self.weight_decay  # decoupled decay
        super()._update_array(theta, g, state)


#: The optimizers by lower-case name, as ``FeedForwardNetwork.fit(optimizer="adam")`` reads them.
OPTIMIZERS = {"sgd": SGD, "adagrad": AdaGrad, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW}


def trajectory(optimizer, gradient, start, steps, schedule=None):
    r"""The points an optimizer visits on a function given by its gradient.

    Parameters
    ----------
    optimizer : Optimizer
        A new optimizer (its state is created at the first step).
    gradient : callable
        ``gradient(theta)``, the gradient :math:`\nabla C(\theta)` as an array of the shape of
        ``theta``.
    start : array_like
        The starting point :math:`\theta_0` (not modified).
    steps : int
        The number of steps, :math:`\ge 0`.
    schedule : callable, optional
        ``schedule(t)``, the learning rate of step ``t = 1, ..., steps``; set on the optimizer
        before each step.

    Returns
    -------
    ndarray of float64, shape (steps + 1, *start.shape)
        :math:`\theta_0, \theta_1, \dots, \theta_{\text{steps}}`.

    Examples
    --------
    Gradient descent on :math:`C(\theta) = \theta^2 / 2`, whose gradient is :math:`\theta`,
    multiplies :math:`\theta` by :math:`1 - \eta` at every step:

    >>> from nnmath.optimizers import SGD, trajectory
    >>> trajectory(SGD(0.5), lambda theta: theta, [4.0], steps=3).ravel()
    array([4. , 2. , 1. , 0.5])
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an nnmath optimizer, got {optimizer!r}")
    if not callable(gradient):
        raise TypeError("gradient must be a function of theta")
    steps = check_scalar(steps, "steps", low=0, integer=True)
    theta = as_finite_array(start, "start", bool_ok=False).copy()
    points = [theta.copy()]
    for t in range(1, steps + 1):
        if schedule is not None:
            optimizer.learning_rate = schedule(t)
        optimizer.step([theta], [gradient(theta)])
        points.append(theta.copy())
    return np.array(points)


def step_decay(learning_rate, t, every, factor=0.5):
    r"""Step decay: the learning rate multiplied by ``factor`` every ``every`` steps.

    .. math::

        \eta_t = \eta_0 \, \text{factor}^{\lfloor (t - 1) / \text{every} \rfloor},
        \qquad t = 1, 2, \dots

    Parameters
    ----------
    learning_rate : float
        :math:`\eta_0 > 0`, the rate of the first ``every`` steps.
    t : int
        The step (or epoch), counted from 1.
    every : int
        Steps between two drops, :math:`\ge 1`.
    factor : float, default 0.5
        The drop, in (0, 1].

    Returns
    -------
    float

    Examples
    --------
    >>> from nnmath.optimizers import step_decay
    >>> [step_decay(0.1, t, every=2) for t in range(1, 6)]
    [0.1, 0.1, 0.05, 0.05, 0.025]
    """
    learning_rate = check_scalar(learning_rate, "learning_rate", low=0.0, low_open=True)
    t = check_scalar(t, "t", low=1, integer=True)
    every = check_scalar(every, "every", low=1, integer=True)
    factor = check_scalar(factor, "factor", low=0.0, high=1.0, low_open=True)
    return learning_rate * factor ** ((t - 1) // every)


def inverse_time_decay(learning_rate, t, t0):
    r"""Inverse-time decay: the learning rate divided by :math:`1 + (t - 1)/t_0`.

    .. math::

        \eta_t = \frac{\eta_0}{1 + (t - 1) / t_0}, \qquad t = 1, 2, \dots

    The rate halves after :math:`t_0` steps and keeps falling like :math:`1/t`, slowly enough
    that the steps still add up to any distance (:math:`\sum_t \eta_t = \infty`), fast enough
    that the noise of stochastic gradients averages out.

    Parameters
    ----------
    learning_rate : float
        :math:`\eta_0 > 0`, the rate of the first step.
    t : int
        The step (or epoch), counted from 1.
    t0 : float
        The time scale :math:`t_0 > 0`, in steps.

    Returns
    -------
    float

    Examples
    --------
    >>> from nnmath.optimizers import inverse_time_decay
    >>> [inverse_time_decay(0.1, t, t0=2) for t in (1, 3, 5)]
    [0.1, 0.05, 0.03333333333333333]
    """
    learning_rate = check_scalar(learning_rate, "learning_rate", low=0.0, low_open=True)
    t = check_scalar(t, "t", low=1, integer=True)
    t0 = check_scalar(t0, "t0", low=0.0, low_open=True)
    return learning_rate / (1.0 + (t - 1) / t0)
