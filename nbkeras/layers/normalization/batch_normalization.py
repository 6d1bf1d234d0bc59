"""BatchNormalization: standardize each channel with batch statistics (training) or moving ones."""

import functools

from nbkeras import initializers
from nbkeras.layers.normalization.base_normalization import BaseNormalization
from nbkeras.ops.host import replayed
from nbkeras.ops.nn.normalization import BatchNormInferenceOp, BatchNormTrainingOp


class BatchNormalization(BaseNormalization):
    """Normalizes each channel: ``gamma * (x - mean) / sqrt(var + epsilon) + beta``.

    In training (``fit``, or ``training=True``) ``mean``/``var`` are the
    batch's, and the moving statistics are updated
    ``moving = moving * momentum + batch * (1 - momentum)``. In inference the
    moving statistics are used. As in Keras 3, a layer with
    ``trainable=False`` always runs in inference mode (fine-tuning keeps its
    statistics frozen). Weights, in Keras order: gamma, beta (trainable),
    moving_mean, moving_variance (non-trainable).

    Args:
        axis: the channel axis (-1 for channels-last, 1 for channels-first).
        momentum: of the moving statistics (0.99).
        epsilon: added to the variance (1e-3).
        center, scale: whether to learn beta / gamma.

    Example:
        >>> import numpy as np, nbkeras as keras
        >>> layer = keras.layers.BatchNormalization()
        >>> y = layer(np.array([[1.0], [3.0]]), training=True)
        >>> [round(float(v), 3) for v in layer.moving_mean.numpy()]
        [0.02]
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, synchronized=False, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, **kwargs):
        super().__init__(axis=axis, epsilon=epsilon, center=center, scale=scale,
                         beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                         beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
                         beta_constraint=beta_constraint, gamma_constraint=gamma_constraint,
                         **kwargs)
        if renorm:
            raise ValueError(f'BatchNormalization "{self.name}": nbkeras does not implement '
                             "batch renormalization. Received: renorm=True")
        self.momentum, self.synchronized = float(momentum), synchronized
        self.renorm, self.renorm_clipping, self.renorm_momentum = renorm, renorm_clipping, renorm_momentum
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.moving_mean = self.moving_variance = None

    def build(self, input_shape):
        size = input_shape[self._channel_axis(input_shape)]
        self._add_gamma_beta(size)
        self.moving_mean = self.add_weight(shape=(size,), initializer=self.moving_mean_initializer,
                                           name="moving_mean", trainable=False)
        self.moving_variance = self.add_weight(shape=(size,),
                                               initializer=self.moving_variance_initializer,
                                               name="moving_variance", trainable=False)
        self.built = True

    def call(self, inputs, training=None, mask=None):
        x, back = self._moved_last(inputs)
        if training and self.trainable:
            statistics = {}
            y = BatchNormTrainingOp.apply(x, self.gamma, self.beta, epsilon=self.epsilon,
                                          statistics=statistics)
            # replayed: a replayed step (models/step_plan.py) updates the statistics too
            replayed(functools.partial(_update_moving_statistics, self, statistics))
            return back(y)
        return back(BatchNormInferenceOp.apply(x, self.gamma, self.beta, self.moving_mean,
                                               self.moving_variance, epsilon=self.epsilon))

    def get_config(self):
        config = {**super().get_config(), "axis": self.axis, "momentum": self.momentum,
                  "epsilon": self.epsilon, "center": self.center, "scale": self.scale}
        config.update(self._weights_config("moving_mean", "moving_variance"))
        config.update({"synchronized": self.synchronized, "renorm": self.renorm,
                       "renorm_clipping": self.renorm_clipping,
                       "renorm_momentum": self.renorm_momentum})
        return config


def _update_moving_statistics(layer, statistics):
    """``moving = moving * momentum + batch * (1 - momentum)`` for the mean and the variance."""
    momentum = layer.momentum
    for variable, batch_value in ((layer.moving_mean, statistics["mean"]),
                                  (layer.moving_variance, statistics["variance"])):
        variable.assign(variable.data * momentum + batch_value * (1.0 - momentum))
