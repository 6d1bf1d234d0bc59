"""SpatialDropout1D/2D/3D: drop whole feature maps (channels) instead of single units."""

from nbkeras.layers.regularization.dropout import Dropout


_SPATIAL_AXES = {1: "steps", 2: "rows, cols", 3: "depth, rows, cols"}


class _SpatialDropout(Dropout):
    rank = None

    def __init__(self, rate, seed=None, name=None, dtype=None, **kwargs):
        super().__init__(rate, seed=seed, name=name, dtype=dtype, **kwargs)

    def call(self, inputs, training=False):
        if inputs.ndim != self.rank + 2:
            raise ValueError(f"{type(self).__name__} '{self.name}' expects inputs of rank "
                             f"{self.rank + 2} (batch, {_SPATIAL_AXES[self.rank]}, "
                             f"channels). Received shape {tuple(inputs.shape)}.")
        self.noise_shape = (inputs.shape[0],) + (1,) * self.rank + (inputs.shape[-1],)
        return super().call(inputs, training=training)

    def get_config(self):
        config = super().get_config()
        del config["noise_shape"]
        return config


class SpatialDropout1D(_SpatialDropout):
    """Drops entire channels of ``(batch, steps, channels)`` inputs while training.

    Neighbouring timesteps are strongly correlated, so dropping single
    values barely regularizes; dropping a whole channel does.

    Args:
        rate: fraction of channels to drop.
        seed: optional int for a repeatable mask.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> out = keras.layers.SpatialDropout1D(0.5, seed=0)(np.ones((1, 3, 4)), training=True)
        >>> bool((out.numpy() == out.numpy()[:, :1]).all())
        True
    """

    rank = 1


class SpatialDropout2D(_SpatialDropout):
    """Drops entire channels of ``(batch, rows, cols, channels)`` inputs while training.

    Args:
        rate: fraction of channels to drop.
        data_format: only ``"channels_last"`` (or None).
        seed: optional int for a repeatable mask.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> out = keras.layers.SpatialDropout2D(0.5, seed=0)(np.ones((1, 2, 2, 3)), training=True)
        >>> out.shape
        (1, 2, 2, 3)
    """

    rank = 2

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None, **kwargs):
        if data_format not in (None, "channels_last"):
            raise ValueError("nbkeras implements data_format='channels_last' only. "
                             f"Received: data_format={data_format!r}")
        super().__init__(rate, seed=seed, name=name, dtype=dtype, **kwargs)
        self.data_format = "channels_last"

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class SpatialDropout3D(SpatialDropout2D):
    """Drops entire channels of ``(batch, depth, rows, cols, channels)`` inputs while training.

    Args:
        rate: fraction of channels to drop.
        data_format: only ``"channels_last"`` (or None).
        seed: optional int for a repeatable mask.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> out = keras.layers.SpatialDropout3D(0.5, seed=0)(np.ones((1, 2, 2, 2, 3)), training=True)
        >>> out.shape
        (1, 2, 2, 2, 3)
    """

    rank = 3
