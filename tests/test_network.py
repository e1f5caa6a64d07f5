"""nnmath.network: the gradient is exact, training learns, runs repeat, bad input is refused."""

import ast
import inspect

import numpy as np
import pytest

from nnmath import network
from nnmath.activations import ACTIVATIONS
from nnmath.gradcheck import numerical_gradient, relative_error
from nnmath.losses import LOSSES
from nnmath.network import FeedForwardNetwork, init_weights
from nnmath.optimizers import OPTIMIZERS, SGD, Adam, AdamW, RMSprop

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "softplus", "linear"]

# (output activation, loss): the matched pairs, the logit losses, the softmax Jacobian path
# and the plain elementwise BP1.
OUTPUT_LOSS = [
    ("linear", "mse"),
    ("linear", "mae"),
    ("linear", "hinge"),
    ("linear", "binary_cross_entropy_with_logits"),
    ("linear", "softmax_cross_entropy"),
    ("sigmoid", "binary_cross_entropy"),
    ("sigmoid", "mse"),
    ("softmax", "cross_entropy"),
    ("softmax", "mse"),
    ("softmax", "mae"),
    ("tanh", "mse"),
    ("tanh", "hinge"),
    ("softplus", "mse"),
]

PENALTIES = [(0.0, 0.0), (0.01, 0.0), (0.0, 0.05), (0.01, 0.05)]

SIZES = [3, 5, 4, 3]  # two hidden layers, so BP2 runs twice
N = 7  # odd: a column of MAE signs (+-1/n) never sums to an exact 0
KINK_MARGIN = 1e-4  # far beyond the 1e-6 step of the centered differences


def make_targets(loss, rng, n=N, k=SIZES[-1]):
    if loss in ("cross_entropy", "softmax_cross_entropy"):
        return rng.integers(0, k, size=n)  # integer class labels
    if loss in ("binary_cross_entropy", "binary_cross_entropy_with_logits"):
        return rng.integers(0, 2, size=(n, k)).astype(float)
    if loss == "hinge":
        return rng.choice([-1.0, 1.0], size=(n, k))
    if loss == "mse":
        return rng.uniform(0.0, 1.0, size=(n, k))
    return rng.normal(size=(n, k))  # mae


def away_from_kinks(net, X, y):
    """True if no centered difference straddles a kink of relu, leaky_relu, |.|, hinge or L1."""
    zs, activations = net.forward_pass(X)
    hidden = zs[1:-1]
    if net.hidden_activation in ("relu", "leaky_relu") and any(
        np.min(np.abs(z)) < KINK_MARGIN for z in hidden
    ):
        return False
    output = activations[-1]
    if net.loss_name == "mae" and np.min(np.abs(output - y)) < KINK_MARGIN:
        return False
    if net.loss_name == "hinge" and np.min(np.abs(1.0 - y * output)) < KINK_MARGIN:
        return False
    return not (net.l1 and any(np.min(np.abs(W)) < KINK_MARGIN for W in net.weights))


def array_relative_error(a, b):
    """||a - b|| / max(||a||, ||b||) over a whole gradient array (0 when both are 0).

    Not the entrywise ``relative_error``: the difference quotient of a loss of size ~1 carries
    rounding noise of ~1e-10, so an entry that is genuinely ~1e-7 (a unit barely used by the
    data) would show an entrywise relative error of ~1e-3 with a correct gradient.
    """
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def numerical_gradients(net, X, y):
    """[(dW, db) per layer] of net.loss by centered differences, one parameter array at a time."""
    result = []
    for l in range(len(net.weights)):
        pair = []
        for params in (net.weights, net.biases):
            original = params[l]

            def f(p, params=params, l=l, original=original):
                params[l] = p
                try:
                    return net.loss(X, y)
                finally:
                    params[l] = original

            pair.append(numerical_gradient(f, original))
        result.append(tuple(pair))
    return result


def gradient_check_case(hidden, output, loss, l1, l2):
    """A network and data, seeded, with every check point away from the kinks."""
    for seed in range(100):
        rng = np.random.default_rng(seed)
        net = FeedForwardNetwork(SIZES, hidden, output, loss, l1=l1, l2=l2, seed=seed)
        X = rng.normal(size=(N, SIZES[0]))
        y = make_targets(loss, rng)
        if away_from_kinks(net, X, y):
            return net, X, y
    raise AssertionError("no seed in range(100) gives a point away from the kinks")


@pytest.mark.parametrize("l1, l2", PENALTIES)
@pytest.mark.parametrize("output, loss", OUTPUT_LOSS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_backward_matches_finite_differences(hidden, output, loss, l1, l2):
    net, X, y = gradient_check_case(hidden, output, loss, l1, l2)
    analytic = net.backward(X, y)
    numeric = numerical_gradients(net, X, y)
    assert len(analytic) == len(net.weights)
    for l, ((dW, db), (nW, nb)) in enumerate(zip(analytic, numeric)):
        assert dW.shape == net.weights[l].shape and db.shape == net.biases[l].shape
        assert array_relative_error(dW, nW) < 1e-6, f"dW of layer {l + 1}"
        assert array_relative_error(db, nb) < 1e-6, f"db of layer {l + 1}"


def test_gradient_check_notices_a_wrong_gradient():
    # The check above can fail: dropping the 1/n of the mean (a classic slip) is caught.
    net, X, y = gradient_check_case("tanh", "linear", "mse", 0.0, 0.0)
    dW, _ = net.backward(X, y)[0]
    nW, _ = numerical_gradients(net, X, y)[0]
    assert array_relative_error(dW * X.shape[0], nW) > 0.5
    assert relative_error(dW * X.shape[0], nW) > 0.5


@pytest.mark.parametrize(
    "output, loss, probability_loss",
    [
        ("sigmoid", "binary_cross_entropy", "binary_cross_entropy"),
        ("softmax", "cross_entropy", "cross_entropy"),
    ],
)
def test_matched_pair_loss_is_the_probability_loss(output, loss, probability_loss):
    rng = np.random.default_rng(3)
    net = FeedForwardNetwork([4, 6, 3], "tanh", output, loss, seed=1)
    X = rng.normal(size=(10, 4))
    y = make_targets(loss, rng, n=10, k=3)
    expected = LOSSES[probability_loss][0](y, net.predict(X))
    assert net.loss(X, y) == pytest.approx(expected, rel=1e-12)


def test_integer_labels_and_one_hot_rows_agree():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(8, 3))
    labels = rng.integers(0, 3, size=8)
    one_hot = np.eye(3)[labels]
    for output, loss in [("softmax", "cross_entropy"), ("linear", "softmax_cross_entropy")]:
        net = FeedForwardNetwork([3, 4, 3], "relu", output, loss, seed=2)
        assert net.loss(X, labels) == net.loss(X, one_hot)
        for (dW1, db1), (dW2, db2) in zip(net.backward(X, labels), net.backward(X, one_hot)):
            np.testing.assert_array_equal(dW1, dW2)
            np.testing.assert_array_equal(db1, db2)


def test_vector_targets_for_a_single_output():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(7, 2))
    y = rng.normal(size=7)
    net = FeedForwardNetwork([2, 3, 1], "tanh", seed=0)
    assert net.loss(X, y) == net.loss(X, y[:, None])
    for (dW1, db1), (dW2, db2) in zip(net.backward(X, y), net.backward(X, y[:, None])):
        np.testing.assert_array_equal(dW1, dW2)
        np.testing.assert_array_equal(db1, db2)
    wide = FeedForwardNetwork([2, 3, 2], "tanh", seed=0)
    with pytest.raises(ValueError, match="y"):
        wide.loss(X, y)


def test_shapes_of_parameters_and_of_the_forward_pass():
    net = FeedForwardNetwork([4, 7, 5, 2], "relu", "softmax", "cross_entropy")
    assert [W.shape for W in net.weights] == [(7, 4), (5, 7), (2, 5)]
    assert [b.shape for b in net.biases] == [(7,), (5,), (2,)]
    assert all(np.all(b == 0) for b in net.biases)
    X = np.random.default_rng(0).normal(size=(9, 4))
    zs, activations = net.forward_pass(X)
    assert zs[0] is None
    assert [z.shape for z in zs[1:]] == [(9, 7), (9, 5), (9, 2)]
    assert [a.shape for a in activations] == [(9, 4), (9, 7), (9, 5), (9, 2)]
    np.testing.assert_array_equal(activations[0], X)
    # z^l = W^l a^{l-1} + b^l, one sample per row
    np.testing.assert_allclose(zs[2], activations[1] @ net.weights[1].T + net.biases[1])
    np.testing.assert_allclose(activations[2], ACTIVATIONS["relu"][0](zs[2]))
    np.testing.assert_allclose(net.forward(X).sum(axis=1), 1.0)
    np.testing.assert_array_equal(net.predict(X), activations[-1])


@pytest.mark.parametrize(
    "hidden, expected_std",
    [
        ("relu", np.sqrt(2 / 400)),
        ("gelu", np.sqrt(2 / 400)),
        ("tanh", np.sqrt(2 / 700)),
        ("sigmoid", np.sqrt(2 / 700)),
    ],
)
def test_initialisation_he_for_relu_family_glorot_otherwise(hidden, expected_std):
    net = FeedForwardNetwork([400, 300, 20], hidden, "linear")
    assert np.std(net.weights[0]) == pytest.approx(expected_std, rel=0.02)
    assert abs(np.mean(net.weights[0])) < 0.05 * expected_std
    # the output layer follows its own (linear) activation: Glorot
    assert np.std(net.weights[1]) == pytest.approx(np.sqrt(2 / 320), rel=0.05)


def test_all_lists_every_public_name_the_module_defines():
    # the tables and functions defined in nnmath.network (not imported) are exported, and
    # every other name it defines is private
    tree = ast.parse(inspect.getsource(network))
    defined = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            defined.update(target.id for target in node.targets if isinstance(target, ast.Name))
    public = {name for name in defined if not name.startswith("_")}
    assert set(network.__all__) == public
    assert {"CATEGORICAL", "HE_INIT", "INIT_METHODS", "init_weights"} <= public


def test_init_weights_is_the_networks_initialisation():
    # the network draws its weights with init_weights, from the first seed it spawns
    for hidden, output in [("relu", "softmax"), ("tanh", "linear"), ("elu", "sigmoid")]:
        sizes = [5, 7, 6, 3]
        net = FeedForwardNetwork(sizes, hidden, output, seed=3)
        weights = init_weights(
            sizes, [hidden, hidden, output], seed=np.random.SeedSequence(3).spawn(2)[0]
        )
        for W, V in zip(net.weights, weights):
            np.testing.assert_array_equal(W, V)


@pytest.mark.parametrize(
    "method, expected_std",
    [
        ("he", [np.sqrt(2 / 400), np.sqrt(2 / 300)]),
        ("glorot", [np.sqrt(2 / 700), np.sqrt(2 / 320)]),
        (None, [np.sqrt(2 / 400), np.sqrt(2 / 320)]),  # relu layer, then a softmax layer
    ],
)
def test_init_weights_methods_set_the_standard_deviation(method, expected_std):
    weights = init_weights([400, 300, 20], ["relu", "softmax"], method=method, seed=1)
    for W, std in zip(weights, expected_std):
        assert np.std(W) == pytest.approx(std, rel=0.05)
    normal = init_weights([400, 300, 20], ["relu", "softmax"], method="normal", scale=0.3)
    assert [np.std(W) for W in normal] == pytest.approx([0.3, 0.3], rel=0.05)
    zeros = init_weights([4, 3, 2], ["tanh", "linear"], method="zeros")
    assert [W.shape for W in zeros] == [(3, 4), (2, 3)] and not any(W.any() for W in zeros)


def test_init_argument_reaches_the_weights_and_leaves_the_biases_at_zero():
    X, y = np.ones((4, 3)), np.ones((4, 2))
    zeros = FeedForwardNetwork([3, 5, 2], "tanh", init="zeros")
    assert not any(W.any() for W in zeros.weights) and not any(b.any() for b in zeros.biases)
    # equal (zero) weights give every hidden unit the same gradient: the symmetry never breaks
    dW1 = zeros.backward(X + np.arange(3), y)[0][0]
    np.testing.assert_array_equal(dW1, np.broadcast_to(dW1[0], dW1.shape))
    wide = FeedForwardNetwork([300, 200, 2], "tanh", init=("normal", 0.5), seed=2)
    assert np.std(wide.weights[0]) == pytest.approx(0.5, rel=0.05)
    he = FeedForwardNetwork([400, 300, 2], "tanh", init="he")
    assert np.std(he.weights[0]) == pytest.approx(np.sqrt(2 / 400), rel=0.05)
    assert "init='he'" in repr(he)


@pytest.mark.parametrize(
    "init, error, pattern",
    [
        ("xavier", ValueError, r"^init must be one of \['glorot', 'he', 'normal', 'zeros'\]"),
        ("normal", ValueError, r"^init 'normal' needs its standard deviation"),
        (("normal", -1.0), ValueError, r"^scale must be a finite number > 0"),
        (("normal", "0.1"), TypeError, r"^scale must be a real number"),
        (("normal", 0.1, 0.2), ValueError, r"^init must hold 2 items \(method, scale\), got 3$"),
        (("he", 0.1), ValueError, r"^init\[0\] must be one of \['normal'\]"),
        (1.0, TypeError, r"^init must be a name"),
    ],
)
def test_bad_init_raises_naming_it(init, error, pattern):
    with pytest.raises(error, match=pattern):
        FeedForwardNetwork([3, 2], init=init)


def test_bad_init_weights_arguments_raise_naming_them():
    for kwargs, error, pattern in [
        ({"activations": ["relu"]}, ValueError, r"^activations must hold 2 names, one per layer"),
        ({"activations": "relu"}, TypeError, r"^activations must be a sequence of names"),
        ({"activations": ["relu", "rleu"]}, ValueError, r"^activations must be one of"),
        ({"method": "He"}, ValueError, r"^method must be one of"),
        # a missing scale is the same mistake as FeedForwardNetwork(init="normal"): ValueError
        ({"method": "normal"}, ValueError, r"^method 'normal' needs scale, its standard deviat"),
        ({"method": "normal", "scale": "0.1"}, TypeError, r"^scale must be a real number"),
        ({"seed": "0"}, TypeError, r"^seed must be"),
        ({"seed": -1}, ValueError, r"^seed must be"),
        ({"method": "he", "scale": 0.1}, ValueError, r"^scale is the standard deviation"),
        ({"layer_sizes": [3, 0, 2]}, ValueError, r"^layer_sizes\[1\] must be an integer >= 1"),
    ]:
        arguments = {"layer_sizes": [3, 4, 2], "activations": ["relu", "linear"], **kwargs}
        with pytest.raises(error, match=pattern):
            init_weights(**arguments)


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])


def test_training_learns_xor():
    net = FeedForwardNetwork([2, 4, 1], "tanh", "sigmoid", "binary_cross_entropy", seed=0)
    initial = net.loss(XOR_X, XOR_Y)
    history = net.fit(XOR_X, XOR_Y, epochs=500, batch_size=4, learning_rate=1.0)
    assert len(history["loss"]) == 500 and history["val_loss"] == []
    assert history["loss"][-1] == net.loss(XOR_X, XOR_Y)
    assert history["loss"][-1] < initial / 20
    np.testing.assert_array_equal(net.predict(XOR_X).round().ravel(), XOR_Y)


def sine_regression():
    """64 samples of sin(3x) on [-1, 1] and a 1-16-1 tanh network for them."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(64, 1))
    net = FeedForwardNetwork([1, 16, 1], "tanh", "linear", "mse", seed=1)
    return x, np.sin(3 * x[:, 0]), net


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_training_fits_a_small_regression(momentum):
    x, y, net = sine_regression()
    initial = net.loss(x, y)
    history = net.fit(x, y, epochs=300, batch_size=16, learning_rate=0.05, momentum=momentum)
    assert history["loss"][-1] < initial / 10
    assert history["loss"][-1] < history["loss"][0]


def test_classification_with_validation_history():
    rng = np.random.default_rng(1)
    centres = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.0]])
    labels = rng.integers(0, 3, size=150)
    X = centres[labels] + 0.5 * rng.normal(size=(150, 2))
    net = FeedForwardNetwork([2, 8, 3], "relu", "softmax", "cross_entropy", l2=1e-3, seed=0)
    history = net.fit(
        X[:100],
        labels[:100],
        epochs=30,
        batch_size=10,
        learning_rate=0.1,
        validation_data=(X[100:], labels[100:]),
    )
    assert len(history["loss"]) == len(history["val_loss"]) == 30
    assert history["val_loss"][-1] == net.loss(X[100:], labels[100:])
    assert history["val_loss"][-1] < history["val_loss"][0]
    accuracy = np.mean(net.predict(X[100:]).argmax(axis=1) == labels[100:])
    assert accuracy > 0.95


def test_one_full_batch_epoch_is_one_gradient_step():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(5, 3))
    y = rng.normal(size=(5, 2))
    net = FeedForwardNetwork([3, 4, 2], "sigmoid", "linear", "mse", l1=0.01, l2=0.1)
    expected = [
        (W - 0.3 * dW, b - 0.3 * db)
        for (W, b, (dW, db)) in zip(net.weights, net.biases, net.backward(X, y))
    ]
    net.fit(X, y, epochs=1, batch_size=100, learning_rate=0.3, shuffle=False)
    for (W, b), (W_expected, b_expected) in zip(zip(net.weights, net.biases), expected):
        np.testing.assert_allclose(W, W_expected, rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(b, b_expected, rtol=1e-14, atol=1e-15)


def test_momentum_update_rule():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(5, 3))
    y = rng.normal(size=(5, 1))
    net = FeedForwardNetwork([3, 2, 1], "tanh", seed=4)
    reference = FeedForwardNetwork([3, 2, 1], "tanh", seed=4)
    velocity = [np.zeros_like(p) for p in reference.weights + reference.biases]
    for _ in range(3):  # v <- mu v - eta grad, theta <- theta + v
        grads = reference.backward(X, y)
        flat = [dW for dW, _ in grads] + [db for _, db in grads]
        params = reference.weights + reference.biases
        for i, g in enumerate(flat):
            velocity[i] = 0.5 * velocity[i] - 0.1 * g
            params[i] += velocity[i]
    net.fit(X, y, epochs=3, batch_size=5, learning_rate=0.1, momentum=0.5, shuffle=False)
    for p, q in zip(net.weights + net.biases, reference.weights + reference.biases):
        np.testing.assert_allclose(p, q, rtol=1e-13, atol=1e-15)


def minibatch_steps_by_hand(net, X, y, batch_size, epochs, update):
    """The batches of fit(..., shuffle=False): the rows in order, the last batch smaller."""
    for _ in range(epochs):
        for start in range(0, len(X), batch_size):
            grads = net.backward(X[start : start + batch_size], y[start : start + batch_size])
            update(net.weights + net.biases, [dW for dW, _ in grads] + [db for _, db in grads])


def regression_data(n=11):
    rng = np.random.default_rng(7)
    X = rng.normal(size=(n, 3))
    return X, np.tanh(X @ [1.0, -2.0, 0.5])


def test_plain_sgd_takes_the_steps_of_the_formula_bit_for_bit():
    # no optimizer, no momentum: theta <- theta - eta g after each batch, rows in order
    X, y = regression_data()
    net = FeedForwardNetwork([3, 5, 1], "sigmoid", l2=0.01, seed=2)
    reference = FeedForwardNetwork([3, 5, 1], "sigmoid", l2=0.01, seed=2)

    def sgd(params, grads):
        for theta, g in zip(params, grads):
            theta -= 0.3 * g

    minibatch_steps_by_hand(reference, X, y, batch_size=4, epochs=3, update=sgd)
    net.fit(X, y, epochs=3, batch_size=4, learning_rate=0.3, shuffle=False)
    for p, q in zip(net.weights + net.biases, reference.weights + reference.biases):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize(
    "make",
    [
        lambda: SGD(0.1, momentum=0.9, nesterov=True),
        lambda: RMSprop(0.01),
        lambda: Adam(0.01),
        lambda: AdamW(0.01, weight_decay=0.1),
    ],
    ids=["nesterov", "rmsprop", "adam", "adamw"],
)
def test_fit_with_an_optimizer_takes_its_steps_on_the_batches_in_order(make):
    X, y = regression_data()
    net = FeedForwardNetwork([3, 5, 1], "tanh", seed=3)
    reference = FeedForwardNetwork([3, 5, 1], "tanh", seed=3)
    optimizer, reference_optimizer = make(), make()
    minibatch_steps_by_hand(reference, X, y, 4, epochs=2, update=reference_optimizer.step)
    net.fit(X, y, epochs=2, batch_size=4, optimizer=optimizer, shuffle=False)
    assert optimizer.t == reference_optimizer.t == 2 * 3  # 11 rows: batches of 4, 4 and 3
    for p, q in zip(net.weights + net.biases, reference.weights + reference.biases):
        np.testing.assert_array_equal(p, q)


def test_an_optimizer_by_name_is_built_with_the_learning_rate():
    X, y = regression_data()
    nets = [FeedForwardNetwork([3, 4, 1], "tanh", seed=1) for _ in range(4)]
    nets[0].fit(X, y, epochs=2, batch_size=4, learning_rate=0.02, optimizer="adam")
    nets[1].fit(X, y, epochs=2, batch_size=4, optimizer=Adam(0.02))
    nets[2].fit(X, y, epochs=2, batch_size=4, learning_rate=0.1, momentum=0.5, optimizer="sgd")
    nets[3].fit(X, y, epochs=2, batch_size=4, learning_rate=0.1, momentum=0.5)
    for first, second in [(nets[0], nets[1]), (nets[2], nets[3])]:
        for p, q in zip(first.weights + first.biases, second.weights + second.biases):
            np.testing.assert_array_equal(p, q)
    assert not np.array_equal(nets[0].weights[0], nets[2].weights[0])


def test_an_optimizer_instance_keeps_its_state_from_one_call_to_the_next():
    X, y = regression_data()
    once, twice = (FeedForwardNetwork([3, 4, 1], "tanh", seed=5) for _ in range(2))
    optimizer = Adam(0.01)
    once.fit(X, y, epochs=4, batch_size=5, optimizer=Adam(0.01), shuffle=False)
    for _ in range(2):
        twice.fit(X, y, epochs=2, batch_size=5, optimizer=optimizer, shuffle=False)
    assert optimizer.t == 4 * 3
    for p, q in zip(once.weights + once.biases, twice.weights + twice.biases):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_optimizer_trains_the_network(name):
    x, y, net = sine_regression()
    initial = net.loss(x, y)
    learning_rate = {"sgd": 0.1, "adagrad": 0.1}.get(name, 0.01)
    history = net.fit(x, y, epochs=200, batch_size=16, learning_rate=learning_rate, optimizer=name)
    assert history["loss"][-1] < initial / 10


def test_fit_trains_the_networks_own_arrays():
    # a reference to a weight array taken before fit sees the trained values
    X, y = regression_data()
    net = FeedForwardNetwork([3, 4, 1], "tanh", seed=1)
    arrays = net.weights + net.biases
    before = [a.copy() for a in arrays]
    net.fit(X, y, epochs=2, batch_size=4, optimizer="adam")
    assert all(a is b for a, b in zip(arrays, net.weights + net.biases))
    assert all(not np.array_equal(a, b) for a, b in zip(arrays, before))


def test_an_optimizer_of_another_network_is_refused():
    optimizer = Adam(0.01)
    FeedForwardNetwork([3, 2], "tanh").fit(np.ones((4, 3)), np.ones((4, 2)), optimizer=optimizer)
    other = FeedForwardNetwork([3, 4, 2], "tanh")
    with pytest.raises(ValueError, match="^params must be the arrays of the previous steps"):
        other.fit(np.ones((4, 3)), np.ones((4, 2)), optimizer=optimizer)


def _trained(seed):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = rng.integers(0, 2, size=40)
    net = FeedForwardNetwork([3, 6, 2], "relu", "softmax", "cross_entropy", seed=seed)
    history = net.fit(X, y, epochs=5, batch_size=8, learning_rate=0.1, momentum=0.5)
    return net, history


def test_seeded_runs_repeat_exactly_and_seeds_differ():
    first, history_first = _trained(seed=7)
    again, history_again = _trained(seed=7)
    other, history_other = _trained(seed=8)
    assert history_first == history_again
    for W, V in zip(first.weights + first.biases, again.weights + again.biases):
        np.testing.assert_array_equal(W, V)
    assert history_first["loss"] != history_other["loss"]
    assert not np.array_equal(first.weights[0], other.weights[0])


def test_shuffling_depends_on_the_seed_not_only_the_initial_weights():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 2))
    y = rng.normal(size=20)
    a = FeedForwardNetwork([2, 3, 1], "tanh", seed=0)
    b = FeedForwardNetwork([2, 3, 1], "tanh", seed=0)
    a.fit(X, y, epochs=1, batch_size=4, shuffle=True)
    b.fit(X, y, epochs=1, batch_size=4, shuffle=False)
    assert not np.array_equal(a.weights[0], b.weights[0])


def test_divergence_stops_training_with_an_infinite_loss():
    rng = np.random.default_rng(0)
    X = 10 * rng.normal(size=(32, 2))
    y = 100 * rng.normal(size=32)
    net = FeedForwardNetwork([2, 16, 1], "relu", "linear", "mse", seed=0)
    history = net.fit(X, y, epochs=200, batch_size=4, learning_rate=10.0, validation_data=(X, y))
    assert len(history["loss"]) == len(history["val_loss"]) < 200
    assert history["loss"][-1] == history["val_loss"][-1] == np.inf
    assert all(np.isfinite(history["loss"][:-1]))


@pytest.mark.parametrize("bad_weight", [np.inf, np.nan, 1e308])
def test_a_diverged_network_is_refused_not_used(bad_weight):
    # weights beyond float64 (or weighted inputs overflowing): every pass says so
    net = FeedForwardNetwork([2, 3, 1], "sigmoid", "linear", "mse", seed=0)
    net.weights[0][0, 0] = bad_weight
    X, y = np.full((4, 2), 2.0), np.ones(4)
    methods = [net.forward, net.predict, net.forward_pass]
    methods += [lambda X: net.loss(X, y), lambda X: net.backward(X, y)]
    for method in methods:
        with pytest.raises(ValueError, match="weighted inputs z of layer 1 are not finite"):
            method(X)


def test_inputs_are_not_modified():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(12, 3))
    y = rng.integers(0, 3, size=12)
    X_val, y_val = rng.normal(size=(4, 3)), rng.integers(0, 3, size=4)
    copies = [a.copy() for a in (X, y, X_val, y_val)]
    net = FeedForwardNetwork([3, 4, 3], "elu", "softmax", "cross_entropy", l1=0.01, l2=0.01)
    weights_before = [W.copy() for W in net.weights]
    net.backward(X, y)
    net.loss(X, y)
    net.predict(X)
    for W, W_before in zip(net.weights, weights_before):
        np.testing.assert_array_equal(W, W_before)  # only fit changes the weights
    net.fit(
        X,
        y,
        epochs=3,
        batch_size=5,
        learning_rate=0.1,
        momentum=0.9,
        validation_data=(X_val, y_val),
    )
    for a, copy in zip((X, y, X_val, y_val), copies):
        np.testing.assert_array_equal(a, copy)


def test_accepts_boolean_targets_and_rejects_non_numeric_input():
    net = FeedForwardNetwork([2, 3, 1], "tanh", "sigmoid", "binary_cross_entropy")
    X = [[0.0, 1.0], [1.0, 0.0]]
    assert net.loss(X, np.array([True, False])) == net.loss(X, [1.0, 0.0])
    with pytest.raises(TypeError, match="^y must hold real numbers"):
        net.loss(X, ["a", "b"])
    with pytest.raises(ValueError, match="^X"):
        net.loss([[0.0, 1.0], [1.0]], [1.0, 0.0])


def test_accepts_lists_and_integer_arrays():
    net = FeedForwardNetwork([2, 3, 1], "tanh", "sigmoid", "binary_cross_entropy")
    X, y = [[0, 1], [1, 0], [1, 1]], [1, 1, 0]
    assert net.loss(X, y) == net.loss(np.array(X, dtype=float), np.array(y, dtype=float))
    assert net.predict(X).dtype == np.float64


@pytest.mark.parametrize(
    "kwargs, argument, exception",
    [
        ({"hidden_activation": "sigmod"}, "hidden_activation", ValueError),
        ({"hidden_activation": "softmax"}, "hidden_activation", ValueError),
        ({"output_activation": "Softmax"}, "output_activation", ValueError),
        ({"loss": "cross-entropy"}, "loss", ValueError),
        ({"loss": None}, "loss", TypeError),  # not a name at all
    ],
)
def test_unknown_names_raise_listing_the_choices(kwargs, argument, exception):
    with pytest.raises(exception, match=argument) as error:
        FeedForwardNetwork([2, 3], **kwargs)
    message = str(error.value)
    choices = LOSSES if argument == "loss" else ACTIVATIONS
    for name in choices:
        if argument == "hidden_activation" and name == "softmax":
            continue
        assert repr(name) in message


@pytest.mark.parametrize(
    "output, loss",
    [
        ("sigmoid", "cross_entropy"),
        ("linear", "cross_entropy"),
        ("softmax", "binary_cross_entropy"),
        ("sigmoid", "binary_cross_entropy_with_logits"),
        ("softmax", "softmax_cross_entropy"),
    ],
)
def test_mismatched_output_and_loss_raise(output, loss):
    with pytest.raises(ValueError, match="output_activation"):
        FeedForwardNetwork([2, 3], "relu", output, loss)


@pytest.mark.parametrize(
    "kwargs, argument, error",
    [
        ({"layer_sizes": [3]}, "layer_sizes", ValueError),
        ({"layer_sizes": [3, 0]}, "layer_sizes", ValueError),
        ({"layer_sizes": [3, 2.5]}, "layer_sizes", TypeError),  # the wrong kind: not integers
        ({"layer_sizes": [True, 2]}, "layer_sizes", TypeError),
        ({"layer_sizes": 3}, "layer_sizes", TypeError),
        ({"layer_sizes": [3, 1], "output_activation": "softmax"}, "softmax", ValueError),
        ({"l1": -0.1}, "l1", ValueError),
        ({"l1": np.nan}, "l1", ValueError),
        ({"l2": np.inf}, "l2", ValueError),
        ({"l2": "0.1"}, "l2", TypeError),
        ({"seed": -1}, "seed", ValueError),
        ({"seed": 1.5}, "seed", TypeError),
    ],
)
def test_bad_constructor_arguments_raise(kwargs, argument, error):
    kwargs = {"layer_sizes": [3, 2], **kwargs}
    with pytest.raises(error, match=argument):
        FeedForwardNetwork(**kwargs)


@pytest.mark.parametrize(
    "loss, output, X, y, argument",
    [
        ("mse", "linear", np.ones(3), np.ones((1, 2)), "X"),
        ("mse", "linear", np.ones((4, 2)), np.ones((4, 2)), "X"),
        ("mse", "linear", np.ones((0, 3)), np.ones((0, 2)), "X"),
        ("mse", "linear", np.full((4, 3), np.nan), np.ones((4, 2)), "X"),
        ("mse", "linear", np.ones((4, 3)), np.ones((5, 2)), "y"),
        ("mse", "linear", np.ones((4, 3)), np.ones((4, 3)), "y"),
        ("mse", "linear", np.ones((4, 3)), np.ones(4), "y"),
        ("mse", "linear", np.ones((4, 3)), np.full((4, 2), np.inf), "y"),
        ("binary_cross_entropy", "sigmoid", np.ones((4, 3)), np.full((4, 2), 2.0), "y"),
        ("hinge", "linear", np.ones((4, 3)), np.zeros((4, 2)), "y"),
        ("cross_entropy", "softmax", np.ones((4, 3)), np.array([0, 1, 2, 1]), "y"),
        ("cross_entropy", "softmax", np.ones((4, 3)), np.array([0, 1, -1, 1]), "y"),
        ("cross_entropy", "softmax", np.ones((4, 3)), np.array([0, 1, 0.5, 1]), "y"),
        ("cross_entropy", "softmax", np.ones((4, 3)), np.ones((4, 2)), "y"),
        ("softmax_cross_entropy", "linear", np.ones((4, 3)), np.ones((4, 3)), "y"),
    ],
)
def test_bad_shapes_and_labels_raise_naming_the_argument(loss, output, X, y, argument):
    net = FeedForwardNetwork([3, 4, 2], "tanh", output, loss)
    for method in (net.loss, net.backward, net.fit):
        with pytest.raises(ValueError, match=rf"^{argument}\b"):
            method(X, y)


def test_bad_validation_data_raises_naming_it():
    net = FeedForwardNetwork([3, 2], "tanh")
    X, y = np.ones((4, 3)), np.ones((4, 2))
    for validation_data, match, error in [
        ((np.ones((2, 2)), np.ones((2, 2))), r"validation_data\[0\]", ValueError),
        ((np.ones((2, 3)), np.ones((3, 2))), r"validation_data\[1\]", ValueError),
        (
            (np.ones((2, 3)),) * 3,
            r"^validation_data must hold 2 items \(X_val, y_val\), got 3$",
            ValueError,
        ),
        (np.ones((2, 3)), "^validation_data must be a pair", TypeError),  # not a pair at all
    ]:
        with pytest.raises(error, match=match):
            net.fit(X, y, validation_data=validation_data)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"epochs": -1}, ValueError, "epochs"),
        ({"epochs": 2.0}, TypeError, "epochs"),  # a float where an integer is wanted
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": np.nan}, ValueError, "learning_rate"),
        ({"momentum": 1.0}, ValueError, "momentum"),
        ({"momentum": -0.1}, ValueError, "momentum"),
        ({"optimizer": "Adam"}, ValueError, r"^optimizer must be one of \['adagrad', 'adam'"),
        ({"optimizer": SGD}, TypeError, "^optimizer must be a name"),
        ({"optimizer": "adam", "momentum": 0.9}, ValueError, "^momentum applies to SGD"),
        ({"optimizer": Adam(0.1), "learning_rate": 0.1}, ValueError, "^learning_rate and momentum"),
        ({"optimizer": SGD(0.1), "momentum": 0.9}, ValueError, "^learning_rate and momentum"),
        ({"optimizer": "rmsprop", "learning_rate": -1.0}, ValueError, "^learning_rate"),
        ({"learning_rate": "0.1"}, TypeError, "^learning_rate"),
        ({"momentum": [0.9]}, TypeError, "^momentum"),
        ({"patience": 0}, ValueError, "^patience"),
        ({"patience": 2.0}, TypeError, "^patience"),
        ({"patience": "3"}, TypeError, "^patience"),
        ({"clip_norm": 0.0}, ValueError, "^clip_norm"),
        ({"clip_norm": -1.0}, ValueError, "^clip_norm"),
        ({"clip_norm": np.inf}, ValueError, "^clip_norm"),
        ({"clip_norm": "1"}, TypeError, "^clip_norm"),
        # "no" would be truthy: a switch that is not True or False is refused, naming it
        ({"shuffle": "no"}, TypeError, r"^shuffle must be True or False"),
        ({"shuffle": 0}, TypeError, r"^shuffle must be True or False"),
        ({"shuffle": None}, TypeError, r"^shuffle must be True or False"),
    ],
)
def test_bad_fit_arguments_raise_before_training(kwargs, error, match):
    # every argument is checked before the first step: the weights and biases are untouched
    net = FeedForwardNetwork([3, 2], "tanh")
    X, y = np.ones((4, 3)), np.ones((4, 2))
    before = [a.copy() for a in net.weights + net.biases]
    with pytest.raises(error, match=match):
        net.fit(X, y, validation_data=(X, y), **kwargs)
    for a, b in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(a, b)


def overfitting_data():
    """20 noisy training points for a wide network, 40 validation points: the validation loss
    falls, then rises and wanders."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = np.sin(2 * X[:, 0]) + 0.5 * rng.normal(size=60)
    return X[:20], y[:20], (X[20:], y[20:])


@pytest.mark.parametrize("patience", [3, 5])
def test_early_stopping_stops_after_patience_epochs_and_restores_the_best_epoch(patience):
    X, y, validation = overfitting_data()
    settings = {"batch_size": 4, "learning_rate": 0.03, "validation_data": validation}
    net = FeedForwardNetwork([2, 32, 1], "tanh", seed=0)
    arrays = net.weights + net.biases
    history = net.fit(X, y, epochs=500, patience=patience, **settings)

    # the same run epoch by epoch: fit's calls continue one shuffling stream (plain SGD)
    by_hand = FeedForwardNetwork([2, 32, 1], "tanh", seed=0)
    losses, val_losses, best, best_epoch, epoch = [], [], np.inf, 0, 0
    while epoch - best_epoch < patience:
        one = by_hand.fit(X, y, epochs=1, **settings)
        epoch += 1
        losses += one["loss"]
        val_losses += one["val_loss"]
        if val_losses[-1] < best:
            best, best_epoch = val_losses[-1], epoch
            best_params = [a.copy() for a in by_hand.weights + by_hand.biases]
    assert best_epoch < epoch < 500  # stopped early, later than the best epoch
    assert history["loss"] == losses and history["val_loss"] == val_losses
    assert history["best_epoch"] == best_epoch
    assert history["val_loss"][best_epoch - 1] == min(history["val_loss"])
    assert all(a is b for a, b in zip(arrays, net.weights + net.biases))  # in place
    for restored, expected in zip(net.weights + net.biases, best_params):
        np.testing.assert_array_equal(restored, expected)
    assert net.loss(*validation) == best
    assert not np.array_equal(by_hand.weights[0], best_params[0])  # the last epoch differs


def test_patience_that_never_runs_out_changes_no_epoch():
    X, y, validation = overfitting_data()
    settings = {"batch_size": 4, "learning_rate": 0.03, "validation_data": validation}
    net = FeedForwardNetwork([2, 32, 1], "tanh", seed=0)
    history = net.fit(X, y, epochs=5, patience=3, **settings)
    plain = FeedForwardNetwork([2, 32, 1], "tanh", seed=0)
    assert plain.fit(X, y, epochs=5, **settings) == {
        "loss": history["loss"],
        "val_loss": history["val_loss"],
    }
    assert len(history["loss"]) == 5
    assert history["best_epoch"] == int(np.argmin(history["val_loss"])) + 1


def test_early_stopping_restores_the_best_epoch_after_divergence():
    # full-batch steps too long for the curvature: the loss grows, then overflows
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(32, 2)), rng.normal(size=32)
    net = FeedForwardNetwork([2, 16, 1], "relu", "linear", "mse", seed=0)
    history = net.fit(
        X, y, epochs=200, batch_size=32, learning_rate=0.7, validation_data=(X, y), patience=50
    )
    assert history["loss"][-1] == np.inf and 2 < len(history["loss"]) < 200  # diverged
    assert np.isfinite(history["val_loss"][-2])
    best = history["best_epoch"]
    assert net.loss(X, y) == history["val_loss"][best - 1] == min(history["val_loss"])


def test_early_stopping_when_the_first_epoch_diverges_has_no_best_epoch():
    rng = np.random.default_rng(0)
    X, y = 10 * rng.normal(size=(32, 2)), 100 * rng.normal(size=32)
    net = FeedForwardNetwork([2, 16, 1], "relu", "linear", "mse", seed=0)
    history = net.fit(X, y, batch_size=4, learning_rate=10.0, validation_data=(X, y), patience=3)
    assert history == {"loss": [np.inf], "val_loss": [np.inf], "best_epoch": None}


def one_step_data():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(6, 3))
    return X, 20 * rng.normal(size=(6, 2))  # large targets: a long gradient


def test_one_clipped_step_is_the_step_along_the_rescaled_gradient():
    X, y = one_step_data()
    net = FeedForwardNetwork([3, 4, 2], "tanh", "linear", "mse", l2=0.1, seed=3)
    pairs = net.backward(X, y)
    W1 = net.weights[0].copy()
    numerical = numerical_gradient(lambda W: _loss_with(net, 0, W, X, y), W1)
    assert relative_error(pairs[0][0], numerical) < 1e-7  # the gradient clipping starts from
    grads = [dW for dW, _ in pairs] + [db for _, db in pairs]  # laid out as weights + biases
    norm = np.sqrt(sum(np.sum(g**2) for g in grads))  # every weight and bias together
    c = norm / 10
    before = [p.copy() for p in net.weights + net.biases]
    expected = [p - 0.05 * (c / norm) * g for p, g in zip(before, grads)]
    net.fit(X, y, epochs=1, batch_size=6, learning_rate=0.05, shuffle=False, clip_norm=c)
    for trained, wanted in zip(net.weights + net.biases, expected):
        np.testing.assert_allclose(trained, wanted, rtol=1e-13, atol=1e-15)
    step = np.sqrt(sum(np.sum((p - q) ** 2) for p, q in zip(before, net.weights + net.biases)))
    np.testing.assert_allclose(step, 0.05 * c, rtol=1e-12)  # the step is eta c long


def test_clipping_a_gradient_whose_squares_overflow():
    # inputs of 1e80 and targets 0: the weight's gradient is about 1e160, finite, but its
    # square is not; the clipped step still has the length eta c, in the gradient's direction
    X, y = np.array([[1e80], [2e80]]), np.zeros((2, 1))
    net = FeedForwardNetwork([1, 1], "linear", "linear", "mse", seed=0)
    ((dW, db),) = net.backward(X, y)
    g = np.array([dW.item(), db.item()])
    assert np.isfinite(g).all() and abs(dW.item()) > 1e155
    with np.errstate(over="ignore"):
        assert not np.isfinite(g @ g)
    unit = g / np.max(np.abs(g))
    unit /= np.sqrt(unit @ unit)
    expected = np.array([net.weights[0].item(), net.biases[0].item()]) - 0.1 * 2.0 * unit
    net.fit(X, y, epochs=1, batch_size=2, learning_rate=0.1, shuffle=False, clip_norm=2.0)
    trained = np.array([net.weights[0].item(), net.biases[0].item()])
    np.testing.assert_allclose(trained, expected, rtol=1e-12, atol=1e-300)


def _loss_with(net, layer, W, X, y):
    saved = net.weights[layer]
    net.weights[layer] = W
    try:
        return net.loss(X, y)
    finally:
        net.weights[layer] = saved


@pytest.mark.parametrize("optimizer", [None, "adam"])
def test_a_clip_norm_above_every_gradient_changes_nothing(optimizer):
    X, y = one_step_data()
    runs = []
    for clip_norm in [None, 1e300]:
        net = FeedForwardNetwork([3, 4, 2], "tanh", "linear", "mse", seed=3)
        history = net.fit(X, y, epochs=5, batch_size=2, optimizer=optimizer, clip_norm=clip_norm)
        runs.append((history, net.weights + net.biases))
    (history, params), (history_clipped, params_clipped) = runs
    assert history == history_clipped
    for p, q in zip(params, params_clipped):
        np.testing.assert_array_equal(p, q)


def test_clipping_bounds_every_step():
    # plain SGD with clip_norm c moves the parameters by at most eta c per minibatch
    X, y = one_step_data()
    net = FeedForwardNetwork([3, 4, 2], "tanh", "linear", "mse", seed=3)
    before = np.concatenate([p.ravel() for p in net.weights + net.biases])
    unclipped = FeedForwardNetwork([3, 4, 2], "tanh", "linear", "mse", seed=3)
    unclipped.fit(X, y, epochs=1, batch_size=2, learning_rate=0.1, shuffle=False)
    net.fit(X, y, epochs=1, batch_size=2, learning_rate=0.1, shuffle=False, clip_norm=0.5)
    after = np.concatenate([p.ravel() for p in net.weights + net.biases])
    free = np.concatenate([p.ravel() for p in unclipped.weights + unclipped.biases])
    assert np.linalg.norm(after - before) <= 3 * 0.1 * 0.5 * (1 + 1e-12)  # three batches
    assert np.linalg.norm(free - before) > 3 * 0.1 * 0.5  # the bound is not trivially met


def test_patience_without_validation_data_raises():
    net = FeedForwardNetwork([3, 2], "tanh")
    with pytest.raises(ValueError, match="^patience needs validation_data"):
        net.fit(np.ones((4, 3)), np.ones((4, 2)), patience=3)
