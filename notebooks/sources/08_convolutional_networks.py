# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 8. Convolutional networks
#
# A Dense layer looks at every pixel of an image separately: it does not know that two
# pixels are neighbours. A **convolutional network** slides small **filters** over the
# image, so the same little pattern detector (an edge, a corner, a stroke) is used
# everywhere. This notebook builds one step by step on real handwritten digits that ship
# with nbkeras, and then looks inside it. It follows notebook 7 (overfitting and
# regularization).
#
# **You will learn**
#
# - what a **convolution** computes, by hand and with `Conv2D` (same numbers);
# - what **stride**, **padding** and **pooling** do to the size of an image;
# - why a small **CNN** beats a Dense network of the same size on images;
# - how to look at **filters**, **feature maps** and **Grad-CAM** heatmaps;
# - what **BatchNormalization** does to the values flowing through a network.

# %%
import matplotlib.pyplot as plt
import numpy as np

import nbkeras as keras
from nbkeras import display, layers
from nbkeras.datasets import digits

keras.utils.set_random_seed(0)
(x_train, y_train), (x_test, y_test) = digits.load_data()
print("train:", x_train.shape, x_train.dtype, " test:", x_test.shape, " pixel values 0 ..", x_train.max())

# %%
fig, axes = plt.subplots(1, 8, figsize=(10, 1.8))
for ax, image, label in zip(axes, x_train, y_train):
    ax.imshow(image, cmap="gray_r")
    ax.set_title(f"label {label}")
    ax.axis("off")
fig.suptitle("Eight of the 1437 training digits (8x8 pixels)")
plt.show()

# %% [markdown]
# ## 1. A convolution by hand
#
# A 3x3 **filter** (also called a **kernel**) is laid on every 3x3 window of the image;
# the output pixel is the sum of the window's pixels times the filter's weights. The
# filter below answers "is it brighter on the right than on the left?": it finds
# **vertical edges**. Without padding, an 8x8 image gives a 6x6 output.

# %%
edge_filter = np.array([[-1, 0, 1],
                        [-2, 0, 2],
                        [-1, 0, 1]], dtype="float32")
image = x_train[0].astype("float32")

by_hand = np.zeros((6, 6), dtype="float32")
for i in range(6):
    for j in range(6):
        window = image[i:i + 3, j:j + 3]
        by_hand[i, j] = np.sum(window * edge_filter)
print(by_hand.astype(int))

# %% [markdown]
# Now the same with `Conv2D`: one filter of size 3, no bias, and its weights set to our
# filter. Keras stores a Conv2D kernel as `(height, width, input channels, filters)`.
# Images get a batch axis and a channel axis: `(1, 8, 8, 1)`.

# %%
conv = layers.Conv2D(filters=1, kernel_size=3, use_bias=False)
conv.build((None, 8, 8, 1))
conv.set_weights([edge_filter.reshape(3, 3, 1, 1)])
by_layer = conv(image.reshape(1, 8, 8, 1)).numpy()[0, :, :, 0]
print("kernel shape:", conv.kernel.shape)
print("same numbers as by hand:", np.array_equal(by_hand, by_layer))

# %%
fig, axes = plt.subplots(1, 3, figsize=(9, 3))
axes[0].imshow(image, cmap="gray_r"); axes[0].set_title("input (8x8)")
axes[1].imshow(edge_filter, cmap="RdBu_r"); axes[1].set_title("filter (3x3)")
shown = axes[2].imshow(by_layer, cmap="RdBu_r", vmin=-40, vmax=40)
axes[2].set_title("output (6x6): red = left-to-right edge")
for ax in axes:
    ax.set_xticks([]); ax.set_yticks([])
fig.colorbar(shown, ax=axes[2], shrink=0.8)
plt.show()

# %% [markdown]
# ## 2. Stride, padding and pooling
#
# - **padding="same"** adds a border of zeros so the output keeps the input's size;
#   `"valid"` (the default) adds nothing and the image shrinks by `kernel_size - 1`.
# - **strides=2** moves the filter two pixels at a time: the output is half as large.
# - **pooling** summarises each 2x2 window by its maximum (`MaxPooling2D`) or mean
#   (`AveragePooling2D`), halving the size without any weights.
#
# Look at the shapes first.

# %%
batch = x_train[:1].reshape(1, 8, 8, 1).astype("float32")
for description, layer in [
    ("Conv2D 3x3, valid, stride 1", layers.Conv2D(1, 3)),
    ("Conv2D 3x3, same,  stride 1", layers.Conv2D(1, 3, padding="same")),
    ("Conv2D 3x3, same,  stride 2", layers.Conv2D(1, 3, padding="same", strides=2)),
    ("MaxPooling2D 2x2", layers.MaxPooling2D(2)),
    ("AveragePooling2D 2x2", layers.AveragePooling2D(2)),
]:
    print(f"{description:30s} (1, 8, 8, 1) -> {layer(batch).shape}")

# %%
def edge_layer(**options):
    layer = layers.Conv2D(1, 3, use_bias=False, **options)
    layer.build((None, 8, 8, 1))
    layer.set_weights([edge_filter.reshape(3, 3, 1, 1)])
    return layer

same = edge_layer(padding="same")(batch)
pictures = {
    "valid (6x6)": edge_layer()(batch),
    "same (8x8)": same,
    "same, stride 2 (4x4)": edge_layer(padding="same", strides=2)(batch),
    "same + max pool (4x4)": layers.MaxPooling2D(2)(same),
    "same + avg pool (4x4)": layers.AveragePooling2D(2)(same),
}
fig, axes = plt.subplots(1, 5, figsize=(13, 2.8))
for ax, (title, output) in zip(axes, pictures.items()):
    ax.imshow(output.numpy()[0, :, :, 0], cmap="RdBu_r", vmin=-40, vmax=40)
    ax.set_title(title)
    ax.set_xticks([]); ax.set_yticks([])
fig.suptitle("The edge filter with different padding, stride and pooling")
plt.show()

# %% [markdown]
# **Try it:** change `edge_filter` to its transpose (`edge_filter.T`). Which edges light
# up now?
#
# ## 3. A small CNN against a Dense network of the same size
#
# We scale the pixels to 0..1 and add the channel axis. The CNN has two convolution
# layers and a max pooling layer, then flattens the 4x4x16 maps into the output layer;
# the MLP flattens the image and uses one hidden Dense layer. Both have about 5,000
# weights, and both train for the same number of epochs from a fixed seed.

# %%
x_train_images = (x_train / 16.0).astype("float32").reshape(-1, 8, 8, 1)
x_test_images = (x_test / 16.0).astype("float32").reshape(-1, 8, 8, 1)

def build_cnn():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([
        keras.Input(shape=(8, 8, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ], name="cnn")
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model

def build_mlp():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([
        keras.Input(shape=(8, 8, 1)),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ], name="mlp")
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model

cnn, mlp = build_cnn(), build_mlp()
print("CNN parameters:", cnn.count_params(), " MLP parameters:", mlp.count_params())

# %%
cnn

# %%
EPOCHS = 12
cnn_history = cnn.fit(x_train_images, y_train, epochs=EPOCHS, batch_size=32, verbose=0,
                      validation_data=(x_test_images, y_test))
mlp_history = mlp.fit(x_train_images, y_train, epochs=EPOCHS, batch_size=32, verbose=0,
                      validation_data=(x_test_images, y_test))

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, history in [("CNN", cnn_history), ("MLP", mlp_history)]:
    ax.plot(history.history["val_accuracy"], label=f"{name} (test)")
    ax.plot(history.history["accuracy"], linestyle="--", label=f"{name} (train)")
ax.set_xlabel("epoch"); ax.set_ylabel("accuracy"); ax.set_title("CNN vs MLP of the same size")
ax.legend()
plt.show()
cnn_accuracy = cnn.evaluate(x_test_images, y_test, verbose=0)[1]
mlp_accuracy = mlp.evaluate(x_test_images, y_test, verbose=0)[1]
print(f"test accuracy after {EPOCHS} epochs: CNN {cnn_accuracy:.2f}, MLP {mlp_accuracy:.2f}")
print("the CNN is more accurate:", cnn_accuracy > mlp_accuracy)

# %% [markdown]
# The CNN uses its weights better: each filter is reused at all 64 positions, so it
# learns "a stroke" once instead of once per pixel.
#
# ## 4. Looking inside: filters and feature maps
#
# In a notebook a trained Conv2D layer shows its **filters** (blue = negative weight,
# red = positive). The first layer has 16 filters of 3x3 on one input channel.

# %%
cnn.layers[0]

# %% [markdown]
# A **feature map** is what one filter outputs for an image: bright where its pattern is.
# `display.feature_maps` draws every channel of every conv and pooling layer for one
# input, one grid per layer.

# %%
display.feature_maps(cnn, x_test_images[:1])

# %% [markdown]
# ## 5. Where did the network look? Grad-CAM
#
# **Grad-CAM** weighs each feature map of a conv layer by how much it raised the score
# of the predicted class (the mean gradient), adds them up and keeps the positive part.
# Bright regions are the pixels that pushed the prediction. First four correct
# predictions, then the mistakes.

# %%
predicted = np.argmax(cnn.predict(x_test_images, verbose=0), axis=1)
right = np.flatnonzero(predicted == y_test)[:4]
wrong = np.flatnonzero(predicted != y_test)[:4]
print("mistakes on the test set:", len(np.flatnonzero(predicted != y_test)), "of", len(y_test))
display.grad_cam(cnn, x_test_images[right], layer=cnn.layers[2], labels=y_test[right])

# %%
display.grad_cam(cnn, x_test_images[wrong], layer=cnn.layers[2], labels=y_test[wrong])

# %% [markdown]
# **Try it:** pass `class_index=y_test[wrong][0]` to ask "where is the evidence for the
# *true* digit?" Does the heatmap move?
#
# ## 6. BatchNormalization
#
# **BatchNormalization** standardizes each channel: while training it subtracts the
# batch's mean and divides by its standard deviation, then applies a learned scale
# (`gamma`) and shift (`beta`). It also keeps **moving averages** of the mean and
# variance, which it uses at prediction time. Here is the CNN with a BatchNormalization
# layer after the second convolution.

# %%
keras.utils.set_random_seed(2)
bn_cnn = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(32, 3, padding="same"),
    layers.BatchNormalization(),
    layers.Activation("relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
], name="cnn_with_batchnorm")
bn_cnn.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
bn_layer = bn_cnn.layers[3]
print("weights:", [w.name for w in bn_layer.weights])
print("trainable:", [w.name for w in bn_layer.trainable_weights])

# %%
bn_history = bn_cnn.fit(x_train_images, y_train, epochs=6, batch_size=32, verbose=0)

# %% [markdown]
# At prediction time the layer computes `gamma * (x - moving_mean) / sqrt(moving_variance
# + epsilon) + beta`. We check that by hand first.

# %%
outputs = dict((layer.name, out) for layer, out in display.layer_outputs(bn_cnn, x_test_images[:64]))
before, after = outputs[bn_cnn.layers[2].name], outputs[bn_layer.name]
gamma, beta, moving_mean, moving_variance = bn_layer.get_weights()
standardized = (before - moving_mean) / np.sqrt(moving_variance + bn_layer.epsilon)
print("layer output = gamma * standardized + beta:",
      np.allclose(after, gamma * standardized + beta, atol=1e-5))

# %% [markdown]
# While training, the layer standardizes with the **batch's own** mean and variance
# instead. Going **into** the layer, every channel has its own centre and spread; after
# standardizing with the batch statistics, they all sit around 0 with a spread of 1.

# %%
batch_mean = before.mean(axis=(0, 1, 2))
batch_variance = before.var(axis=(0, 1, 2))
training_view = (before - batch_mean) / np.sqrt(batch_variance + bn_layer.epsilon)
fig, axes = plt.subplots(1, 2, figsize=(10, 3), sharey=True)
for ax, values, title in [(axes[0], before, "before BatchNormalization"),
                          (axes[1], training_view, "standardized with the batch statistics")]:
    for channel in range(4):
        ax.hist(values[..., channel].ravel(), bins=30, histtype="step", label=f"channel {channel}")
    ax.set_title(title); ax.set_xlabel("value")
axes[0].set_ylabel("count"); axes[1].legend()
plt.show()

# %% [markdown]
# The moving statistics were updated during `fit` (and only then), each step by
# `moving = 0.99 * moving + 0.01 * batch`: here they are per channel, next to the learned
# `gamma` and `beta`.

# %%
display.batchnorm_statistics(bn_cnn)

# %% [markdown]
# ## Exercises
#
# 1. Build a Conv2D layer with the filter `[[1, 1, 1], [0, 0, 0], [-1, -1, -1]]`. Which
#    edges does it find?
# 2. What is the output shape of `Conv2D(4, 5, strides=2, padding="same")` on a
#    `(1, 28, 28, 1)` batch? Check with the layer.
# 3. How many weights does `Conv2D(32, 3)` have on an input with 16 channels?
# 4. Replace `Flatten` by `GlobalAveragePooling2D` in `build_cnn`. What happens to the
#    number of parameters and to the test accuracy?
# 5. Replace `layers.BatchNormalization()` in `bn_cnn` by
#    `layers.LayerNormalization(axis=[1, 2, 3])`. Which weights does the layer have now,
#    and does it compute anything differently while training and when predicting?
#
# <details><summary>Answers</summary>
#
# 1. Horizontal edges (bright above, dark below gives a positive output).
# 2. `(1, 14, 14, 4)`: "same" padding and stride 2 give `ceil(28 / 2) = 14`.
# 3. `3 * 3 * 16 * 32 + 32 = 4640` (kernel plus one bias per filter).
# 4. The output layer shrinks from `256 * 10 + 10` to `16 * 10 + 10` weights, and the
#    accuracy drops (to about 0.9 here): averaging over all positions throws away
#    *where* a stroke is, and for digits the position matters.
# 5. `gamma` and `beta`, each of shape `(4, 4, 32)`: one value per position and channel
#    of the feature map, and no moving statistics. LayerNormalization standardizes each
#    image with its **own** mean and variance (over all its positions and channels), so it
#    computes the same thing while training and when predicting, and an image's output
#    does not depend on the other images in its batch.
#
# </details>
#
# ## Summary
#
# - A **convolution** slides a small filter over the image; `Conv2D` computes exactly the
#   sums we wrote by hand.
# - **Padding** keeps the size, **stride** and **pooling** shrink it.
# - A **CNN** reuses its filters everywhere, so it beats a Dense network of the same size
#   on images.
# - **Filters**, **feature maps** and **Grad-CAM** show what the network learned and where
#   it looked.
# - **BatchNormalization** standardizes each channel with batch statistics while training
#   and with moving averages when predicting.
