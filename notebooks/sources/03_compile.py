# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3. compile: optimizer, loss and metrics
#
# `model.compile(optimizer, loss, metrics)` decides *how* a model learns. This notebook
# looks at each of the three choices on small problems you can train in a second:
#
# 1. **optimizers** side by side on the same problem, from the same starting weights;
# 2. **losses**: what each one measures and when to pick it;
# 3. **metrics**: what you watch while training, including one you write yourself.

# %%
import matplotlib.pyplot as plt
import numpy as np

import nbkeras as keras
from nbkeras.datasets import make_blobs, make_spirals

x, labels = make_spirals(600, noise=0.2, seed=0)
y = keras.utils.to_categorical(labels, 3)
print("x:", x.shape, " y:", y.shape)


# %% [markdown]
# ## 1. Optimizers side by side
#
# An optimizer turns the gradient of the loss into a change of the weights.
#
# * **SGD** steps straight down the gradient: `w -= learning_rate * g`.
# * **SGD with momentum** keeps a velocity, so steps that agree add up and noise cancels.
# * **Adagrad** divides each weight's step by the root of the *sum* of all its past squared
#   gradients: weights that have moved a lot slow down, and every step gets smaller.
# * **RMSprop** divides each weight's step by a running average of its squared gradients:
#   weights with large gradients take smaller steps.
# * **Adam** combines momentum and RMSprop's scaling (with a correction for the first steps);
#   **AdamW** adds weight decay that shrinks the weights directly.
#
# To compare them fairly every run starts from **the same initial weights**
# (`set_random_seed` before building) and sees the batches in the same order.

# %%
def spiral_model():
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape=(2,)),
                             keras.layers.Dense(32, activation="relu"),
                             keras.layers.Dense(32, activation="relu"),
                             keras.layers.Dense(3, activation="softmax")])

optimizers = {
    "SGD": lambda: keras.optimizers.SGD(learning_rate=0.05),
    "SGD + momentum": lambda: keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
    "Adagrad": lambda: keras.optimizers.Adagrad(learning_rate=0.05),
    "RMSprop": lambda: keras.optimizers.RMSprop(learning_rate=0.005),
    "Adam": lambda: keras.optimizers.Adam(learning_rate=0.005),
    "AdamW": lambda: keras.optimizers.AdamW(learning_rate=0.005, weight_decay=0.01),
}
curves, trained = {}, {}
for name, make in optimizers.items():
    model = spiral_model()
    model.compile(optimizer=make(), loss="categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=40, batch_size=32, verbose=0)
    curves[name], trained[name] = history.history, model
    print(f"{name:<15} final loss {history.history['loss'][-1]:.3f}   "
          f"accuracy {history.history['accuracy'][-1]:.3f}")

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
for name, logs in curves.items():
    ax.plot(range(1, 41), logs["loss"], label=name)
ax.set_xlabel("epoch")
ax.set_ylabel("training loss")
ax.set_title("Six optimizers, same model, same start")
ax.legend()
plt.show()

# %% [markdown]
# Plain SGD creeps; momentum and the adaptive methods get much further in the same 40
# epochs. The learning rate matters as much as the choice of optimizer: try
# `SGD(learning_rate=0.5)` or `Adam(learning_rate=0.05)` and watch the curves jump around.
# Adam with its default `learning_rate=0.001` is a good first choice.
#
# The loss is one number; the **decision boundary** shows what it means. Colour every point
# of the plane by the class the model predicts there, and draw the data on top:

# %%
grid = np.linspace(-1.6, 1.6, 121, dtype="float32")
plane = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)
fig, axes = plt.subplots(1, 3, figsize=(10, 3.4))
for ax, name in zip(axes, ["SGD", "Adagrad", "Adam"]):
    regions = trained[name].predict(plane, verbose=0).argmax(axis=1).reshape(121, 121)
    ax.contourf(grid, grid, regions, levels=[-0.5, 0.5, 1.5, 2.5], cmap="viridis", alpha=0.35)
    ax.scatter(x[:, 0], x[:, 1], c=labels, cmap="viridis", s=6)
    ax.set_title(f"{name} after 40 epochs")
    ax.set_xlabel("x1")
axes[0].set_ylabel("x2")
plt.show()

# %% [markdown]
# Where SGD's regions are still rough wedges, the adaptive optimizers already follow the
# spiral arms: the lower loss is a boundary that fits the data better.

# %% [markdown]
# ## 2. Losses: what is being measured
#
# A loss compares the targets `y_true` with the predictions `y_pred` and returns one number
# to minimize. Every loss is a class (`keras.losses.MeanSquaredError()`) and a function
# (`keras.losses.mean_squared_error`) and has a string name for `compile`.
#
# **Regression** (predicting numbers). Look what one outlier does:

# %%
y_true = np.array([[1.0], [2.0], [3.0], [4.0]])
y_pred = np.array([[1.1], [1.9], [3.2], [9.0]])   # the last prediction is far off

for loss in [keras.losses.MeanSquaredError(), keras.losses.MeanAbsoluteError(),
             keras.losses.Huber(delta=1.0)]:
    print(f"{type(loss).__name__:<18} {float(loss(y_true, y_pred)):.4f}")

# %% [markdown]
# * **MSE** squares the errors: the one big miss dominates (use it when large errors
#   really are much worse).
# * **MAE** counts every error linearly: robust to outliers, but its gradient never shrinks
#   near the answer.
# * **Huber** is quadratic for small errors and linear for big ones: a compromise.
#
# **Classification.** The model outputs probabilities; crossentropy is `-log` of the
# probability given to the right class, so a confident wrong answer costs a lot:

# %%
bce = keras.losses.BinaryCrossentropy()
for p in [0.9, 0.6, 0.1]:
    print(f"true class 1, predicted p={p}: binary crossentropy {float(bce([[1.0]], [[p]])):.4f}")

# %% [markdown]
# Which crossentropy?
#
# | targets | last layer | loss |
# |---|---|---|
# | 0/1, one output | `Dense(1, activation="sigmoid")` | `binary_crossentropy` |
# | one-hot rows `[0, 0, 1]` | `Dense(k, activation="softmax")` | `categorical_crossentropy` |
# | integer labels `2` | `Dense(k, activation="softmax")` | `sparse_categorical_crossentropy` |
#
# The last two compute the same number from two ways of writing the labels:

# %%
probabilities = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
one_hot = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
integers = np.array([0, 2])
categorical = keras.losses.CategoricalCrossentropy()(one_hot, probabilities)
sparse = keras.losses.SparseCategoricalCrossentropy()(integers, probabilities)
print(f"categorical         {float(categorical):.4f}")
print(f"sparse categorical  {float(sparse):.4f}")

# %% [markdown]
# With `from_logits=True` the loss takes the raw outputs of a layer *without* softmax and
# applies it itself, in a numerically safer way. The number is the same:

# %%
logits = np.log(probabilities)      # any scores whose softmax is `probabilities`
from_logits = keras.losses.CategoricalCrossentropy(from_logits=True)
print(f"from logits         {float(from_logits(one_hot, logits)):.4f}")

# %% [markdown]
# The flag must match the model. If the last layer already applies softmax and the loss
# *also* gets `from_logits=True`, softmax is applied twice. Nothing crashes; the number is
# just wrong, and training is slowed down by it:

# %%
wrong = keras.losses.CategoricalCrossentropy(from_logits=True)
print(f"probabilities treated as logits {float(wrong(one_hot, probabilities)):.4f}")

# %% [markdown]
# ## 3. Metrics: what you watch
#
# The loss is what the optimizer minimizes; **metrics** are what *you* care about. They
# are computed on every batch and averaged over the epoch, but never used for gradients.
#
# ### Which accuracy?
#
# The string `"accuracy"` is a shortcut: `compile` looks at the shapes of the targets and
# outputs and picks one of these classes for you.
#
# * `BinaryAccuracy`: one output per sample; it counts as "class 1" above `threshold=0.5`.
# * `CategoricalAccuracy`: one-hot targets; is the largest output at the 1?
# * `SparseCategoricalAccuracy`: the same with integer labels.
# * `TopKCategoricalAccuracy(k=2)`: is the right class among the `k` largest outputs?
#   (Useful with many classes, where a near miss still means something.)
#
# Four samples, three classes:

# %%
scores = np.array([[0.50, 0.30, 0.20],    # label 0: right
                   [0.10, 0.50, 0.40],    # label 2: wrong, second best
                   [0.20, 0.20, 0.60],    # label 2: right
                   [0.35, 0.45, 0.20]])   # label 0: wrong, second best
ints = np.array([0, 2, 2, 0])
hot = keras.utils.to_categorical(ints, 3)
for name, metric, target in [
        ("CategoricalAccuracy", keras.metrics.CategoricalAccuracy(), hot),
        ("SparseCategoricalAccuracy", keras.metrics.SparseCategoricalAccuracy(), ints),
        ("TopKCategoricalAccuracy(k=2)", keras.metrics.TopKCategoricalAccuracy(k=2), hot)]:
    print(f"{name:<30} {float(metric(target, scores)):.2f}")

for threshold in [0.5, 0.7]:
    binary = keras.metrics.BinaryAccuracy(threshold=threshold)
    value = float(binary([[1], [0], [1]], [[0.8], [0.6], [0.3]]))
    print(f"{f'BinaryAccuracy(threshold={threshold})':<30} {value:.2f}")

# %% [markdown]
# In the last lines, 0.6 counts as "class 1" with the default threshold (a mistake) and as
# "class 0" with `threshold=0.7` (right): the threshold is part of what the metric means.
#
# ### Precision, recall and AUC
#
# On a two-class problem where one class is rare, accuracy alone can mislead: a model
# that always answers "0" already scores high. So we add
# **precision** (of the samples called positive, how many are?), **recall** (of the
# positives, how many were found?) and **AUC** (how well the scores rank positives first).

# %%
xb, lb = make_blobs(800, n_classes=2, spread=2.0, seed=3)
keep = (lb == 0) | (np.arange(len(lb)) % 5 == 0)     # keep 1 in 5 of class 1: it is rare
xb, yb = xb[keep], lb[keep].astype("float32").reshape(-1, 1)
print(f"{len(yb)} samples, {int(yb.sum())} positive: "
      f"always answering 0 would score accuracy {1 - yb.mean():.3f}")

keras.utils.set_random_seed(1)
classifier = keras.Sequential([keras.Input(shape=(2,)),
                               keras.layers.Dense(8, activation="relu"),
                               keras.layers.Dense(1, activation="sigmoid")])
classifier.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                   metrics=["accuracy", keras.metrics.Precision(), keras.metrics.Recall(),
                            keras.metrics.AUC()])
history = classifier.fit(xb, yb, epochs=15, batch_size=32, verbose=0)
for name, values in history.history.items():
    print(f"{name:<10} first epoch {values[0]:.3f}   last epoch {values[-1]:.3f}")


# %% [markdown]
# In the first epoch the model calls too many points positive: recall is high, precision
# low. By the last epoch both are above 0.95. AUC is high from the start: ranking the
# positives first is easier than choosing the right threshold.
#
# A **confusion matrix** shows all four counts behind precision and recall at once: rows
# are the true classes, columns the predicted ones, so the diagonal holds the right answers.

# %%
predicted = (classifier.predict(xb, verbose=0) > 0.5).astype(int).ravel()
truth = yb.astype(int).ravel()
matrix = np.zeros((2, 2), dtype=int)
np.add.at(matrix, (truth, predicted), 1)
fig, ax = plt.subplots(figsize=(3.4, 3))
ax.imshow(matrix, cmap="viridis")
for (row, col), count in np.ndenumerate(matrix):
    ax.text(col, row, count, ha="center", va="center", color="white" if count < matrix.max() / 2 else "black")
ax.set_xticks([0, 1], ["predicted 0", "predicted 1"])
ax.set_yticks([0, 1], ["true 0", "true 1"])
ax.set_title("Confusion matrix")
plt.show()
print(f"precision = {matrix[1, 1]} / {matrix[:, 1].sum()}, recall = {matrix[1, 1]} / {matrix[1].sum()}")
#
# ### Your own metric: `rmse`
#
# A metric can be any function `metric(y_true, y_pred)` written with `keras.ops`. Its
# name in the logs is the function's name. The root of the mean squared error is in the
# units of the target, which is easier to read than MSE:

# %%
def rmse(y_true, y_pred):
    return keras.ops.sqrt(keras.ops.mean(keras.ops.square(y_pred - y_true)))

rng = np.random.default_rng(0)
xr = rng.uniform(-1, 1, size=(500, 1)).astype("float32")
yr = np.sin(3 * xr) + 0.1 * rng.standard_normal((500, 1)).astype("float32")

keras.utils.set_random_seed(2)
regressor = keras.Sequential([keras.Input(shape=(1,)),
                              keras.layers.Dense(16, activation="tanh"),
                              keras.layers.Dense(1)])
regressor.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse", metrics=[rmse, "mae"])
history = regressor.fit(xr, yr, epochs=20, batch_size=32, verbose=0)
print("History keys:", list(history.history))
print(f"last epoch: loss (MSE) {history.history['loss'][-1]:.4f}, "
      f"rmse {history.history['rmse'][-1]:.4f}")

# %% [markdown]
# The `rmse` of each epoch is the mean of the per-batch values, so it is close to, but not
# exactly, the square root of the epoch's MSE. `keras.metrics.RootMeanSquaredError()`
# computes it over the whole epoch instead.
#
# ## What to remember
#
# * `compile(optimizer=..., loss=..., metrics=[...])`: strings for the defaults, objects
#   to set arguments (`keras.optimizers.Adam(learning_rate=0.005)`).
# * Start with Adam; tune the learning rate before changing the optimizer.
# * Pick the loss from the kind of target (table above); the metrics from what matters to you.
