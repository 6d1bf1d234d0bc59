"""moments (mean and variance over axes) and normalize (unit p-norm), as ``keras.ops``."""

from nbkeras import config
from nbkeras.ops.numpy.arithmetic import divide, maximum, minimum, multiply, sqrt, square, subtract
from nbkeras.ops.numpy.linalg import norm
from nbkeras.ops.numpy.reductions import mean, sum
from nbkeras.ops.numpy.shaping import expand_dims
from nbkeras.ops.tensor import as_tensor


def moments(x, axes, keepdims=False, synchronized=False):
    """The mean and the (biased) variance of ``x`` over ``axes``.

    Returns:
        ``(mean, variance)``; both differentiable.

    Example:
        >>> import nbkeras as keras
        >>> m, v = keras.ops.moments(keras.ops.convert_to_tensor([1.0, 3.0]), axes=[0])
        >>> float(m), float(v)
        (2.0, 1.0)
    """
    x = as_tensor(x)
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else axes
    average = mean(x, axis=axes, keepdims=True)
    variance = mean(square(subtract(x, average)), axis=axes, keepdims=keepdims)
    return (average if keepdims else mean(x, axis=axes)), variance


def normalize(x, axis=-1, order=2, epsilon=None):
    """``x`` divided by its ``order``-norm along ``axis`` (at least ``epsilon``).

    Example:
        >>> import nbkeras as keras
        >>> [round(float(v), 2) for v in keras.ops.normalize(keras.ops.convert_to_tensor([[3.0, 4.0]]))[0]]
        [0.6, 0.8]
    """
    x = as_tensor(x)
    if x.ndim == 0:
        x = expand_dims(x, 0)
    epsilon = config.epsilon() if epsilon is None else epsilon
    if order == 2:  # Keras: x * min(1 / sqrt(sum(x**2)), 1 / epsilon)
        inverse_norm = divide(1.0, sqrt(sum(square(x), axis=axis, keepdims=True)))
        return multiply(x, minimum(inverse_norm, 1.0 / epsilon))
    return divide(x, maximum(norm(x, ord=order, axis=axis, keepdims=True), epsilon))
