"""Normalization ops: batch, layer and group normalization with their own backward.

All three standardize ``x`` with a Numba kernel (``x_hat``), then scale by
``gamma`` and shift by ``beta`` (either may be None for ``scale=False`` /
``center=False``). Input arrays arrive channels-last and are folded to 2-D.
"""

import numpy as np

from nbkeras.ops.op import Op


def _affine(x_hat, gamma, beta):
    y = x_hat * gamma if gamma is not None else x_hat.copy()
    if beta is not None:
        y += beta
    return y


def _affine_backward(dy, x_hat, gamma, needs_gamma, needs_beta, axes):
    dgamma = (dy * x_hat).sum(axis=axes) if needs_gamma else None
    dbeta = dy.sum(axis=axes) if needs_beta else None
    dx_hat = dy * gamma if gamma is not None else dy
    return dx_hat, dgamma, dbeta


class BatchNormTrainingOp(Op):
    """``y = gamma * (x - batch_mean) / sqrt(batch_var + epsilon) + beta`` over all but the last axis.

    ``statistics``, when given a dict, receives the batch ``mean`` and
    ``variance`` (the layer updates its moving statistics with them).
    """

    def forward(self, x, gamma, beta, epsilon, statistics=None):
        from nbkeras.kernels import normalization  # deferred: importing kernels loads Numba

        channels = x.shape[-1]
        x2d = np.ascontiguousarray(x).reshape(-1, channels)
        self.x_hat, self.batch_mean, self.batch_variance, self.inv_std = \
            normalization.standardize_columns_forward(x2d, x.dtype.type(epsilon))
        self.gamma = gamma
        if statistics is not None:
            statistics.update(mean=self.batch_mean, variance=self.batch_variance)
        return _affine(self.x_hat, gamma, beta).reshape(x.shape)

    def backward(self, dy):
        from nbkeras.kernels import normalization  # deferred: importing kernels loads Numba

        needs_x, needs_gamma, needs_beta = self.needs_input_grad
        dy2d = np.ascontiguousarray(dy).reshape(self.x_hat.shape)
        dx_hat, dgamma, dbeta = _affine_backward(dy2d, self.x_hat, self.gamma, needs_gamma,
                                                 needs_beta, 0)
        dx = None
        if needs_x:
            dx = normalization.standardize_columns_backward(np.ascontiguousarray(dx_hat), self.x_hat,
                                                            self.inv_std).reshape(dy.shape)
        return dx, dgamma, dbeta


class BatchNormInferenceOp(Op):
    """``y = gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta`` (statistics fixed)."""

    def forward(self, x, gamma, beta, moving_mean, moving_variance, epsilon):
        self.inv_std = 1.0 / np.sqrt(moving_variance + x.dtype.type(epsilon))
        self.x_hat = (x - moving_mean) * self.inv_std
        self.gamma = gamma
        return _affine(self.x_hat, gamma, beta)

    def backward(self, dy):
        needs_x, needs_gamma, needs_beta = self.needs_input_grad[:3]
        axes = tuple(range(dy.ndim - 1))
        dx_hat, dgamma, dbeta = _affine_backward(dy, self.x_hat, self.gamma, needs_gamma,
                                                 needs_beta, axes)
        dx = dx_hat * self.inv_std if needs_x else None
        return dx, dgamma, dbeta, None, None


class GroupNormOp(Op):
    """Standardize each sample's channel groups (all spatial positions), then scale and shift.

    ``x`` is ``(batch, ..., channels)`` with ``channels = groups * group_size``;
    ``groups = channels`` is instance norm, ``groups = 1`` normalizes the whole
    sample. Layer normalization over the last axis is ``x`` of shape
    ``(rows, channels)`` with ``groups = 1``.
    """

    def forward(self, x, gamma, beta, groups, epsilon):
        from nbkeras.kernels import normalization  # deferred: importing kernels loads Numba

        batch, channels = x.shape[0], x.shape[-1]
        self.grouped_shape = (batch, -1, groups, channels // groups)
        rows = np.ascontiguousarray(x.reshape(self.grouped_shape).transpose(0, 2, 1, 3))
        self.rows_shape = rows.shape
        x_hat_rows, self.inv_std = normalization.standardize_rows_forward(
            rows.reshape(batch * groups, -1), x.dtype.type(epsilon))
        self.x_hat_rows = x_hat_rows
        self.x_hat = x_hat_rows.reshape(self.rows_shape).transpose(0, 2, 1, 3).reshape(x.shape)
        self.gamma = gamma
        return _affine(self.x_hat, gamma, beta)

    def backward(self, dy):
        from nbkeras.kernels import normalization  # deferred: importing kernels loads Numba

        needs_x, needs_gamma, needs_beta = self.needs_input_grad
        axes = tuple(range(dy.ndim - 1))
        dx_hat, dgamma, dbeta = _affine_backward(dy, self.x_hat, self.gamma, needs_gamma,
                                                 needs_beta, axes)
        dx = None
        if needs_x:
            rows = np.ascontiguousarray(dx_hat.reshape(self.grouped_shape).transpose(0, 2, 1, 3))
            dx_rows = normalization.standardize_rows_backward(
                rows.reshape(self.x_hat_rows.shape), self.x_hat_rows, self.inv_std)
            dx = dx_rows.reshape(self.rows_shape).transpose(0, 2, 1, 3).reshape(dy.shape)
        return dx, dgamma, dbeta
