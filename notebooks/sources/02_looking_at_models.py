# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2. Looking at models: while they learn, and inside
#
# A network is not a black box: you can watch it learn and open it up afterwards. This
# notebook trains the stripes model from notebook 1 and looks at it in six ways: its
# **summary**, a **drawing of its graph**, the **live training panel**, its **learning
# curves**, the **weights** and the **activations** of its layers.

# %%
import matplotlib.pyplot as plt
import numpy as np

import nbkeras as keras
from nbkeras.datasets import make_stripes
from nbkeras.display import plot_activations, plot_kernel, plot_weights

keras.utils.set_random_seed(42)  # the same numbers every time this notebook runs
x, labels = make_stripes(n_samples=1200, seed=0)
y = keras.utils.to_categorical(labels, num_classes=3)
x_train, y_train, x_test, y_test = x[:1000], y[:1000], x[1000:], y[1000:]
names = ["horizontal", "vertical", "diagonal"]

# %% [markdown]
# ## The summary
#
# Each row is a layer: its **output shape** (`None` is the batch axis) and its number of
# **parameters**. Look for the 4x16 kernel plus 16 biases (80) of the hidden layer.

# %%
model = keras.Sequential([
    keras.Input(shape=(2, 2)),
    keras.layers.Flatten(name="pixels"),
    keras.layers.Dense(16, activation="relu", name="hidden"),
    keras.layers.Dense(3, activation="softmax", name="probabilities"),
], name="stripes")
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
              loss="categorical_crossentropy", metrics=["accuracy"])
model.summary()

# %% [markdown]
# ## The model as a picture
#
# Leave `model` as the last line of a cell and the notebook shows the same table next to a
# drawing of the graph. `keras.utils.plot_model` draws a larger picture with more detail
# (here each layer's input and output shapes and its activation); it needs no graphviz and
# can write `.svg` or `.png` files with `to_file=`.

# %%
model

# %%
keras.utils.plot_model(model, show_shapes=True, show_layer_activations=True)

# %% [markdown]
# ## Weights before training
#
# Keras starts each kernel with small random numbers (Glorot uniform: flat between two
# limits) and every bias at zero. Look for flat kernel histograms and a single bar at 0
# for the biases.

# %%
plot_weights(model)

# %% [markdown]
# ## The live training panel
#
# With `verbose=1` (the default) in a notebook, `fit` shows **one panel** that updates in
# place: the epoch and batch bars, the time left, the current metrics and the learning
# curves. When training ends the panel gives way to a **summary** (the last epoch's
# metrics) and the final curves, which stay in the saved notebook. Watch the validation
# loss: it should fall with the training loss.

# %%
history = model.fit(x_train, y_train, epochs=20, batch_size=32, validation_split=0.2)

# %% [markdown]
# `evaluate` with `verbose=1` prints one line: the loss and accuracy on the 200 test images.

# %%
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=1)

# %% [markdown]
# ## The history
#
# `fit` returns a `History`: one value per epoch for every metric. In a notebook it shows
# as a table (`history.history` holds the lists).

# %%
history

# %% [markdown]
# `history.plot()` draws every metric, training against validation, and circles the
# **best epoch** (lowest validation loss, highest validation accuracy). A gap that opens
# between the two curves would mean overfitting.

# %%
history.plot()

# %% [markdown]
# ## Weights after training
#
# Compare with the histograms before training: the kernels have spread out (the network
# has learned which pixels matter) and the biases have moved away from zero.

# %%
plot_weights(model)

# %% [markdown]
# ## The hidden layer's kernel
#
# Row *i*, column *j* is the weight from pixel *i* to hidden unit *j* (red positive, blue
# negative). A column is the pattern a unit looks for: a unit with two red pixels in a
# row responds to a horizontal stripe.

# %%
plot_kernel(model.get_layer("hidden"))

# %% [markdown]
# ## Activation functions and their slopes
#
# Every layer ends with an **activation**: relu in the hidden layer, softmax in the last.
# Training follows the *slope* (derivative) of each activation, so it matters where the
# slope is large and where it is zero. `keras.GradientTape` computes the slopes for us,
# with the same backward kernels training uses:

# %%
z = keras.Variable(np.linspace(-4, 4, 161))
fig, axes = plt.subplots(1, 4, figsize=(11, 2.8), sharey=True)
for ax, name in zip(axes, ["relu", "sigmoid", "tanh", "softplus"]):
    function = keras.activations.get(name)
    with keras.GradientTape() as tape:
        values = function(z)
        total = keras.ops.sum(values)   # inside the block, so the tape records it
    slope = tape.gradient(total, z)
    ax.plot(z.numpy(), values.numpy(), label=name)
    ax.plot(z.numpy(), slope, "--", label="slope")
    ax.set_title(name)
    ax.set_xlabel("z")
    ax.legend()
axes[0].set_ylabel("value")
plt.show()

# %% [markdown]
# relu's slope is exactly 1 for positive inputs and 0 for negative ones: a unit that only
# ever sees negative inputs stops learning (a **dead unit**). sigmoid and tanh flatten out
# on both sides, so very large inputs learn slowly: their slope is almost zero there.
#
# ## Activations for a batch
#
# What each layer outputs for 32 test images (one row per image). Look for **dead units**
# in the ReLU layer (columns that stay at zero for every image) and, in the last layer,
# one bright column per row: the predicted class.

# %%
plot_activations(model, x_test[:32])

# %%
for row, label in zip(model.predict(x_test[:5], verbose=0), labels[1000:1005]):
    print(f"{names[row.argmax()]:<10} p={row.max():.2f}   (true: {names[label]})")
