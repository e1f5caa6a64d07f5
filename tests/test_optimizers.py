"""nnmath.optimizers: the update rules of torch.optim, written out by hand; convergence on a
quadratic; one state per array; the caller's arrays updated in place; bad input refused."""

import numpy as np
import pytest

from nnmath.optimizers import (
    OPTIMIZERS,
    SGD,
    AdaGrad,
    Adam,
    AdamW,
    Optimizer,
    RMSprop,
    inverse_time_decay,
    step_decay,
    trajectory,
)

SHAPES = [(3, 2), (3,), (1, 3)]
STEPS = 5


def gradients(t):
    """A different gradient for every array and every step (signs change, sizes differ)."""
    rng = np.random.default_rng(100 + t)
    return [rng.normal(scale=10.0 ** (i - 1), size=shape) for i, shape in enumerate(SHAPES)]


def start():
    rng = np.random.default_rng(0)
    return [rng.normal(size=shape) for shape in SHAPES]


# The updates written out one array at a time, from the formulas of the torch.optim docs.
def sgd_by_hand(thetas, eta, mu=0.0, nesterov=False):
    u = [None] * len(thetas)
    for t in range(1, STEPS + 1):
        for i, g in enumerate(gradients(t)):
            if mu == 0.0:
                thetas[i] = thetas[i] - eta * g
                continue
            u[i] = g if t == 1 else mu * u[i] + g
            thetas[i] = thetas[i] - eta * (g + mu * u[i] if nesterov else u[i])
    return thetas


def adagrad_by_hand(thetas, eta, eps=1e-10):
    s = [np.zeros_like(theta) for theta in thetas]
    for t in range(1, STEPS + 1):
        for i, g in enumerate(gradients(t)):
            s[i] = s[i] + g**2
            thetas[i] = thetas[i] - eta * g / (np.sqrt(s[i]) + eps)
    return thetas


def rmsprop_by_hand(thetas, eta, rho=0.99, eps=1e-8):
    s = [np.zeros_like(theta) for theta in thetas]
    for t in range(1, STEPS + 1):
        for i, g in enumerate(gradients(t)):
            s[i] = rho * s[i] + (1 - rho) * g**2
            thetas[i] = thetas[i] - eta * g / (np.sqrt(s[i]) + eps)
    return thetas


def adam_by_hand(thetas, eta, beta1=0.9, beta2=0.999, eps=1e-8, decay=0.0, correct=True):
    m = [np.zeros_like(theta) for theta in thetas]
    s = [np.zeros_like(theta) for theta in thetas]
    for t in range(1, STEPS + 1):
        for i, g in enumerate(gradients(t)):
            thetas[i] = thetas[i] * (1 - eta * decay)
            m[i] = beta1 * m[i] + (1 - beta1) * g
            s[i] = beta2 * s[i] + (1 - beta2) * g**2
            m_hat = m[i] / (1 - beta1**t) if correct else m[i]
            s_hat = s[i] / (1 - beta2**t) if correct else s[i]
            thetas[i] = thetas[i] - eta * m_hat / (np.sqrt(s_hat) + eps)
    return thetas


CASES = [
    (SGD(0.1), lambda th: sgd_by_hand(th, 0.1)),
    (SGD(0.1, momentum=0.9), lambda th: sgd_by_hand(th, 0.1, mu=0.9)),
    (SGD(0.05, momentum=0.5, nesterov=True), lambda th: sgd_by_hand(th, 0.05, 0.5, True)),
    (AdaGrad(0.1), lambda th: adagrad_by_hand(th, 0.1)),
    (AdaGrad(0.3, eps=0.01), lambda th: adagrad_by_hand(th, 0.3, eps=0.01)),
    (RMSprop(0.01), lambda th: rmsprop_by_hand(th, 0.01)),
    (RMSprop(0.02, rho=0.9, eps=1e-3), lambda th: rmsprop_by_hand(th, 0.02, 0.9, 1e-3)),
    (Adam(0.01), lambda th: adam_by_hand(th, 0.01)),
    (Adam(0.1, beta1=0.5, beta2=0.9, eps=1e-4), lambda th: adam_by_hand(th, 0.1, 0.5, 0.9, 1e-4)),
    (AdamW(0.01), lambda th: adam_by_hand(th, 0.01, decay=0.01)),
    (AdamW(0.1, beta1=0.8, weight_decay=0.5), lambda th: adam_by_hand(th, 0.1, 0.8, decay=0.5)),
    (AdamW(0.1, weight_decay=0.0), lambda th: adam_by_hand(th, 0.1)),
]


@pytest.mark.parametrize("optimizer, by_hand", CASES, ids=[repr(case[0]) for case in CASES])
def test_update_rule_matches_the_formula_written_out(optimizer, by_hand):
    params = start()
    for t in range(1, STEPS + 1):
        optimizer.step(params, gradients(t))
    expected = by_hand(start())
    assert optimizer.t == STEPS
    for theta, theta_expected in zip(params, expected):
        np.testing.assert_allclose(theta, theta_expected, rtol=1e-13, atol=1e-15)


def test_the_comparison_notices_a_wrong_rule():
    # Adam without its bias correction, or SGD's momentum in Nesterov's form, is caught.
    for optimizer, wrong in [
        (Adam(0.01), adam_by_hand(start(), 0.01, correct=False)),
        (SGD(0.1, momentum=0.9), sgd_by_hand(start(), 0.1, mu=0.9, nesterov=True)),
        (AdamW(0.1, weight_decay=0.5), adam_by_hand(start(), 0.1)),
    ]:
        params = start()
        for t in range(1, STEPS + 1):
            optimizer.step(params, gradients(t))
        assert max(np.max(np.abs(a - b)) for a, b in zip(params, wrong)) > 1e-3


def test_velocity_form_is_the_buffer_form_while_the_learning_rate_is_constant():
    # v <- mu v - eta g, theta <- theta + v   equals   u <- mu u + g, theta <- theta - eta u
    eta, mu = 0.1, 0.9
    theta_v = start()
    v = [np.zeros_like(theta) for theta in theta_v]
    params = start()
    optimizer = SGD(eta, momentum=mu)
    for t in range(1, STEPS + 1):
        for i, g in enumerate(gradients(t)):
            v[i] = mu * v[i] - eta * g
            theta_v[i] = theta_v[i] + v[i]
        optimizer.step(params, gradients(t))
    for a, b, state, velocity in zip(params, theta_v, optimizer.state, v):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(-eta * state["u"], velocity, rtol=1e-13, atol=1e-15)


def quadratic():
    """C(theta) = 1/2 (theta - theta*)^T H (theta - theta*) with curvatures 1 and 10."""
    H = np.array([[5.5, 4.5], [4.5, 5.5]])
    minimiser = np.array([1.0, -2.0])
    return (lambda theta: H @ (theta - minimiser)), minimiser


@pytest.mark.parametrize(
    "optimizer",
    [
        SGD(0.15),
        SGD(0.05, momentum=0.9),
        SGD(0.05, momentum=0.9, nesterov=True),
        AdaGrad(1.0),
        RMSprop(0.01),
        Adam(0.05),
        AdamW(0.05, weight_decay=0.0),
    ],
    ids=repr,
)
def test_each_optimizer_converges_on_a_quadratic(optimizer):
    gradient, minimiser = quadratic()
    points = trajectory(optimizer, gradient, [0.0, 0.0], steps=3000)
    # RMSprop and Adam end oscillating within about eta of the minimiser
    tolerance = 0.05 if isinstance(optimizer, (RMSprop, Adam)) else 1e-6
    assert np.linalg.norm(points[-1] - minimiser) < tolerance
    assert np.linalg.norm(points[0] - minimiser) > 2


def test_adamw_decay_pulls_the_minimiser_towards_zero():
    # with decoupled decay the fixed point is no longer the minimiser of C
    gradient, minimiser = quadratic()
    points = trajectory(AdamW(0.01, weight_decay=1.0), gradient, [0.0, 0.0], steps=5000)
    assert np.linalg.norm(points[-1]) < np.linalg.norm(minimiser) - 0.5


def test_sgd_diverges_beyond_two_over_the_largest_curvature():
    gradient, _ = quadratic()
    stable = trajectory(SGD(0.199), gradient, [0.0, 0.0], steps=200)
    unstable = trajectory(SGD(0.201), gradient, [0.0, 0.0], steps=200)
    assert np.linalg.norm(stable[-1] - stable[-2]) < np.linalg.norm(stable[1] - stable[0])
    assert np.linalg.norm(unstable[-1] - unstable[-2]) > np.linalg.norm(unstable[1] - unstable[0])


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_state_is_per_array(name):
    # two arrays stepped together move exactly as each stepped by its own optimizer
    kwargs = {"momentum": 0.9} if name == "sgd" else {}
    together = OPTIMIZERS[name](0.1, **kwargs)
    alone = [OPTIMIZERS[name](0.1, **kwargs) for _ in SHAPES]
    params, separate = start(), start()
    for t in range(1, STEPS + 1):
        together.step(params, gradients(t))
        for optimizer, theta, g in zip(alone, separate, gradients(t)):
            optimizer.step([theta], [g])
    for a, b in zip(params, separate):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_the_callers_arrays_are_updated_in_place_and_the_gradients_left_alone(name):
    optimizer = OPTIMIZERS[name](0.1)
    params = start()
    ids = [id(theta) for theta in params]
    before = [theta.copy() for theta in params]
    grads = gradients(1)
    grads_before = [g.copy() for g in grads]
    for _ in range(3):
        optimizer.step(params, grads)
    assert [id(theta) for theta in params] == ids
    assert all(not np.array_equal(a, b) for a, b in zip(params, before))
    for g, g_before in zip(grads, grads_before):
        np.testing.assert_array_equal(g, g_before)


def test_the_learning_rate_can_change_between_steps_and_the_state_is_kept():
    optimizer = SGD(0.1, momentum=0.5)
    theta = np.zeros(1)
    optimizer.step([theta], [np.ones(1)])  # u = 1, theta = -0.1
    optimizer.learning_rate = 0.01
    optimizer.step([theta], [np.ones(1)])  # u = 1.5, theta = -0.1 - 0.015
    np.testing.assert_allclose(theta, [-0.115], rtol=1e-15)
    with pytest.raises(ValueError, match="^learning_rate"):
        optimizer.learning_rate = 0.0


def test_optimizers_table():
    assert OPTIMIZERS == {
        "sgd": SGD,
        "adagrad": AdaGrad,
        "rmsprop": RMSprop,
        "adam": Adam,
        "adamw": AdamW,
    }
    assert all(issubclass(cls, Optimizer) for cls in OPTIMIZERS.values())


def test_defaults_are_torchs():
    assert (SGD(1.0).momentum, SGD(1.0).nesterov) == (0.0, False)
    assert AdaGrad(1.0).eps == 1e-10
    assert (RMSprop(1.0).rho, RMSprop(1.0).eps) == (0.99, 1e-8)
    adamw = AdamW(1.0)
    assert (adamw.beta1, adamw.beta2, adamw.eps, adamw.weight_decay) == (0.9, 0.999, 1e-8, 0.01)


def test_repr_names_every_option():
    assert repr(SGD(0.1, momentum=0.9)) == "SGD(learning_rate=0.1, momentum=0.9, nesterov=False)"
    assert repr(AdamW(0.001)) == (
        "AdamW(learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-08, weight_decay=0.01)"
    )


@pytest.mark.parametrize(
    "make, argument",
    [
        (lambda: SGD(0.0), "learning_rate"),
        (lambda: SGD(-0.1), "learning_rate"),
        (lambda: SGD(np.inf), "learning_rate"),
        (lambda: SGD(0.1, momentum=1.0), "momentum"),
        (lambda: SGD(0.1, momentum=-0.1), "momentum"),
        (lambda: SGD(0.1, nesterov=True), "nesterov"),
        (lambda: AdaGrad(0.1, eps=-1e-10), "eps"),
        (lambda: RMSprop(0.1, rho=1.0), "rho"),
        (lambda: RMSprop(0.1, eps=-1.0), "eps"),
        (lambda: Adam(0.1, beta1=1.0), "beta1"),
        (lambda: Adam(0.1, beta2=-0.5), "beta2"),
        (lambda: Adam(0.1, eps=np.nan), "eps"),
        (lambda: AdamW(0.1, weight_decay=-0.01), "weight_decay"),
    ],
)
def test_out_of_range_options_raise_value_error_naming_them(make, argument):
    with pytest.raises(ValueError, match=f"^{argument}"):
        make()


@pytest.mark.parametrize(
    "make, argument",
    [
        (lambda: SGD("0.1"), "learning_rate"),
        (lambda: SGD([0.1]), "learning_rate"),
        (lambda: SGD(0.1, momentum=True), "momentum"),
        (lambda: SGD(0.1, momentum=0.9, nesterov="yes"), "nesterov"),
        (lambda: Adam(0.1, beta1="0.9"), "beta1"),
        (lambda: AdamW(0.1, weight_decay=None), "weight_decay"),
    ],
)
def test_options_of_the_wrong_kind_raise_type_error_naming_them(make, argument):
    with pytest.raises(TypeError, match=f"^{argument}"):
        make()


@pytest.mark.parametrize(
    "params, grads, error, match",
    [
        ([np.zeros(2)], [np.zeros(2), np.zeros(2)], ValueError, "^grads must hold 1 gradients"),
        ([np.zeros(2)], [np.zeros(3)], ValueError, r"^grads\[0\] and params\[0\] must have"),
        ([np.zeros((2, 1))], [np.zeros(2)], ValueError, r"^grads\[0\] and params\[0\] must"),
        ([np.zeros(2)], [np.array([1.0, np.nan])], ValueError, r"^grads\[0\] must contain only"),
        ([np.array([np.inf, 0.0])], [np.zeros(2)], ValueError, r"^params\[0\] must contain only"),
        ([np.zeros(2)], [["a", "b"]], TypeError, r"^grads\[0\] must hold real numbers"),
        ([[0.0, 0.0]], [np.zeros(2)], TypeError, r"^params\[0\] must be a float64 NumPy array"),
        ([np.zeros(2, dtype=int)], [np.zeros(2)], TypeError, r"^params\[0\] must be a float64"),
        (np.zeros(2), [np.zeros(2)], TypeError, "^params must be a list of arrays, got one"),
        ("params", [np.zeros(2)], TypeError, "^params must be a sequence"),
        ([np.zeros(2)], 1.0, TypeError, "^grads must be a sequence"),
    ],
)
def test_bad_params_and_grads_raise_naming_them(params, grads, error, match):
    with pytest.raises(error, match=match):
        Adam(0.1).step(params, grads)


def test_other_arrays_than_those_of_the_first_step_are_refused():
    optimizer = Adam(0.1)
    optimizer.step([np.zeros(2), np.zeros(3)], [np.ones(2), np.ones(3)])
    with pytest.raises(ValueError, match="^params must be the arrays of the previous steps"):
        optimizer.step([np.zeros(3), np.zeros(2)], [np.ones(3), np.ones(2)])
    with pytest.raises(ValueError, match="^params must be the arrays of the previous steps"):
        optimizer.step([np.zeros(2)], [np.ones(2)])


def test_a_gradient_given_as_a_list_is_accepted():
    theta = np.zeros(2)
    SGD(0.5).step([theta], [[1, -2]])
    np.testing.assert_array_equal(theta, [-0.5, 1.0])


def test_trajectory_records_every_point_and_follows_a_schedule():
    points = trajectory(
        SGD(1.0), lambda theta: np.ones_like(theta), [0.0, 0.0], 3, schedule=lambda t: 0.1 * t
    )
    assert points.shape == (4, 2)
    np.testing.assert_allclose(points[:, 0], [0.0, -0.1, -0.3, -0.6])
    with pytest.raises(ValueError, match="^steps"):
        trajectory(SGD(1.0), lambda theta: theta, [0.0], -1)
    with pytest.raises(TypeError, match="^optimizer"):
        trajectory("sgd", lambda theta: theta, [0.0], 1)


def test_schedules():
    assert [step_decay(1.0, t, every=3) for t in range(1, 8)] == [1, 1, 1, 0.5, 0.5, 0.5, 0.25]
    assert step_decay(0.2, 5, every=2, factor=0.1) == pytest.approx(0.002)
    etas = [inverse_time_decay(1.0, t, t0=10) for t in range(1, 200)]
    assert etas[0] == 1.0 and etas[10] == 0.5
    assert all(np.diff(etas) < 0)
    for bad, argument in [
        (lambda: step_decay(0.1, 0, every=2), "t"),
        (lambda: step_decay(0.1, 1, every=0), "every"),
        (lambda: step_decay(0.1, 1, every=2, factor=1.5), "factor"),
        (lambda: inverse_time_decay(0.1, 1, t0=0), "t0"),
        (lambda: inverse_time_decay(-0.1, 1, t0=1), "learning_rate"),
    ]:
        with pytest.raises(ValueError, match=f"^{argument}"):
            bad()
