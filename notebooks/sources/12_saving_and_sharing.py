# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 12. Saving and sharing a model
#
# Training takes time; a trained model is worth keeping. This notebook saves a model in
# every way Keras offers, opens what it saved, and reads a training run's logs back as
# pictures. The files are Keras 3's own formats, so a model trained here opens in real
# Keras (on a GPU, on another machine) and the other way round.
#
# It builds on notebook 4 (training and callbacks).
#
# **You will learn**
#
# * the `.keras` file: architecture, weights and optimizer state in one file;
# * weights only (`.weights.h5`) and the architecture only (JSON);
# * **checkpoints** written during training, and resuming from one;
# * how the same file opens in real Keras 3;
# * **TensorBoard** logs, and how to read them back as plots.

# %%
import os
import tempfile
import zipfile

import matplotlib.pyplot as plt
import numpy as np

import nbkeras as keras
from nbkeras.datasets import make_spirals

keras.utils.set_random_seed(0)
x, labels = make_spirals(600, noise=0.2, seed=0)
y = keras.utils.to_categorical(labels, 3)
x_train, y_train, x_val, y_val = x[:450], y[:450], x[450:], y[450:]
folder = tempfile.mkdtemp()  # everything this notebook writes goes here


def spiral_model():
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")], name="spirals")
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


model = spiral_model()
history = model.fit(x_train, y_train, epochs=40, batch_size=32, verbose=0,
                    validation_data=(x_val, y_val))
print(f"validation accuracy after 40 epochs: {history.history['val_accuracy'][-1]:.1f}")

# %% [markdown]
# ## 1. The whole model in one file
#
# `model.save("name.keras")` writes everything needed to carry on: the architecture, the
# weights, how it was compiled and the optimizer's state. `keras.saving.load_model` gives
# back a model that predicts **exactly** the same numbers.

# %%
path = os.path.join(folder, "spirals.keras")
model.save(path)
same = keras.saving.load_model(path)
difference = np.abs(same.predict(x_val, verbose=0) - model.predict(x_val, verbose=0)).max()
print("largest difference between the two models' predictions:", difference)
print("compiled with:", same.loss, "and", type(same.optimizer).__name__)

# %% [markdown]
# A `.keras` file is a zip archive. Look inside: a JSON description of the model, a
# little metadata, and the weights in HDF5 format (`h5py` reads it).

# %%
with zipfile.ZipFile(path) as archive:
    print(sorted(archive.namelist()))
    config = archive.read("config.json").decode()
print(config[:150], "...")

# %% [markdown]
# ## 2. Weights only, architecture only
#
# Sometimes the code that builds the model is at hand and only the numbers are needed:
# `save_weights` writes a `.weights.h5` file, and `load_weights` fills a model of the same
# architecture. `to_json` does the opposite: the architecture without any weights.

# %%
weights_path = os.path.join(folder, "spirals.weights.h5")
model.save_weights(weights_path)
fresh = spiral_model()                  # same architecture, new random weights
before = fresh.evaluate(x_val, y_val, verbose=0)[1]
fresh.load_weights(weights_path)
after = fresh.evaluate(x_val, y_val, verbose=0)[1]
print(f"accuracy with random weights {before:.1f}, with the loaded weights {after:.1f}")

# %%
architecture = model.to_json()
rebuilt = keras.models.model_from_json(architecture)
print(len(architecture), "characters of JSON;", rebuilt.count_params(), "parameters, untrained")

# %% [markdown]
# ## 3. Checkpoints during training
#
# A long training run should not be lost to a crash or a closed laptop. `ModelCheckpoint`
# saves the model during `fit`; with `save_best_only=True` it keeps the epoch with the best
# validation loss. Resuming is loading the file and calling `fit` again with
# `initial_epoch`, so the epoch numbers carry on.

# %%
keras.utils.set_random_seed(1)
checkpoint_path = os.path.join(folder, "best.keras")
checkpoint = keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss",
                                             save_best_only=True)
model = spiral_model()
model.fit(x_train, y_train, epochs=20, batch_size=32, verbose=0,
          validation_data=(x_val, y_val), callbacks=[checkpoint])
best = keras.saving.load_model(checkpoint_path)
resumed = best.fit(x_train, y_train, epochs=25, initial_epoch=20, batch_size=32, verbose=0,
                   validation_data=(x_val, y_val))
print("the resumed run trained epochs", [e + 1 for e in resumed.epoch])

# %% [markdown]
# ## 4. The same file in real Keras 3
#
# nbkeras writes Keras 3's format (and its weight names and shapes), so the file opens in
# Keras unchanged. On a machine with Keras installed (`pip install keras` and one backend:
# `jax`, `torch` or `tensorflow`):
#
# ```python
# import keras
# model = keras.saving.load_model("spirals.keras")
# model.predict(x_val)          # the same numbers as here, to float32 precision
# ```
#
# And a file saved by Keras opens here with `nbkeras.saving.load_model`. The project's
# tests check both directions with files written by real Keras 3.
#
# Loading is safe: a `.keras` file never runs code. A model whose `Lambda` layer holds a
# Python `lambda` is refused unless you say you trust the file (`safe_mode=False`).

# %% [markdown]
# ## 5. TensorBoard logs
#
# `TensorBoard` is a callback that writes the logs of a run into a folder, one run per
# folder, so runs can be compared. The TensorBoard program draws them; nbkeras can also
# read them back, so we can draw them here. Two runs with different learning rates:

# %%
runs = {}
for learning_rate in (0.001, 0.01):
    keras.utils.set_random_seed(2)
    model = spiral_model()
    model.optimizer.learning_rate = learning_rate
    log_dir = os.path.join(folder, "logs", f"lr_{learning_rate}")
    model.fit(x_train, y_train, epochs=30, batch_size=32, verbose=0,
              validation_data=(x_val, y_val),
              callbacks=[keras.callbacks.TensorBoard(log_dir=log_dir)])
    runs[learning_rate] = keras.callbacks.TensorBoard.read_scalars(log_dir)
print("folders:", sorted(runs[0.01]), "| tags:", sorted(runs[0.01]["validation"]))

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
for learning_rate, scalars in runs.items():
    steps, losses = zip(*scalars["validation"]["epoch_loss"])
    ax.plot(np.array(steps) + 1, losses, label=f"learning rate {learning_rate}")
ax.set_title("Validation loss read back from the TensorBoard logs")
ax.set_xlabel("epoch")
ax.set_ylabel("validation loss")
ax.legend()
plt.show()

# %% [markdown]
# With TensorBoard installed (`pip install tensorboard`), `tensorboard --logdir logs` shows
# the same curves in the browser, each folder a run.
#
# **Try it:** add a third run with learning rate 0.1. What happens to its validation loss?
#
# ## Exercises
#
# 1. Save a model, change one of its weights with `set_weights`, and load the file again.
#    Which weights does the loaded model have?
# 2. Save only the weights of a model, then try to load them into a model with 16 units in
#    the hidden layers instead of 32. What does the error tell you?
# 3. Use `ModelCheckpoint` with `save_weights_only=True`. Which file is written, and what do
#    you need to use it?
#
# <details><summary>Answers</summary>
#
# 1. The saved ones: a file is a snapshot, later changes to the model do not reach it.
# 2. It names the layer and weight whose shape does not match, e.g. a kernel of shape
#    (2, 32) against (2, 16): weights only fit the architecture they came from.
# 3. A `.weights.h5` file; you need code that builds the same architecture first, then
#    `load_weights`.
#
# </details>
#
# ## Summary
#
# * `model.save("x.keras")` and `keras.saving.load_model` keep everything: architecture,
#   weights, compile settings and optimizer state.
# * `save_weights`/`load_weights` keep only the numbers; `to_json` only the architecture.
# * `ModelCheckpoint` saves during training; `initial_epoch` resumes.
# * The files are Keras 3's: they open in real Keras, and loading never runs code.
# * `TensorBoard` writes one folder per run; `TensorBoard.read_scalars` reads it back.
