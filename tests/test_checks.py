"""The input checks that every module shares (nnmath._checks): one rule, one wording."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath._checks import (
    as_one_hot,
    check_axis,
    check_choice,
    check_hinge_labels,
    check_same_shape,
    check_shape,
    check_unit_interval,
)
from nnmath.activations import elu, leaky_relu, sigmoid, softmax
from nnmath.gradcheck import numerical_gradient
from nnmath.losses import mse, softmax_cross_entropy
from nnmath.network import FeedForwardNetwork
from nnmath.regularization import l1_penalty, l2_gradient, l2_penalty

# (call with one argument replaced, the argument's name)
CALLS = [
    (lambda bad: sigmoid(bad), "z"),
    (lambda bad: mse(bad, [0.0, 0.0]), "y_true"),
    (lambda bad: mse([0.0, 0.0], bad), "prediction"),
    (lambda bad: l2_penalty(bad, 0.1), "w"),
]
IDS = ["sigmoid z", "mse y_true", "mse prediction", "l2_penalty w"]


@pytest.mark.parametrize(("call", "name"), CALLS, ids=IDS)
@pytest.mark.parametrize("bad", [[1.0, np.nan], [np.inf, 0.0], [-np.inf, 0.0]])
def test_nan_and_infinity_raise_the_same_message_everywhere(call, name, bad):
    with pytest.raises(ValueError) as caught:
        call(bad)
    assert str(caught.value) == f"{name} must contain only finite numbers, found NaN or infinity"


@pytest.mark.parametrize(("call", "name"), CALLS, ids=IDS)
def test_a_long_double_beyond_float64_is_refused_not_rounded_to_inf(call, name):
    if np.finfo(np.longdouble).max <= np.finfo(np.float64).max:
        pytest.skip("long double is float64 on this platform: nothing to overflow")
    huge = np.array([np.finfo(np.longdouble).max, 0.0], dtype=np.longdouble)
    with pytest.raises(ValueError, match=f"^{name} must contain only finite numbers"):
        call(huge)


@pytest.mark.parametrize(("call", "name"), CALLS, ids=IDS)
@pytest.mark.parametrize("bad", [["a", "b"], [1 + 2j, 0j], np.array([1.0, 2.0], dtype=object)])
def test_non_numbers_raise_type_error_naming_the_argument(call, name, bad):
    with pytest.raises(TypeError, match=f"^{name} must hold real numbers"):
        call(bad)


@pytest.mark.parametrize(("call", "name"), CALLS, ids=IDS)
def test_ragged_lists_raise_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=f"^{name} could not be read as an array of numbers"):
        call([[1.0], [1.0, 2.0]])


def test_booleans_are_labels_or_weights_but_not_scores():
    assert mse([True, False], [1.0, 0.0]) == 0.0
    assert l2_penalty([True, False], 2.0) == 1.0
    with pytest.raises(TypeError, match=r"^z must hold real numbers \(int or float\), got dtype"):
        sigmoid([True, False])


def test_only_a_loss_refuses_an_empty_array():
    assert sigmoid([]).shape == (0,)
    assert l2_penalty([], 0.5) == 0.0
    with pytest.raises(ValueError, match="^y_true is empty; a loss needs at least one value$"):
        mse([], [])


def test_a_float64_array_is_used_as_it_is_and_left_alone():
    z = np.array([-1.0, 0.0, 1.0])
    before = z.copy()
    for function in (sigmoid, lambda a: mse(a, a), lambda a: l2_penalty(a, 1.0)):
        function(z)
    np.testing.assert_array_equal(z, before)


# --------------------------------------------------------------------- one rule for numbers

X, Y = np.ones((4, 2)), np.ones(4)

# (call with one number argument replaced, the argument's name, a value out of its range)
NUMBER_ARGUMENTS = [
    (lambda bad: leaky_relu([1.0, -1.0], alpha=bad), "alpha", 1.5),
    (lambda bad: elu([1.0, -1.0], alpha=bad), "alpha", -1.0),
    (lambda bad: l1_penalty([1.0], bad), "lam", -0.1),
    (lambda bad: l2_gradient([1.0], bad), "lam", -0.1),
    (lambda bad: numerical_gradient(np.sum, np.ones(2), eps=bad), "eps", 0.0),
    (lambda bad: softmax(np.zeros((2, 3)), axis=bad), "axis", 2),
    (lambda bad: FeedForwardNetwork([2, 1], l1=bad), "l1", -0.1),
    (lambda bad: FeedForwardNetwork([2, 1]).fit(X, Y, learning_rate=bad), "learning_rate", 0.0),
    (lambda bad: FeedForwardNetwork([2, 1]).fit(X, Y, momentum=bad), "momentum", 1.0),
    (lambda bad: FeedForwardNetwork([2, 1]).fit(X, Y, batch_size=bad), "batch_size", 0),
]
NUMBER_IDS = ["leaky_relu alpha", "elu alpha", "l1_penalty lam", "l2_gradient lam", "eps", "axis"]
NUMBER_IDS += ["network l1", "fit learning_rate", "fit momentum", "fit batch_size"]


@pytest.mark.parametrize(("call", "name", "out_of_range"), NUMBER_ARGUMENTS, ids=NUMBER_IDS)
@pytest.mark.parametrize("wrong_kind", ["0.1", [0.1], [0.1, 0.2], None, True, 1j])
def test_a_number_argument_of_the_wrong_kind_is_a_type_error_everywhere(
    call, name, out_of_range, wrong_kind
):
    with pytest.raises(TypeError, match=f"^{name} must be (a real number|an integer), got"):
        call(wrong_kind)


@pytest.mark.parametrize(("call", "name", "out_of_range"), NUMBER_ARGUMENTS, ids=NUMBER_IDS)
def test_a_number_argument_out_of_range_is_a_value_error_everywhere(call, name, out_of_range):
    for bad in (out_of_range, np.nan, np.inf):
        if name in ("axis", "batch_size") and not isinstance(bad, int):
            continue  # a float is of the wrong kind where an integer is wanted
        with pytest.raises(ValueError, match=f"^{name} must be (a finite number|an integer)"):
            call(bad)


# --------------------------------------------------------------------- the other checks


def test_check_choice_refuses_other_names_and_non_names():
    assert check_choice("mse", "loss", {"mse": 1, "mae": 2}) == "mse"
    with pytest.raises(ValueError, match=r"^loss must be one of \['mae', 'mse'\], got 'MSE'$"):
        check_choice("MSE", "loss", {"mse": 1, "mae": 2})
    for bad in (None, 1, ["mse"]):
        with pytest.raises(TypeError, match=r"^loss must be a name, one of \['mae', 'mse'\]"):
            check_choice(bad, "loss", {"mse": 1, "mae": 2})


def test_check_shape_matches_any_length_where_none():
    x = np.zeros((4, 3))
    assert check_shape(x, "X", (None, 3), described="(N, 3)") is x
    assert check_shape(x, "X", (5,), (4, None), described="(5,) or (4, K)") is x
    for shapes in [((None, 2),), ((None,),), ((4, 3, None),), ((3, 4),)]:
        with pytest.raises(ValueError, match=r"^X must have shape \(N, 2\), got shape \(4, 3\)$"):
            check_shape(x, "X", *shapes, described="(N, 2)")


def test_check_axis_names_the_array_without_an_axis():
    assert check_axis(-1, np.zeros((2, 3)), "z") == -1
    assert check_axis(np.int64(-2), np.zeros((2, 3)), "z") == -2
    with pytest.raises(ValueError, match="^z must have at least one axis, got a scalar$"):
        check_axis(0, np.array(1.0), "z")


def test_as_one_hot_reads_indices_and_checks_one_hot_rows():
    labels = np.array([2.0, 0.0, 1.0])
    expected = np.eye(3)[[2, 0, 1]]
    np.testing.assert_array_equal(as_one_hot(labels, "y", 3, 3, "X"), expected)
    assert as_one_hot(expected, "y", 3, 3, "X") is expected  # one-hot rows as they are
    smoothed = np.full((3, 3), 1 / 3)
    assert as_one_hot(smoothed, "y", 3, 3, "X") is smoothed
    bad = [
        (np.array([0.0, 1.5, 1.0]), r"^y holds class indices, which must be whole numbers, found 1\.5$"),
        (np.array([0.0, 3.0, 1.0]), r"^y holds class indices, which must lie in \[0, K\) = \[0, 3\), found 3$"),
        (np.array([0.0, -1.0, 1.0]), r"found -1$"),
        (np.array([0.0, 1.0]), r"^y has 2 class indices but X has 3 rows$"),
        (np.zeros((3, 2)), r"^y must have shape \(3, 3\) \(one-hot rows\) or \(3,\) \(class indices\)"),
        (np.zeros((3, 3)), r"^y must have rows that sum to 1 \(within 1e-05\); row 0 sums to 0$"),
        (np.array([[2.0, -1.0, 0.0]] * 3), r"^y must hold one-hot labels \(or class probabilities\) in \[0, 1\]"),
    ]  # fmt: skip
    for y, pattern in bad:
        with pytest.raises(ValueError, match=pattern):
            as_one_hot(y, "y", 3, 3, "X")


def test_value_checks_name_the_argument():
    check_unit_interval(np.array([0.0, 1.0]), "p", "probabilities")
    with pytest.raises(ValueError, match=r"^p must hold probabilities in \[0, 1\], found values"):
        check_unit_interval(np.array([0.0, 1.5]), "p", "probabilities")
    check_hinge_labels(np.array([1.0, -1.0]), "y")
    with pytest.raises(ValueError, match=r"^y must hold hinge labels -1 or \+1, found 0"):
        check_hinge_labels(np.array([1.0, 0.0]), "y")
    check_same_shape(np.zeros(2), np.ones(2), "a", "b")
    with pytest.raises(ValueError, match=r"^a and b must have the same shape, got a \(2,\) and b"):
        check_same_shape(np.zeros(2), np.ones(3), "a", "b")


@pytest.mark.parametrize(
    ("labels", "pattern"),
    [
        ([0, 3], r"holds class indices, which must lie in \[0, K\) = \[0, 3\), found 3$"),
        ([0, 0.5], r"holds class indices, which must be whole numbers, found 0\.5$"),
        ([0, 1, 2], r"has 3 class indices but (prediction|X) has 2 rows$"),
        ([[1.0, 1.0, 0.0]] * 2, r"must have rows that sum to 1 \(within 1e-05\); row 0 sums to 2$"),
    ],
)
def test_class_labels_are_checked_alike_by_the_losses_and_the_network(labels, pattern):
    net = FeedForwardNetwork([2, 3], "tanh", "softmax", "cross_entropy")
    with pytest.raises(ValueError, match="^y_true " + pattern):
        softmax_cross_entropy(labels, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="^y " + pattern):
        net.loss(np.zeros((2, 2)), labels)
