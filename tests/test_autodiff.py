"""nnmath.autodiff: every operation's gradient is exact, broadcasting and reuse accumulate, the
network's backpropagation agrees with the engine, and bad input is refused."""

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

from nnmath import activations, losses
from nnmath.autodiff import (
    Tensor,
    exp,
    grad,
    log,
    log_softmax,
    record,
    relu,
    sigmoid,
    tanh,
    topological_order,
)
from nnmath.gradcheck import check_gradient, relative_error_norm
from nnmath.network import FeedForwardNetwork

rng = np.random.default_rng(2018)
SHAPE = (3, 4)


def weights_like(shape, seed):
    """Fixed random weights, so that sum(w * f(x)) tests every entry of f's Jacobian."""
    return np.random.default_rng(seed).normal(size=shape)


def check_unary(f_tensor, f_numpy, x):
    """The engine's gradient of sum(w * f(x)) against centred differences."""
    w = weights_like(np.shape(f_numpy(x)), 1)
    analytic = grad(lambda t: (f_tensor(t) * w).sum())(x)
    assert analytic.shape == np.shape(x)
    check_gradient(lambda v: float(np.sum(w * f_numpy(v))), x, analytic)


# --------------------------------------------------------------------- unary
POSITIVE = rng.uniform(0.5, 2.0, size=SHAPE)
AWAY_FROM_ZERO = rng.choice([-1.0, 1.0], size=SHAPE) * rng.uniform(0.2, 2.0, size=SHAPE)

UNARY = {
    "exp": (exp, np.exp, AWAY_FROM_ZERO),
    "log": (log, np.log, POSITIVE),
    "tanh": (tanh, np.tanh, AWAY_FROM_ZERO),
    "sigmoid": (sigmoid, lambda v: 1 / (1 + np.exp(-v)), AWAY_FROM_ZERO),
    "relu": (relu, lambda v: np.maximum(v, 0), AWAY_FROM_ZERO),  # no entry near the kink
    "neg": (lambda t: -t, np.negative, AWAY_FROM_ZERO),
    "square": (lambda t: t**2, np.square, AWAY_FROM_ZERO),
    "cube": (lambda t: t**3, lambda v: v**3, AWAY_FROM_ZERO),
    "sqrt": (lambda t: t**0.5, np.sqrt, POSITIVE),
    "reciprocal": (lambda t: t**-1, np.reciprocal, POSITIVE),
    "transpose": (lambda t: t.T, np.transpose, AWAY_FROM_ZERO),
    "log_softmax": (log_softmax, activations.log_softmax, AWAY_FROM_ZERO),
    "log_softmax_axis0": (
        lambda t: log_softmax(t, axis=0),
        lambda v: activations.log_softmax(v, axis=0),
        AWAY_FROM_ZERO,
    ),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_operations_against_finite_differences(name):
    f_tensor, f_numpy, x = UNARY[name]
    check_unary(f_tensor, f_numpy, x)


REDUCTIONS = [
    (None, False),
    (0, False),
    (1, False),
    (-1, True),
    ((0, 1), False),
    (0, True),
]


@pytest.mark.parametrize("method", ["sum", "mean"])
@pytest.mark.parametrize("axis, keepdims", REDUCTIONS)
def test_sum_and_mean_against_finite_differences(method, axis, keepdims):
    x = rng.normal(size=(2, 3, 4))

    def f_numpy(v):
        return getattr(np, method)(v, axis=axis, keepdims=keepdims)

    check_unary(lambda t: getattr(t, method)(axis=axis, keepdims=keepdims), f_numpy, x)


def test_mean_of_nothing_is_refused():
    with pytest.raises(ValueError, match="no element"):
        Tensor(np.zeros((0, 3))).mean()


# -------------------------------------------------------------------- binary
BINARY = {
    "+": (lambda a, b: a + b, np.add),
    "-": (lambda a, b: a - b, np.subtract),
    "*": (lambda a, b: a * b, np.multiply),
    "/": (lambda a, b: a / b, np.divide),
}

# (shape of the left operand, shape of the right): equal, and broadcast both ways.
SHAPES = [
    ((3, 4), (3, 4)),
    ((3, 4), (4,)),  # a bias added to every row: the right operand is broadcast
    ((4,), (3, 4)),  # ... and the left one
    ((3, 1), (1, 4)),  # both stretched
    ((3, 4), ()),  # a scalar
    ((), (3, 4)),
]


@pytest.mark.parametrize("op", sorted(BINARY))
@pytest.mark.parametrize("shapes", SHAPES, ids=str)
@pytest.mark.parametrize("which", [0, 1])
def test_binary_operations_against_finite_differences(op, shapes, which):
    """The gradient with respect to each operand, with the other a constant array."""
    f_tensor, f_numpy = BINARY[op]
    values = [rng.uniform(0.5, 2.0, size=s) for s in shapes]  # positive: safe to divide
    other = values[1 - which]

    def f_of(v, fn, const):
        return fn(v, const) if which == 0 else fn(const, v)

    x = values[which]
    w = weights_like(np.broadcast_shapes(*shapes), 2)
    analytic = grad(lambda t: (f_of(t, f_tensor, other) * w).sum())(x)
    assert analytic.shape == np.shape(x)  # summed back to the operand's shape
    check_gradient(lambda v: float(np.sum(w * f_of(v, f_numpy, other))), x, analytic)


@pytest.mark.parametrize("op", sorted(BINARY))
def test_both_operands_tensors_with_broadcasting(op):
    f_tensor, f_numpy = BINARY[op]
    a = Tensor(rng.uniform(0.5, 2.0, size=(3, 1)))
    b = Tensor(rng.uniform(0.5, 2.0, size=(4,)))
    w = weights_like((3, 4), 3)
    (f_tensor(a, b) * w).sum().backward()
    for tensor, f in [
        (a, lambda v: np.sum(w * f_numpy(v, b.value))),
        (b, lambda v: np.sum(w * f_numpy(a.value, v))),
    ]:
        check_gradient(f, tensor.value, tensor.grad)


MATMUL_SHAPES = [((2, 3), (3, 4)), ((2, 3), (3,)), ((3,), (3, 4)), ((3,), (3,))]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
@pytest.mark.parametrize("tensor_side", ["left", "right", "both"])
def test_matmul_against_finite_differences(shapes, tensor_side):
    A, B = (rng.normal(size=s) for s in shapes)
    w = weights_like(np.shape(A @ B), 4)
    a = Tensor(A) if tensor_side in ("left", "both") else A
    b = Tensor(B) if tensor_side in ("right", "both") else B
    (tanh(a @ b) * w).sum().backward()
    if tensor_side != "right":
        check_gradient(lambda v: np.sum(w * np.tanh(v @ B)), A, a.grad)
    if tensor_side != "left":
        check_gradient(lambda v: np.sum(w * np.tanh(A @ v)), B, b.grad)


def test_matmul_needs_one_or_two_dimensions():
    with pytest.raises(ValueError, match="1-D or 2-D"):
        Tensor(np.ones((2, 2, 2))) @ np.ones((2, 2))
    with pytest.raises(ValueError, match="1-D or 2-D"):
        Tensor(2.0) @ np.ones(2)


def test_a_number_or_an_array_on_either_side():
    x = np.array([1.0, 2.0])
    t = Tensor(x)
    for result, expected in [
        (2.0 + t, 2.0 + x),
        (x - t, np.zeros(2)),
        (np.float64(3.0) * t, 3 * x),
        (1.0 / t, 1 / x),
        (np.ones((2, 2)) @ t, np.ones((2, 2)) @ x),
        (-t, -x),
    ]:
        assert isinstance(result, Tensor)
        np.testing.assert_array_equal(result.value, expected)


# ---------------------------------------------------------- graph semantics
def test_a_node_used_twice_accumulates():
    x = Tensor([1.5, -2.0])
    y = x * x  # x used twice by one operation
    z = y * x + y  # y used twice, by two operations: z = x^3 + x^2
    z.sum().backward()
    np.testing.assert_allclose(x.grad, 3 * x.value**2 + 2 * x.value)
    np.testing.assert_allclose(y.grad, x.value + 1)  # dz/dy = x + 1


def test_backward_twice_gives_the_same_gradient_not_twice_it():
    x = Tensor([1.0, 2.0])
    loss = (x**2).sum()
    loss.backward()
    loss.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0])


def test_backward_on_a_non_scalar_raises():
    with pytest.raises(ValueError, match="scalar"):
        (Tensor([1.0, 2.0]) * 2).backward()
    Tensor([[3.0]]).backward()  # one element is a scalar


def test_constants_get_no_gradient_and_intermediate_nodes_do():
    X = rng.normal(size=(4, 3))
    W = Tensor(rng.normal(size=(2, 3)))
    Z = X @ W.T
    loss = (Z**2).mean()
    loss.backward()
    X_node = Z.parents[0]
    assert X_node.op == "" and X_node.grad is None
    np.testing.assert_allclose(Z.grad, 2 * Z.value / Z.value.size)
    np.testing.assert_allclose(W.grad, Z.grad.T @ X)


def test_topological_order_puts_every_node_after_its_parents():
    x = Tensor(rng.normal(size=3))
    h = tanh(x) * x
    loss = (h + exp(h) * x).sum()
    order = topological_order(loss)
    position = {id(node): i for i, node in enumerate(order)}
    assert len(position) == len(order) and order[-1] is loss and order[0] is x
    for node in order:
        for parent in node.parents:
            assert position[id(parent)] < position[id(node)]


def test_a_deep_graph_does_not_hit_the_recursion_limit():
    x = Tensor(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    np.testing.assert_allclose(x.grad, 1.0001**5000)


def test_record_adds_an_operation():
    def cube(t):
        return record(t.value**3, "cube", (t, lambda g: 3 * t.value**2 * g))

    x = rng.normal(size=4)
    check_unary(cube, lambda v: v**3, x)


def test_grad_returns_an_array_shaped_like_x_and_leaves_x_alone():
    x = rng.normal(size=(2, 3))
    before = x.copy()
    g = grad(lambda t: (t * t).mean())(x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(g, 2 * x / x.size)
    np.testing.assert_array_equal(grad(lambda t: Tensor(1.0) * 2)(x), np.zeros_like(x))


# ------------------------------------------------------------------ numerics
def test_ieee_arithmetic_is_silent_and_the_stable_forms_stay_finite():
    """Under the tests' warnings-as-errors: no RuntimeWarning, inf and NaN where due."""
    assert log(Tensor(0.0)).value == -np.inf
    assert exp(Tensor(1000.0)).value == np.inf
    z_values, y = np.array([[0.0, -745.0]]), np.array([[0.0, 1.0]])
    z = Tensor(z_values)
    e = exp(z)
    naive = -(log(e / e.sum(axis=1, keepdims=True)) * y).sum()  # log of a softmax
    naive.backward()
    assert np.isfinite(naive.value) and not np.all(np.isfinite(z.grad))
    z = Tensor(z_values)
    stable = -(log_softmax(z) * y).sum()
    stable.backward()
    np.testing.assert_allclose(stable.value, 745.0)
    np.testing.assert_allclose(z.grad, activations.softmax(z_values) - y)
    assert sigmoid(Tensor(-1000.0)).value == 0.0 and tanh(Tensor(1e300)).value == 1.0


# --------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "make, error, argument",
    [
        (lambda: Tensor("1.0"), TypeError, "value"),
        (lambda: Tensor([1.0, np.nan]), ValueError, "value"),
        (lambda: Tensor([[1.0], [1.0, 2.0]]), ValueError, "value"),
        (lambda: Tensor([1.0]) + "a", TypeError, "operand"),
        (lambda: Tensor([1.0]) * None, TypeError, "operand"),
        (lambda: Tensor([1.0]) - [np.inf], ValueError, "operand"),
        (lambda: Tensor([1.0]) ** Tensor(2.0), TypeError, "exponent"),
        (lambda: Tensor([1.0]) ** "2", TypeError, "exponent"),
        (lambda: Tensor([1.0]) ** np.inf, ValueError, "exponent"),
        (lambda: log_softmax(Tensor([1.0, 2.0]), axis=1), ValueError, "axis"),
        (lambda: log_softmax(Tensor([1.0, 2.0]), axis=0.5), TypeError, "axis"),
        (lambda: grad(3.0), TypeError, "f"),
        (lambda: grad(lambda t: 1.0)(np.ones(2)), TypeError, "f"),
        (lambda: topological_order(np.ones(2)), TypeError, "root"),
    ],
)
def test_bad_input_raises_naming_the_argument(make, error, argument):
    with pytest.raises(error, match=argument):
        make()


def test_shapes_that_do_not_broadcast_raise():
    with pytest.raises(ValueError):
        Tensor(np.ones(3)) + np.ones(4)
    with pytest.raises(ValueError):
        Tensor(np.ones((2, 3))) @ np.ones((2, 3))


# ------------------------------------------------ the network against the engine
def leaky(t, alpha=0.01):
    return relu(t) - alpha * relu(-t)


def absolute(t):
    return relu(t) + relu(-t)  # |t|, with sign(0) = 0 as the book's L1 and MAE


HIDDEN = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "leaky_relu": leaky,
    "linear": lambda t: t,
}
OUTPUT = {
    "linear": lambda t: t,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "softmax": lambda t: exp(log_softmax(t)),
}


def data_loss(name, Z, A, Y):
    """The network's losses written with Tensor ops; the matched pairs on the logits Z."""
    if name == "mse":
        return ((A - Y) ** 2).mean()
    if name == "mae":
        return absolute(A - Y).mean()
    if name == "hinge":
        return relu(1 - Y * A).mean()
    if name in ("cross_entropy", "softmax_cross_entropy"):  # log_softmax of the logits
        return -(log_softmax(Z) * Y).sum(axis=1).mean()
    if name in ("binary_cross_entropy", "binary_cross_entropy_with_logits"):
        return -(Y * log(sigmoid(Z)) + (1 - Y) * log(sigmoid(-Z))).mean()
    raise AssertionError(name)


def tensor_objective(net, X, Y, weights, biases):
    """FeedForwardNetwork.loss, recorded: the forward pass, the data loss and the penalty."""
    A = X
    L = len(weights)
    for l, (W, b) in enumerate(zip(weights, biases), start=1):
        Z = A @ W.T + b
        A = HIDDEN[net.hidden_activation](Z) if l < L else OUTPUT[net.output_activation](Z)
    loss = data_loss(net.loss_name, Z, A, Y)
    for W in weights:
        if net.l1:
            loss = loss + net.l1 * absolute(W).sum()
        if net.l2:
            loss = loss + net.l2 / 2 * (W**2).sum()
    return loss


def targets(loss, n, k, rng):
    if loss in ("cross_entropy", "softmax_cross_entropy"):
        return np.eye(k)[rng.integers(0, k, size=n)]
    if loss.startswith("binary_cross_entropy"):
        return rng.integers(0, 2, size=(n, k)).astype(float)
    if loss == "hinge":
        return rng.choice([-1.0, 1.0], size=(n, k))
    return rng.normal(size=(n, k))


ARCHITECTURES = [[3, 2], [3, 5, 2], [4, 6, 5, 3]]
OUTPUT_LOSS = [
    ("linear", "mse"),
    ("linear", "mae"),
    ("linear", "hinge"),
    ("sigmoid", "mse"),
    ("tanh", "mse"),
    ("softmax", "mse"),  # the softmax Jacobian route of BP1
    ("softmax", "cross_entropy"),  # matched pair: a - y
    ("sigmoid", "binary_cross_entropy"),  # matched pair
    ("linear", "softmax_cross_entropy"),
    ("linear", "binary_cross_entropy_with_logits"),
]


@pytest.mark.parametrize("sizes", ARCHITECTURES, ids=str)
@pytest.mark.parametrize("hidden", sorted(HIDDEN))
@pytest.mark.parametrize("output, loss", OUTPUT_LOSS)
@pytest.mark.parametrize("l1, l2", [(0.0, 0.0), (0.01, 0.1)])
def test_network_backward_equals_the_engine(sizes, hidden, output, loss, l1, l2):
    net = FeedForwardNetwork(sizes, hidden, output, loss, l1=l1, l2=l2, seed=len(sizes))
    data = np.random.default_rng(sum(sizes))
    net.biases = [data.normal(size=b.shape) for b in net.biases]  # away from zero
    X = data.normal(size=(6, sizes[0]))
    Y = targets(loss, 6, sizes[-1], data)
    weights = [Tensor(W) for W in net.weights]
    biases = [Tensor(b) for b in net.biases]
    objective = tensor_objective(net, X, Y, weights, biases)
    np.testing.assert_allclose(objective.value, net.loss(X, Y), rtol=1e-12)
    objective.backward()
    for (dW, db), W, b in zip(net.backward(X, Y), weights, biases):
        assert relative_error_norm(dW, W.grad) < 1e-12
        assert relative_error_norm(db, b.grad) < 1e-12


def test_the_engine_agrees_with_the_autograd_package():
    """An independent reverse mode: HIPS autograd on autograd.numpy."""
    X = rng.normal(size=(5, 3))
    W = rng.normal(size=(4, 3))
    b = rng.normal(size=4)
    Y = np.eye(4)[rng.integers(0, 4, size=5)]

    def ours(W_t):
        Z = tanh(X @ W_t.T + b) * 2.0 - (X @ W_t.T) ** 2 / 3.0
        return -(log_softmax(Z) * Y).sum(axis=1).mean() + (sigmoid(W_t) / (1 + W_t**2)).sum()

    def theirs(W_a):
        Z = anp.tanh(X @ W_a.T + b) * 2.0 - (X @ W_a.T) ** 2 / 3.0
        Z = Z - anp.max(Z, axis=1, keepdims=True)
        log_p = Z - anp.log(anp.sum(anp.exp(Z), axis=1, keepdims=True))
        return -anp.mean(anp.sum(log_p * Y, axis=1)) + anp.sum(
            1 / (1 + anp.exp(-W_a)) / (1 + W_a**2)
        )

    assert relative_error_norm(grad(ours)(W), autograd.grad(theirs)(W)) < 1e-13
    np.testing.assert_allclose(ours(Tensor(W)).value, theirs(W), rtol=1e-13)


def test_loss_derivatives_of_nnmath_are_the_engine_gradients():
    """The hand-derived *_derivative functions against the same losses written as graphs."""
    Y = np.eye(3)[rng.integers(0, 3, size=4)]
    Z = rng.normal(size=(4, 3))
    np.testing.assert_allclose(
        grad(lambda t: data_loss("softmax_cross_entropy", t, None, Y))(Z),
        losses.softmax_cross_entropy_derivative(Y, Z),
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        grad(lambda t: data_loss("binary_cross_entropy_with_logits", t, None, Y))(Z),
        losses.binary_cross_entropy_with_logits_derivative(Y, Z),
        rtol=1e-12,
    )
