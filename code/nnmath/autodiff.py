r"""Reverse-mode automatic differentiation on NumPy arrays, small enough to read in one sitting.

A :class:`Tensor` holds an array in ``.value``. Every operation on tensors computes its result
*and records* how it was made: the result :math:`v_j` is a new node of a graph whose parents
are the operands, each with the operation's **vector-Jacobian product** (VJP), the function
that maps the gradient of a scalar :math:`C` with respect to the result,
:math:`g = \nabla_{v_j} C`, to its contribution to the gradient with respect to that
operand :math:`v_i`,

.. math::

    \nabla_{v_i} C \mathrel{+}= \left(\frac{\partial v_j}{\partial v_i}\right)^{T} g .

:meth:`Tensor.backward` then visits the graph in reverse topological order, from the scalar
result back to the leaves, and applies the VJPs: reverse mode, of which backpropagation is the
special case of a chain of layers. A node used twice receives the sum of the two contributions.

Read first :class:`Tensor` and :meth:`Tensor.backward`, then one operation and its VJP,
``Tensor.__mul__``; :func:`grad` wraps the two for a function of an array.

The design follows Karpathy's *micrograd* (a scalar engine of one page), written here for
arrays, so that a network's layer is one node and not thousands:

* NumPy broadcasting is allowed in ``+ - * /``; the VJP of an operand that was broadcast is
  summed back to the operand's shape by one helper, ``_unbroadcast``.
* A NumPy array or a number next to a tensor is a constant: it is a node of the graph (its
  value is needed) but gets no gradient.
* Values follow IEEE arithmetic silently, as in every deep-learning framework: ``exp(1000.0)``
  is ``inf`` and ``log(0.0)`` is ``-inf``, with no warning, so that a numerically unsafe graph
  shows it in its values and gradients. The activations (:func:`sigmoid`, :func:`tanh`,
  :func:`relu`, :func:`log_softmax`) are those of :mod:`nnmath.activations`, stable and
  finite for every finite input (and, like them, raise ``ValueError`` for a non-finite one).
* The arrays given to :class:`Tensor` and the constants are checked by ``nnmath._checks``:
  ``TypeError`` for a value of the wrong kind, ``ValueError`` for NaN or infinity.

Examples
--------
>>> import numpy as np
>>> from nnmath.autodiff import Tensor, grad, tanh
>>> x = Tensor([1.0, 2.0, 3.0])
>>> y = (x * x).sum()          # the node x is used twice
>>> y.backward()
>>> x.grad                     # d/dx sum(x^2) = 2x
array([2., 4., 6.])
>>> grad(lambda w: tanh(w).sum())(np.zeros(2))
array([1., 1.])
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from nnmath import activations
from nnmath._checks import as_finite_array, check_scalar

__all__ = [
    "Tensor",
    "exp",
    "grad",
    "log",
    "log_softmax",
    "record",
    "relu",
    "sigmoid",
    "tanh",
    "topological_order",
]


def _ieee(operation):
    """Run ``operation`` with NumPy's floating-point warnings off: inf and NaN, silently."""

    @functools.wraps(operation)
    def silent(*args, **kwargs):
        with np.errstate(all="ignore"):
            return operation(*args, **kwargs)

    return silent


class Tensor:
    r"""An array that records the operations applied to it, for reverse-mode differentiation.

    Parameters
    ----------
    value : array_like
        Finite real numbers, any shape (a number gives a 0-d tensor); copied to float64.

    Attributes
    ----------
    value
        The array, float64.
    grad
        :math:`\partial C / \partial\, \mathrm{value}`, an array shaped like ``value``, after
        ``C.backward()`` on a scalar ``C`` computed from this tensor; ``None`` before, and
        for constants.

    Raises
    ------
    TypeError
        If ``value`` holds anything but int or float numbers.
    ValueError
        If ``value`` holds NaN or infinity, or is a ragged list.

    Notes
    -----
    Operators: ``+ - * /`` elementwise with NumPy broadcasting, ``@`` (1-D or 2-D operands),
    ``**`` a number, unary ``-``; a tensor may stand on either side, and a NumPy array or a
    number on the other. Methods :meth:`sum`, :meth:`mean` and the transpose :attr:`T`.

    Examples
    --------
    >>> W = Tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> x = np.array([1.0, -1.0])
    >>> loss = ((W @ x) ** 2).sum()      # (W x)_i = -1, -1
    >>> loss.backward()
    >>> W.grad                           # 2 (W x) x^T
    array([[-2.,  2.],
           [-2.,  2.]])
    """

    __array_ufunc__ = None  # ndarray + Tensor calls Tensor.__radd__, not NumPy's loop

    def __init__(self, value):
        self.value = np.array(as_finite_array(value, "value", bool_ok=False))  # a copy
        self.grad = None
        self._op = ""  # the operation that made this node; "" for a leaf
        self._inputs = ()  # pairs (parent tensor, its vector-Jacobian product)
        self._constant = False

    @property
    def op(self) -> str:
        """The name of the operation that made this tensor (``""`` for a leaf)."""
        return self._op

    @property
    def parents(self) -> tuple:
        """The tensors this one was computed from (``()`` for a leaf)."""
        return tuple(parent for parent, _ in self._inputs)

    def __repr__(self):
        return f"Tensor({self.value!r}" + (f", op={self._op!r})" if self._op else ")")

    # ------------------------------------------------------------- reverse mode
    def backward(self) -> None:
        r"""Compute ``.grad`` of every tensor this scalar was computed from.

        Sets :math:`\nabla_{v} C` for every node :math:`v` of the graph of
        :math:`C` = ``self``: first :math:`\nabla_C C = 1`, then, in reverse
        topological order, each node's gradient goes to its parents through
        the vector-Jacobian products of the operation that made it, is summed
        back to each parent's shape where it was broadcast, and is added to
        what the parent already received. Each call starts from zero.

        Raises
        ------
        ValueError
            If ``self`` has more than one element (its derivative is a
            Jacobian): reduce it first, with :meth:`sum` or :meth:`mean`.
        """
        if self.value.size != 1:
            raise ValueError(
                "backward() needs a scalar, got a tensor of shape "
                f"{self.value.shape}; reduce it first, e.g. with .sum()"
            )
        order = topological_order(self)
        for node in order:
            node.grad = None if node._constant else np.zeros_like(node.value)
        self.grad = np.ones_like(self.value)  # dC/dC = 1
        with np.errstate(all="ignore"):  # IEEE arithmetic, as forward
            for node in reversed(order):  # consumers before their inputs
                for parent, vjp in node._inputs:
                    if parent._constant:
                        continue
                    g = vjp(node.grad)  # (d node / d parent)^T node.grad
                    parent.grad += _unbroadcast(g, parent.value.shape)

    # --------------------------------------------------------------- operators
    @_ieee
    def __add__(self, other):
        a, b = self, _as_tensor(other)
        return record(a.value + b.value, "+", (a, lambda g: g), (b, lambda g: g))

    @_ieee
    def __sub__(self, other):
        a, b = self, _as_tensor(other)
        return record(a.value - b.value, "-", (a, lambda g: g), (b, lambda g: -g))

    @_ieee
    def __mul__(self, other):
        a, b = self, _as_tensor(other)
        return record(
            a.value * b.value,
            "*",
            (a, lambda g: g * b.value),  # the Jacobian is diag(b)
            (b, lambda g: g * a.value),
        )

    @_ieee
    def __truediv__(self, other):
        a, b = self, _as_tensor(other)
        value = a.value / b.value
        return record(value, "/", (a, lambda g: g / b.value), (b, lambda g: -g * value / b.value))

    @_ieee
    def __matmul__(self, other):
        a, b = self, _as_tensor(other)
        if not (1 <= a.value.ndim <= 2 and 1 <= b.value.ndim <= 2):
            shapes = f"{a.value.shape} and {b.value.shape}"
            raise ValueError(f"@ takes 1-D or 2-D operands, got shapes {shapes}")
        A = np.atleast_2d(a.value)  # a vector on the left is one row,
        B = b.value.reshape(len(b.value), -1)  # on the right one column

        def G(g):  # the result's gradient, shaped like the matrix A @ B
            return np.reshape(g, (A.shape[0], B.shape[1]))

        return record(
            a.value @ b.value,
            "@",
            (a, lambda g: np.reshape(G(g) @ B.T, a.value.shape)),  # G B^T
            (b, lambda g: np.reshape(A.T @ G(g), b.value.shape)),  # A^T G
        )

    @_ieee
    def __pow__(self, exponent):
        p = check_scalar(exponent, "exponent")
        a = self
        return record(a.value**p, f"**{p:g}", (a, lambda g: g * p * a.value ** (p - 1)))

    def __neg__(self):
        return record(-self.value, "neg", (self, lambda g: -g))

    def __radd__(self, other):
        return _as_tensor(other) + self

    def __rsub__(self, other):
        return _as_tensor(other) - self

    def __rmul__(self, other):
        return _as_tensor(other) * self

    def __rtruediv__(self, other):
        return _as_tensor(other) / self

    def __rmatmul__(self, other):
        return _as_tensor(other) @ self

    @property
    def T(self):
        """The transpose (all axes reversed, as ``ndarray.T``); its VJP transposes back."""
        return record(self.value.T, ".T", (self, lambda g: g.T))

    # -------------------------------------------------------------- reductions
    @_ieee
    def sum(self, axis=None, keepdims=False):
        """Sum over ``axis`` (None: all), as ``np.sum``; the VJP copies g back along it."""
        a = self
        return record(
            np.sum(a.value, axis=axis, keepdims=keepdims),
            "sum",
            (a, lambda g: np.broadcast_to(_restore_axes(g, axis, keepdims), a.value.shape)),
        )

    @_ieee
    def mean(self, axis=None, keepdims=False):
        """Mean over ``axis`` (None: all); the VJP copies g back along it, divided by the count.

        Raises ``ValueError`` for a tensor with no element (the mean is undefined).
        """
        a = self
        if a.value.size == 0:
            raise ValueError("mean() of a tensor with no element is undefined")
        value = np.mean(a.value, axis=axis, keepdims=keepdims)
        count = a.value.size // np.size(value)  # the number of elements in each mean
        return record(
            value,
            "mean",
            (a, lambda g: np.broadcast_to(_restore_axes(g, axis, keepdims), a.value.shape) / count),
        )


# ------------------------------------------------------------------ functions
@_ieee
def exp(t):
    r""":math:`e^t` elementwise; VJP :math:`g \odot e^t`.

    >>> exp(Tensor([0.0, 1.0])).value
    array([1.        , 2.71828183])
    """
    t = _as_tensor(t)
    value = np.exp(t.value)
    return record(value, "exp", (t, lambda g: g * value))


@_ieee
def log(t):
    r""":math:`\log t` elementwise; VJP :math:`g / t`. ``log(0)`` is ``-inf``, of t < 0 NaN.

    >>> log(Tensor([1.0, np.e])).value
    array([0., 1.])
    """
    t = _as_tensor(t)
    return record(np.log(t.value), "log", (t, lambda g: g / t.value))


def tanh(t):
    r""":math:`\tanh t` by :func:`nnmath.activations.tanh`; VJP :math:`g \odot \tanh'(t)`.

    >>> tanh(Tensor([0.0])).value
    array([0.])
    """
    t = _as_tensor(t)
    return record(
        activations.tanh(t.value), "tanh", (t, lambda g: g * activations.tanh_derivative(t.value))
    )


def sigmoid(t):
    r""":math:`\operatorname{sigmoid}(t) = 1/(1 + e^{-t})`, stable; VJP :math:`g \odot \operatorname{sigmoid}'(t)`.

    >>> sigmoid(Tensor([-800.0, 0.0])).value
    array([0. , 0.5])
    """
    t = _as_tensor(t)
    return record(
        activations.sigmoid(t.value),
        "sigmoid",
        (t, lambda g: g * activations.sigmoid_derivative(t.value)),
    )


def relu(t):
    r""":math:`\max(t, 0)`; VJP :math:`g \odot \mathbb{1}[t > 0]`, so :math:`\operatorname{relu}'(0) = 0`.

    >>> relu(Tensor([-1.0, 2.0])).value
    array([0., 2.])
    """
    t = _as_tensor(t)
    return record(
        activations.relu(t.value), "relu", (t, lambda g: g * activations.relu_derivative(t.value))
    )


def log_softmax(t, axis=-1):
    r"""Log of the softmax along ``axis``, by the stable :func:`nnmath.activations.log_softmax`.

    .. math::

        v_i = t_i - \log \sum_j e^{t_j}, \qquad
        \text{VJP: } g - \operatorname{softmax}(t) \sum_j g_j

    (per slice along ``axis``; the softmax is :math:`e^{v}`, which cannot overflow).

    >>> z = Tensor([[1000.0, 0.0]])
    >>> log_softmax(z).value
    array([[    0., -1000.]])
    """
    t = _as_tensor(t)
    value = activations.log_softmax(t.value, axis=axis)
    return record(
        value,
        "log_softmax",
        (t, lambda g: g - np.exp(value) * np.sum(g, axis=axis, keepdims=True)),
    )


# ------------------------------------------------------------ graph and grad
def record(value, op: str, *inputs) -> Tensor:
    r"""A new node of the graph: how every operation of this module makes its result.

    Parameters
    ----------
    value : array_like
        The result of the operation (it may be non-finite: IEEE arithmetic).
    op : str
        The operation's name, for display.
    *inputs : (Tensor, callable) pairs
        Each operand with its vector-Jacobian product: a function mapping the gradient ``g``
        of the result (shaped like ``value``) to
        :math:`(\partial\, \mathrm{value} / \partial\, \mathrm{operand})^T g`, shaped like
        the operand or like ``value`` where the operand was broadcast.

    Returns
    -------
    Tensor

    Examples
    --------
    A new operation, the square, with its vector-Jacobian product :math:`2 t \odot g`:

    >>> def square(t):
    ...     return record(t.value**2, "square", (t, lambda g: 2 * t.value * g))
    >>> x = Tensor([3.0])
    >>> square(x).sum().backward()
    >>> x.grad
    array([6.])
    """
    out = Tensor.__new__(Tensor)
    out.value = np.asarray(value, dtype=np.float64)
    out.grad, out._op, out._constant = None, op, False
    out._inputs = inputs
    return out


def topological_order(root: Tensor) -> list:
    """Every node ``root`` was computed from, each after all of its parents; ``root`` last.

    A depth-first search that appends a node once all its parents are in the list (with
    an explicit stack, so that a graph of any depth fits).

    >>> x = Tensor(2.0)
    >>> [node.op or "leaf" for node in topological_order(exp(x * x))]
    ['leaf', '*', 'exp']
    """
    if not isinstance(root, Tensor):
        raise TypeError(f"root must be a Tensor, got {type(root).__name__}")
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))  # comes back after all its parents
            # reversed, so that the first operand is visited first
            stack.extend((p, False) for p, _ in reversed(node._inputs))
    return order


def grad(f: Callable) -> Callable:
    r"""The gradient of a scalar function of one array, by reverse mode.

    Parameters
    ----------
    f : callable
        Maps a :class:`Tensor` to a scalar :class:`Tensor`, using this module's operations.

    Returns
    -------
    callable
        ``x -> df/dx``: an array of ``x``'s shape (zeros if ``f`` does not use ``x``).

    Examples
    --------
    >>> grad(lambda x: (x**3).sum())(np.array([1.0, 2.0]))   # 3 x^2
    array([ 3., 12.])
    """
    if not callable(f):
        raise TypeError(f"f must be a function, got {type(f).__name__}")

    def gradient(x):
        x = Tensor(x)
        out = f(x)
        if not isinstance(out, Tensor):
            raise TypeError(
                f"f must return a Tensor computed from its argument, got {type(out).__name__}"
            )
        out.backward()
        return np.zeros_like(x.value) if x.grad is None else x.grad

    return gradient


# --------------------------------------------------------------------- helpers
def _as_tensor(x) -> Tensor:
    """``x`` itself if it is a tensor, else ``x`` as a constant node (checked like any array)."""
    if isinstance(x, Tensor):
        return x
    constant = record(as_finite_array(x, "operand", bool_ok=False), "")
    constant._constant = True
    return constant


def _unbroadcast(g, shape) -> np.ndarray:
    """Sum ``g`` back to ``shape`` over the axes that broadcasting made."""
    g = np.asarray(g)
    g = g.sum(axis=tuple(range(g.ndim - len(shape))))  # axes added in front
    stretched = [i for i, n in enumerate(shape) if n == 1 and g.shape[i] > 1]
    return g.sum(axis=tuple(stretched), keepdims=True)  # length 1, stretched


def _restore_axes(g, axis, keepdims):
    """``g`` with the axes a reduction removed put back, of length 1."""
    return g if axis is None or keepdims else np.expand_dims(g, axis)
