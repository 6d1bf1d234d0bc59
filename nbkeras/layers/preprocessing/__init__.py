"""Preprocessing layers: text, categories, numbers and images, in NumPy (no TensorFlow)."""

from nbkeras.layers.preprocessing.category_encoding import CategoryEncoding
from nbkeras.layers.preprocessing.center_crop import CenterCrop
from nbkeras.layers.preprocessing.discretization import Discretization
from nbkeras.layers.preprocessing.hashing import Hashing
from nbkeras.layers.preprocessing.integer_lookup import IntegerLookup
from nbkeras.layers.preprocessing.normalization import Normalization
from nbkeras.layers.preprocessing.random_brightness import RandomBrightness
from nbkeras.layers.preprocessing.random_contrast import RandomContrast
from nbkeras.layers.preprocessing.random_crop import RandomCrop
from nbkeras.layers.preprocessing.random_flip import RandomFlip
from nbkeras.layers.preprocessing.random_rotation import RandomRotation
from nbkeras.layers.preprocessing.random_translation import RandomTranslation
from nbkeras.layers.preprocessing.random_zoom import RandomZoom
from nbkeras.layers.preprocessing.rescaling import Rescaling
from nbkeras.layers.preprocessing.resizing import Resizing
from nbkeras.layers.preprocessing.string_lookup import StringLookup
from nbkeras.layers.preprocessing.text_vectorization import TextVectorization

__all__ = ["CategoryEncoding", "CenterCrop", "Discretization", "Hashing", "IntegerLookup",
           "Normalization", "RandomBrightness", "RandomContrast", "RandomCrop", "RandomFlip",
           "RandomRotation", "RandomTranslation", "RandomZoom", "Rescaling", "Resizing",
           "StringLookup", "TextVectorization"]
