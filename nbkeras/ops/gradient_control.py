"""stop_gradient: the values of a tensor, cut off from the tape."""

from nbkeras.ops.tensor import Tensor, as_tensor


def stop_gradient(variable):
    """Returns ``variable``'s values as a tensor that no gradient flows back through.

    Example:
        >>> import nbkeras as keras
        >>> x = keras.Variable([2.0])
        >>> with keras.GradientTape() as tape:
        ...     y = x * keras.ops.stop_gradient(x)
        >>> tape.gradient(y, [x])[0].tolist()
        [2.0]
    """
    return Tensor.wrap(as_tensor(variable).data)
