"""The input check that activations, losses and regularization share: one policy, one wording."""

from __future__ import annotations

import numpy as np
import pytest

from nnmath.activations import sigmoid
from nnmath.losses import mse
from nnmath.regularization import l2_penalty

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
