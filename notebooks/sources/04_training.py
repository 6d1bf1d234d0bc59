# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 4. Training: epochs, batches, validation and callbacks
#
# `model.fit` runs the training loop for you. This notebook opens it up:
#
# 1. **epochs and batch size**: how many weight updates, and how noisy each one is;
# 2. **validation**: data the model does not train on, to see how well it generalizes;
# 3. **History**: every number `fit` logged, and its plot;
# 4. **callbacks**: code that runs at the start and end of epochs and batches (stop early,
#    save checkpoints, change the learning rate, log to a file);
# 5. **data that does not fit in one array**: Python generators and `keras.utils.PyDataset`.

# %%
import os
import shutil
import tempfile

import matplotlib.pyplot as plt
import numpy as np

import nbkeras as keras
from nbkeras.datasets import make_spirals

x, labels = make_spirals(600, noise=0.5, seed=0)   # noisy spirals: easy to overfit
y = keras.utils.to_categorical(labels, 3)
x_train, y_train, x_val, y_val = x[:300], y[:300], x[300:], y[300:]

def spiral_model(seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(2,)),
                              keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


# %% [markdown]
# ## 1. Epochs and batch size
#
# One **epoch** is one pass over the training data. It is cut into **batches**; the
# weights change once per batch. With our 300 training samples:
#
# * `batch_size=300` gives 1 update per epoch (the exact gradient, but few steps);
# * `batch_size=32` gives 10 updates per epoch (noisier gradients, many more steps);
# * `batch_size=1` would give 300 tiny, very noisy updates per epoch (and be slow).

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
for batch_size in [300, 128, 32, 8]:
    steps = int(np.ceil(len(x_train) / batch_size))
    history = spiral_model().fit(x_train, y_train, epochs=30, batch_size=batch_size, verbose=0)
    ax.plot(range(1, 31), history.history["loss"], label=f"batch {batch_size} ({steps} per epoch)")
    print(f"batch_size={batch_size:<4} {steps:>3} steps per epoch, "
          f"final loss {history.history['loss'][-1]:.3f}")
ax.set_xlabel("epoch")
ax.set_ylabel("training loss")
ax.legend()
plt.show()

# %% [markdown]
# In the first epochs small batches learn faster because they take more steps, but their
# curves are noisy: each step follows the gradient of only a few samples, and the jumps
# near the end come from single unlucky steps. Per *second* the
# picture changes again: every step costs time, and very small batches waste it. Batch
# sizes between 32 and 256 are the usual compromise.
#
# ## 2. Validation
#
# Training loss says how well the model fits the data it sees. To know how it will do on
# new data, keep some data aside: either `validation_split=0.2` (the **last** 20% of the
# arrays, taken before shuffling) or your own `validation_data=(x_val, y_val)`. After each
# epoch `fit` evaluates it and logs `val_loss` and `val_accuracy`. `verbose=2` prints one
# line per epoch:

# %%
model = spiral_model()
history = model.fit(x_train, y_train, epochs=4, batch_size=32, validation_split=0.2,
                    verbose=2)

# %% [markdown]
# Only **8** steps per epoch now: `validation_split=0.2` left 240 samples to train on and
# kept the last 60 to validate. Sixty points give a jumpy estimate, so from here on we
# train on all 300 training points and pass our 300 separate points as
# `validation_data=(x_val, y_val)`.

# %% [markdown]
# ## 3. History
#
# `fit` returns a `History`: `history.history` maps each log name to one value per epoch,
# and `history.plot()` draws training against validation, with the best epoch marked.

# %%
model = spiral_model()
history = model.fit(x_train, y_train, epochs=40, batch_size=32,
                    validation_data=(x_val, y_val), verbose=0)
print(list(history.history))
print("best val_loss", round(min(history.history["val_loss"]), 2),
      "at epoch", int(np.argmin(history.history["val_loss"])) + 1)
history.plot()

# %% [markdown]
# After about ten epochs the validation loss stops improving and wobbles around 0.3 (the
# marked best epoch is one lucky dip), while the training loss keeps going down: the gap is the model memorizing the noise of
# its 300 training points. That is what the next tools are for.
#
# ## 4. Callbacks
#
# A callback is an object whose methods `fit` calls at fixed moments (`on_epoch_end`,
# `on_train_batch_end`, ...). Keras ships the useful ones:
#
# * **EarlyStopping** stops when a monitored value has not improved for `patience`
#   epochs, and with `restore_best_weights=True` puts back the weights of the best epoch;
# * **ModelCheckpoint** saves the whole model (a `.keras` file) or, with
#   `save_weights_only=True`, only its weights (a `.weights.h5` file), after each epoch or
#   only when the monitored value improved (`save_best_only=True`);
# * **ReduceLROnPlateau** divides the learning rate when progress stalls;
# * **CSVLogger** writes the logs to a CSV file as training goes.

# %%
folder = tempfile.mkdtemp()     # a fresh temporary folder for the files
checkpoint_path = os.path.join(folder, "best.weights.h5")
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=8, restore_best_weights=True,
                                  verbose=1),
    keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss",
                                    save_best_only=True, save_weights_only=True),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=4, verbose=1),
    keras.callbacks.CSVLogger(os.path.join(folder, "log.csv")),
]
model = spiral_model()
history = model.fit(x_train, y_train, epochs=100, batch_size=32,
                    validation_data=(x_val, y_val), callbacks=callbacks, verbose=0)
print("ran", len(history.epoch), "of 100 epochs")
print("restored weights give val_loss", round(model.evaluate(x_val, y_val, verbose=0)[0], 4))

# %% [markdown]
# A weights file holds numbers only, not the architecture: to use it, build the same
# model again (in this or another session) and call `load_weights`. The CSV log can be
# opened with any spreadsheet:

# %%
print(sorted(os.listdir(folder)))
fresh = spiral_model()             # same layers, new random weights
print("fresh model val_loss ", round(fresh.evaluate(x_val, y_val, verbose=0)[0], 4))
fresh.load_weights(checkpoint_path)
print("after load_weights   ", round(fresh.evaluate(x_val, y_val, verbose=0)[0], 4))

with open(os.path.join(folder, "log.csv")) as log:
    lines = log.read().splitlines()
print("\n".join(lines[:3]))
print("...", len(lines) - 1, "epochs logged")
shutil.rmtree(folder)              # tidy up the temporary files


# %% [markdown]
# ### Writing your own
#
# `LambdaCallback` turns functions into a callback; a **learning-rate schedule** is a
# function of the epoch given to `LearningRateScheduler`. Here the rate halves every 10
# epochs and a line is printed every 10 epochs:

# %%
def halve_every_10(epoch, learning_rate):
    return learning_rate * 0.5 if epoch > 0 and epoch % 10 == 0 else learning_rate

def report(epoch, logs):
    if (epoch + 1) % 10 == 0:
        print(f"epoch {epoch + 1}: loss {logs['loss']:.3f}, learning rate {logs['learning_rate']:.5f}")

model = spiral_model()
history = model.fit(x_train, y_train, epochs=30, batch_size=32, verbose=0,
                    callbacks=[keras.callbacks.LearningRateScheduler(halve_every_10),
                               keras.callbacks.LambdaCallback(on_epoch_end=report)])


# %% [markdown]
# ## 5. Data that does not fit in one array
#
# `fit` also takes data one batch at a time.
#
# A **Python generator** yields `(x_batch, y_batch)` forever, so `fit` cannot know where an
# epoch ends: `steps_per_epoch` tells it. Our generator makes 300 // 32 = 9 full batches
# per pass over the data:

# %%
def batches(x, y, batch_size=32, seed=0):
    rng = np.random.default_rng(seed)
    while True:
        order = rng.permutation(len(x))
        for start in range(0, len(x) - batch_size + 1, batch_size):
            index = order[start:start + batch_size]
            yield x[index], y[index]

model = spiral_model()
history = model.fit(batches(x_train, y_train), steps_per_epoch=9, epochs=10, verbose=0)
print(f"generator: final loss {history.history['loss'][-1]:.3f}")


# %% [markdown]
# A **`keras.utils.PyDataset`** is the tidier way: a class that knows its length (batches
# per epoch) and returns batch `i` on request, so `fit` knows where an epoch ends and can
# shuffle the order of the batches. `on_epoch_end` runs after every epoch; here it
# reshuffles the samples, so that each epoch also changes *which* samples share a batch.
# In real projects `__getitem__` would load images from disk.

# %%
class SpiralBatches(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size=32, seed=0):
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size
        self.rng = np.random.default_rng(seed)
        self.order = np.arange(len(x))
        self.epochs_seen = 0

    def __len__(self):
        return int(np.ceil(len(self.x) / self.batch_size))

    def __getitem__(self, i):
        index = self.order[i * self.batch_size:(i + 1) * self.batch_size]
        return self.x[index], self.y[index]

    def on_epoch_end(self):
        self.epochs_seen += 1
        self.order = self.rng.permutation(len(self.x))

data = SpiralBatches(x_train, y_train)
model = spiral_model()
history = model.fit(data, epochs=10, validation_data=(x_val, y_val), verbose=0)
print(f"{len(data)} batches per epoch, on_epoch_end ran {data.epochs_seen} times")
print(f"PyDataset: final loss {history.history['loss'][-1]:.3f}, "
      f"val_accuracy {history.history['val_accuracy'][-1]:.3f}")

# %% [markdown]
# ### One batch at a time: `train_on_batch`
#
# When you want the loop in your own hands (a game that produces data as it runs, a
# custom schedule), `train_on_batch` does exactly one step: forward, loss, gradients, one
# weight update. `test_on_batch` measures a batch without training. Here is `fit` written
# out by hand for 5 epochs:

# %%
model = spiral_model()
batch_size = 32
for epoch in range(5):
    order = np.random.default_rng(epoch).permutation(len(x_train))
    for start in range(0, len(x_train), batch_size):
        batch = order[start:start + batch_size]
        loss, accuracy = model.train_on_batch(x_train[batch], y_train[batch])
    val_loss, val_accuracy = model.test_on_batch(x_val, y_val)
    print(f"epoch {epoch + 1}: last batch loss {loss:.1f}, validation accuracy {val_accuracy:.1f}")

# %% [markdown]
# ## What to remember
#
# * One epoch = one pass; one batch = one weight update; `train_on_batch` is one step.
# * Always watch a validation set; `history.plot()` shows when it stops improving.
# * `EarlyStopping(restore_best_weights=True)` + `ModelCheckpoint(save_best_only=True)`
#   keep the best model without guessing the number of epochs.
# * Generators and `PyDataset` feed data batch by batch; a `PyDataset` knows its length.
