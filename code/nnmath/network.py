r"""A feed-forward network trained by backpropagation, in one page of NumPy.

The network computes, layer by layer (the book's notation, one sample as a column),

.. math::

    z^l = W^l a^{l-1} + b^l, \qquad a^l = \sigma(z^l), \qquad a^0 = x,

and learns by the four equations of backpropagation (named as in Nielsen's chapter 2):

.. math::

    \text{(BP1)}\quad \delta^L = \nabla_{a^L} C \odot \sigma'(z^L), \qquad
    \text{(BP2)}\quad \delta^l = \big((W^{l+1})^T \delta^{l+1}\big) \odot \sigma'(z^l),

    \text{(BP3)}\quad \frac{\partial C}{\partial b^l} = \delta^l, \qquad
    \text{(BP4)}\quad \frac{\partial C}{\partial W^l} = \delta^l (a^{l-1})^T.

In code a batch holds one sample per **row**, as in NumPy, scikit-learn and PyTorch:
``Z = A @ W.T + b`` with ``W`` of the math's shape ``(n_out, n_in)``. BP2 becomes
``delta_prev = (delta @ W) * sigma'(Z_prev)``, BP3 sums ``delta`` over the rows and BP4 is
``delta.T @ A_prev``, the sum over the batch of the per-sample outer products.

Activations and losses are looked up by name in :data:`nnmath.activations.ACTIVATIONS` and
:data:`nnmath.losses.LOSSES`, as scikit-learn's ``neural_network/_base.py`` does. The losses
return means and their derivatives include the ``1/n``, so the gradients here are the exact
gradients of :meth:`FeedForwardNetwork.loss` and nothing is divided by the batch size twice.
A weighted input z that is not finite means that the weights have overflowed: the public
methods then raise ``ValueError``, and :meth:`FeedForwardNetwork.fit` stops.

Read first the class's ``_forward`` and ``_backward``: the forward pass, then BP1-BP4 one line
each, labelled with the equation they implement (the backpropagation chapter shows
``_backward``). Then :meth:`FeedForwardNetwork.fit`, the training loop, and
:func:`init_weights`, where the weights start.
"""

from __future__ import annotations

import numpy as np

from nnmath._checks import (
    as_finite_array,
    as_list,
    as_one_hot,
    check_bool,
    check_choice,
    check_hinge_labels,
    check_pair,
    check_scalar,
    check_shape,
    check_unit_interval,
)
from nnmath._overflow import rescaled_on_overflow
from nnmath.activations import ACTIVATIONS
from nnmath.activations import KERNELS as ACTIVATION_KERNELS
from nnmath.losses import KERNELS as LOSS_KERNELS
from nnmath.losses import LOSSES
from nnmath.optimizers import OPTIMIZERS, SGD, Optimizer
from nnmath.regularization import l1_gradient, l1_penalty, l2_gradient, l2_penalty

__all__ = [
    "CATEGORICAL",
    "HE_INIT",
    "INIT_METHODS",
    "MATCHED_PAIRS",
    "REQUIRED_OUTPUT",
    "FeedForwardNetwork",
    "init_weights",
]

#: Activations whose layers get He initialisation by default; the layers of every other
#: activation get Glorot (see :func:`init_weights`).
HE_INIT = frozenset({"relu", "leaky_relu", "elu", "gelu"})

#: The methods of :func:`init_weights`, besides ``None`` (He or Glorot by activation).
INIT_METHODS = ("zeros", "normal", "glorot", "he")

#: Output activation and loss pairs whose output delta simplifies to (a - y) / n.
#: Each maps to the same loss written on the weighted inputs (logits), which
#: :meth:`FeedForwardNetwork.loss` evaluates: the same number, without log(0).
MATCHED_PAIRS = {
    ("sigmoid", "binary_cross_entropy"): "binary_cross_entropy_with_logits",
    ("softmax", "cross_entropy"): "softmax_cross_entropy",
}

#: Losses that only make sense after one output activation. The probability losses need
#: probabilities, the logit losses need raw scores (a sigmoid before them would be applied twice).
REQUIRED_OUTPUT = {
    "binary_cross_entropy": "sigmoid",
    "cross_entropy": "softmax",
    "binary_cross_entropy_with_logits": "linear",
    "softmax_cross_entropy": "linear",
}

#: Losses averaged over samples (rows) and taking class labels; the others average over all entries.
CATEGORICAL = frozenset({"cross_entropy", "softmax_cross_entropy"})


def init_weights(layer_sizes, activations, method=None, scale=None, seed=0):
    r"""Initial weights of a network: one matrix :math:`W^l` per layer, drawn at random.

    Each :math:`W^l`, of shape :math:`(n_l, n_{l-1})`, is drawn from
    :math:`\mathcal N(0, s_l^2)`, with a standard deviation :math:`s_l` set by ``method``,
    Glorot's or He's:

    .. math::

        s_l^{\text{glorot}} = \sqrt{\frac{2}{n_{l-1} + n_l}}, \qquad
        s_l^{\text{he}} = \sqrt{\frac{2}{n_{l-1}}}.

    Glorot's variance, :math:`2/(n_{l-1} + n_l)`, is the harmonic mean of :math:`1/n_{l-1}`,
    which keeps the variance of the signal constant forward through a layer whose activation
    has slope 1 at 0 (such as tanh), and :math:`1/n_l`, which keeps that of the gradient
    constant backward; He's, :math:`2/n_{l-1}`, doubles the forward one for the ReLU family,
    which zeroes half of its inputs. ``"normal"`` takes :math:`s_l` = ``scale`` for every layer,
    a scale chosen by hand; ``"zeros"`` sets :math:`W^l = 0`, which gives every unit of a
    layer the same weights, and gradient descent never tells them apart.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer from the input to the output, :math:`n_0, \dots, n_L`; at least two
        positive integers.
    activations : sequence of str
        The activation of each layer :math:`1, \dots, L` (``L = len(layer_sizes) - 1``
        names in ``ACTIVATIONS``), as a :class:`FeedForwardNetwork` applies them: the
        hidden activation, then the output activation.
    method : {None, "zeros", "normal", "glorot", "he"}, default None
        ``None``: He for the layers whose activation is in :data:`HE_INIT` (relu,
        leaky_relu, elu, gelu), Glorot for the others. The other methods apply to every
        layer.
    scale : float, optional
        The standard deviation :math:`s > 0` of ``method="normal"``; only with that method.
    seed : int or numpy.random.SeedSequence, default 0
        Seeds the generator (``np.random.default_rng(seed)``); the layers are drawn in order.

    Returns
    -------
    list of ndarray
        ``weights[l - 1]`` is :math:`W^l`, of shape ``(layer_sizes[l], layer_sizes[l - 1])``.

    Raises
    ------
    TypeError
        If an argument is of the wrong kind (a size that is not an integer, a method or an
        activation that is not a name, a scale that is not a number).
    ValueError
        If a size is below 1, the numbers of sizes and activations do not fit, a name is
        unknown, or ``scale`` is missing, not positive, or given with another method.

    Notes
    -----
    :class:`FeedForwardNetwork` calls this function with the first of two seeds that it
    spawns from its own ``seed`` (the second shuffles its minibatches), so
    ``FeedForwardNetwork(sizes, seed=0).weights`` is
    ``init_weights(sizes, ..., seed=np.random.SeedSequence(0).spawn(2)[0])``.

    Examples
    --------
    >>> from nnmath.network import init_weights
    >>> weights = init_weights([400, 300, 10], ["relu", "softmax"])
    >>> [W.shape for W in weights]
    [(300, 400), (10, 300)]
    >>> [round(float(W.std()), 3) for W in weights]  # He, sqrt(2/400); Glorot, sqrt(2/310)
    [0.071, 0.08]
    >>> init_weights([2, 3], ["tanh"], method="zeros")
    [array([[0., 0.],
           [0., 0.],
           [0., 0.]])]
    """
    sizes = _check_layer_sizes(layer_sizes)
    names = as_list(activations, "activations", "names, one per layer", length=len(sizes) - 1)
    activations = [check_choice(name, "activations", ACTIVATIONS) for name in names]
    if method is not None:
        check_choice(method, "method", INIT_METHODS)
    if method == "normal":
        if scale is None:
            raise ValueError("method 'normal' needs scale, its standard deviation")
        scale = check_scalar(scale, "scale", low=0.0, low_open=True)
    elif scale is not None:
        raise ValueError(f"scale is the standard deviation of method 'normal', not of {method!r}")
    if not isinstance(seed, np.random.SeedSequence):
        seed = check_scalar(seed, "seed", low=0, integer=True)
    rng = np.random.default_rng(seed)
    weights = []
    for n_in, n_out, activation in zip(sizes[:-1], sizes[1:], activations):
        if method == "zeros":
            weights.append(np.zeros((n_out, n_in)))
            continue
        if method == "normal":
            std = scale
        elif method == "he" or (method is None and activation in HE_INIT):
            std = np.sqrt(2.0 / n_in)  # He
        else:
            std = np.sqrt(2.0 / (n_in + n_out))  # Glorot
        weights.append(rng.normal(0.0, std, size=(n_out, n_in)))
    return weights


class _FlatParameters:
    """Every weight and bias in one vector, so that an optimizer updates them in one pass.

    ``theta`` holds a copy of the weights, then the biases, each flattened; ``weights`` and
    ``biases`` are views of it shaped like the network's arrays; ``gather`` lays gradients out
    the same way in ``gradient``. The optimizers are elementwise, so one step on ``theta`` is
    the step on each array, with one NumPy call per operation instead of one per array.
    """

    def __init__(self, weights, biases):
        self.theta = np.concatenate([a.ravel() for a in weights + biases])
        self.gradient = np.empty_like(self.theta)
        views, start = [], 0
        for a in weights + biases:
            views.append(self.theta[start : start + a.size].reshape(a.shape))
            start += a.size
        self.weights, self.biases = views[: len(weights)], views[len(weights) :]

    def gather(self, grads):
        """Copy ``[(dW, db) per layer]`` into ``gradient``, in the layout of ``theta``."""
        np.concatenate([dW.ravel() for dW, _ in grads] + [db for _, db in grads], out=self.gradient)


class _Diverged(ValueError):
    """A weighted input z is not finite: the weights have overflowed (the training diverged)."""


class FeedForwardNetwork:
    r"""A fully connected network trained by minibatch gradient descent.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer from the input to the output, e.g. ``[64, 64, 10]``; at least two
        positive integers.
    hidden_activation : str, default "sigmoid"
        Name in ``ACTIVATIONS`` of the activation of every hidden layer (an elementwise one,
        not ``"softmax"``), used with its default parameters (``leaky_relu`` with
        ``alpha=0.01``, ``elu`` with ``alpha=1``).
    output_activation : str, default "linear"
        Name in ``ACTIVATIONS`` of the output activation; ``"softmax"`` is applied to each row.
    loss : str, default "mse"
        Name in ``LOSSES``. The probability losses need their output activation:
        ``"binary_cross_entropy"`` with ``"sigmoid"``, ``"cross_entropy"`` with ``"softmax"``.
        The losses on logits, ``"binary_cross_entropy_with_logits"`` and
        ``"softmax_cross_entropy"``, need ``output_activation="linear"``: the network then
        outputs logits (:meth:`predict` returns them; apply ``sigmoid`` or ``softmax`` for
        probabilities). ``"mse"``, ``"mae"`` and ``"hinge"`` go with any output activation.
    l1, l2 : float, default 0.0
        Penalty strengths :math:`\lambda_1, \lambda_2 \ge 0` on the weights (never the biases):
        the loss adds :math:`\lambda_1 \sum |w| + \frac{\lambda_2}{2} \sum w^2` over all layers
        (:mod:`nnmath.regularization`).
    seed : int, default 0
        Seeds the initial weights and the shuffling in :meth:`fit`, so that a run repeats exactly.
    init : None, str or (str, float), default None
        How the weights start, a method of :func:`init_weights`: ``None`` (He or Glorot by
        activation, below), ``"zeros"``, ``"glorot"``, ``"he"``, or ``("normal", scale)``
        for :math:`\mathcal N(0, \text{scale}^2)`. The biases start at zero.

    Attributes
    ----------
    weights : list
        ``weights[l - 1]`` is :math:`W^l`, an array of shape
        ``(layer_sizes[l], layer_sizes[l - 1])``.
    biases : list
        ``biases[l - 1]`` is :math:`b^l`, an array of shape ``(layer_sizes[l],)``.

    Notes
    -----
    Initialisation (:func:`init_weights`): biases are zero; by default the weights of a layer
    are drawn from :math:`\mathcal N(0, s^2)` with ``np.random.default_rng`` seeded by
    ``seed``, where the activation applied to the layer's output decides :math:`s`: He,
    :math:`s = \sqrt{2 / n_{in}}`, for relu, leaky_relu, elu and gelu; Glorot (Xavier),
    :math:`s = \sqrt{2 / (n_{in} + n_{out})}`, for sigmoid, tanh, linear, softplus and softmax.

    Targets ``y`` have one row per sample. For ``"cross_entropy"`` and
    ``"softmax_cross_entropy"`` they are integer class labels of shape ``(N,)`` or rows of
    shape ``(N, K)`` that sum to 1 (one-hot). For the other losses they have the output's shape
    ``(N, K)``; when ``K = 1`` a vector of shape ``(N,)`` is accepted and read as one column.

    Examples
    --------
    XOR, which no network without a hidden layer can learn:

    >>> import numpy as np
    >>> from nnmath.network import FeedForwardNetwork
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> y = np.array([0.0, 1.0, 1.0, 0.0])
    >>> net = FeedForwardNetwork([2, 4, 1], hidden_activation="tanh",
    ...                          output_activation="sigmoid", loss="binary_cross_entropy")
    >>> [W.shape for W in net.weights], [b.shape for b in net.biases]
    ([(4, 2), (1, 4)], [(4,), (1,)])
    >>> history = net.fit(X, y, epochs=500, batch_size=4, learning_rate=1.0)
    >>> history["loss"][-1] < history["loss"][0] / 10
    True
    >>> net.predict(X).round().ravel()
    array([0., 1., 1., 0.])
    """

    def __init__(
        self,
        layer_sizes,
        hidden_activation="sigmoid",
        output_activation="linear",
        loss="mse",
        l1=0.0,
        l2=0.0,
        seed=0,
        init=None,
    ):
        self.layer_sizes = _check_layer_sizes(layer_sizes)
        hidden_choices = [name for name in ACTIVATIONS if name != "softmax"]
        self.hidden_activation = check_choice(
            hidden_activation, "hidden_activation", hidden_choices
        )
        self.output_activation = check_choice(output_activation, "output_activation", ACTIVATIONS)
        self.loss_name = check_choice(loss, "loss", LOSSES)
        required = REQUIRED_OUTPUT.get(loss)
        if required is not None and output_activation != required:
            raise ValueError(
                f"loss {loss!r} needs output_activation={required!r}, got {output_activation!r}"
            )
        if output_activation == "softmax" and self.layer_sizes[-1] < 2:
            raise ValueError("output_activation 'softmax' needs at least 2 output units")
        self.l1 = check_scalar(l1, "l1", low=0.0)
        self.l2 = check_scalar(l2, "l2", low=0.0)
        self.seed = check_scalar(seed, "seed", low=0, integer=True)
        method, scale = _check_init(init)
        self.init = init

        # The formulas of ACTIVATIONS and LOSSES without their input checks (the KERNELS of
        # nnmath.activations and nnmath.losses): every public method checks X and y once,
        # before the passes, so that a training step costs little more than its products.
        self._sigma, self._sigma_prime = _kernels(ACTIVATIONS[hidden_activation])
        self._output, self._output_prime = _kernels(ACTIVATIONS[output_activation])
        self._loss, self._loss_prime = _kernels(LOSSES[loss], LOSS_KERNELS)
        self._logits_loss = MATCHED_PAIRS.get((output_activation, loss))  # None if not matched
        self._categorical = loss in CATEGORICAL

        init_seed, shuffle_seed = np.random.SeedSequence(self.seed).spawn(2)
        L = len(self.layer_sizes) - 1
        activations = [hidden_activation] * (L - 1) + [output_activation]
        self.weights = init_weights(self.layer_sizes, activations, method, scale, seed=init_seed)
        self.biases = [np.zeros(n) for n in self.layer_sizes[1:]]
        self._shuffle_rng = np.random.default_rng(shuffle_seed)  # used by fit only

    def __repr__(self):
        return (
            f"FeedForwardNetwork({list(self.layer_sizes)}, "
            f"hidden_activation={self.hidden_activation!r}, "
            f"output_activation={self.output_activation!r}, loss={self.loss_name!r}, "
            f"l1={self.l1!r}, l2={self.l2!r}, seed={self.seed!r}, init={self.init!r})"
        )

    # ------------------------------------------------------------------ forward
    def forward_pass(self, X):
        r"""Weighted inputs z and activations of every layer.

        Parameters
        ----------
        X : array_like, shape (N, n_in)
            One sample per row.

        Returns
        -------
        zs : list of ndarray
            ``zs[l]`` is :math:`Z^l`, shape ``(N, layer_sizes[l])``, for ``l = 1, ..., L``;
            ``zs[0]`` is ``None`` (the input has no weighted input), so indices match the book.
        activations : list of ndarray
            ``activations[l]`` is :math:`A^l`; ``activations[0]`` is ``X`` as float64.
        """
        return self._forward(self._check_X(X))

    def _forward(self, A, output=True):
        """The forward pass of checked inputs ``A``; raises ``_Diverged`` if a weighted input
        is not finite (the weights have overflowed). ``output=False`` stops at z^L:
        ``activations`` then ends with a^{L-1} (for the losses on logits)."""
        zs, activations = [None], [A]
        L = len(self.weights)
        # a z that overflows is refused below; underflow to 0 is right (as in the kernels)
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            for l in range(1, L + 1):
                Z = A @ self.weights[l - 1].T + self.biases[l - 1]  # z^l = W^l a^{l-1} + b^l
                if not np.isfinite(Z).all():
                    raise _Diverged(
                        f"the weighted inputs z of layer {l} are not finite: the weights have "
                        "overflowed (a learning rate too large makes the training diverge)"
                    )
                zs.append(Z)
                if l < L:
                    A = self._sigma(Z)  # a^l = sigma(z^l)
                    activations.append(A)
                elif output:
                    activations.append(self._output(Z))  # a^L = sigma_L(z^L)
        return zs, activations

    def forward(self, X):
        """Output activations :math:`A^L`, shape ``(N, layer_sizes[-1])``, of ``X`` (N, n_in)."""
        return self.forward_pass(X)[1][-1]

    def predict(self, X):
        """Output activations for inputs ``X`` of shape (N, n_in), as :meth:`forward`.

        Probabilities for a sigmoid or softmax output; logits (raw scores) for a linear output,
        including the ``*_with_logits`` and ``softmax_cross_entropy`` losses.
        """
        return self.forward(X)

    # --------------------------------------------------------------------- loss
    def penalty(self):
        r"""The weight penalty on all layers, biases excluded.

        .. math::

            \lambda_1 \sum_{l,j,k} |W^l_{jk}| + \frac{\lambda_2}{2} \sum_{l,j,k} (W^l_{jk})^2

        Returns
        -------
        float
        """
        total = 0.0
        for W in self.weights:
            if self.l1:
                total += l1_penalty(W, self.l1)
            if self.l2:
                total += l2_penalty(W, self.l2)
        return float(total)

    def loss(self, X, y):
        """The training objective: the mean data loss over ``(X, y)`` plus :meth:`penalty`.

        For the matched pairs (sigmoid with binary cross-entropy, softmax with cross-entropy)
        the data loss is evaluated from the weighted inputs by the loss's logits form, the
        same number that never takes ``log(0)`` when the output saturates.

        Parameters
        ----------
        X : array_like, shape (N, n_in)
        y : array_like, shape (N, K), or (N,) (see the class docstring)

        Returns
        -------
        float
        """
        X = self._check_X(X)
        return self._objective(X, self._check_y(y, X.shape[0]))

    def _objective(self, X, Y):
        # checked X and Y; raises _Diverged or OverflowError if the weights have overflowed
        zs, activations = self._forward(X, output=self._logits_loss is None)
        with np.errstate(under="ignore"):
            if self._logits_loss is not None:
                data_loss = LOSS_KERNELS[self._logits_loss](Y, zs[-1])
            else:
                data_loss = self._loss(Y, activations[-1])
        return float(data_loss) + self.penalty()

    # ----------------------------------------------------------------- backward
    def backward(self, X, y):
        """Exact gradient of :meth:`loss` with respect to every weight and bias.

        Parameters
        ----------
        X : array_like, shape (N, n_in)
        y : array_like, shape (N, K), or (N,) (see the class docstring)

        Returns
        -------
        list of (ndarray, ndarray)
            ``[(dW, db) per layer]``, shaped like ``weights[l]`` and ``biases[l]``.

        Examples
        --------
        >>> net = FeedForwardNetwork([3, 5, 2], hidden_activation="relu")
        >>> grads = net.backward(np.ones((4, 3)), np.zeros((4, 2)))
        >>> [(dW.shape, db.shape) for dW, db in grads]
        [((5, 3), (5,)), ((2, 5), (2,))]
        """
        X = self._check_X(X)
        Y = self._check_y(y, X.shape[0])
        with np.errstate(under="ignore"):
            return self._backward(*self._forward(X), Y)

    def _backward(self, zs, activations, Y):
        L = len(self.weights)
        A_L, Z_L = activations[L], zs[L]
        if self._logits_loss is not None:
            # BP1 for a matched pair: delta^L = (a^L - y) / n,
            # as sigma'(z^L) cancels the denominator of dC/da^L
            n = Y.shape[0] if self._categorical else Y.size  # the mean: rows or entries
            delta = A_L - Y
            delta /= n
        elif self.output_activation == "softmax":
            # BP1 with the softmax Jacobian: delta^L_k = sum_j dC/da^L_j da^L_j/dz^L_k
            dC_da = self._loss_prime(Y, A_L)
            delta = np.einsum("nj,njk->nk", dC_da, self._output_prime(Z_L))
        else:
            # BP1: delta^L = dC/da^L ⊙ sigma'(z^L)  (dC/da^L includes the 1/n)
            delta = self._loss_prime(Y, A_L) * self._output_prime(Z_L)
        grads = [None] * L
        for l in range(L, 0, -1):  # the book's layers L, L-1, ..., 1
            W = self.weights[l - 1]  # W^l
            dW = delta.T @ activations[l - 1]  # BP4: dC/dW^l = delta^l.T @ A^{l-1}
            db = delta.sum(axis=0)  # BP3: dC/db^l = sum over the rows of delta^l
            if self.l1:
                dW += l1_gradient(W, self.l1)  # weights only: lambda_1 sign(W)
            if self.l2:
                dW += l2_gradient(W, self.l2)  # lambda_2 W
            grads[l - 1] = (dW, db)
            if l > 1:
                # BP2: delta^{l-1} = (delta^l W^l) ⊙ sigma'(z^{l-1})
                delta = (delta @ W) * self._sigma_prime(zs[l - 1])
        return grads

    # --------------------------------------------------------------------- fit
    def fit(
        self,
        X,
        y,
        epochs=10,
        batch_size=32,
        learning_rate=0.01,
        momentum=0.0,
        optimizer=None,
        validation_data=None,
        shuffle=True,
        patience=None,
        clip_norm=None,
    ):
        r"""Train by minibatch gradient descent, in place.

        Each epoch visits the training set once in minibatches of ``batch_size`` rows (the last
        one smaller when ``batch_size`` does not divide ``N``), in an order shuffled by the
        network's seeded generator (the rows in order with ``shuffle=False``), and takes one
        step of the optimizer per minibatch (``_step``). The default optimizer is stochastic
        gradient descent with momentum :math:`\mu`, ``SGD(learning_rate, momentum)``:
        :math:`u \leftarrow \mu u + g`, :math:`\theta \leftarrow \theta - \eta u` for every
        weight and bias :math:`\theta` with gradient :math:`g = \partial C / \partial \theta`
        (plain SGD, :math:`\theta \leftarrow \theta - \eta g`, when :math:`\mu = 0`). Inputs
        are validated once, here, not per batch. Calls continue the same shuffling stream, so a
        network built with the same arguments and fitted the same way ends with the same weights.

        Parameters
        ----------
        X : array_like, shape (N, n_in)
        y : array_like, shape (N, K), or (N,) (see the class docstring)
        epochs : int, default 10
        batch_size : int, default 32
        learning_rate : float, default 0.01
            The step :math:`\eta > 0` of the optimizer built here (by default, or from a
            name). With an optimizer instance, which has its own, leave it at its default.
        momentum : float, default 0.0
            :math:`\mu \in [0, 1)` of SGD, the default optimizer or ``"sgd"``; its buffer
            starts at zero on each call. With any other optimizer, leave it at 0.
        optimizer : Optimizer or str, optional
            An optimizer of :mod:`nnmath.optimizers`, whose state (and step count) carries
            over from one call to the next, or a name in :data:`nnmath.optimizers.OPTIMIZERS`
            (``"sgd"``, ``"adagrad"``, ``"rmsprop"``, ``"adam"``, ``"adamw"``), built with
            ``learning_rate`` and its other defaults on each call. It steps one vector that
            holds every weight, then every bias (the optimizers are elementwise, so this is
            the step of each array): during the training ``weights`` and ``biases`` are views
            of that vector, and at the end the trained values are copied into the network's
            own arrays.
        validation_data : tuple (X_val, y_val), optional
            Evaluated with :meth:`loss` after each epoch.
        shuffle : bool, default True
            Shuffle the rows at the start of each epoch; otherwise the batches are the rows in
            order.
        patience : int, optional
            Early stopping on the validation loss (it needs ``validation_data``), as Keras's
            ``EarlyStopping(patience=patience, restore_best_weights=True)``: the training stops
            once ``patience`` >= 1 epochs in a row have not lowered the lowest validation loss
            so far (strictly), or after ``epochs`` epochs, and the weights and biases of the
            epoch with the lowest validation loss (the first, if several tie) are then copied
            back into the network's arrays. The optimizer's state is not rewound. With
            ``None`` every epoch runs and the network keeps the last epoch's weights.
        clip_norm : float, optional
            Gradient clipping by global norm, as ``torch.nn.utils.clip_grad_norm_``: the
            norm :math:`\lVert g \rVert` of all the minibatch's weight and bias gradients
            taken together as one vector :math:`g` (the square root of the sum of the squares
            of every entry, penalty gradients included) is computed before each step, and if
            it exceeds ``clip_norm`` :math:`= c > 0` every gradient is multiplied by
            :math:`c / \lVert g \rVert`, so the step uses a gradient of norm :math:`c` in the
            same direction; otherwise the gradients are used unchanged. (PyTorch divides by
            :math:`\lVert g \rVert + 10^{-6}`; here nothing is added, so the clipped norm is
            :math:`c` itself.) The norm is computed without overflow for entries beyond
            :math:`10^{154}`, whose squares are not float64; a norm beyond float64 itself
            counts as a diverged training. With ``None`` nothing is clipped.

        Returns
        -------
        dict
            ``{"loss": [...], "val_loss": [...]}``: :meth:`loss` (data loss plus penalty) on the
            whole training set and on the validation data after each epoch run (``val_loss``
            is empty without validation data). With ``patience``, also ``"best_epoch"``: the
            number, counting from 1, of the epoch whose weights the network ends with, so that
            its validation loss is ``history["val_loss"][best_epoch - 1]`` (``None`` if no
            epoch had a finite validation loss). If the training diverges (the learning rate
            is too large: a weight, a weighted input or the loss overflows float64), training
            stops after that epoch, whose losses are recorded as ``inf``; the weights are then
            useless, unless ``patience`` restores those of an earlier epoch.

        Examples
        --------
        >>> import numpy as np
        >>> from nnmath.optimizers import Adam
        >>> X = np.linspace(-1, 1, 32)[:, None]
        >>> net = FeedForwardNetwork([1, 8, 1], "tanh")
        >>> before = net.loss(X, X**2)
        >>> history = net.fit(X, X**2, epochs=50, batch_size=8, optimizer=Adam(0.03))
        >>> history["loss"][-1] < before / 10
        True
        """
        X = self._check_X(X)
        Y = self._check_y(y, X.shape[0])
        if validation_data is not None:
            check_pair(validation_data, "validation_data", "(X_val, y_val)")
            X_val = self._check_X(validation_data[0], "validation_data[0]")
            Y_val = self._check_y(validation_data[1], X_val.shape[0], "validation_data[1]")
        epochs = check_scalar(epochs, "epochs", low=0, integer=True)
        batch_size = check_scalar(batch_size, "batch_size", low=1, integer=True)
        shuffle = check_bool(shuffle, "shuffle")
        if patience is not None:
            patience = check_scalar(patience, "patience", low=1, integer=True)
            if validation_data is None:
                raise ValueError("patience needs validation_data: it watches the validation loss")
        if clip_norm is not None:
            clip_norm = check_scalar(clip_norm, "clip_norm", low=0.0, low_open=True)
        optimizer = _build_optimizer(optimizer, learning_rate, momentum)
        flat = _FlatParameters(self.weights, self.biases)
        optimizer._check_shapes([flat.theta])

        history = {"loss": [], "val_loss": []}
        best_loss, best_epoch, best_theta = np.inf, None, None  # for early stopping
        N = X.shape[0]
        weights, biases = self.weights, self.biases
        self.weights, self.biases = flat.weights, flat.biases  # views of flat.theta
        try:
            for epoch in range(1, epochs + 1):
                if shuffle:
                    order = self._shuffle_rng.permutation(N)
                    X_epoch, Y_epoch = X[order], Y[order]  # one copy per epoch; batches are views
                else:
                    X_epoch, Y_epoch = X, Y
                try:
                    # overflow is handled below; underflow to 0 is right (as nnmath's functions)
                    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
                        for start in range(0, N, batch_size):
                            batch = slice(start, start + batch_size)
                            self._step(X_epoch[batch], Y_epoch[batch], optimizer, flat, clip_norm)
                    epoch_loss = self._objective(X, Y)
                    val_loss = None if validation_data is None else self._objective(X_val, Y_val)
                except (_Diverged, OverflowError):
                    # A weight, a weighted input or the loss is beyond float64: the learning
                    # rate is too large and the training has diverged.
                    epoch_loss = val_loss = float("inf")
                history["loss"].append(epoch_loss)
                if validation_data is not None:
                    history["val_loss"].append(val_loss)
                if patience is not None and val_loss < best_loss:
                    best_loss, best_epoch, best_theta = val_loss, epoch, flat.theta.copy()
                if not np.isfinite(epoch_loss):
                    break
                if patience is not None and epoch - (best_epoch or 0) >= patience:
                    break  # patience epochs in a row without a new lowest validation loss
            if best_theta is not None:
                flat.theta[...] = best_theta  # the best epoch's weights and biases
                history["best_epoch"] = best_epoch
            elif patience is not None:
                history["best_epoch"] = None
        finally:  # the trained values, back into the network's own arrays
            for array, trained in zip(weights + biases, self.weights + self.biases):
                array[...] = trained
            self.weights, self.biases = weights, biases
        return history

    def _step(self, X_batch, Y_batch, optimizer, flat, clip_norm=None):
        """One step of gradient descent on one minibatch (Nielsen's ``update_mini_batch``).

        The forward pass, backpropagation (BP1-BP4) for the gradient of the minibatch's cost,
        the gradient clipped to the global norm ``clip_norm`` (if given), and the optimizer's
        update of every weight and bias in place. ``fit`` has checked the inputs;
        ``self.weights`` and ``self.biases`` are views of ``flat.theta``.
        """
        zs, activations = self._forward(X_batch)
        grads = self._backward(zs, activations, Y_batch)  # [(dC/dW^l, dC/db^l) per layer]
        flat.gather(grads)
        if clip_norm is not None:
            norm = _global_norm(flat.gradient)  # over every weight and bias
            if norm > clip_norm:
                flat.gradient *= clip_norm / norm  # g <- c g / ||g||
        optimizer._update([flat.theta], [flat.gradient])  # every weight and bias at once

    # --------------------------------------------------------------- validation
    def _check_X(self, X, name="X"):
        X = as_finite_array(
            X, name, bool_ok=True, empty_ok=False, empty_reason="; it needs one sample per row"
        )
        n_in = self.layer_sizes[0]
        return check_shape(X, name, (None, n_in), described=f"(N, {n_in}), one sample per row")

    def _check_y(self, y, n_rows, name="y"):
        y = as_finite_array(y, name, bool_ok=True)
        K = self.layer_sizes[-1]
        if self.loss_name in CATEGORICAL:  # class indices (N,) or one-hot rows (N, K)
            return as_one_hot(y, name, K, n_rows, "X")
        shapes, described = [(n_rows, K)], f"({n_rows}, {K})"
        if K == 1:
            shapes, described = shapes + [(n_rows,)], f"{described} or ({n_rows},)"
        y = check_shape(y, name, *shapes, described=f"{described}, one row per row of X")
        if self.loss_name.startswith("binary_cross_entropy"):
            check_unit_interval(y, name, "binary targets")
        if self.loss_name == "hinge":
            check_hinge_labels(y, name)
        return y.reshape(n_rows, K)


@rescaled_on_overflow(degree=1, what="fit: the norm of the gradient")
def _global_norm(g):
    """The 2-norm of the vector ``g``, also when its squares overflow (``|g_i| > 1e154``)."""
    return np.sqrt(g @ g)


def _build_optimizer(optimizer, learning_rate, momentum):
    """The optimizer ``fit`` steps with: ``optimizer`` itself, or one built from a name or by
    default with ``learning_rate`` and, for SGD, ``momentum``."""
    if isinstance(optimizer, Optimizer):
        if not (_is_number(learning_rate, 0.01) and _is_number(momentum, 0.0)):
            raise ValueError(
                "learning_rate and momentum are set on the optimizer instance, not in fit; "
                f"got learning_rate={learning_rate!r}, momentum={momentum!r} with {optimizer!r}"
            )
        return optimizer
    name = "sgd" if optimizer is None else check_choice(optimizer, "optimizer", OPTIMIZERS)
    if name == "sgd":
        return SGD(learning_rate, momentum=momentum)
    if not _is_number(momentum, 0.0):
        raise ValueError(f"momentum applies to SGD, not to {name!r}, got momentum={momentum!r}")
    return OPTIMIZERS[name](learning_rate)


def _is_number(value, number) -> bool:
    """Whether ``value`` is the number ``number`` (an argument left at its default)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == number


def _check_layer_sizes(layer_sizes):
    """``layer_sizes`` as a tuple of at least two positive integers; raise otherwise."""
    sizes = as_list(layer_sizes, "layer_sizes", "sizes (input to output)", at_least=2)
    return tuple(
        check_scalar(n, f"layer_sizes[{i}]", low=1, integer=True) for i, n in enumerate(sizes)
    )


def _check_init(init):
    """``init`` as (method, scale) for :func:`init_weights`; raise naming ``init`` otherwise."""
    if isinstance(init, (tuple, list)):
        check_pair(init, "init", "(method, scale)")
        return check_choice(init[0], "init[0]", ["normal"]), init[1]
    if init == "normal":
        raise ValueError("init 'normal' needs its standard deviation: pass ('normal', scale)")
    if init is not None:
        check_choice(init, "init", INIT_METHODS)
    return init, None


def _kernels(pair, kernels=ACTIVATION_KERNELS):
    """The kernels of a (function, derivative) pair: the same formulas without the checks."""
    return tuple(kernels[function.__name__] for function in pair)
