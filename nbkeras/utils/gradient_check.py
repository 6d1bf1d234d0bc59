"""Finite-difference gradient checking: does backward agree with forward?"""

import numpy as np

from nbkeras.ops.tape import GradientTape
from nbkeras.ops.tensor import Variable


def check_gradients(fn, inputs, epsilon=1e-6, seed=0, atol=1e-6, rtol=1e-5):
    """Compares the tape's gradients of ``sum(fn(*inputs) * r)`` with central differences.

    Use float64 inputs: in float32 the finite differences are too coarse.
    ``r`` is a fixed random cotangent, so every output element matters.

    Args:
        fn: a function of Tensors returning a Tensor.
        inputs: a list of arrays (the points at which to check).
        epsilon: the finite-difference step.
        seed: seed of the random cotangent.
        atol, rtol: tolerances of the comparison.

    Returns:
        A dict with ``max_abs_error``, ``max_rel_error`` and ``ok``
        (True when every element is within ``atol + rtol * |numeric|``).

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> check_gradients(lambda x: keras.ops.tanh(x), [np.array([0.5, -1.0])])["ok"]
        True
    """
    arrays = [np.array(a, dtype=np.float64) for a in inputs]
    variables = [Variable(a.copy(), dtype="float64") for a in arrays]
    with GradientTape() as tape:
        output = fn(*variables)
    cotangent = np.random.default_rng(seed).normal(size=np.shape(output.data))
    analytic = _tape_gradients(tape, output, cotangent, variables)

    def objective(values):
        for variable, value in zip(variables, values):
            variable.data[...] = value
        return float(np.sum(np.asarray(fn(*variables).data, dtype=np.float64) * cotangent))

    worst_abs = worst_rel = 0.0
    ok = True
    for index, array in enumerate(arrays):
        numeric = np.zeros_like(array)
        for position in np.ndindex(array.shape):
            plus = [a.copy() for a in arrays]
            minus = [a.copy() for a in arrays]
            plus[index][position] += epsilon
            minus[index][position] -= epsilon
            numeric[position] = (objective(plus) - objective(minus)) / (2 * epsilon)
        error = np.abs(analytic[index] - numeric)
        worst_abs = max(worst_abs, float(error.max(initial=0.0)))
        worst_rel = max(worst_rel, float((error / np.maximum(np.abs(numeric), 1e-12)).max(initial=0.0)))
        ok = ok and bool(np.all(error <= atol + rtol * np.abs(numeric)))
    objective(arrays)
    return {"max_abs_error": worst_abs, "max_rel_error": worst_rel, "ok": ok}


def _tape_gradients(tape, output, cotangent, variables):
    for variable in variables:
        variable.grad = None
    tape._tape.backward(output, cotangent.astype(output.data.dtype))
    return [np.zeros(v.shape) if v.grad is None else np.array(v.grad, dtype=np.float64)
            for v in variables]
