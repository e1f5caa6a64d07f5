"""nnmath.regularization: L1 and L2 penalties, their gradients and the L2 convention."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnmath import regularization
from nnmath.gradcheck import numerical_gradient, relative_error
from nnmath.regularization import l1_gradient, l1_penalty, l2_gradient, l2_penalty

GRADCHECK_TOL = 1e-7
PAIRS = [(l1_penalty, l1_gradient), (l2_penalty, l2_gradient)]


def _weights(seed: int, shape=(4, 3)) -> np.ndarray:
    """Random weights at least 0.1 away from 0 (the L1 kink)."""
    rng = np.random.default_rng(seed)
    return rng.uniform(0.1, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def test_public_names():
    assert set(regularization.__all__) == {"l1_penalty", "l1_gradient", "l2_penalty", "l2_gradient"}


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("lam", [0.01, 0.3, 2.0])
@pytest.mark.parametrize(("penalty", "gradient"), PAIRS, ids=["l1", "l2"])
def test_gradient_matches_numerical_gradient(penalty, gradient, lam, seed):
    w = _weights(seed)
    analytic = gradient(w, lam)
    numeric = numerical_gradient(lambda v: penalty(v, lam), w)
    assert analytic.shape == w.shape
    assert relative_error(analytic, numeric) < GRADCHECK_TOL


def test_values_are_the_stated_formulas():
    w = np.array([[1.0, -2.0], [0.0, 3.0]])
    assert l1_penalty(w, 0.5) == 0.5 * 6.0
    assert l2_penalty(w, 0.5) == 0.25 * 14.0  # (lam / 2) * sum w^2
    np.testing.assert_array_equal(l1_gradient(w, 0.5), [[0.5, -0.5], [0.0, 0.5]])
    np.testing.assert_array_equal(l2_gradient(w, 0.5), 0.5 * w)


def test_l1_subgradient_is_zero_at_zero():
    np.testing.assert_array_equal(l1_gradient([0.0, -0.0, 1e-300, -1e-300], 2.0), [0, 0, 2, -2])
    assert l1_gradient(0.0, 1.0) == 0.0
    assert not np.any(np.signbit(l1_gradient([0.0, -0.0], 1.0)))  # +0, not -0


@settings(deadline=None)
@given(
    hnp.arrays(np.float64, st.integers(1, 10), elements=st.floats(-10, 10)),
    st.floats(0.0, 1.0),
    st.floats(1e-4, 1.0),
    st.data(),
)
def test_l2_gradient_step_is_weight_decay(w, lam, eta, data):
    """w - eta (grad L + lam w) == (1 - eta lam) w - eta grad L: the weight-decay form."""
    grad_loss = data.draw(hnp.arrays(np.float64, w.shape, elements=st.floats(-10, 10)))
    step = w - eta * (grad_loss + l2_gradient(w, lam))
    decayed = (1 - eta * lam) * w - eta * grad_loss
    np.testing.assert_allclose(step, decayed, rtol=1e-12, atol=1e-12)


@settings(deadline=None)
@given(
    hnp.arrays(np.float64, st.integers(1, 10), elements=st.floats(-1e3, 1e3)),
    st.floats(0.0, 10.0),
)
def test_the_other_l2_convention_is_lam_halved(w, alpha):
    """alpha * sum w^2 (gradient 2 alpha w) is l2_penalty with lam = 2 alpha."""
    assert l2_penalty(w, 2 * alpha) == pytest.approx(alpha * np.sum(w**2), rel=1e-12, abs=1e-300)
    np.testing.assert_allclose(l2_gradient(w, 2 * alpha), 2 * alpha * w, rtol=1e-15)


def test_scikit_learn_ridge_alpha_is_the_other_convention():
    linear_model = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(30, 4)), rng.normal(size=30)
    alpha = 3.0
    w = linear_model.Ridge(alpha=alpha, fit_intercept=False, solver="cholesky").fit(X, y).coef_
    # Ridge minimizes ||y - Xw||^2 + alpha ||w||^2, so at its solution the gradient
    # of the sum of squares plus l2_gradient(w, 2 * alpha) vanishes ...
    grad_data = -2 * X.T @ (y - X @ w)
    np.testing.assert_allclose(grad_data + l2_gradient(w, 2 * alpha), 0.0, atol=1e-10)
    # ... and with lam = alpha it does not
    assert np.max(np.abs(grad_data + l2_gradient(w, alpha))) > 1e-2


def test_penalties_of_a_network_sum_over_layers():
    layers = [_weights(0, (3, 2)), _weights(1, (1, 3))]
    flat = np.concatenate([W.ravel() for W in layers])
    for penalty, _ in PAIRS:
        assert sum(penalty(W, 0.1) for W in layers) == pytest.approx(penalty(flat, 0.1), rel=1e-14)
    # several arrays of different shapes are not one array: a clear error
    with pytest.raises(ValueError, match="w could not be read .*sum the penalty over the layers"):
        l2_penalty(layers, 0.1)


def test_lam_zero_switches_the_penalty_off():
    w = _weights(3)
    assert l1_penalty(w, 0) == 0.0 and l2_penalty(w, 0.0) == 0.0
    for _, gradient in PAIRS:
        g = gradient(w, 0.0)
        np.testing.assert_array_equal(g, 0.0)
        assert not np.any(np.signbit(g))


def test_types_shapes_and_lists():
    assert type(l1_penalty([1, -2], 1)) is float
    assert type(l2_penalty(np.array([1, 2], dtype=np.int32), 1)) is float
    assert l2_penalty([1, 2], 2) == 5.0
    assert l2_penalty([], 1.0) == 0.0
    for _, gradient in PAIRS:
        g = gradient(np.ones((2, 3), dtype=np.float32), np.float32(0.5))
        assert g.dtype == np.float64 and g.shape == (2, 3)
        assert gradient(2.0, 1.0).shape == ()


@pytest.mark.parametrize(("penalty", "gradient"), PAIRS, ids=["l1", "l2"])
def test_inputs_are_unchanged(penalty, gradient):
    w = _weights(4)
    before = w.copy()
    penalty(w, 0.5)
    g = gradient(w, 0.5)
    np.testing.assert_array_equal(w, before)
    assert not np.shares_memory(g, w)
    g1 = gradient(w, 1.0)  # lam = 1: the gradient equals w, but is not w
    assert not np.shares_memory(g1, w)


@pytest.mark.parametrize("function", [l1_penalty, l1_gradient, l2_penalty, l2_gradient])
@pytest.mark.parametrize(
    ("lam", "error", "pattern"),
    [
        (-0.1, ValueError, r"lam must be a finite number >= 0, got -0\.1"),
        (np.nan, ValueError, r"lam must be a finite number"),
        (np.inf, ValueError, r"lam must be a finite number"),
        ([0.1, 0.2], TypeError, r"lam must be a real number, got \[0\.1, 0\.2\]"),
        ("0.1", TypeError, r"lam must be a real number"),
        (None, TypeError, r"lam must be a real number"),
    ],
)
def test_bad_lam_raises_naming_lam(function, lam, error, pattern):
    with pytest.raises(error, match=pattern):
        function([1.0, -1.0], lam)


@pytest.mark.parametrize("function", [l1_penalty, l1_gradient, l2_penalty, l2_gradient])
@pytest.mark.parametrize(
    ("w", "error", "pattern"),
    [
        ([1.0, np.nan], ValueError, r"w must contain only finite numbers"),
        ([np.inf], ValueError, r"w must contain only finite numbers"),
        (["a", "b"], TypeError, r"w must hold real numbers"),
        ([[1.0], [1.0, 2.0]], ValueError, r"w could not be read"),
    ],
)
def test_bad_weights_raise_naming_w(function, w, error, pattern):
    with pytest.raises(error, match=pattern):
        function(w, 0.1)


def test_huge_weights_are_finite_or_loud():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            # sum w^2 overflows, (lam / 2) sum w^2 = 0.125 * 4e308 does not
            assert l2_penalty(np.full(4, 1e154), 0.25) == pytest.approx(5e307, rel=1e-14)
            assert l1_penalty(np.full(4, 1e308), 0.25) == pytest.approx(1e308, rel=1e-14)
            assert l2_penalty(np.full(4, 1e300), 0.0) == 0.0
            np.testing.assert_array_equal(l1_gradient([1e308, -1e-320], 3.0), [3.0, -3.0])
            assert l2_penalty([1e-200], 1.0) == 0.0  # underflow to 0 is the right answer
            with pytest.raises(OverflowError, match="l2_penalty"):
                l2_penalty([1e200], 1.0)
            with pytest.raises(OverflowError, match="l2_gradient"):
                l2_gradient([1e300], 1e10)
