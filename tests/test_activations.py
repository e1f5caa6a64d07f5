"""nnmath.activations: values, derivatives, identities, extreme inputs, kinks and bad input.

Tolerances: derivatives are checked against centered differences (float64, eps = 1e-6)
with the relative error |a - n| / max(|a|, |n|) below 1e-7. Identities that hold
exactly in real arithmetic are checked to a few units in the last place (atol about
1e-15 for values in [0, 1]); values against SciPy references to rtol 1e-14.
"""

import inspect
import warnings

import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from nnmath import activations
from nnmath.activations import (
    ACTIVATIONS,
    elu,
    elu_derivative,
    gelu,
    gelu_derivative,
    leaky_relu,
    leaky_relu_derivative,
    linear,
    linear_derivative,
    log_softmax,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    softmax_jacobian,
    softplus,
    softplus_derivative,
    tanh,
    tanh_derivative,
)
from nnmath.gradcheck import numerical_gradient, relative_error

BIG = np.finfo(np.float64).max
TINY = np.finfo(np.float64).smallest_subnormal

# (id, function, derivative, keyword arguments): every elementwise activation, with
# non-default parameters too.
ELEMENTWISE = [
    ("sigmoid", sigmoid, sigmoid_derivative, {}),
    ("tanh", tanh, tanh_derivative, {}),
    ("relu", relu, relu_derivative, {}),
    ("leaky_relu", leaky_relu, leaky_relu_derivative, {}),
    ("leaky_relu-0.2", leaky_relu, leaky_relu_derivative, {"alpha": 0.2}),
    ("linear", linear, linear_derivative, {}),
    ("softplus", softplus, softplus_derivative, {}),
    ("elu", elu, elu_derivative, {}),
    ("elu-0.5", elu, elu_derivative, {"alpha": 0.5}),
    ("elu-2", elu, elu_derivative, {"alpha": 2.0}),
    ("gelu", gelu, gelu_derivative, {}),
]
ELEMENTWISE_IDS = [case[0] for case in ELEMENTWISE]

# Every public function of z alone (alpha and axis at their defaults).
ALL_FUNCTIONS = [
    getattr(activations, name)
    for name in activations.__all__
    if name not in ("ACTIVATIONS", "KERNELS")
]

# Extreme but finite inputs: the float64 limits, +-1e300, huge, large, subnormal, zero.
EXTREMES = np.array(
    [-BIG, -1e300, -1e20, -1e4, -1000.0, -745.0, -700.0, -40.0, -1e-310, -TINY, 0.0,
     TINY, 1e-310, 40.0, 700.0, 745.0, 1000.0, 1e4, 1e20, 1e300, BIG]
)  # fmt: skip

finite_floats = st.floats(allow_nan=False, allow_infinity=False)  # the whole float64 range
moderate_floats = st.floats(min_value=-100.0, max_value=100.0)


def _points_away_from_kinks(seed, size=12):
    """Random points in [-2.5, 2.5] at least 0.1 from the kinks at 0 and from the zero of
    gelu' (about -0.75), where a relative error would measure nothing."""
    z = np.random.default_rng(seed).uniform(-2.5, 2.5, size=4 * size)
    z = z[(np.abs(z) > 0.1) & (np.abs(z + 0.75) > 0.1)][:size]
    assert z.size == size
    return z.reshape(3, -1)


@pytest.fixture
def strict_floats():
    """Any NumPy floating-point event (overflow, underflow, invalid, divide) and any
    warning becomes an error."""
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --------------------------------------------------------------------- the table


def test_activations_table_maps_names_to_the_modules_pairs():
    expected = {
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
    assert ACTIVATIONS.keys() == expected.keys()
    # every elementwise activation in the table is covered by the parametrized tests below
    assert {case[1].__name__ for case in ELEMENTWISE} == ACTIVATIONS.keys() - {"softmax"}
    for name, (function, derivative) in expected.items():
        assert ACTIVATIONS[name][0] is function, name
        assert ACTIVATIONS[name][1] is derivative, name
    for name, (function, derivative) in ACTIVATIONS.items():
        if name != "softmax":
            assert function.__name__ == name
            assert derivative.__name__ == f"{name}_derivative"


def test_all_lists_exactly_the_public_names():
    defined_here = {
        name
        for name, value in vars(activations).items()
        if inspect.isfunction(value)
        and value.__module__ == activations.__name__
        and not name.startswith("_")
    }
    assert set(activations.__all__) == defined_here | {"ACTIVATIONS", "KERNELS"}
    assert len(activations.__all__) == len(set(activations.__all__)) == 21


# --------------------------------------------------------------------- derivatives


@pytest.mark.parametrize(("name", "f", "df", "kwargs"), ELEMENTWISE, ids=ELEMENTWISE_IDS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_derivative_matches_centered_differences(name, f, df, kwargs, seed):
    z = _points_away_from_kinks(seed)
    # Gradient of sum(f(z)) is f'(z) elementwise. Subtracting the constant sum(f(z))
    # keeps the function near 0, so its rounding does not swamp the 1e-6 differences.
    offset = np.sum(f(z, **kwargs))
    numeric = numerical_gradient(lambda v: np.sum(f(v, **kwargs)) - offset, z)
    analytic = df(z, **kwargs)
    assert analytic.shape == z.shape
    assert relative_error(analytic, numeric) < 1e-7


@pytest.mark.parametrize("seed", [0, 1])
def test_softmax_jacobian_matches_centered_differences_for_a_vector(seed):
    z = np.random.default_rng(seed).normal(scale=0.5, size=5)
    jacobian = softmax_jacobian(z)
    assert jacobian.shape == (5, 5)
    # Row i of the Jacobian is the gradient of the i-th output.
    numeric = np.array([numerical_gradient(lambda v, i=i: softmax(v)[i], z) for i in range(5)])
    assert relative_error(jacobian, numeric) < 1e-7


def test_softmax_jacobian_matches_centered_differences_for_a_batch():
    z = np.random.default_rng(3).normal(scale=0.5, size=(3, 4))
    jacobian = softmax_jacobian(z)
    assert jacobian.shape == (3, 4, 4)
    for n in range(3):
        for i in range(4):
            # d softmax(z)[n, i] / dz: row n is J[n, i, :], other rows 0 (samples are independent)
            numeric = numerical_gradient(lambda v, n=n, i=i: softmax(v)[n, i], z)
            expected = np.zeros_like(z)
            expected[n] = jacobian[n, i]
            assert relative_error(expected, numeric) < 1e-7


def test_log_softmax_jacobian_is_identity_minus_softmax():
    # d log softmax(z)_i / dz_j = delta_ij - softmax(z)_j
    z = np.random.default_rng(4).normal(scale=0.5, size=4)
    analytic = np.eye(4) - softmax(z)[None, :]
    numeric = np.array([numerical_gradient(lambda v, i=i: log_softmax(v)[i], z) for i in range(4)])
    assert relative_error(analytic, numeric) < 1e-7


def test_softmax_jacobian_is_diag_minus_outer_product_with_zero_row_sums():
    z = np.array([0.5, -1.0, 2.0])
    s = softmax(z)
    jacobian = softmax_jacobian(z)
    np.testing.assert_allclose(jacobian, np.diag(s) - np.outer(s, s), rtol=1e-15, atol=1e-17)
    np.testing.assert_array_equal(jacobian, jacobian.T)
    np.testing.assert_allclose(jacobian.sum(axis=1), 0.0, atol=1e-16)
    batch = softmax_jacobian(np.stack([z, -z]))
    np.testing.assert_array_equal(batch[0], jacobian)
    np.testing.assert_array_equal(batch[1], softmax_jacobian(-z))


# --------------------------------------------------------------------- values


def test_values_match_scipy_and_textbook_formulas_on_ordinary_inputs():
    z = np.linspace(-6.0, 6.0, 49)
    np.testing.assert_allclose(sigmoid(z), scipy.special.expit(z), rtol=1e-15)
    s = sigmoid(z)
    # sigma (1 - sigma) cancels in the right tail; sigma(z) sigma(-z) is the same number without it
    np.testing.assert_allclose(sigmoid_derivative(z), s * sigmoid(-z), rtol=1e-15)
    np.testing.assert_allclose(sigmoid_derivative(z), s * (1 - s), rtol=1e-13)
    np.testing.assert_allclose(tanh(z), np.tanh(z), rtol=0)
    # 1 - tanh^2 cancels in the tails (absolute agreement only); 1 / cosh^2 does not
    np.testing.assert_allclose(tanh_derivative(z), 1 / np.cosh(z) ** 2, rtol=1e-14)
    np.testing.assert_allclose(tanh_derivative(z), 1 - np.tanh(z) ** 2, rtol=0, atol=3e-16)
    np.testing.assert_allclose(softplus(z), np.log1p(np.exp(z)), rtol=1e-15)
    np.testing.assert_allclose(
        elu(z, alpha=0.5), np.where(z > 0, z, 0.5 * (np.exp(z) - 1)), rtol=1e-14
    )
    # the erf form cancels in the left tail (absolute agreement only); erfc(-x) = 1 + erf(x) doesn't
    erf_form = 0.5 * z * (1 + scipy.special.erf(z / np.sqrt(2)))
    np.testing.assert_allclose(gelu(z), erf_form, rtol=0, atol=1e-15)
    np.testing.assert_allclose(gelu(z), 0.5 * z * scipy.special.erfc(-z / np.sqrt(2)), rtol=1e-14)
    np.testing.assert_array_equal(relu(z), np.maximum(z, 0))
    np.testing.assert_array_equal(leaky_relu(z, alpha=0.1), np.where(z > 0, z, 0.1 * z))
    scores = z.reshape(7, 7)
    np.testing.assert_allclose(softmax(scores), scipy.special.softmax(scores, axis=-1), rtol=1e-14)
    np.testing.assert_allclose(
        log_softmax(scores), scipy.special.log_softmax(scores, axis=-1), rtol=1e-14
    )


def test_gelu_is_the_exact_erf_form_not_the_tanh_approximation():
    z = np.array([1.0])
    tanh_approximation = 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)))
    np.testing.assert_allclose(gelu(z), z * scipy.special.ndtr(z), rtol=1e-15)
    assert abs(gelu(z)[0] - tanh_approximation[0]) > 1e-4


def test_tails_keep_full_relative_precision():
    # Values the naive formulas round to 0: sigma(-700), sigma'(40), tanh'(20), softplus(-700).
    np.testing.assert_allclose(sigmoid(-700.0), np.exp(-700.0), rtol=1e-14)
    np.testing.assert_allclose(sigmoid_derivative(40.0), np.exp(-40.0), rtol=1e-14)
    np.testing.assert_allclose(sigmoid_derivative(-700.0), np.exp(-700.0), rtol=1e-14)
    np.testing.assert_allclose(tanh_derivative(20.0), 4 * np.exp(-40.0), rtol=1e-14)
    np.testing.assert_allclose(softplus(-700.0), np.exp(-700.0), rtol=1e-14)
    np.testing.assert_allclose(elu_derivative(-700.0, alpha=2.0), 2 * np.exp(-700.0), rtol=1e-14)
    phi_10 = np.exp(-50.0) / np.sqrt(2 * np.pi)
    np.testing.assert_allclose(gelu(-10.0), -10.0 * scipy.special.ndtr(-10.0), rtol=1e-14)
    np.testing.assert_allclose(
        gelu_derivative(-10.0), scipy.special.ndtr(-10.0) - 10 * phi_10, rtol=1e-13
    )
    assert sigmoid(-745.0) == TINY  # the smallest subnormal, not 0
    assert 0 < softmax([0.0, -745.0])[1] == TINY
    np.testing.assert_array_equal(log_softmax([1000.0, 0.0]), [0.0, -1000.0])


# --------------------------------------------------------------------- identities (hypothesis)


@settings(deadline=None)
@given(arrays(np.float64, array_shapes(min_dims=1, max_dims=3, max_side=6), elements=finite_floats))
def test_softmax_sums_to_one_and_is_silent_for_any_finite_input(z):
    with np.errstate(all="raise"):
        s = softmax(z)
        log_s = log_softmax(z)
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s.sum(axis=-1), 1.0, rtol=0, atol=1e-14)
    assert np.all(log_s <= 0) and not np.any(np.isnan(log_s))
    # the largest score of each row gets log-probability >= -log K and probability >= 1/K
    k = z.shape[-1]
    assert np.all(log_s.max(axis=-1) >= -np.log(k) - 1e-14)


@settings(deadline=None)
@given(
    arrays(np.float64, array_shapes(min_dims=2, max_dims=2, max_side=6), elements=moderate_floats),
)
def test_softmax_along_axis_zero_normalises_columns(z):
    s = softmax(z, axis=0)
    np.testing.assert_allclose(s.sum(axis=0), 1.0, rtol=0, atol=1e-14)
    np.testing.assert_allclose(s, softmax(z.T).T, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(log_softmax(z, axis=0), log_softmax(z.T).T, rtol=1e-14, atol=1e-13)


@settings(deadline=None)
@given(
    arrays(np.int64, array_shapes(min_dims=1, max_dims=2, max_side=6),
           elements=st.integers(-1000, 1000)),
    st.integers(-1000, 1000),
)  # fmt: skip
def test_softmax_is_exactly_shift_invariant_for_exact_shifts(z, c):
    # integer scores and shift: z + c and the max shift are exact, so the results are identical
    np.testing.assert_array_equal(softmax(z + c), softmax(z))
    np.testing.assert_array_equal(log_softmax(z + c), log_softmax(z))
    np.testing.assert_array_equal(softmax(z.T + c, axis=0), softmax(z.T, axis=0))


@settings(deadline=None)
@given(
    arrays(np.float64, array_shapes(min_dims=2, max_dims=2, max_side=5), elements=moderate_floats),
    st.floats(min_value=-1000.0, max_value=1000.0),
    st.sampled_from([0, 1, -1]),
)
def test_softmax_is_shift_invariant_along_its_axis(z, c, axis):
    # adding c rounds z + c to about 1e-13, which moves a probability by a relative 1e-12 at most
    np.testing.assert_allclose(
        softmax(z + c, axis=axis), softmax(z, axis=axis), rtol=1e-11, atol=1e-300
    )
    # a different constant per slice along the other axis is still a shift along `axis`
    shifts = np.arange(z.shape[1 - axis % 2], dtype=float) * 7.0
    shifted = z + (shifts[None, :] if axis % 2 == 0 else shifts[:, None])
    np.testing.assert_allclose(
        softmax(shifted, axis=axis), softmax(z, axis=axis), rtol=1e-11, atol=1e-300
    )


@settings(deadline=None)
@given(arrays(np.float64, array_shapes(max_dims=2, max_side=6), elements=finite_floats))
def test_sigmoid_is_symmetric(z):
    with np.errstate(all="raise"):
        np.testing.assert_allclose(sigmoid(-z), 1.0 - sigmoid(z), rtol=0, atol=4e-16)
        np.testing.assert_array_equal(sigmoid_derivative(-z), sigmoid_derivative(z))
        np.testing.assert_array_equal(softplus_derivative(z), sigmoid(z))


@settings(deadline=None)
@given(st.floats(min_value=-300.0, max_value=300.0))
def test_tanh_is_a_rescaled_sigmoid(z):
    np.testing.assert_allclose(tanh(z), 2.0 * sigmoid(2.0 * z) - 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(tanh_derivative(z), 4.0 * sigmoid_derivative(2.0 * z), rtol=1e-14)


@settings(deadline=None)
@given(moderate_floats, moderate_floats)
def test_two_class_softmax_is_the_sigmoid_of_the_difference(z1, z2):
    # an exact equality, not an approximation
    np.testing.assert_allclose(softmax([z1, z2])[0], sigmoid(z1 - z2), rtol=1e-13)
    np.testing.assert_allclose(softmax([z1, z2])[1], sigmoid(z2 - z1), rtol=1e-13)


@settings(deadline=None)
@given(arrays(np.float64, array_shapes(max_dims=2, max_side=6), elements=finite_floats))
def test_log_softmax_is_the_log_of_softmax_where_both_are_finite(z):
    z = np.atleast_1d(z)
    s = softmax(z)
    visible = s > 1e-300  # where log(softmax) is finite and not in the subnormal range
    np.testing.assert_allclose(log_softmax(z)[visible], np.log(s[visible]), rtol=1e-14, atol=1e-12)


@settings(deadline=None)
@given(st.floats(min_value=-30.0, max_value=30.0))
def test_softplus_derivative_is_sigmoid_and_softplus_is_a_smooth_relu(z):
    assert softplus_derivative(z) == sigmoid(z)
    assert relu(z) <= softplus(z) <= relu(z) + np.log(2.0) + 1e-15


# --------------------------------------------------------------------- extreme inputs


@pytest.mark.parametrize(("name", "f", "df", "kwargs"), ELEMENTWISE, ids=ELEMENTWISE_IDS)
def test_extreme_inputs_give_finite_values_silently(strict_floats, name, f, df, kwargs):
    value, slope = f(EXTREMES, **kwargs), df(EXTREMES, **kwargs)
    assert value.dtype == slope.dtype == np.float64
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(slope))


def test_limits_at_extreme_inputs(strict_floats):
    ends = np.array([-BIG, -1e300, -1e4, -1000.0, 1000.0, 1e4, 1e300, BIG])
    np.testing.assert_array_equal(sigmoid(ends), [0, 0, 0, 0, 1, 1, 1, 1])
    np.testing.assert_array_equal(sigmoid_derivative(ends), 0.0)
    np.testing.assert_array_equal(tanh(ends), [-1, -1, -1, -1, 1, 1, 1, 1])
    np.testing.assert_array_equal(tanh_derivative(ends), 0.0)
    np.testing.assert_array_equal(relu(ends), [0, 0, 0, 0, 1000.0, 1e4, 1e300, BIG])
    np.testing.assert_array_equal(relu_derivative(ends), [0, 0, 0, 0, 1, 1, 1, 1])
    np.testing.assert_allclose(leaky_relu(ends)[:4], 0.01 * ends[:4], rtol=1e-15)
    np.testing.assert_array_equal(leaky_relu(ends)[4:], ends[4:])
    np.testing.assert_array_equal(leaky_relu_derivative(ends, alpha=0.3), [0.3] * 4 + [1] * 4)
    np.testing.assert_array_equal(linear(ends), ends)
    np.testing.assert_array_equal(softplus(ends), [0, 0, 0, 0, 1000.0, 1e4, 1e300, BIG])
    np.testing.assert_array_equal(softplus_derivative(ends), [0, 0, 0, 0, 1, 1, 1, 1])
    for alpha in (1.0, 0.5, 2.0):
        np.testing.assert_array_equal(elu(ends, alpha=alpha)[:4], -alpha)
        np.testing.assert_array_equal(elu(ends, alpha=alpha)[4:], ends[4:])
        np.testing.assert_array_equal(elu_derivative(ends, alpha=alpha), [0, 0, 0, 0, 1, 1, 1, 1])
    np.testing.assert_array_equal(gelu(ends), [0, 0, 0, 0, 1000.0, 1e4, 1e300, BIG])
    np.testing.assert_array_equal(gelu_derivative(ends), [0, 0, 0, 0, 1, 1, 1, 1])


def test_softmax_at_extreme_inputs_is_one_hot_and_silent(strict_floats):
    for z in ([1e300, -1e300], [BIG, -BIG], [1000.0, 0.0], [-1e300, 1e4], [-BIG, BIG]):
        s = softmax(z)
        expected = np.eye(2)[int(np.argmax(z))]
        np.testing.assert_array_equal(s, expected)
        assert np.all(np.isfinite(softmax_jacobian(z)))
        np.testing.assert_array_equal(softmax_jacobian(z), 0.0)
    np.testing.assert_array_equal(softmax([1e300, 1e300]), [0.5, 0.5])
    np.testing.assert_array_equal(softmax([[BIG, BIG, BIG]]), [[1 / 3] * 3])
    np.testing.assert_array_equal(softmax(EXTREMES), np.eye(EXTREMES.size)[-1])
    np.testing.assert_array_equal(log_softmax([1e300, -1e300]), [0.0, -2e300])
    np.testing.assert_array_equal(log_softmax([[-1e300], [1e300]], axis=0), [[-2e300], [0.0]])


def test_log_softmax_rounds_a_gap_beyond_the_float_range_to_minus_inf(strict_floats):
    # The true value, -2 * finfo.max, is not a float64: it rounds to -inf, silently.
    np.testing.assert_array_equal(log_softmax([BIG, -BIG]), [0.0, -np.inf])


# --------------------------------------------------------------------- kinks


def test_kinks_follow_the_stated_conventions():
    assert relu(0.0) == 0.0
    assert relu_derivative(0.0) == 0.0  # relu'(0) = 0
    assert relu_derivative(TINY) == 1.0 and relu_derivative(-TINY) == 0.0
    for alpha in (0.0, 0.01, 0.2, 1.0):
        assert leaky_relu(0.0, alpha=alpha) == 0.0
        assert leaky_relu_derivative(0.0, alpha=alpha) == alpha  # leaky_relu'(0) = alpha
        assert leaky_relu_derivative(TINY, alpha=alpha) == 1.0
    assert leaky_relu_derivative(0.0) == 0.01  # the default alpha
    for alpha in (0.5, 1.0, 2.0):
        assert elu(0.0, alpha=alpha) == 0.0
        assert elu_derivative(0.0, alpha=alpha) == alpha  # elu'(0) = alpha
        assert elu_derivative(TINY, alpha=alpha) == 1.0
    np.testing.assert_array_equal(relu_derivative([-1.0, 0.0, 0, 1.0]), [0.0, 0.0, 0.0, 1.0])


def test_centered_difference_at_the_relu_kink_averages_the_slopes():
    # why gradient checks avoid kinks: at 0 the centered difference gives 1/2, relu'(0) is 0
    numeric = numerical_gradient(lambda v: np.sum(relu(v)), np.array([0.0]))
    np.testing.assert_allclose(numeric, [0.5], rtol=1e-9)
    assert relu_derivative([0.0])[0] == 0.0


# --------------------------------------------------------------------- input handling


@pytest.mark.parametrize("function", ALL_FUNCTIONS, ids=lambda f: f.__name__)
def test_inputs_are_never_modified_or_returned(function):
    z = np.random.default_rng(5).normal(size=(3, 4))
    before = z.copy()
    z.setflags(write=False)  # any attempt to write into the input raises
    result = function(z)
    np.testing.assert_array_equal(z, before)
    assert not np.shares_memory(result, z)
    result[...] = 123.0  # the result is a new, writable array
    as_list = [[1.0, -2.0], [3.0, 0.5]]
    function(as_list)
    assert as_list == [[1.0, -2.0], [3.0, 0.5]]


@pytest.mark.parametrize(("name", "f", "df", "kwargs"), ELEMENTWISE, ids=ELEMENTWISE_IDS)
def test_parameters_of_leaky_relu_and_elu_leave_inputs_alone(name, f, df, kwargs):
    z = np.array([-1.0, 0.0, 2.0])
    f(z, **kwargs)
    df(z, **kwargs)
    np.testing.assert_array_equal(z, [-1.0, 0.0, 2.0])


@pytest.mark.parametrize("function", ALL_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.uint8, np.float16, np.float32])
def test_any_int_or_float_dtype_gives_the_float64_result(function, dtype):
    z = np.array([[1, 0, 3], [2, 5, 4]], dtype=dtype)
    result = function(z)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, function(z.astype(np.float64)))
    np.testing.assert_array_equal(function(z.tolist()), result)


@pytest.mark.parametrize(("name", "f", "df", "kwargs"), ELEMENTWISE, ids=ELEMENTWISE_IDS)
def test_scalars_give_0d_float64_arrays(name, f, df, kwargs):
    for z in (0.5, 2, np.float32(-1.5), np.array(3.0)):
        for result in (f(z, **kwargs), df(z, **kwargs)):
            assert isinstance(result, np.ndarray)
            assert result.shape == () and result.dtype == np.float64
    assert float(f(0.5, **kwargs)) == f([0.5], **kwargs)[0]


@pytest.mark.parametrize("function", ALL_FUNCTIONS, ids=lambda f: f.__name__)
def test_empty_arrays_pass_through(function):
    for shape in [(0,), (2, 0), (0, 3)]:
        result = function(np.zeros(shape))
        expected = shape + shape[-1:] if function is softmax_jacobian else shape
        assert result.shape == expected and result.dtype == np.float64


@pytest.mark.parametrize("function", ALL_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (["a", "b"], TypeError),
        ([1 + 2j, 0j], TypeError),
        ([True, False], TypeError),
        (np.array([1.0, 2.0], dtype=object), TypeError),
        ([[1.0, 2.0], [3.0]], ValueError),
        ([1.0, np.nan], ValueError),
        ([np.inf, 0.0], ValueError),
        ([-np.inf, 0.0], ValueError),
    ],
    ids=["strings", "complex", "bool", "object", "ragged", "nan", "inf", "-inf"],
)
def test_bad_z_raises_naming_z(function, bad, error):
    with pytest.raises(error, match=r"\bz\b"):
        function(bad)


@pytest.mark.parametrize("function", [leaky_relu, leaky_relu_derivative])
@pytest.mark.parametrize(
    ("alpha", "error"),
    [(-0.1, ValueError), (1.5, ValueError), (np.nan, ValueError), (np.inf, ValueError),
     ("0.1", TypeError), ([0.1], TypeError), (True, TypeError), (0.1j, TypeError),
     (None, TypeError)],
)  # fmt: skip
def test_bad_leaky_relu_alpha_raises_naming_alpha(function, alpha, error):
    with pytest.raises(error, match="alpha"):
        function([1.0, -1.0], alpha=alpha)


@pytest.mark.parametrize("function", [elu, elu_derivative])
@pytest.mark.parametrize(
    ("alpha", "error"),
    [(-1.0, ValueError), (np.nan, ValueError), (-np.inf, ValueError), (np.inf, ValueError),
     ("1", TypeError), (None, TypeError)],
)  # fmt: skip
def test_bad_elu_alpha_raises_naming_alpha(function, alpha, error):
    with pytest.raises(error, match="alpha"):
        function([1.0, -1.0], alpha=alpha)


def test_alpha_accepts_numpy_scalars_and_the_ends_of_its_range():
    z = np.array([-2.0, 3.0])
    np.testing.assert_array_equal(leaky_relu(z, alpha=np.float32(0.5)), [-1.0, 3.0])
    np.testing.assert_array_equal(leaky_relu(z, alpha=0), relu(z))
    np.testing.assert_array_equal(leaky_relu(z, alpha=1), linear(z))
    np.testing.assert_array_equal(elu(z, alpha=0.0), relu(z))
    np.testing.assert_array_equal(elu(z, alpha=np.int64(3)), [3 * np.expm1(-2.0), 3.0])


@pytest.mark.parametrize("function", [softmax, log_softmax])
def test_bad_axis_raises_naming_axis(function):
    z = np.zeros((2, 3))
    for axis in (2, -3, 10):
        with pytest.raises(ValueError, match="axis"):
            function(z, axis=axis)
    for axis in (1.0, None, True, (0, 1), "0"):
        with pytest.raises(TypeError, match="axis"):
            function(z, axis=axis)
    np.testing.assert_array_equal(function(z, axis=np.int64(0)), function(z, axis=-2))


@pytest.mark.parametrize("function", [softmax, log_softmax, softmax_jacobian])
def test_softmax_family_rejects_a_scalar(function):
    with pytest.raises(ValueError, match=r"\bz\b"):
        function(1.0)


def test_softmax_jacobian_rejects_three_dimensions():
    with pytest.raises(ValueError, match=r"z must have shape \(K,\) or \(N, K\)"):
        softmax_jacobian(np.zeros((2, 3, 4)))


# --------------------------------------------------------------------- kernels


def test_kernels_table_has_a_kernel_for_every_function():
    functions = {f.__name__ for f in ALL_FUNCTIONS}
    assert activations.KERNELS.keys() == functions
    # the network looks its kernels up by the names of the pairs in ACTIVATIONS
    assert {f.__name__ for pair in ACTIVATIONS.values() for f in pair} <= functions


@pytest.mark.parametrize("name", sorted(activations.KERNELS))
def test_kernels_compute_exactly_what_the_public_functions_return(name):
    # The public function is its kernel after the input checks: the same numbers, bit for bit,
    # on small and large arrays, ordinary and extreme.
    function, kernel = getattr(activations, name), activations.KERNELS[name]
    rng = np.random.default_rng(6)
    arrays = [rng.normal(scale=5.0, size=(7, 3)), EXTREMES.reshape(3, 7)]
    if name != "softmax_jacobian":  # the Jacobian of a big batch is big
        arrays.append(rng.normal(scale=50.0, size=(300, 70)))
    for z in arrays:
        with np.errstate(under="ignore"):
            np.testing.assert_array_equal(kernel(z), function(z))


@pytest.mark.parametrize(("name", "f", "df", "kwargs"), ELEMENTWISE, ids=ELEMENTWISE_IDS)
def test_large_inputs_give_what_each_element_gives_alone(name, f, df, kwargs):
    # A large array, not contiguous, not C-ordered: every entry is the function of that entry
    # alone, and the input is left alone.
    size = 2 * 16384 + 123
    base = np.concatenate([EXTREMES, np.random.default_rng(7).normal(scale=30.0, size=2 * size)])
    for z in (base[: 2 * size : 2], np.asfortranarray(base[: size - size % 3].reshape(-1, 3))):
        before = z.copy()
        for function in (f, df):
            result = function(z, **kwargs)
            assert result.shape == z.shape and not np.shares_memory(result, z)
            picks = np.random.default_rng(8).integers(0, z.size, size=50)
            for index in list(picks) + [0, z.size - 1, 16384]:
                where = np.unravel_index(index, z.shape)
                assert result[where] == function(z[where], **kwargs)
        np.testing.assert_array_equal(z, before)
