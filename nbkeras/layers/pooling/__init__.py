"""Pooling layers: windowed max/average and their global versions."""

from nbkeras.layers.pooling.average_pooling1d import AveragePooling1D
from nbkeras.layers.pooling.average_pooling2d import AveragePooling2D
from nbkeras.layers.pooling.average_pooling3d import AveragePooling3D
from nbkeras.layers.pooling.global_average_pooling1d import GlobalAveragePooling1D
from nbkeras.layers.pooling.global_average_pooling2d import GlobalAveragePooling2D
from nbkeras.layers.pooling.global_max_pooling1d import GlobalMaxPooling1D
from nbkeras.layers.pooling.global_max_pooling2d import GlobalMaxPooling2D
from nbkeras.layers.pooling.global_pooling3d import GlobalAveragePooling3D, GlobalMaxPooling3D
from nbkeras.layers.pooling.max_pooling1d import MaxPooling1D
from nbkeras.layers.pooling.max_pooling2d import MaxPooling2D
from nbkeras.layers.pooling.max_pooling3d import MaxPooling3D

__all__ = ["AveragePooling1D", "AveragePooling2D", "GlobalAveragePooling1D",
           "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "MaxPooling1D",
           "MaxPooling2D", "AveragePooling3D", "GlobalAveragePooling3D", "GlobalMaxPooling3D",
           "MaxPooling3D"]
