# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 1. Getting started: the five steps of Keras
#
# **Keras** is a way of describing a neural network as a stack of *layers*, then training it
# with one call. `nbkeras` speaks the same language as Keras 3, so everything here works
# with `import keras` too, but every computation happens in short Numba kernels you can
# open and read (`nbkeras/kernels/`).
#
# Every Keras program follows five steps: **define** the model, **compile** it (choose a
# loss, an optimizer and metrics), **fit** it to data, **evaluate** it on data it has not
# seen, and **predict** with it.

# %%
import numpy as np
import matplotlib.pyplot as plt
import nbkeras as keras

keras.utils.set_random_seed(42)  # the same numbers every time this notebook runs

# %% [markdown]
# ## Tensors and shapes
#
# A *tensor* is an n-dimensional array. Its **shape** lists the size of each axis. Keras
# always keeps the **batch axis** first: a batch of 32 grey images of 2x2 pixels has shape
# `(32, 2, 2)`. Look at how `ops` functions keep track of shapes:

# %%
images = keras.ops.ones((32, 2, 2))
flat = keras.ops.reshape(images, (32, 4))
print("images:", images.shape, " flattened:", flat.shape)
print("mean of every pixel:", float(keras.ops.mean(images)))

# %% [markdown]
# ## The data
#
# Our first data set is made on the spot: tiny 2x2 images showing one of three patterns,
# a **horizontal** stripe, a **vertical** stripe or a **diagonal**, with some noise.

# %%
from nbkeras.datasets import make_stripes

x, labels = make_stripes(n_samples=1200, seed=0)
names = ["horizontal", "vertical", "diagonal"]
fig, axes = plt.subplots(1, 6, figsize=(9, 1.8))
for ax, image, label in zip(axes, x, labels):
    ax.imshow(image, cmap="gray", vmin=-0.5, vmax=1.5)
    ax.set_title(names[label], fontsize=9)
    ax.axis("off")
plt.show()
print("x:", x.shape, "labels:", labels[:10])

# %% [markdown]
# The network will output three probabilities, one per class, so we turn the labels into
# **one-hot** rows: label 2 becomes `[0, 0, 1]`. We keep the last 200 images aside to test
# the model on images it never trained on.

# %%
y = keras.utils.to_categorical(labels, num_classes=3)
x_train, y_train = x[:1000], y[:1000]
x_test, y_test = x[1000:], y[1000:]
print(labels[:3], "->", y[:3].tolist())

# %% [markdown]
# ## Step 1: define
#
# `Flatten` turns each 2x2 image into 4 numbers; a `Dense` layer computes
# `activation(inputs @ kernel + bias)`. The summary shows each layer's **output shape**
# (`None` is the batch axis, whose size is not fixed) and its number of parameters:
# the first Dense has a 4x16 kernel and 16 biases, 80 parameters.

# %%
model = keras.Sequential([
    keras.Input(shape=(2, 2)),
    keras.layers.Flatten(),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
], name="stripes")
model.summary()

# %% [markdown]
# ## Step 2: compile
#
# The **loss** measures how wrong the predictions are (crossentropy suits one-hot labels),
# the **optimizer** decides how to change the weights (Adam, with a learning rate of 0.01:
# the size of each step), and **metrics** are what we want to watch (accuracy).

# %%
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
              loss="categorical_crossentropy", metrics=["accuracy"])

# %% [markdown]
# ## Step 3: fit
#
# Training shows every example to the network `epochs` times, in batches of 32, and
# updates the weights after each batch. `validation_split=0.2` keeps the last 20% of
# the training data aside to check, after each epoch, how the model does on data it did
# not train on. Watch `loss` go down and `accuracy` go up.

# %%
history = model.fit(x_train, y_train, epochs=10, batch_size=32, validation_split=0.2,
                    verbose=2)

# %% [markdown]
# ## Step 4: evaluate
#
# Now the real test: 200 images the model has never seen.

# %%
loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"test loss {loss:.3f}, test accuracy {accuracy:.3f}")

# %% [markdown]
# ## Step 5: predict
#
# `predict` returns the three probabilities for each image; the largest is the answer.

# %%
probabilities = model.predict(x_test[:5], verbose=0)
for row, label in zip(probabilities, labels[1000:1005]):
    print(f"{names[row.argmax()]:<10} p={row.max():.2f}   (true: {names[label]})")

# %% [markdown]
# ## Underfitting and overfitting
#
# A model **underfits** when it is too simple to capture the pattern: training and
# validation loss both stay high. It **overfits** when it memorizes its few training
# examples: training loss keeps falling while validation loss rises. The stripes are too
# easy to show this, so we use a harder data set: three interleaved, noisy **spirals**.
# A model with a single hidden unit underfits; a large model trained on only 30 points
# overfits.

# %%
from nbkeras.datasets import make_spirals

xs, ls = make_spirals(600, noise=0.3, seed=1)
ys = keras.utils.to_categorical(ls, 3)

def train(units, n_train, epochs, hidden_layers=1):
    keras.utils.set_random_seed(0)
    hidden = [keras.layers.Dense(units, activation="relu") for _ in range(hidden_layers)]
    m = keras.Sequential([keras.Input(shape=(2,))] + hidden
                         + [keras.layers.Dense(3, activation="softmax")])
    m.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy")
    return m.fit(xs[:n_train], ys[:n_train], epochs=epochs, verbose=0,
                 validation_data=(xs[300:], ys[300:])).history

runs = {"underfit: 1 hidden unit, 300 points": train(1, 300, 60),
        "overfit: 2x128 units, 30 points": train(128, 30, 150, hidden_layers=2)}

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
for ax, (title, h) in zip(axes, runs.items()):
    ax.plot(h["loss"], label="training loss")
    ax.plot(h["val_loss"], label="validation loss")
    ax.set_title(title); ax.set_xlabel("epoch"); ax.legend()
plt.show()

# %% [markdown]
# **What to look for:** on the left both curves flatten out high (too little capacity);
# on the right the training loss drops to almost zero while the validation loss turns
# upward after a few epochs (memorizing instead of learning). Notebook 7 shows remedies.
