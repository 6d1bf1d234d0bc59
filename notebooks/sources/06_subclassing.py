# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 6. Subclassing: your own layers and models
#
# When no built-in layer does what you need, you write one: a class with a `build` method
# that creates its weights and a `call` method that computes its output. The same goes for
# whole models: subclass `keras.Model` and write `call` in plain Python.
#
# This notebook writes three layers and two models, freezes layers, saves a custom layer's
# configuration, and ends with when to choose which of the three ways to build a model.

# %%
import numpy as np

import nbkeras as keras
from nbkeras import layers
from nbkeras.datasets import make_spirals

keras.utils.set_random_seed(0)
x, labels = make_spirals(900, noise=0.2, seed=0)
y = keras.utils.to_categorical(labels, 3)
x_train, y_train, x_val, y_val = x[:600], y[:600], x[600:], y[600:]


# %% [markdown]
# ## A layer with one weight: `Scale`
#
# A layer has four parts, always the same:
#
# * `__init__`: store the settings (and pass `**kwargs` such as `name` to `super()`);
# * `build(input_shape)`: create the weights with `self.add_weight`, once the input size
#   is known (this is the **deferred build**: it runs on the first call);
# * `call(inputs)`: compute the output with `keras.ops` or operators on tensors, so the
#   gradient is found automatically;
# * `compute_output_shape(input_shape)` when the output shape differs from the input's.

# %%
class Scale(keras.layers.Layer):
    """Multiplies each feature by its own learned factor."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="factor")

    def call(self, inputs):
        return inputs * self.w

scale = Scale(name="scale")
print("built before the first call?", scale.built)
out = scale(np.array([[1.0, 2.0, 3.0]]))
print("built after it?", scale.built, "| weights:", [w.name for w in scale.weights])
print("output:", out.numpy())


# %% [markdown]
# ## A Dense layer from scratch
#
# To see that nothing is hidden in the built-in layers, here is `Dense` again, with a
# kernel, a bias and an activation, and a `get_config` so that it can be saved and cloned.
# Given the same weights it gives exactly the numbers of `keras.layers.Dense`:

# %%
class MyDense(keras.layers.Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer="glorot_uniform", name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        return self.activation(keras.ops.matmul(inputs, self.kernel) + self.bias)

    def compute_output_shape(self, input_shape):
        return input_shape[:-1] + (self.units,)

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units,
                       "activation": keras.activations.serialize(self.activation)})
        return config

mine = MyDense(4, activation="relu")
builtin = keras.layers.Dense(4, activation="relu")
mine.build((None, 2))
builtin.build((None, 2))
builtin.set_weights(mine.get_weights())
print("same outputs:", np.allclose(mine(x[:5]).numpy(), builtin(x[:5]).numpy()))
print("symbolic output shape:", mine(keras.Input(shape=(2,))).shape)


# %% [markdown]
# ## A layer that behaves differently in training: the `training` flag
#
# Some layers act only while training: `Dropout` drops units, `GaussianNoise` adds noise.
# If `call` has a `training` argument, `fit` passes `training=True` and `predict` /
# `evaluate` pass `training=False`.

# %%
class Jitter(keras.layers.Layer):
    """Adds small uniform noise to the inputs, only while training."""

    def __init__(self, amount=0.05, **kwargs):
        super().__init__(**kwargs)
        self.amount = amount
        self.rng = np.random.default_rng(0)

    def call(self, inputs, training=False):
        if not training:
            return inputs
        noise = self.rng.uniform(-self.amount, self.amount, size=inputs.shape).astype("float32")
        return inputs + noise

jitter = Jitter(0.5)
sample = np.zeros((1, 3), dtype="float32")
print("training=True: ", jitter(sample, training=True).numpy().round(3))
print("training=False:", jitter(sample, training=False).numpy())

# %% [markdown]
# The three layers work in any model, like the built-in ones:

# %%
model = keras.Sequential([keras.Input(shape=(2,)), Jitter(0.02), Scale(),
                          MyDense(32, activation="relu"), MyDense(32, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=30, validation_data=(x_val, y_val), verbose=0)
print(f"validation accuracy {history.history['val_accuracy'][-1]:.3f}")
model.summary()


# %% [markdown]
# ## A model by subclassing `keras.Model`
#
# Layers assigned as attributes in `__init__` (also inside lists and dicts) are tracked:
# their weights become the model's weights. `call` is ordinary Python, so it may use
# loops, conditions and the `training` flag, which it must **pass on** to the layers that
# care (here `Dropout`). Here a small residual network: each block adds its output to its
# input.
#
# Until it is called on data, a subclassed model is only Python code: it has no weights
# and no graph to draw.

# %%
class ResidualMLP(keras.Model):
    def __init__(self, width=32, blocks=2, classes=3, **kwargs):
        super().__init__(**kwargs)
        self.stem = layers.Dense(width, activation="relu")
        self.blocks = [layers.Dense(width, activation="relu") for _ in range(blocks)]
        self.dropout = layers.Dropout(0.1)
        self.head = layers.Dense(classes, activation="softmax")

    def call(self, inputs, training=False):
        h = self.stem(inputs)
        for block in self.blocks:
            h = h + block(h)            # a skip connection
        h = self.dropout(h, training=training)
        return self.head(h)

resnet = ResidualMLP(name="residual_mlp")
print("built:", resnet.built, "| weights:", len(resnet.weights))
try:
    keras.utils.plot_model(resnet)
except ValueError as error:
    print("plot_model:", error)

# %% [markdown]
# `fit` calls the model on the first batch, which builds every layer:

# %%
resnet.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy",
               metrics=["accuracy"])
history = resnet.fit(x_train, y_train, epochs=30, validation_data=(x_val, y_val), verbose=0)
print(f"validation accuracy {history.history['val_accuracy'][-1]:.3f}")
print("tracked layers:", [layer.name for layer in resnet.layers])
resnet.summary()

# %% [markdown]
# What did the residual network learn? Colour the plane by the class it predicts, with the
# validation points on top: the regions follow the spiral arms.

# %%
import matplotlib.pyplot as plt

grid = np.linspace(-1.6, 1.6, 121, dtype="float32")
plane = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)
regions = resnet.predict(plane, verbose=0).argmax(axis=1).reshape(121, 121)
fig, ax = plt.subplots(figsize=(4, 3.6))
ax.contourf(grid, grid, regions, levels=[-0.5, 0.5, 1.5, 2.5], cmap="viridis", alpha=0.35)
ax.scatter(x_val[:, 0], x_val[:, 1], c=y_val.argmax(axis=1), cmap="viridis", s=6)
ax.set_title("ResidualMLP: predicted class over the plane")
ax.set_xlabel("x1")
ax.set_ylabel("x2")
plt.show()

# %% [markdown]
# The summary lists the tracked layers and their parameters, but no "Connected to"
# column: a subclassed model has no graph to show, only Python code. The output shapes
# are those of the first batch `fit` passed through it (32 samples), as Keras shows them;
# `Dropout` has no weights, is never built, and so has no shape to show (`?`).
#
# ## Freezing layers
#
# `layer.trainable = False` keeps a layer's weights fixed during `fit` (they move to the
# non-trainable count of the summary). This is how a pretrained part of a model is kept
# while the rest learns. Set it **before** `compile`.

# %%
resnet.stem.trainable = False
stem_before = resnet.stem.get_weights()[0].copy()
head_before = resnet.head.get_weights()[0].copy()
resnet.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy")
resnet.fit(x_train, y_train, epochs=2, verbose=0)
print("stem changed:", not np.array_equal(stem_before, resnet.stem.get_weights()[0]))
print("head changed:", not np.array_equal(head_before, resnet.head.get_weights()[0]))
print(f"trainable weights: {sum(w.numpy().size for w in resnet.trainable_weights)}, "
      f"non-trainable: {sum(w.numpy().size for w in resnet.non_trainable_weights)}")

# %% [markdown]
# ## Saving a custom layer's configuration
#
# `get_config` returns the arguments that recreate a layer; `from_config` (by default
# `cls(**config)`) rebuilds it. To load a saved model that contains your class, register
# it with a decorator, or pass it in `custom_objects={"MyDense": MyDense}` when loading.

# %%
config = mine.get_config()
print({key: config[key] for key in ("name", "units", "activation")})
copy = MyDense.from_config(config)
print(type(copy).__name__, copy.units, copy.activation.__name__)

@keras.saving.register_keras_serializable(package="course")
class Double(keras.layers.Layer):
    def call(self, inputs):
        return inputs * 2.0

doubling = keras.Sequential([keras.Input(shape=(2,)), Double(name="double")])
rebuilt = keras.models.model_from_json(doubling.to_json())
print("registered as", keras.saving.get_registered_name(Double), "->",
      rebuilt.predict(np.array([[1.0, 2.0]]), verbose=0))

# %% [markdown]
# ## Your own training step
#
# `fit` runs the same small step for every batch: predict, measure the loss, compute the
# gradients, let the optimizer change the weights, update the metrics. Overriding
# `train_step` puts that step in your hands, and `fit` keeps everything else (batches,
# epochs, callbacks, the progress display). This is the code of the Keras 3 guide
# *Customizing what happens in fit()*; `keras.GradientTape` records the forward pass so
# that `tape.gradient` can walk it backwards:

# %%
class ReadableModel(keras.Model):
    def train_step(self, data):
        x, y = data
        with keras.GradientTape() as tape:
            y_pred = self(x, training=True)                # forward pass, recorded
            loss = self.compute_loss(y=y, y_pred=y_pred)   # the compiled loss
        gradients = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply(gradients, self.trainable_variables)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


keras.utils.set_random_seed(3)
inputs = keras.Input(shape=(2,))
hidden = layers.Dense(32, activation="relu")(inputs)
readable = ReadableModel(inputs, layers.Dense(3, activation="softmax")(hidden))
readable.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy",
                 metrics=["accuracy"])
history = readable.fit(x_train, y_train, epochs=20, verbose=0)
print(f"our own step trained: accuracy {history.history['accuracy'][0]:.1f} -> "
      f"{history.history['accuracy'][-1]:.1f}")

# %% [markdown]
# `ReadableModel(inputs, outputs)` is a functional model that keeps our `train_step`.
# Change one line (say, clip every gradient with `keras.ops.clip(g, -0.1, 0.1)` before
# `apply`) and `fit` trains with your rule.
#
# ## Which API when?
#
# | | Sequential | Functional | Subclassing |
# |---|---|---|---|
# | what it is | a list of layers | a graph of layer calls | Python code in `call` |
# | shapes | checked when layers are added | checked when the graph is built, before any data | found only when data flows |
# | several inputs / outputs, shared layers, branches | no | yes | yes |
# | loops, conditions on data, recursion | no | no (the graph is fixed) | yes |
# | `summary()` / `plot_model` | full | full, with connections | layers only, no graph |
# | intermediate outputs (`get_layer(...).output`) | yes | yes | no |
# | save / clone from the config | automatic | automatic | needs `get_config` for your arguments |
#
# * Use **Sequential** for a plain stack: it is the clearest.
# * Use the **Functional API** for everything else that is a graph, which is almost every
#   model: it is checked early, drawn, inspected and saved for free.
# * **Subclass** when the computation itself is a program (a loop over time steps,
#   conditions on the data, a custom training step), accepting that the model is harder to
#   inspect, draw and save.
# * **Custom layers** fit all three: write the new piece as a layer, then build the model
#   the clearest way.
