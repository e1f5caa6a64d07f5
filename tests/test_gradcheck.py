"""nnmath.gradcheck: the tool every chapter uses to check its derivations."""

import numpy as np
import pytest

from nnmath.gradcheck import (
    STEP,
    TOLERANCE,
    check_gradient,
    numerical_gradient,
    relative_error,
    relative_error_norm,
)


def test_recovers_gradient_of_quadratic_form():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 4))
    x = rng.normal(size=4)
    f = lambda v: v @ a @ v
    np.testing.assert_allclose(numerical_gradient(f, x), (a + a.T) @ x, rtol=1e-7, atol=1e-9)


def test_recovers_gradient_of_matrix_argument():
    rng = np.random.default_rng(1)
    w = rng.normal(size=(3, 2))
    x = rng.normal(size=2)
    f = lambda m: np.sum(np.sin(m @ x))
    expected = np.outer(np.cos(w @ x), x)
    assert numerical_gradient(f, w).shape == (3, 2)
    assert relative_error(numerical_gradient(f, w), expected) < 1e-7


def test_flags_a_wrong_gradient():
    x = np.array([0.5, -1.5, 2.0])
    numeric = numerical_gradient(lambda v: np.sum(np.exp(v)), x)
    assert relative_error(np.exp(x), numeric) < 1e-8
    # A classic slip: forgetting the factor 2 of d/dx x^2.
    wrong = x
    assert relative_error(wrong, numerical_gradient(lambda v: np.sum(v**2), x)) == pytest.approx(
        0.5
    )


def test_does_not_modify_the_point_and_accepts_int_lists():
    x = np.array([1.0, 2.0, 3.0])
    before = x.copy()
    numerical_gradient(lambda v: np.sum(v**3), x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(
        numerical_gradient(lambda v: np.sum(v**3), [1, 2]), [3.0, 12.0], rtol=1e-8
    )


def test_f_sees_every_other_entry_restored():
    seen = []

    def f(v):
        seen.append(v.copy())
        return float(np.sum(v))

    numerical_gradient(f, np.zeros(3), eps=0.5)
    for v in seen:
        assert np.count_nonzero(v) == 1


@pytest.mark.parametrize("eps", [0.0, -1e-6, np.inf, np.nan])
def test_rejects_bad_eps(eps):
    with pytest.raises(ValueError, match="eps"):
        numerical_gradient(np.sum, np.ones(2), eps=eps)


def test_rejects_non_scalar_and_non_finite_f():
    with pytest.raises(TypeError, match="^the value of f must be a real number"):
        numerical_gradient(lambda v: v, np.ones(2))
    with pytest.raises(ValueError, match="^the value of f must be a finite number"):
        numerical_gradient(lambda v: np.inf, np.ones(2))
    with pytest.raises(ValueError, match="x must"):
        numerical_gradient(np.sum, [1.0, np.nan])


def test_relative_error_conventions():
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([1.0, -1.0], [1.0, 1.0]) == 2.0  # opposite signs
    assert relative_error(3.0, 3.0) == 0.0
    assert relative_error([1e-30], [2e-30]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="same shape"):
        relative_error([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="finite"):
        relative_error([np.nan], [1.0])


def test_relative_error_norm_is_one_number_for_the_whole_gradient():
    assert relative_error_norm([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error_norm([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert relative_error_norm([3.0, 4.0], [0.0, 0.0]) == 1.0
    assert relative_error_norm([1.0, 2.0], [-1.0, -2.0]) == 2.0  # opposite directions
    assert relative_error_norm([[3.0], [4.0]], [[3.0], [3.5]]) == pytest.approx(0.1)
    # a tiny entry that is wrong by 100% barely moves the norm, unlike the entrywise error
    a, b = np.array([1.0, 1e-12]), np.array([1.0, 2e-12])
    assert relative_error(a, b) == pytest.approx(0.5)
    assert relative_error_norm(a, b) == pytest.approx(1e-12)
    with pytest.raises(ValueError, match="same shape"):
        relative_error_norm([1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="finite"):
        relative_error_norm([np.nan], [1.0])


def test_check_gradient_passes_a_right_gradient_and_fails_a_wrong_one():
    rng = np.random.default_rng(2)
    w = rng.normal(size=(3, 2))
    x = rng.normal(size=2)
    f = lambda m: np.sum(np.tanh(m @ x))
    right = np.outer(1 - np.tanh(w @ x) ** 2, x)
    error = check_gradient(f, w, right)
    assert 0 <= error < TOLERANCE
    assert error == relative_error_norm(right, numerical_gradient(f, w, eps=STEP))
    for wrong in (right.T.reshape(w.shape), 2 * right, right / 4):  # transpose, factors
        with pytest.raises(AssertionError, match="gradient check failed"):
            check_gradient(f, w, wrong)
    with pytest.raises(ValueError, match="same shape"):
        check_gradient(f, w, right.T)
