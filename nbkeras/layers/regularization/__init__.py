"""Regularization layers: dropout variants, noise, and activity penalties."""

from nbkeras.layers.regularization.activity_regularization import ActivityRegularization
from nbkeras.layers.regularization.alpha_dropout import AlphaDropout
from nbkeras.layers.regularization.dropout import Dropout
from nbkeras.layers.regularization.gaussian_dropout import GaussianDropout
from nbkeras.layers.regularization.gaussian_noise import GaussianNoise
from nbkeras.layers.regularization.spatial_dropout import (SpatialDropout1D, SpatialDropout2D,
                                                          SpatialDropout3D)

__all__ = ["ActivityRegularization", "AlphaDropout", "Dropout", "GaussianDropout",
           "GaussianNoise", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"]
