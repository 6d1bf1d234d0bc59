# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 10. Data in: loading, encoding, normalizing, tokenizing, augmenting
#
# A model only sees numbers in arrays. This notebook is about the road from the data you
# have (a CSV file, sentences, a handful of images, a long time series) to those arrays,
# the Keras way: with **preprocessing layers** that live *inside* the model, so the model
# you save is the model that knows how to read raw data. It builds on notebook 7, where
# augmentation first appeared as a cure for overfitting.
#
# **You will learn**
#
# * where data comes from: sets that ship with nbkeras, and `keras.utils.get_file` for
#   downloads (cached, checked by a **hash**);
# * **one-hot encoding**, by `to_categorical` and by the `CategoryEncoding` layer;
# * **normalization**: why features on different scales hurt training, and the
#   `Normalization` layer that learns the mean and variance with `adapt`;
# * **tokenization**: turning sentences into word indices with `TextVectorization`;
# * **data augmentation** with random image layers, active only while training;
# * **time-series windows** with `timeseries_dataset_from_array`.

# %%
import contextlib
import io
import tempfile

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import nbkeras as keras
import nbkeras.display  # the pictures of this notebook: keras.display.augmentations, ...

keras.utils.set_random_seed(0)

# %% [markdown]
# ## 1. Where the data comes from
#
# `keras.datasets` has Keras's famous sets (`mnist`, `cifar10`, `imdb`, ...). They are
# downloaded once, on first use, into `~/.keras/datasets`. Two small real sets ship
# *inside* nbkeras and work offline: `diabetes` (442 patients, a regression target) and
# `docstrings` (1,324 sentences from Python's documentation, labelled by topic).

# %%
(x_train, y_train), (x_test, y_test) = keras.datasets.diabetes.load_data()
print("diabetes  :", x_train.shape, y_train.shape, "|", x_test.shape, y_test.shape)
(texts_train, labels_train), (texts_test, labels_test) = keras.datasets.docstrings.load_data()
print("docstrings:", texts_train.shape, labels_train.shape, "|", texts_test.shape)
print(keras.datasets.docstrings.CLASS_NAMES[labels_train[0]], "<-", texts_train[0])

# %% [markdown]
# Downloads go through `keras.utils.get_file(fname, origin, file_hash=...)`. It keeps a
# copy in a cache folder, and the **hash** (a fingerprint of the file's bytes) lets it
# notice a damaged or changed download. Here we "download" the bundled CSV file through
# a `file://` address, so no network is needed; a second call finds it in the cache.

# %%
import hashlib

csv_path = keras.datasets.diabetes.csv_path()
sha256 = hashlib.sha256(open(csv_path, "rb").read()).hexdigest()
cache = tempfile.mkdtemp()
for attempt in (1, 2):
    with contextlib.redirect_stdout(io.StringIO()) as log:
        path = keras.utils.get_file("diabetes.csv", origin="file://" + csv_path,
                                    file_hash=sha256, cache_dir=cache)
    downloaded = "Downloading" in log.getvalue()
    print(f"call {attempt}: {'downloaded' if downloaded else 'found in the cache'}")
print("hash checked:", sha256[:16], "...")

# %% [markdown]
# ## 2. A CSV file with pandas
#
# Tables usually arrive as CSV files, and **pandas** reads them into a `DataFrame`.
# `fit`, `evaluate` and `predict` accept DataFrames (the columns, in order, are the
# features) and Series (a target column) directly.

# %%
frame = pd.read_csv(csv_path)
frame.head()

# %%
frame.describe().loc[["mean", "std", "min", "max"]].round(1)

# %% [markdown]
# Look at the scales: `sex` is 1 or 2, `s5` is around 4.6, `s1` (a cholesterol
# measurement) is around 190. Keep that in mind for section 4.

# %% [markdown]
# ## 3. One-hot encoding
#
# A class label such as "topic 3" is a category, not an amount: topic 3 is not "more"
# than topic 1. **One-hot encoding** gives each category its own column with a 1.
# `keras.utils.to_categorical` does it on NumPy arrays, before the model; the
# `CategoryEncoding` layer does the same *inside* a model.

# %%
labels = labels_train[:5]
print("labels:", labels)
by_hand = np.eye(5)[labels]
by_function = keras.utils.to_categorical(labels, num_classes=5)
by_layer = keras.layers.CategoryEncoding(num_tokens=5, output_mode="one_hot")(labels).numpy()
print(by_function)
print("all three agree:", np.array_equal(by_hand, by_function) and np.array_equal(by_hand, by_layer))

# %% [markdown]
# ## 4. Normalization: inside the model or before it
#
# Gradient descent takes steps of the same size in every direction. When one feature is
# a hundred times larger than another, the loss surface is a long, narrow valley and
# training crawls. **Standardizing** each feature, `(x - mean) / std`, puts them all on
# the same scale. The `Normalization` layer learns the mean and the variance of each
# feature from the training data with `adapt`:

# %%
normalize = keras.layers.Normalization()
normalize.adapt(x_train)
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
by_hand = (x_test - mean) / std
print("mean learned by adapt :", normalize.adapt_mean.numpy()[:4].round(2), "...")
print("same as NumPy by hand :", np.allclose(normalize(x_test).numpy(), by_hand, atol=1e-4))

# %%
keras.display.normalization_histogram(normalize, x_train, feature=4,
                                      name="s1 (total cholesterol)")

# %% [markdown]
# The shape of the histogram does not change, only its position and scale. Now train the
# same small network twice with plain gradient descent (`SGD`) and the same learning
# rate: on the raw features, and with a `Normalization` layer as its first layer.

# %%
def regression_model(first_layers=()):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((10,)), *first_layers,
                              keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(1e-4), loss="mse", metrics=["mae"])
    return model

runs = {}
for name, first in [("raw features", []), ("Normalization layer", [normalize])]:
    model = regression_model(first)
    runs[name] = model.fit(x_train, y_train, epochs=60, batch_size=32,
                           validation_data=(x_test, y_test), verbose=0)
    print(f"{name:<20} validation MAE after 60 epochs: "
          f"{runs[name].history['val_mae'][-1]:.0f}")

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, history in runs.items():
    ax.plot(history.history["val_mae"], label=name)
ax.set_title("Same network, raw vs normalized inputs")
ax.set_xlabel("epoch")
ax.set_ylabel("validation MAE (progression units)")
ax.set_ylim(0, 200)
ax.legend()
plt.show()

# %% [markdown]
# With the layer inside, the saved model carries the mean and variance as (non-trainable)
# weights: whoever loads it feeds raw measurements and gets the same predictions. Doing
# the same with NumPy *before* the model also trains well, but then every user of the
# model must remember to apply exactly the same `mean` and `std`.
#
# **Try it:** raise the learning rate to `SGD(1e-3)`: what happens to the raw-feature run?
# And with `Adam(0.01)`, an optimizer that adapts its step to each weight?

# %% [markdown]
# ## 5. Text: from sentences to numbers
#
# `TextVectorization` turns sentences into numbers in three steps: **standardize**
# (lower-case, strip punctuation), **split** into words (tokens), and **look up** each
# token's index in a vocabulary that `adapt` builds: most frequent words first, index 0
# for padding and index 1 for unknown words (`[UNK]`).

# %%
vectorize = keras.layers.TextVectorization(max_tokens=2000, output_sequence_length=12)
vectorize.adapt(texts_train)
print("vocabulary size:", vectorize.vocabulary_size())
print("first entries:  ", vectorize.get_vocabulary()[:10])
print(vectorize(["Return the sine of x, measured in radians."]).numpy())

# %%
keras.display.tokenization(vectorize, "Return the sine of x, measured in radians.")

# %% [markdown]
# Every sentence becomes 12 numbers: longer ones are cut, shorter ones are padded with 0.
# For a first classifier, word order can wait: `output_mode="multi_hot"` gives a
# **bag of words**, one column per vocabulary word with a 1 if the sentence uses it.

# %%
bag_of_words = keras.layers.TextVectorization(max_tokens=2000, output_mode="multi_hot")
bag_of_words.adapt(texts_train)
words_train, words_test = bag_of_words(texts_train).numpy(), bag_of_words(texts_test).numpy()
print("one sentence as a bag of words:", words_train.shape[1], "columns,",
      int(words_train[0].sum()), "ones")

keras.utils.set_random_seed(0)
topic_model = keras.Sequential([keras.Input((words_train.shape[1],)),
                                keras.layers.Dense(32, activation="relu"),
                                keras.layers.Dense(5, activation="softmax")])
topic_model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
topic_model.fit(words_train, labels_train, epochs=10, batch_size=32, verbose=0)
loss, accuracy = topic_model.evaluate(words_test, labels_test, verbose=0)
print(f"test accuracy: about {accuracy:.1f} (guessing would give 0.2)")

# %% [markdown]
# ## 6. Image augmentation
#
# We make a small image set: 16x16 pictures of squares, discs and triangles at random
# places, with noise. With only **60 training images** a dense network learns them by
# heart (notebook 7's overfitting).

# %%
def make_shapes(count, size=16, seed=0):
    rng = np.random.default_rng(seed)
    images = np.zeros((count, size, size, 1), "float32")
    labels = rng.integers(0, 3, count)
    rows, cols = np.mgrid[:size, :size]
    for image, label in zip(images, labels):
        r = rng.uniform(3, 5)
        cy, cx = rng.uniform(r + 1, size - r - 1, 2)
        dy, dx = rows - cy, cols - cx
        if label == 0:
            mask = (np.abs(dy) <= r) & (np.abs(dx) <= r)           # square
        elif label == 1:
            mask = dy ** 2 + dx ** 2 <= r ** 2                     # disc
        else:
            mask = (np.abs(dy) <= r) & (np.abs(dx) <= (dy + r) / 2)  # triangle
        image[mask] = 1.0
    images += rng.normal(0, 0.1, images.shape).astype("float32")
    return np.clip(images, 0, 1), labels

shapes_train, kinds_train = make_shapes(60, seed=1)
shapes_val, kinds_val = make_shapes(200, seed=2)
print(shapes_train.shape, "kinds:", np.bincount(kinds_train))

# %% [markdown]
# Augmentation layers make a new, slightly different copy of every image each time the
# model sees it, **only while training**: outside `fit` (or `training=True`) they return
# the image unchanged. Shifting, mirroring and slightly turning a triangle keeps it a
# triangle, so the model learns what matters.

# %%
augment = keras.Sequential([
    keras.layers.RandomTranslation(0.15, 0.15, fill_mode="constant"),
    keras.layers.RandomFlip("horizontal"),
    keras.layers.RandomRotation(0.05, fill_mode="constant"),
])
keras.display.augmentations(augment, shapes_train[:4], copies=5)

# %%
print("unchanged outside training:", np.array_equal(augment(shapes_train[:4]).numpy(),
                                                      shapes_train[:4]))

# %%
def shape_model(augmentation=None):
    keras.utils.set_random_seed(0)
    layers = [keras.Input((16, 16, 1))] + ([augmentation] if augmentation else [])
    layers += [keras.layers.Flatten(), keras.layers.Dense(64, activation="relu"),
               keras.layers.Dense(3, activation="softmax")]
    model = keras.Sequential(layers)
    model.compile(keras.optimizers.Adam(0.003), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model

shape_runs = {}
for name, augmentation in [("no augmentation", None), ("with augmentation", augment)]:
    model = shape_model(augmentation)
    shape_runs[name] = model.fit(shapes_train, kinds_train, epochs=100, batch_size=20,
                                 validation_data=(shapes_val, kinds_val), verbose=0)
    print(f"{name:<18} validation accuracy: {shape_runs[name].history['val_accuracy'][-1]:.1f}")

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, history in shape_runs.items():
    ax.plot(history.history["val_loss"], label=f"{name} (validation)")
ax.set_title("60 training images: augmentation against overfitting")
ax.set_xlabel("epoch")
ax.set_ylabel("validation loss")
ax.legend()
plt.show()

# %% [markdown]
# Without augmentation the validation loss turns upwards after a few epochs: the
# overfitting curve of notebook 7. With it, the validation loss keeps falling, because the
# network never sees exactly the same image twice.
#
# **Try it:** remove `RandomFlip`: which shape does a horizontal flip leave unchanged?
# Does the result change much?

# %% [markdown]
# ## 7. Time series: windows of the past predict the next value
#
# To forecast a series, we cut it into **windows**: the last 12 values are the input,
# the value right after is the target. `timeseries_dataset_from_array` does the cutting
# and serves batches to `fit`.

# %%
steps = np.arange(400)
series = (np.sin(steps / 8) + 0.5 * np.sin(steps / 3)).astype("float32")
window = 12
windows = keras.utils.timeseries_dataset_from_array(series[:-window], series[window:],
                                                    sequence_length=window, batch_size=64)
first_x, first_y = windows[0]
print("batches:", len(windows), "| one batch:", first_x.shape, first_y.shape)
print("window 0 ends with", first_x[0, -3:].round(3), "-> target", first_y[0].round(3),
      "= series[12]", series[12].round(3))

# %%
keras.utils.set_random_seed(0)
forecaster = keras.Sequential([keras.Input((window,)), keras.layers.Dense(32, activation="relu"),
                               keras.layers.Dense(1)])
forecaster.compile(keras.optimizers.Adam(0.01), "mse")
forecaster.fit(windows, epochs=30, verbose=0)
predicted = forecaster.predict(windows, verbose=0)[:, 0]

fig, ax = plt.subplots(figsize=(8, 3))
ax.plot(steps[window:window + 120], series[window:window + 120], label="series")
ax.plot(steps[window:window + 120], predicted[:120], "--", label="prediction from the window")
ax.set_title("Next value predicted from the 12 values before it")
ax.set_xlabel("time step")
ax.set_ylabel("value")
ax.legend()
plt.show()

# %% [markdown]
# ## Exercises
#
# 1. Build a `StringLookup` layer with `vocabulary=["red", "green", "blue"]` and call it
#    on `["green", "purple"]`. Which index does "purple" get, and why?
# 2. Put the `Normalization` layer of section 4 in a model, save it with `model.save`,
#    load it back and check that the predictions on raw data are the same.
# 3. In section 5, use `output_mode="count"` instead of `"multi_hot"`. What is different
#    in `words_train[0]`?
# 4. Change `sequence_stride=3` in section 7: how many batches are there now?
#
# <details><summary>Answers</summary>
#
# 1. `[2, 0]`: indices start after the one out-of-vocabulary index 0, so "green" is 2;
#    "purple" is not in the vocabulary and gets the OOV index 0.
# 2. `model.save("norm.keras")` then `keras.models.load_model("norm.keras")`: the mean and
#    variance are saved as the layer's weights, so `np.allclose(loaded.predict(x),
#    model.predict(x))` is `True`.
# 3. A word used twice in the sentence counts 2 instead of 1 (and `[UNK]` counts every
#    unknown word).
# 4. A window now starts every third step: 377 windows become 126, so 2 batches of 64
#    instead of 6.
#
# </details>
#
# ## Summary
#
# * **Datasets**: `keras.datasets` loaders download once into a cache; `get_file` checks
#   each file's **hash**; `diabetes` and `docstrings` ship with nbkeras.
# * **One-hot encoding**: one column per category, by `to_categorical` or `CategoryEncoding`.
# * **Normalization** puts features on one scale; the layer learns mean and variance with
#   `adapt` and travels inside the saved model.
# * **Tokenization**: `TextVectorization` standardizes, splits and looks words up in a
#   vocabulary (0 = padding, 1 = unknown).
# * **Augmentation** layers make new training images every epoch and do nothing at
#   inference; with few images they reduce overfitting.
# * **Windows** turn a time series into `(past values, next value)` pairs for `fit`.
