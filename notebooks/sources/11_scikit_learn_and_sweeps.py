# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 11. scikit-learn and hyper-parameter sweeps
#
# scikit-learn is Python's toolbox for classic machine learning: it splits data, scores
# models, searches for good settings and chains preprocessing steps. In this notebook a
# keras model becomes a scikit-learn **estimator**, so all of those tools work on it:
# first the way older tutorials write it (Keras 2's `KerasRegressor`), then with Keras 3's
# wrappers. At the end the same search runs on a **Dask cluster** of worker processes,
# the code that also runs on many machines. It builds on notebook 7 (validation data and
# overfitting).
#
# **You will learn**
#
# * what an **estimator** is: an object with `fit`, `predict` and `score`
# * **cross-validation**: scoring a model on several train/validation splits
# * **grid search**: trying every combination of **hyper-parameters**
# * a **pipeline**: preprocessing and model as one estimator
# * running a search on a **cluster** of worker processes with Dask

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

import nbkeras as keras

keras.utils.set_random_seed(0)

# %% [markdown]
# ## 1. The seed example, as older tutorials write it
#
# A small regression problem: each sample has 3 measurements, and the target depends on
# them (plus a little noise). Sixty samples keep every experiment quick.

# %%
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, size=(60, 3)).astype("float32")
y = 2 * x[:, 0] - x[:, 1] + x[:, 2] ** 2 + rng.normal(0, 0.1, size=60)
print(x.shape, y.shape)

# %% [markdown]
# This is Keras 2 code, exactly as many tutorials show it: a function `build` returns a
# compiled model, and `KerasRegressor` wraps it. `nb_epoch` is the Keras 1 name of
# `epochs`. nbkeras runs it as written and says once how Keras 3 writes the same thing
# (read the warnings below the cell).

# %%
from sklearn.metrics import mean_squared_error

from nbkeras import Sequential
from nbkeras.layers import Dense
from nbkeras.wrappers.scikit_learn import KerasRegressor


def build():
    model = Sequential([Dense(8, input_dim=3, activation="relu"), Dense(1)])
    model.compile(loss="mse", optimizer="adam")
    return model


est = KerasRegressor(build_fn=build, nb_epoch=100, batch_size=5, verbose=0)
est.fit(x, y)
print(f"mean squared error on the training data: {mean_squared_error(y, est.predict(x)):.2f}")

# %% [markdown]
# `est` is an estimator: `fit(x, y)` trains, `predict(x)` answers, `score(x, y)` grades.
# That is all scikit-learn needs to know about it.
#
# ## 2. Cross-validation
#
# The error on the training data flatters the model: it has seen those points. **k-fold
# cross-validation** splits the data into k parts (*folds*), trains k models, each on k-1
# folds, and scores each on the fold it did not see. The picture shows the 5 splits of our
# 60 samples.

# %%
from sklearn.model_selection import KFold

folds = np.zeros((5, 60))
for split, (_, validation) in enumerate(KFold(5).split(x)):
    folds[split, validation] = 1
fig, ax = plt.subplots(figsize=(8, 2))
ax.imshow(folds, cmap="viridis", aspect="auto")
ax.set_xlabel("sample")
ax.set_ylabel("split")
ax.set_title("KFold(5): the validation fold (yellow) moves; the rest trains")
plt.show()

# %% [markdown]
# `cross_val_score` does the whole loop. `KerasRegressor`'s score is *minus* the loss
# (scikit-learn always maximizes a score), so we flip the sign to read mean squared
# errors. The `input_dim` warning would repeat for each fold: we have read it, so we
# silence that one.

# %%
from sklearn.model_selection import cross_val_score

warnings.filterwarnings("ignore", message="Do not pass an `input_shape`")
scores = cross_val_score(est, x, y, cv=KFold(5))
print("MSE per fold:", np.round(-scores, 2))
print(f"mean: {-scores.mean():.2f}")

# %% [markdown]
# **Try it.** Change `nb_epoch=100` to `nb_epoch=20` in the cell of section 1 and run both
# cells again. Which grows more, the training error or the cross-validated error?
#
# ## 3. The same model, Keras 3's way
#
# Keras 3 replaced `KerasRegressor` with `keras.wrappers.SKLearnRegressor`. Three things
# change: the model function receives the data (`X` and `y`), so it can size its input and
# output layers itself; its own arguments go in `model_kwargs`; the arguments of `fit` go
# in `fit_kwargs`. `random_state` (an nbkeras addition) makes every fit start from the same
# weights, so results repeat exactly.

# %%
def make_regressor(X, y, hidden=8):
    model = keras.Sequential([keras.Input(shape=(X.shape[1],)),
                              keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(y.shape[1])])
    model.compile(loss="mse", optimizer="adam")
    return model


reg = keras.wrappers.SKLearnRegressor(
    model=make_regressor, model_kwargs={"hidden": 8},
    fit_kwargs={"epochs": 100, "batch_size": 5, "verbose": 0}, random_state=0)
r2 = cross_val_score(reg, x, y, cv=KFold(5))
print("R² per fold:", np.round(r2, 2))

# %% [markdown]
# The Keras 3 wrappers use scikit-learn's own scores: **R²** for regressors (1 is
# perfect, 0 is no better than always predicting the mean) and accuracy for classifiers.
# After `fit`, the trained keras model is `reg.model_` and its History is `reg.history_`.

# %%
reg.fit(x, y)
print(type(reg.model_).__name__, "trained for", len(reg.history_.epoch), "epochs")
print(f"last training loss: {reg.history_.history['loss'][-1]:.2f}")

# %% [markdown]
# ## 4. A classifier and a grid search
#
# Three interleaved spirals, with names as labels. `SKLearnClassifier` turns the names into
# one-hot targets (so the model function sees `y.shape[1] == 3`) and `predict` turns the
# outputs back into names. The learning rate and the width of the hidden layers are
# **hyper-parameters**: settings we choose, not weights the model learns.

# %%
from nbkeras.datasets import make_spirals

points, labels = make_spirals(300, seed=0)
names = np.array(["arm A", "arm B", "arm C"])[labels]


def make_classifier(X, y, hidden=16, learning_rate=0.01):
    model = keras.Sequential([keras.Input(shape=(X.shape[1],)),
                              keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(y.shape[1], activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="categorical_crossentropy")
    return model


clf = keras.wrappers.SKLearnClassifier(model=make_classifier, fit_kwargs={"epochs": 20, "verbose": 0},
                                       random_state=0)
clf.fit(points, names)
print(clf.classes_, clf.predict(points[:4]))

# %% [markdown]
# A **grid search** tries every combination from a grid and scores each by
# cross-validation. Here: 3 widths × 3 learning rates = 9 settings, 3 folds each.

# %%
from sklearn.model_selection import GridSearchCV

widths, rates = [4, 16, 64], [0.001, 0.01, 0.05]
grid = {"model_kwargs": [{"hidden": h, "learning_rate": r} for h in widths for r in rates]}
search = GridSearchCV(clf, grid, cv=3).fit(points, names)
print("best:", search.best_params_["model_kwargs"])

# %% [markdown]
# A heatmap shows the whole grid at once: one square per setting, coloured by its mean
# cross-validated accuracy.

# %%
accuracy = search.cv_results_["mean_test_score"].reshape(len(widths), len(rates))
fig, ax = plt.subplots(figsize=(4.5, 3.5))
image = ax.imshow(accuracy, cmap="viridis", vmin=0, vmax=1)
for (row, column), value in np.ndenumerate(accuracy):
    ax.text(column, row, f"{value:.2f}", ha="center", va="center", color="white" if value < 0.6 else "black")
ax.set_xticks(range(len(rates)), labels=rates)
ax.set_yticks(range(len(widths)), labels=widths)
ax.set_xlabel("learning rate")
ax.set_ylabel("hidden units")
ax.set_title("Grid search: cross-validated accuracy")
fig.colorbar(image, ax=ax)
plt.show()

# %% [markdown]
# Small networks with a small learning rate have not learned the spirals in 20 epochs;
# more units and a larger step do. `search.best_estimator_` is the best setting, refitted
# on all the data.
#
# **Try it.** Add `0.2` to the learning rates. Is a bigger step always better?
#
# ## 5. A pipeline
#
# Real features come in different units. Here the second coordinate is measured in
# hundredths and shifted by 500: the network now sees numbers of very different sizes.
# A `Pipeline` puts a `StandardScaler` (subtract the mean, divide by the standard
# deviation) in front of the network. The pipeline is one estimator: in cross-validation
# the scaler learns its means on the training folds only, so no information leaks from
# the validation fold.

# %%
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

wide = points * np.array([1.0, 100.0]) + np.array([0.0, 500.0])
net = keras.wrappers.SKLearnClassifier(model=make_classifier, model_kwargs={"hidden": 64},
                                       fit_kwargs={"epochs": 20, "verbose": 0}, random_state=0)
pipe = Pipeline([("scale", StandardScaler()), ("net", net)])
print(f"network alone:      {cross_val_score(net, wide, names, cv=3).mean():.2f}")
print(f"scaler + network:   {cross_val_score(pipe, wide, names, cv=3).mean():.2f}")

# %% [markdown]
# ## 6. The same search on a Dask cluster
#
# Each setting of a grid search trains independently of the others, so the fits can run
# in parallel. **Dask** runs Python work on a cluster: a *scheduler* hands tasks to
# *workers*. Here the cluster is 2 worker processes on this computer; on a real cluster the
# only change is the address given to `Client` (see `docs/scaling.md`).

# %%
import logging

import joblib
from distributed import Client, LocalCluster

cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                       dashboard_address=":0", silence_logs=logging.ERROR)
client = Client(cluster)
print(len(client.scheduler_info()["workers"]), "workers")

# %% [markdown]
# Dask's dashboard draws the tasks live in the browser, when the `bokeh` package is
# installed (the link changes every run).

# %%
# NBVAL_IGNORE_OUTPUT
try:
    import bokeh  # noqa: F401
    print("dashboard:", client.dashboard_link)
except ImportError:
    print("no dashboard: pip install bokeh to get one")

# %% [markdown]
# The search is the same code; `joblib.parallel_backend("dask")` sends its fits to the
# workers. With `random_state=0` every fit repeats exactly wherever it runs, so the scores
# equal the serial search's.

# %%
import time

start = time.perf_counter()
with joblib.parallel_backend("dask"):
    on_dask = GridSearchCV(clf, grid, cv=3, n_jobs=-1).fit(points, names)
elapsed = time.perf_counter() - start
same = np.array_equal(on_dask.cv_results_["mean_test_score"], search.cv_results_["mean_test_score"])
print("same scores as the serial search:", same)
print(f"took {elapsed:.1f} s")

# %% [markdown]
# Is it faster? For these tiny fits (a fraction of a second each) Dask's bookkeeping —
# sending the model function and the data to a worker, collecting the result — costs
# about as much as the fit itself, and two workers need two free cores. Dask pays off
# when each fit takes seconds and there are cores or machines to spare.

# %%
client.close()
cluster.close()

# %% [markdown]
# ## 7. From here to Keras 3 on a GPU
#
# The best model is an ordinary keras model. `save` writes it in Keras 3's `.keras`
# format (architecture, weights, optimizer state); on a machine with a GPU,
# `keras.saving.load_model("best.keras")` in Keras 3 reads it and training continues there.

# %%
import tempfile
from pathlib import Path

best = search.best_estimator_.model_
path = Path(tempfile.mkdtemp()) / "best.keras"
best.save(path)
again = keras.saving.load_model(path)
print("same predictions after loading:", np.array_equal(again.predict(points, verbose=0),
                                                        best.predict(points, verbose=0)))

# %% [markdown]
# ## Exercises
#
# 1. Give `KerasRegressor` a `build` function with an argument `hidden=8`, and pass
#    `hidden=32` to `KerasRegressor`. Where does the argument go?
# 2. Search over the number of epochs instead of the model's arguments:
#    `GridSearchCV(clf, {"fit_kwargs": [{"epochs": 10, "verbose": 0}, {"epochs": 60,
#    "verbose": 0}]}, cv=3)`. Which number of epochs wins on the spirals?
# 3. Run `cross_val_score(reg, x, y, cv=KFold(5))` twice with `random_state=None` and twice
#    with `random_state=0`. Which pairs agree exactly, and why?
# 4. Why must the scaler be *inside* the pipeline instead of being fitted once on all the
#    data before `cross_val_score`?
#
# <details><summary>Answers</summary>
#
# 1. `KerasRegressor` sends each keyword to the function that accepts it: `hidden` is an
#    argument of `build`, so `build(hidden=32)` is called; `nb_epoch`/`epochs`,
#    `batch_size` and `verbose` go to `fit`. An argument no function accepts is an error.
# 2. 60 epochs (`search.best_params_`): with `hidden=16` and a learning rate of 0.01,
#    10 epochs are too few steps to bend the boundary around the spirals.
# 3. With `random_state=0` each fit starts from the same weights and shuffles the same way:
#    the two runs agree exactly. With `None` the weights come from the global generator,
#    which has moved on between the runs (unless you call `keras.utils.set_random_seed`
#    before each).
# 4. Fitted on all the data, the scaler would use the validation fold's mean and spread:
#    a little information about the validation data would leak into training, and the
#    score would flatter the model.
#
# </details>
#
# ## Summary
#
# * An **estimator** has `fit`, `predict` and `score`; `KerasRegressor` (Keras 2) and
#   `keras.wrappers.SKLearnRegressor`/`SKLearnClassifier` (Keras 3) make a keras model one.
# * **Cross-validation** scores a model on data it has not seen, k times.
# * A **grid search** tries every combination of hyper-parameters; a heatmap shows them all.
# * A **pipeline** keeps preprocessing inside cross-validation, where it belongs.
# * **Dask** runs the same search on worker processes, here or on a cluster; with
#   `random_state` the results are the same as on one process.
#
# More: `docs/scikit_learn.md` (the wrappers) and `docs/scaling.md` (clusters, and moving a
# model to Keras 3 on a GPU).
