"""Merging layers: combine several tensors into one."""

from nbkeras.layers.merging.concatenate import Concatenate
from nbkeras.layers.merging.dot import Dot
from nbkeras.layers.merging.functions import (add, average, concatenate, dot, maximum, minimum,
                                              multiply, subtract)
from nbkeras.layers.merging.elementwise import Add, Average, Maximum, Minimum, Multiply, Subtract

__all__ = ["Add", "Average", "Concatenate", "Dot", "Maximum", "Minimum", "Multiply", "Subtract", "add",
           "average", "concatenate", "dot", "maximum", "minimum", "multiply", "subtract"]
