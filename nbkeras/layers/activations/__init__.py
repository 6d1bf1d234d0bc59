"""Activation layers with arguments of their own: Softmax, ReLU, LeakyReLU, PReLU, ELU."""

from nbkeras.layers.activations.elu import ELU
from nbkeras.layers.activations.leaky_relu import LeakyReLU
from nbkeras.layers.activations.prelu import PReLU
from nbkeras.layers.activations.relu import ReLU
from nbkeras.layers.activations.softmax import Softmax

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]
