"""What a layer owns: its weights, its sublayers and its losses (tracked as attributes are set).

``LayerWeights`` is one part of ``Layer`` (``layers/layer.py``): assigning a
Variable or a layer (or a list or dict of them) to an attribute tracks it, so
``weights``, ``trainable_weights``, ``get_weights()`` and ``losses`` find it,
in Keras's order.
"""

import numpy as np

from nbkeras import initializers
from nbkeras.layers import layer_checks, weight_budget
from nbkeras.ops.tensor import Variable


class LayerWeights:
    """Weight, sublayer and loss tracking of ``Layer``."""

    def _init_tracking(self):
        """Creates the lists that ``__setattr__`` fills (safe to call twice)."""
        if "_layers" in self.__dict__:
            return
        object.__setattr__(self, "_layers", [])
        object.__setattr__(self, "_trainable_variables", [])
        object.__setattr__(self, "_non_trainable_variables", [])
        object.__setattr__(self, "_activity_losses", [])
        object.__setattr__(self, "_added_losses", [])
        object.__setattr__(self, "inbound_nodes", [])
        object.__setattr__(self, "_build_shape", None)

    def __setattr__(self, name, value):
        if not name.startswith("_"):
            self._init_tracking()
            for item in _layers_and_variables(value):
                self._track(item)
        object.__setattr__(self, name, value)

    def _track(self, item):
        if isinstance(item, LayerWeights):
            if item is not self and item not in self._layers:
                self._layers.append(item)
        elif isinstance(item, Variable):
            owned = self._trainable_variables + self._non_trainable_variables
            if not any(item is v for v in owned):
                (self._trainable_variables if item.trainable else self._non_trainable_variables).append(item)

    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True, autocast=True,
                   regularizer=None, constraint=None, aggregation="none",
                   overwrite_with_gradient=False, name=None):
        """Creates a weight variable owned by this layer.

        Args:
            shape: the shape (``()`` for a scalar).
            initializer: a name (``"glorot_uniform"``), an Initializer or a
                callable; defaults to glorot_uniform for floats.
            dtype: defaults to the layer's dtype.
            trainable: whether the optimizer updates it.
            regularizer: adds a penalty on this weight to ``layer.losses``.
            constraint: projects the weight after each optimizer update.
            name: the variable's name, e.g. ``"kernel"``.

        Returns:
            The new ``Variable``.
        """
        from nbkeras import constraints, regularizers

        self._init_tracking()
        shape = () if shape is None else tuple(int(d) for d in shape)
        weight_budget.spend(int(np.prod(shape, dtype=np.float64)) * np.dtype(dtype or self.dtype)
                            .itemsize, self.name, shape)  # bounded while a file is loading
        initializer = initializers.get(initializer or "glorot_uniform")
        variable = Variable(initializer, shape=shape, dtype=dtype or self.dtype,
                            trainable=trainable, name=name,
                            regularizer=regularizers.get(regularizer),
                            constraint=constraints.get(constraint))
        variable.path = f"{self.name}/{name or 'variable'}"
        self._track(variable)
        return variable

    @property
    def weights(self):
        """All weights: own (trainable, then non-trainable), then sublayers', in Keras order."""
        seen, result = set(), []
        for variable in self._trainable_variables + self._non_trainable_variables:
            if id(variable) not in seen:
                seen.add(id(variable))
                result.append(variable)
        for layer in self._layers:
            for variable in layer.weights:
                if id(variable) not in seen:
                    seen.add(id(variable))
                    result.append(variable)
        return result

    variables = weights

    @property
    def trainable_weights(self):
        return [v for v in self.weights if v.trainable] if self.trainable else []

    trainable_variables = trainable_weights

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.weights
        return [v for v in self.weights if not v.trainable]

    non_trainable_variables = non_trainable_weights

    @property
    def trainable(self):
        return self._trainable
    @trainable.setter
    def trainable(self, value):
        """Freezing a layer freezes its variables and sublayers (as Keras 3 does)."""
        value = bool(value)
        self._trainable = value
        for variable in self._trainable_variables:
            variable.trainable = value
        for layer in self._layers:
            layer.trainable = value

    @property
    def layers(self):
        return list(self._layers)

    def get_weights(self):
        """Returns the weights as a list of NumPy arrays (Keras order)."""
        return [np.array(v.data) for v in self.weights]

    def set_weights(self, weights):
        """Sets the weights from a list of arrays in ``get_weights()`` order."""
        layer_checks.check_weights_list(self, weights)
        for variable, value in zip(self.weights, weights):
            variable.assign(np.asarray(value))

    def count_params(self):
        """Number of scalars in all weights (the layer must be built)."""
        if not self.built:
            raise ValueError(
                f"You tried to call count_params on layer '{self.name}', but the layer "
                "isn't built. Build it first by calling it on data or with build(input_shape)."
            )
        return int(sum(v.data.size for v in self.weights))

    @property
    def losses(self):
        """Regularization penalties (weights and activity) as scalar Tensors."""
        result = list(self._added_losses) + list(self._activity_losses)
        for variable in self._trainable_variables + self._non_trainable_variables:
            if variable.regularizer is not None:
                result.append(variable.regularizer(variable))
        for layer in self._layers:
            result.extend(layer.losses)
        return result

    def add_loss(self, loss):
        """Adds a scalar Tensor to ``layer.losses`` (cleared at the next call)."""
        self._added_losses.append(loss)

    def _clear_call_losses(self):
        self._activity_losses.clear()
        self._added_losses.clear()
        for layer in self._layers:
            layer._clear_call_losses()


def _layers_and_variables(value):
    if isinstance(value, (LayerWeights, Variable)):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, (LayerWeights, Variable))]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, (LayerWeights, Variable))]
    return []
