# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 7. Overfitting and regularization
#
# A model that does well on its training data but worse on new data has **overfit**: it
# learned the noise of its examples along with the pattern. A model that does poorly on
# both has **underfit**: it is too simple, or has not trained enough.
#
# This notebook first shows both on a small, noisy data set, then tries the standard
# remedies one at a time, always on the same data and from the same starting weights:
# **L1/L2 penalties**, **dropout**, **early stopping** and **data augmentation**. The
# measure is the **gap** between validation and training loss.
#
# The models here train in **float64**. 150 epochs of memorizing noise amplify tiny
# differences: in float32, the last bits that differ between two CPUs' matrix-product
# routines grow until one machine ends with validation loss 0.45 and another with 0.37
# for the same model. In float64 those differences stay far below the digits printed
# here, so every machine prints the same table. float32 stays the right choice for
# everyday training.

# %%
import matplotlib.pyplot as plt
import numpy as np

import nbkeras as keras

keras.config.set_floatx("float64")   # printed numbers that hold on every CPU (see above)
from nbkeras.datasets import make_spirals

x, labels = make_spirals(600, noise=0.5, seed=0)     # three noisy, interleaved spirals
y = keras.utils.to_categorical(labels, 3)
x_train, y_train, x_val, y_val = x[:300], y[:300], x[300:], y[300:]

fig, ax = plt.subplots(figsize=(4, 4))
ax.scatter(x_train[:, 0], x_train[:, 1], c=labels[:300], cmap="viridis", s=12)
ax.set_title("300 training points")
ax.set_aspect("equal")
plt.show()

# %% [markdown]
# Two helpers keep the experiments short: `build` makes a model (hidden layers, an optional
# penalty on the kernels, optional dropout) with the same seed every time, and `losses`
# measures the crossentropy on the training and validation sets after training. It uses
# `predict`, which runs the model in inference mode (no dropout, no added noise) and leaves
# out the penalties, so all models are compared on the same footing. The training loss
# that `fit` reports would not be: it includes the penalty and is measured *with* dropout.

# %%
EPOCHS = 150

def build(hidden=(128, 128), regularizer=None, dropout=0.0, first_layers=()):
    keras.utils.set_random_seed(0)
    layers = [keras.Input(shape=(2,)), *first_layers]
    for units in hidden:
        layers.append(keras.layers.Dense(units, activation="relu", kernel_regularizer=regularizer))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(3, activation="softmax"))
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(0.005), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model

crossentropy = keras.losses.CategoricalCrossentropy()

def losses(model):
    train = float(crossentropy(y_train, model.predict(x_train, verbose=0)))
    val = float(crossentropy(y_val, model.predict(x_val, verbose=0)))
    return train, val

results = {}

def report(name, model, history):
    train, val = losses(model)
    results[name] = (train, val)
    print(f"{name:<22} train {train:.3f}   validation {val:.3f}   gap {val - train:.3f}   "
          f"({len(history.epoch)} epochs)")


# %% [markdown]
# ## Underfitting and overfitting
#
# A model with one hidden layer of **2 units** cannot draw the spiral boundaries. A model
# with two layers of **128 units** (17,000 weights for 300 points) can draw anything,
# including the noise.

# %%
histories = {}
for name, hidden in [("underfit: 2 units", (2,)), ("overfit: 128-128", (128, 128))]:
    model = build(hidden)
    histories[name] = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32,
                                validation_data=(x_val, y_val), verbose=0)
    report(name, model, histories[name])

fig, axes = plt.subplots(1, 2, figsize=(10, 3.5), sharey=True)
for ax, (name, history) in zip(axes, histories.items()):
    epochs = np.arange(1, EPOCHS + 1)
    ax.plot(epochs, history.history["loss"], label="training")
    ax.plot(epochs, history.history["val_loss"], "--", label="validation")
    ax.set_title(name)
    ax.set_xlabel("epoch")
    ax.legend()
axes[0].set_ylabel("loss")
plt.show()

# %% [markdown]
# * **Underfit**: both curves stay high and close together. More capacity (units, layers)
#   or more training is the fix, not regularization.
# * **Overfit**: the training loss keeps falling towards zero, while the validation loss
#   reaches its lowest point early and then *rises*: each epoch now fits the noise of the
#   training points better and the real pattern worse.
#
# The remedies below all start from the overfitting model.
#
# ## L2 and L1 penalties
#
# A **regularizer** adds a penalty on the weights to the loss, so large weights must earn
# their place. In Keras the formulas have no factor ½:
#
# * `keras.regularizers.L2(0.001)` adds `0.001 * sum(w ** 2)`: all weights shrink a little;
# * `keras.regularizers.L1(0.0001)` adds `0.0001 * sum(abs(w))`: it pushes small weights all
#   the way towards zero, so many end up (nearly) zero: a sparse model.
#
# The penalty appears in the training loss `fit` reports (`model.losses` holds it).

# %%
for name, regularizer in [("L2(0.001)", keras.regularizers.L2(0.001)),
                          ("L1(0.0001)", keras.regularizers.L1(0.0001))]:
    model = build(regularizer=regularizer)
    history = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32,
                        validation_data=(x_val, y_val), verbose=0)
    report(name, model, history)
    kernel = model.layers[1].kernel.numpy()
    print(f"{'':<22} second layer: mean |w| {np.abs(kernel).mean():.4f}, "
          f"{(np.abs(kernel) < 1e-3).mean():.0%} of weights below 0.001")

# %% [markdown]
# ## Dropout
#
# `Dropout(0.3)` sets a random 30% of the previous layer's outputs to zero at every
# training step (and scales the others by 1/0.7 so their sum stays the same). No unit can
# rely on one particular partner, so the network learns more redundant, smoother
# functions. At prediction time dropout does nothing.

# %%
model = build(dropout=0.3)
history = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32,
                    validation_data=(x_val, y_val), verbose=0)
report("Dropout(0.3)", model, history)

# %% [markdown]
# ## Early stopping
#
# The overfitting model was best around the epoch where its validation loss was lowest.
# `EarlyStopping` watches `val_loss`, stops when it has not improved for `patience` epochs,
# and `restore_best_weights=True` goes back to the best epoch's weights.

# %%
model = build()
stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=10,
                                        restore_best_weights=True)
history = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32,
                    validation_data=(x_val, y_val), callbacks=[stopper], verbose=0)
report("EarlyStopping", model, history)
print("best epoch:", stopper.best_epoch + 1)


# %% [markdown]
# ## Data augmentation
#
# More data is the best cure for overfitting. When there is no more, we can make
# plausible new examples from the ones we have: flipped or shifted images, noisy sounds.
# For our points, a small random shift (a **jitter**) keeps each point in its class.
# A `PyDataset` hands `fit` a freshly jittered copy of the training set every epoch, so
# the model never sees exactly the same point twice:

# %%
class Jittered(keras.utils.PyDataset):
    def __init__(self, x, y, scale=0.1, batch_size=32, seed=0):
        super().__init__()
        self.x, self.y, self.scale, self.batch_size = x, y, scale, batch_size
        self.rng = np.random.default_rng(seed)
        self.on_epoch_end()

    def __len__(self):
        return int(np.ceil(len(self.x) / self.batch_size))

    def __getitem__(self, i):
        rows = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x_epoch[rows], self.y[rows]

    def on_epoch_end(self):
        noise = self.rng.normal(0.0, self.scale, size=self.x.shape)
        self.x_epoch = self.x + noise

model = build()
history = model.fit(Jittered(x_train, y_train), epochs=EPOCHS,
                    validation_data=(x_val, y_val), verbose=0)
report("augmentation (jitter)", model, history)

# %% [markdown]
# The same idea exists as a layer: `keras.layers.GaussianNoise(0.1)` as the first layer
# adds fresh noise to every batch *inside the model*, during training only (`predict` and
# `evaluate` see the clean inputs). The two differ in where the work happens:
#
# * the **PyDataset** changes the *data*: any transformation you can write in NumPy
#   (flips, crops, shifts, rotations), and it is not part of the saved model;
# * the **layer** is part of the *model*: it is saved with it and switches itself off
#   outside training, but it can only do what the layer does (here, add noise).

# %%
model = build(first_layers=[keras.layers.GaussianNoise(0.1)])
history = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32,
                    validation_data=(x_val, y_val), verbose=0)
report("GaussianNoise layer", model, history)

# %% [markdown]
# ## Side by side

# %%
names = list(results)
train = np.array([results[n][0] for n in names])
val = np.array([results[n][1] for n in names])
positions = np.arange(len(names))

fig, ax = plt.subplots(figsize=(10, 4))
ax.bar(positions - 0.2, train, width=0.4, label="training loss")
ax.bar(positions + 0.2, val, width=0.4, label="validation loss")
for position, gap in zip(positions, val - train):
    ax.annotate(f"gap {gap:.2f}", (position, max(train[position], val[position]) + 0.02),
                ha="center", fontsize=8)
ax.set_xticks(positions)
ax.set_xticklabels(names, rotation=20, ha="right")
ax.set_ylabel("crossentropy (no penalty)")
ax.set_title("Every remedy narrows the gap left by the 128-128 model")
ax.legend()
plt.show()

# %% [markdown]
# **Reading the chart.** The underfit model has the smallest gap of all and still the worst
# validation loss: a small gap is good news only when the losses are low. Every remedy
# brings the validation loss of the 128-128 model down from about 0.4 to about 0.3, with
# L2 and early stopping lowest here; the two kinds of noise close the gap most, partly
# because they also make the *training* fit worse. On another data set the ranking can
# change, which is why you try them on your own validation data.
#
# ## What to remember
#
# * Watch training **and** validation loss: a growing gap means overfitting; two high
#   curves mean underfitting.
# * Against overfitting: L2/L1 penalties (`kernel_regularizer=`), `Dropout`,
#   `EarlyStopping(restore_best_weights=True)`, and more (or augmented) data. They combine.
# * Each has a strength to tune (the penalty factor, the dropout rate, the patience, the
#   amount of jitter): too much of any of them turns overfitting into underfitting.
