"""nnmath.losses: values, exact gradients, conventions, stability and loud bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnmath import losses
from nnmath.activations import sigmoid, sigmoid_derivative, softmax, softmax_jacobian
from nnmath.gradcheck import numerical_gradient, relative_error
from nnmath.losses import (
    LOG_FLOOR,
    LOSSES,
    ROW_SUM_ATOL,
    binary_cross_entropy,
    binary_cross_entropy_derivative,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_derivative,
    cross_entropy,
    cross_entropy_derivative,
    hinge,
    hinge_derivative,
    mae,
    mae_derivative,
    mse,
    mse_derivative,
    softmax_cross_entropy,
    softmax_cross_entropy_derivative,
)

GRADCHECK_TOL = 1e-7  # relative error of a passing float64 gradient check
N, K = 5, 4

# ---------------------------------------------------------------------------
# Valid inputs for every loss, seeded, away from kinks and from 0 and 1
# ---------------------------------------------------------------------------


def _one_hot(labels, k):
    return np.eye(k)[labels]


def _away_from(center, rng, low=0.1, high=0.4):
    """Targets in [0, 1] at least ``low`` from ``center`` (in [0, 1]): no near-zero gradient."""
    gap = rng.uniform(low, high, size=np.shape(center))
    return np.where(center > 0.5, center - gap, center + gap)


def _case(name: str, variant: str, seed: int):
    """(y_true, prediction) for loss ``name``, well conditioned for a gradient check.

    Every entry is away from a kink, from the clamp at 0 and 1, and no gradient entry
    is close to 0 without being exactly 0 (a centered difference carries an absolute
    rounding error of about 1e-10 here, so a gradient entry must be well above 1e-3
    for a relative error below 1e-7).
    """
    rng = np.random.default_rng(seed)
    if name in ("mse", "mae"):
        y = rng.normal(size=(N, 3))
        gap = rng.uniform(0.2, 2.0, size=y.shape) * rng.choice([-1.0, 1.0], size=y.shape)
        return y, y + gap
    if name in ("binary_cross_entropy", "binary_cross_entropy_with_logits"):
        z = rng.uniform(-2.0, 2.0, size=(N, 2))
        p = sigmoid(z)
        if variant == "soft":
            y = _away_from(p, rng)
        else:
            y = rng.integers(0, 2, size=(N, 2)).astype(float)
        return (y, p) if name == "binary_cross_entropy" else (y, z)
    if name == "hinge":
        y = rng.choice([-1.0, 1.0], size=N * 2)
        margin = rng.uniform(-2.0, 3.0, size=y.shape)
        margin[np.abs(margin - 1.0) < 0.1] = 0.5  # away from the kink at margin 1
        return y, margin * y  # so that y * s = margin
    # categorical: cross_entropy (probabilities) and softmax_cross_entropy (logits)
    logits = rng.uniform(-1.5, 1.5, size=(N, K))  # every softmax entry above 0.015
    labels = rng.integers(0, K, size=N)
    if variant == "labels":
        y = labels
    elif variant == "onehot":
        y = _one_hot(labels, K)
    elif variant == "smoothed":  # label smoothing; resample until no entry is near softmax
        y = 0.9 * _one_hot(labels, K) + 0.1 / K
        while np.min(np.abs(softmax(logits) - y)) < 0.01:
            logits = rng.uniform(-1.5, 1.5, size=(N, K))
    elif variant == "single":  # one sample: (K,) prediction and a scalar label
        y, logits = int(labels[0]), logits[0]
    elif variant == "single_onehot":
        y, logits = _one_hot(labels[0], K), logits[0]
    else:
        raise AssertionError(variant)
    if name == "cross_entropy":
        return y, softmax(logits)
    return y, logits


CASES = [
    ("mse", ""),
    ("mae", ""),
    ("binary_cross_entropy", "binary"),
    ("binary_cross_entropy", "soft"),
    ("binary_cross_entropy_with_logits", "binary"),
    ("binary_cross_entropy_with_logits", "soft"),
    ("hinge", ""),
    *[
        (name, variant)
        for name in ("cross_entropy", "softmax_cross_entropy")
        for variant in ("labels", "onehot", "smoothed", "single", "single_onehot")
    ],
]
CASE_IDS = [f"{name}-{variant}" if variant else name for name, variant in CASES]


def test_losses_table_is_complete():
    assert set(LOSSES) == {
        "mse",
        "mae",
        "binary_cross_entropy",
        "binary_cross_entropy_with_logits",
        "cross_entropy",
        "softmax_cross_entropy",
        "hinge",
    }
    for name, (loss, derivative) in LOSSES.items():
        assert loss is getattr(losses, name)
        assert derivative is getattr(losses, f"{name}_derivative")
        assert name in losses.__all__ and f"{name}_derivative" in losses.__all__
    assert {name for name, _ in CASES} == set(LOSSES)


# ---------------------------------------------------------------------------
# Every derivative is the gradient of the returned float
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(("name", "variant"), CASES, ids=CASE_IDS)
def test_derivative_matches_numerical_gradient(name, variant, seed):
    loss, derivative = LOSSES[name]
    y, prediction = _case(name, variant, seed)
    analytic = derivative(y, prediction)
    numeric = numerical_gradient(lambda p: loss(y, p), prediction)
    assert analytic.shape == np.shape(prediction)
    assert relative_error(analytic, numeric) < GRADCHECK_TOL


# ---------------------------------------------------------------------------
# Values: the formulas, and the reference implementations readers compare with
# ---------------------------------------------------------------------------


def test_values_match_the_textbook_formulas():
    rng = np.random.default_rng(3)
    y, p = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    assert mse(y, p) == pytest.approx(np.mean((y - p) ** 2), rel=1e-14)
    np.testing.assert_allclose(mse_derivative(y, p), 2 * (p - y) / y.size, rtol=1e-14)
    assert mae(y, p) == pytest.approx(np.mean(np.abs(y - p)), rel=1e-14)
    np.testing.assert_array_equal(mae_derivative(y, p), np.sign(p - y) / y.size)

    yb = rng.integers(0, 2, size=6).astype(float)
    pb = rng.uniform(0.1, 0.9, size=6)
    naive_bce = -np.mean(yb * np.log(pb) + (1 - yb) * np.log(1 - pb))
    assert binary_cross_entropy(yb, pb) == pytest.approx(naive_bce, rel=1e-13)
    z = rng.normal(size=6)
    naive_logits = -np.mean(yb * np.log(sigmoid(z)) + (1 - yb) * np.log(1 - sigmoid(z)))
    assert binary_cross_entropy_with_logits(yb, z) == pytest.approx(naive_logits, rel=1e-12)

    labels = rng.integers(0, 3, size=4)
    P = softmax(rng.normal(size=(4, 3)))
    # the mean over the 4 samples, not over the 12 entries
    assert cross_entropy(labels, P) == pytest.approx(
        -np.log(P[np.arange(4), labels]).sum() / 4, rel=1e-14
    )
    ys = rng.choice([-1.0, 1.0], size=6)
    s = rng.normal(size=6)
    assert hinge(ys, s) == pytest.approx(np.mean(np.maximum(0, 1 - ys * s)), rel=1e-14)


def test_values_match_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(4)
    y, p = rng.normal(size=20), rng.normal(size=20)
    assert mse(y, p) == pytest.approx(metrics.mean_squared_error(y, p), rel=1e-12)
    assert mae(y, p) == pytest.approx(metrics.mean_absolute_error(y, p), rel=1e-12)

    yb = rng.integers(0, 2, size=20)
    pb = rng.uniform(0.05, 0.95, size=20)
    assert binary_cross_entropy(yb, pb) == pytest.approx(metrics.log_loss(yb, pb), rel=1e-12)

    labels = rng.integers(0, 4, size=20)
    P = softmax(rng.normal(size=(20, 4)))
    assert cross_entropy(labels, P) == pytest.approx(
        metrics.log_loss(labels, P, labels=range(4)), rel=1e-12
    )

    ys = 2 * yb - 1
    scores = rng.normal(size=20)
    assert hinge(ys, scores) == pytest.approx(metrics.hinge_loss(ys, scores), rel=1e-12)


def test_outputs_are_python_floats_and_float64_arrays():
    for name, variant in CASES:
        loss, derivative = LOSSES[name]
        y, prediction = _case(name, variant, 0)
        value = loss(y, prediction)
        grad = derivative(y, prediction)
        assert type(value) is float
        assert isinstance(grad, np.ndarray) and grad.dtype == np.float64
        assert grad.shape == np.shape(prediction)


def test_accepts_lists_and_any_numeric_dtype():
    assert mse([1, 2, 3], [1, 2, 5]) == pytest.approx(4 / 3)
    np.testing.assert_allclose(mse_derivative([1, 2], [1, 3]), [0.0, 1.0])
    f32 = np.array([0.25, 0.75], dtype=np.float32)
    assert binary_cross_entropy(np.array([0, 1], dtype=np.int8), f32) == pytest.approx(
        -np.log(0.75)
    )
    assert binary_cross_entropy_derivative([False, True], f32).dtype == np.float64
    assert hinge(np.array([1, -1], dtype=np.int64), [0, 0]) == 1.0
    P = np.array([[0.5, 0.5], [0.25, 0.75]], dtype=np.float32)
    assert cross_entropy(np.array([0, 1], dtype=np.uint8), P) == pytest.approx(
        -(np.log(0.5) + np.log(0.75)) / 2
    )
    # class indices stored as floats are fine when they are whole numbers
    assert softmax_cross_entropy([0.0, 2.0], [[0, 0, 0], [0, 0, 0]]) == pytest.approx(np.log(3))
    assert mse(2.0, 3.0) == 1.0  # scalars: one element
    assert mse_derivative(2.0, 3.0).shape == ()


def test_one_sample_forms_agree_with_a_batch_of_one():
    z = np.array([0.3, -1.2, 2.0])
    for loss, derivative, pred in [
        (softmax_cross_entropy, softmax_cross_entropy_derivative, z),
        (cross_entropy, cross_entropy_derivative, softmax(z)),
    ]:
        assert loss(2, pred) == loss([2], pred[None, :]) == loss([0, 0, 1], pred)
        np.testing.assert_array_equal(derivative(2, pred), derivative([2], pred[None, :])[0])
        assert derivative(2, pred).shape == (3,)


# ---------------------------------------------------------------------------
# Identities the book states (hypothesis)
# ---------------------------------------------------------------------------

wide = st.floats(-1e300, 1e300, allow_nan=False)
moderate = st.floats(-10.0, 10.0, allow_nan=False)


@st.composite
def logits_and_labels(draw, elements=wide):
    n = draw(st.integers(1, 5))
    k = draw(st.integers(1, 5))
    z = draw(hnp.arrays(np.float64, (n, k), elements=elements))
    labels = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    return z, labels


@settings(deadline=None)
@given(logits_and_labels())
def test_softmax_cross_entropy_integer_labels_equal_one_hot(data):
    z, labels = data
    onehot = _one_hot(labels, z.shape[1])
    with np.errstate(all="raise"):
        value = softmax_cross_entropy(labels, z)
        assert value == softmax_cross_entropy(onehot, z)
        assert np.isfinite(value) and value >= 0
        np.testing.assert_array_equal(
            softmax_cross_entropy_derivative(labels, z),
            softmax_cross_entropy_derivative(onehot, z),
        )
        P = softmax(z)
        assert cross_entropy(labels, P) == cross_entropy(onehot, P)
        np.testing.assert_array_equal(
            cross_entropy_derivative(labels, P), cross_entropy_derivative(onehot, P)
        )


@settings(deadline=None)
@given(logits_and_labels(moderate), st.booleans())
def test_softmax_cross_entropy_equals_cross_entropy_of_softmax(data, smooth):
    z, labels = data
    k = z.shape[1]
    y = _one_hot(labels, k)
    if smooth:
        y = 0.8 * y + 0.2 / k
    P = softmax(z)
    assert softmax_cross_entropy(y, z) == pytest.approx(cross_entropy(y, P), rel=1e-9, abs=1e-12)
    # the chain rule through the softmax Jacobian gives (softmax(z) - Y) / N
    through_jacobian = np.einsum("nkj,nk->nj", softmax_jacobian(z), cross_entropy_derivative(y, P))
    np.testing.assert_allclose(
        softmax_cross_entropy_derivative(y, z), through_jacobian, rtol=1e-9, atol=1e-12
    )


@settings(deadline=None)
@given(
    hnp.arrays(np.float64, st.integers(1, 8), elements=moderate),
    st.data(),
)
def test_bce_with_logits_equals_bce_of_sigmoid(z, data):
    y = data.draw(hnp.arrays(np.float64, z.shape, elements=st.floats(0.0, 1.0)))
    p = sigmoid(z)
    assert binary_cross_entropy_with_logits(y, z) == pytest.approx(
        binary_cross_entropy(y, p), rel=1e-9, abs=1e-12
    )
    # chain rule: dBCE/dp * sigma'(z) = (sigma(z) - y) / n
    np.testing.assert_allclose(
        binary_cross_entropy_derivative(y, p) * sigmoid_derivative(z),
        binary_cross_entropy_with_logits_derivative(y, z),
        rtol=1e-9,
        atol=1e-12,
    )


ELEMENTWISE = ["mse", "mae", "binary_cross_entropy", "binary_cross_entropy_with_logits", "hinge"]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_losses_average_over_all_entries(name):
    loss, derivative = LOSSES[name]
    variant = "binary" if "binary" in name else ""
    y, p = _case(name, variant, 5)
    y2, p2 = np.concatenate([y, y]), np.concatenate([p, p])
    # duplicating the data leaves the mean unchanged and halves each entry's gradient
    assert loss(y2, p2) == pytest.approx(loss(y, p), rel=1e-13)
    np.testing.assert_allclose(derivative(y2, p2), np.concatenate([derivative(y, p)] * 2) / 2)
    # the mean over ALL entries: a (N, 3) array and its flattened copy give the same loss
    assert loss(y.ravel(), p.ravel()) == pytest.approx(loss(y, p), rel=1e-13)


@pytest.mark.parametrize("name", ["cross_entropy", "softmax_cross_entropy"])
def test_categorical_losses_average_over_samples_not_entries(name):
    loss, derivative = LOSSES[name]
    y, p = _case(name, "labels", 6)
    assert loss(np.concatenate([y, y]), np.concatenate([p, p])) == pytest.approx(loss(y, p))
    # the per-sample gradients are divided by N (rows), not by N*K
    per_sample = [derivative(y[i], p[i]) for i in range(N)]
    np.testing.assert_allclose(derivative(y, p), np.array(per_sample) / N, rtol=1e-14)


# ---------------------------------------------------------------------------
# Extreme inputs: finite, silent, the right limits
# ---------------------------------------------------------------------------


@pytest.fixture
def strict():
    """Every NumPy floating-point event raises, every warning is an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            yield


@pytest.mark.usefixtures("strict")
@pytest.mark.parametrize("z", [1e3, 1e300, np.finfo(float).max])
def test_bce_with_logits_at_extreme_logits(z):
    y = np.array([1.0, 0.0, 1.0, 0.0])
    logits = np.array([z, z, -z, -z])
    # right side: loss 0; wrong side: the loss is |z| (exactly, in float64)
    per_entry = [binary_cross_entropy_with_logits([yi], [zi]) for yi, zi in zip(y, logits)]
    assert per_entry == [0.0, z, z, 0.0]
    assert binary_cross_entropy_with_logits(y, logits) == pytest.approx(z / 2, rel=1e-15)
    grad = binary_cross_entropy_with_logits_derivative(y, logits)
    np.testing.assert_array_equal(grad, [0.0, 0.25, -0.25, 0.0])


@pytest.mark.usefixtures("strict")
def test_bce_with_logits_keeps_precision_where_the_sigmoid_rounds_to_one():
    # log(1 + e^-40) = e^-40 to full precision, although sigmoid(40) == 1.0
    assert binary_cross_entropy_with_logits([1.0], [40.0]) == pytest.approx(np.exp(-40), rel=1e-14)
    assert sigmoid(40.0) == 1.0
    assert binary_cross_entropy_with_logits([0.0], [-40.0]) == pytest.approx(np.exp(-40), rel=1e-14)
    # soft target at a huge logit: max(z, 0) - z*y = z * (1 - y)
    assert binary_cross_entropy_with_logits([0.25], [1e300]) == pytest.approx(0.75e300, rel=1e-15)
    # a tiny (subnormal) logit does not underflow loudly
    assert binary_cross_entropy_with_logits([0.5], [1e-310]) == pytest.approx(np.log(2))


@pytest.mark.usefixtures("strict")
@pytest.mark.parametrize("scale", [1e3, 1e300])
def test_softmax_cross_entropy_at_extreme_logits(scale):
    z = np.array([[scale, -scale, 0.0], [scale, -scale, 0.0]])
    labels = np.array([0, 1])
    # sample 0 is right (loss 0), sample 1 is wrong by 2*scale; the mean is scale
    assert softmax_cross_entropy(labels, z) == pytest.approx(scale, rel=1e-15)
    assert softmax_cross_entropy(_one_hot(labels, 3), z) == pytest.approx(scale, rel=1e-15)
    grad = softmax_cross_entropy_derivative(labels, z)
    np.testing.assert_array_equal(grad, [[0.0, 0.0, 0.0], [0.5, -0.5, 0.0]])


@pytest.mark.usefixtures("strict")
def test_probability_losses_at_zero_and_one():
    # perfect predictions cost exactly 0; the clamp gives -LOG_FLOOR = 100 for a sure miss
    assert binary_cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert binary_cross_entropy([1.0], [0.0]) == -LOG_FLOOR == 100.0
    assert binary_cross_entropy([0.0], [1.0]) == 100.0
    assert cross_entropy([0], [[1.0, 0.0]]) == 0.0
    assert cross_entropy([1], [[1.0, 0.0]]) == 100.0
    assert cross_entropy([[0.0, 1.0]], [[1.0, 0.0]]) == 100.0
    # the derivative is that of the clamped function: 0 where the log is clamped,
    # the unclamped term's derivative elsewhere (here 1/(1 - p) for y = 0, p = 0)
    np.testing.assert_array_equal(
        binary_cross_entropy_derivative([1.0, 0.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]),
        [0.0, 0.25, 0.0, -0.25],
    )
    np.testing.assert_array_equal(
        cross_entropy_derivative([0, 1], [[1.0, 0.0]] * 2), [[-0.5, 0], [0, 0]]
    )
    # just above the clamp the gradient is the finite -y / (n p)
    tiny = np.exp(LOG_FLOOR) * 4
    assert binary_cross_entropy_derivative([1.0], [tiny])[0] == pytest.approx(-1 / tiny)
    assert binary_cross_entropy([1.0], [tiny]) == pytest.approx(-np.log(tiny))
    assert binary_cross_entropy([1.0], [5e-324]) == 100.0  # a subnormal probability


@pytest.mark.usefixtures("strict")
def test_regression_losses_with_huge_values():
    # the sum of squares overflows, the mean does not: still the right finite number
    assert mse(np.zeros(4), np.full(4, 1.3e154)) == pytest.approx(1.69e308, rel=1e-14)
    assert mae([-1.5e308, 0.0], [1.5e308, 0.0]) == pytest.approx(1.5e308, rel=1e-15)
    np.testing.assert_allclose(mse_derivative([0.0, 0.0], [1.7e308, -1.7e308]), [1.7e308, -1.7e308])
    np.testing.assert_array_equal(mae_derivative([-1.7e308], [1.7e308]), [1.0])
    assert hinge([1.0, -1.0], [-1e308, 1e308]) == pytest.approx(1e308)
    # a loss beyond float64 is an error, not a silent inf
    with pytest.raises(OverflowError, match="mse"):
        mse([0.0], [1e300])
    with pytest.raises(OverflowError, match="mse_derivative"):
        mse_derivative([-1.7e308], [1.7e308])


# ---------------------------------------------------------------------------
# Kinks: the conventions, exactly
# ---------------------------------------------------------------------------


def test_mae_subgradient_is_zero_where_prediction_equals_target():
    grad = mae_derivative([1.0, 2.0, 3.0, -4.0], [1.0, 0.0, 3.5, -4.0])
    np.testing.assert_array_equal(grad, [0.0, -0.25, 0.25, 0.0])
    assert not np.any(np.signbit(grad[[0, 3]]))  # +0, not -0


def test_hinge_subgradient_is_zero_at_margin_exactly_one():
    y = np.array([1.0, -1.0, 1.0, -1.0])
    s = np.array([1.0, -1.0, np.nextafter(1.0, 0.0), np.nextafter(-1.0, 0.0)])
    np.testing.assert_array_equal(hinge_derivative(y, s), [0.0, 0.0, -0.25, 0.25])
    assert hinge(y[:2], s[:2]) == 0.0


# ---------------------------------------------------------------------------
# Bad input: a ValueError (TypeError) naming the argument
# ---------------------------------------------------------------------------

P2 = [[0.5, 0.5], [0.25, 0.75]]
Z2 = [[0.0, 1.0], [2.0, -1.0]]
BAD = [
    # (loss, y_true, prediction, exception, message pattern)
    ("mse", [1.0, 2.0, 3.0], [[1.0], [2.0], [3.0]], ValueError, r"y_true .*prediction .*shape"),
    ("mae", [1.0, 2.0], [1.0, 2.0, 3.0], ValueError, r"same shape"),
    ("hinge", [[1.0, -1.0]], [1.0, -1.0], ValueError, r"same shape"),
    ("binary_cross_entropy", [1.0], [1.5], ValueError, r"prediction must hold probabilities"),
    ("binary_cross_entropy", [1.0], [-1e-9], ValueError, r"prediction must hold probabilities"),
    ("binary_cross_entropy", [2.0], [0.5], ValueError, r"y_true must hold binary targets"),
    ("binary_cross_entropy_with_logits", [-1.0], [0.5], ValueError, r"y_true must hold binary"),
    ("binary_cross_entropy_with_logits", [1.0, 0.0], [3.0], ValueError, r"same shape"),
    ("hinge", [1.0, 0.0], [0.5, 0.5], ValueError, r"y_true must hold hinge labels -1 or \+1"),
    ("hinge", [1.0, 0.5], [0.5, 0.5], ValueError, r"y_true must hold hinge labels"),
    (
        "cross_entropy",
        [0, 1],
        [[0.5, 0.6], [0.5, 0.5]],
        ValueError,
        r"prediction must have rows that sum to 1",
    ),
    ("cross_entropy", [0, 1], [[1.2, -0.2], [0.5, 0.5]], ValueError, r"prediction must hold prob"),
    (
        "cross_entropy",
        [[1.0, 1.0], [0.0, 1.0]],
        P2,
        ValueError,
        r"y_true must have rows that sum to 1",
    ),
    ("softmax_cross_entropy", [[2.0, -1.0], [0, 1]], Z2, ValueError, r"y_true must hold one-hot"),
    ("softmax_cross_entropy", [0, 2], Z2, ValueError, r"y_true .*\[0, 2\), found 2"),
    ("softmax_cross_entropy", [0, -1], Z2, ValueError, r"y_true .*found -1"),
    ("cross_entropy", [0, 0.5], P2, ValueError, r"y_true .*whole numbers, found 0.5"),
    ("softmax_cross_entropy", [0, 1, 1], Z2, ValueError, r"y_true has 3 class indices .*2 rows"),
    (
        "softmax_cross_entropy",
        [[0], [1]],
        Z2,
        ValueError,
        r"y_true must have shape \(2, 2\) \(one-hot rows\) or \(2,\)",
    ),
    ("softmax_cross_entropy", [0], [[[0.0, 1.0]]], ValueError, r"prediction must have shape"),
    (
        "softmax_cross_entropy",
        [1, 0, 1],
        [2.0, -1.0, 0.5],
        ValueError,
        r"y_true .*sum.*binary_cross",
    ),
    (
        "softmax_cross_entropy",
        [0],
        [0.0, 1.0],
        ValueError,
        r"y_true must have shape \(2,\) \(one-hot, .*\) or \(\) \(.*a scalar\)",
    ),
    ("mse", [1.0, np.nan], [1.0, 2.0], ValueError, r"y_true must contain only finite"),
    ("binary_cross_entropy_with_logits", [1.0], [np.inf], ValueError, r"prediction .*finite"),
    ("softmax_cross_entropy", [0], [[np.nan, 0.0]], ValueError, r"prediction .*finite"),
    ("mse", [], [], ValueError, r"y_true is empty"),
    ("cross_entropy", np.zeros(0), np.zeros((0, 3)), ValueError, r"prediction is empty"),
    ("mae", ["a", "b"], [1.0, 2.0], TypeError, r"y_true must hold real numbers"),
    ("hinge", [1.0, -1.0], [1 + 2j, 0.0], TypeError, r"prediction must hold real numbers"),
    ("mse", [1.0, 2.0], [[1.0], [1.0, 2.0]], ValueError, r"prediction could not be read"),
]


@pytest.mark.parametrize("which", ["loss", "derivative"])
@pytest.mark.parametrize(("name", "y", "p", "error", "pattern"), BAD)
def test_bad_input_raises_naming_the_argument(name, y, p, error, pattern, which):
    function = LOSSES[name][0 if which == "loss" else 1]
    with pytest.raises(error, match=pattern):
        function(y, p)


def test_row_sum_tolerance_is_as_documented():
    ok = [[0.5, 0.5 + 0.5 * ROW_SUM_ATOL]]
    assert np.isfinite(cross_entropy([0], ok))
    with pytest.raises(ValueError, match="prediction"):
        cross_entropy([0], [[0.5, 0.5 + 2 * ROW_SUM_ATOL]])


# ---------------------------------------------------------------------------
# Inputs are never modified, and results never alias them
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "variant"), CASES, ids=CASE_IDS)
def test_inputs_are_unchanged(name, variant):
    loss, derivative = LOSSES[name]
    y, prediction = _case(name, variant, 7)
    y, prediction = np.asarray(y), np.asarray(prediction, dtype=np.float64)
    y_before, p_before = y.copy(), prediction.copy()
    loss(y, prediction)
    grad = derivative(y, prediction)
    np.testing.assert_array_equal(y, y_before)
    np.testing.assert_array_equal(prediction, p_before)
    assert y.dtype == y_before.dtype
    assert not np.shares_memory(grad, prediction)
    assert not np.shares_memory(grad, y)


# ---------------------------------------------------------------------------
# The kernels: the same formulas without the checks
# ---------------------------------------------------------------------------


def test_kernels_table_has_a_kernel_for_every_function_of_the_losses_table():
    assert losses.KERNELS.keys() == {f.__name__ for pair in LOSSES.values() for f in pair}


@pytest.mark.parametrize(("name", "variant"), CASES, ids=CASE_IDS)
def test_kernels_compute_exactly_what_the_public_functions_return(name, variant):
    # The categorical kernels take one-hot rows of shape (N, K), whatever the labels were.
    if variant.startswith("single"):
        return  # the public functions' reshaping of one sample; the kernels take (N, K)
    y, prediction = _case(name, variant, 8)
    y, prediction = np.asarray(y, dtype=np.float64), np.asarray(prediction, dtype=np.float64)
    loss, derivative = LOSSES[name]
    kernel, kernel_derivative = losses.KERNELS[name], losses.KERNELS[f"{name}_derivative"]
    Y = _one_hot(y.astype(int), K) if variant == "labels" else y
    assert kernel(Y, prediction) == loss(y, prediction)
    np.testing.assert_array_equal(kernel_derivative(Y, prediction), derivative(y, prediction))


def test_binary_cross_entropy_with_logits_is_elementwise_on_large_inputs():
    # a large array: each entry of the gradient is that of the entry alone
    rng = np.random.default_rng(9)
    size = 2 * 16384 + 77
    z = rng.normal(scale=30.0, size=size)
    y = rng.uniform(0.0, 1.0, size=size)
    grad = binary_cross_entropy_with_logits_derivative(y, z)
    for i in [0, 16383, 16384, size - 1, *rng.integers(0, size, size=20)]:
        assert grad[i] * size == pytest.approx(
            binary_cross_entropy_with_logits_derivative(y[i : i + 1], z[i : i + 1])[0], rel=1e-15
        )
    # the formula in one expression over the whole array: the same terms, the same mean
    terms = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    assert binary_cross_entropy_with_logits(y, z) == np.mean(terms)
