# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 5. The Functional API: models as graphs
#
# `Sequential` stacks layers in a line. Many useful models are not a line: they take two
# inputs, give two answers, reuse a layer, or contain other models. The **Functional API**
# builds any such graph by *calling layers on symbolic tensors*:
#
# ```python
# inputs = keras.Input(shape=(4,))
# hidden = keras.layers.Dense(8, activation="relu")(inputs)
# outputs = keras.layers.Dense(3, activation="softmax")(hidden)
# model = keras.Model(inputs=inputs, outputs=outputs)
# ```
#
# This notebook builds a multi-input model, a multi-output model, a model with a shared
# layer, an autoencoder made of two models, and a model that returns a hidden layer's
# values, and draws each graph.

# %%
import matplotlib.pyplot as plt
import numpy as np

import nbkeras as keras
from nbkeras import layers
from nbkeras.datasets import make_stripes

keras.utils.set_random_seed(0)
x, labels = make_stripes(n_samples=1200, seed=0)         # 2x2 images, three patterns
y = keras.utils.to_categorical(labels, 3)
names = ["horizontal", "vertical", "diagonal"]

# %% [markdown]
# ## Symbolic tensors
#
# `keras.Input` holds no data: it is a placeholder with a shape (`None` is the batch axis).
# Calling a layer on it computes nothing either; it records the call and works out the
# output shape. Shape mistakes show up here, before any data is involved. Look at the
# `shape` of each symbolic tensor: the batch axis stays `None`, the rest is fixed.

# %%
inputs = keras.Input(shape=(2, 2), name="image")
flat = layers.Flatten()(inputs)
hidden = layers.Dense(16, activation="relu", name="hidden")(flat)
outputs = layers.Dense(3, activation="softmax", name="pattern")(hidden)
print(inputs)
print(hidden)
print("shape of the hidden layer's output:", hidden.shape)

# %%
model = keras.Model(inputs=inputs, outputs=outputs, name="stripes_functional")
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(x[:1000], y[:1000], epochs=10, verbose=0)
print(f"accuracy on 200 new images: {model.evaluate(x[1000:], y[1000:], verbose=0)[1]:.3f}")

# %% [markdown]
# As the last expression of a cell, a model shows its summary table next to a small
# drawing of its graph:

# %%
model

# %% [markdown]
# ## Two inputs: wide & deep
#
# A **wide & deep** model sends some features straight to the output (the "wide" part, good
# at memorizing simple rules) and others through hidden layers (the "deep" part, good at
# combining features). `Concatenate` joins the two paths. Here the label depends on the
# wide features through a simple threshold and on the deep features through a product.

# %%
rng = np.random.default_rng(0)
x_wide = rng.uniform(-1, 1, size=(2000, 5)).astype("float32")
x_deep = rng.uniform(-1, 1, size=(2000, 3)).astype("float32")
y_wd = ((x_wide[:, 0] > 0.3) | (x_deep[:, 0] * x_deep[:, 1] > 0.2)).astype("float32")[:, None]

wide = keras.Input(shape=(5,), name="wide")
deep = keras.Input(shape=(3,), name="deep")
deep_features = layers.Dense(16, activation="relu", name="deep_1")(deep)
deep_features = layers.Dense(8, activation="relu", name="deep_2")(deep_features)
joined = layers.Concatenate(name="join")([wide, deep_features])
out = layers.Dense(1, activation="sigmoid", name="yes_no")(joined)
wide_deep = keras.Model(inputs=[wide, deep], outputs=out, name="wide_and_deep")

wide_deep.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
history = wide_deep.fit([x_wide[:1500], x_deep[:1500]], y_wd[:1500], epochs=20, verbose=0,
                        validation_data=([x_wide[1500:], x_deep[1500:]], y_wd[1500:]))
print(f"validation accuracy {history.history['val_accuracy'][-1]:.3f}")

# %% [markdown]
# Inputs can also be given **by name**, as a dict, which is safer than remembering their
# order. `plot_model` draws the graph (no graphviz needed); `show_shapes=True` adds each
# layer's input and output shapes.

# %%
probabilities = wide_deep.predict({"wide": x_wide[:3], "deep": x_deep[:3]}, verbose=0)
print(probabilities.round(3).ravel(), "targets", y_wd[:3].ravel())
keras.utils.plot_model(wide_deep, show_shapes=True)

# %% [markdown]
# The summary of a graph that branches has a **Connected to** column: `join` takes
# `wide[0][0]` (the first output of the first call of layer `wide`) and `deep_2[0][0]`.

# %%
wide_deep.summary()

# %% [markdown]
# ## Two outputs
#
# One model can answer two questions. From the same stripes image we predict its
# **pattern** (three classes) and its **brightness** (the mean pixel value, a number).
# Each output gets its own loss, chosen by the output's name, and `loss_weights` sets how
# much each counts in the total loss that is minimized.

# %%
brightness = x.mean(axis=(1, 2))[:, None]

image = keras.Input(shape=(2, 2), name="image")
shared = layers.Dense(16, activation="relu", name="shared")(layers.Flatten()(image))
pattern = layers.Dense(3, activation="softmax", name="pattern")(shared)
bright = layers.Dense(1, name="brightness")(shared)
two_heads = keras.Model(image, [pattern, bright], name="two_heads")

two_heads.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss={"pattern": "categorical_crossentropy", "brightness": "mse"},
                  loss_weights={"pattern": 1.0, "brightness": 0.5},
                  metrics={"pattern": ["accuracy"]})
history = two_heads.fit(x[:1000], {"pattern": y[:1000], "brightness": brightness[:1000]},
                        epochs=15, verbose=0)
for key, values in history.history.items():
    print(f"{key:<18} {values[-1]:.4f}")

# %% [markdown]
# `loss` is `pattern_loss + 0.5 * brightness_loss`. `predict` returns one array per output:

# %%
predicted_pattern, predicted_brightness = two_heads.predict(x[1000:1003], verbose=0)
for p, b, true_b in zip(predicted_pattern, predicted_brightness, brightness[1000:1003]):
    print(f"{names[p.argmax()]:<10} brightness {b[0]:.3f} (true {true_b[0]:.3f})")
keras.utils.plot_model(two_heads, show_shapes=True)

# %% [markdown]
# ## A shared layer
#
# Calling **the same layer object** twice applies the same weights twice. Here one `Dense`
# encoder describes two images, and the model learns whether they show the same pattern.
# Both images are encoded the same way, whichever comes first: that is the point of
# sharing (it is how face-verification "siamese" networks work). In the drawing, look for
# the one `shared_encoder` box that both inputs point to: one layer, called twice.

# %%
first = keras.Input(shape=(4,), name="first")
second = keras.Input(shape=(4,), name="second")
encoder_layer = layers.Dense(16, activation="relu", name="shared_encoder")
difference = layers.Subtract(name="difference")([encoder_layer(first), encoder_layer(second)])
same = layers.Dense(1, activation="sigmoid", name="same_pattern")(
    layers.Multiply(name="squared")([difference, difference]))
siamese = keras.Model([first, second], same, name="siamese")

flat_x = x.reshape(-1, 4)
pairs = rng.integers(0, 1000, size=(3000, 2))
same_label = (labels[pairs[:, 0]] == labels[pairs[:, 1]]).astype("float32")[:, None]
siamese.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                metrics=["accuracy"])
history = siamese.fit([flat_x[pairs[:, 0]], flat_x[pairs[:, 1]]], same_label, epochs=20,
                      verbose=0)
print(f"training accuracy {history.history['accuracy'][-1]:.2f}")
print("encoder weights:", encoder_layer.count_params(), "(counted once, used twice)")
keras.utils.plot_model(siamese)

# %% [markdown]
# ## Models inside models: an autoencoder
#
# A model can be called like a layer. An **autoencoder** squeezes each input through a
# narrow **code** and rebuilds it: the `encoder` maps 4 pixels to 2 numbers, the `decoder`
# maps them back. Trained to reproduce its input, the code must keep what matters.

# %%
encoder_input = keras.Input(shape=(4,), name="pixels")
code = layers.Dense(2, name="code")(layers.Dense(8, activation="relu", name="enc_hidden")(encoder_input))
encoder = keras.Model(encoder_input, code, name="encoder")

decoder_input = keras.Input(shape=(2,), name="code_in")
rebuilt = layers.Dense(4, name="pixels_out")(
    layers.Dense(8, activation="relu", name="dec_hidden")(decoder_input))
decoder = keras.Model(decoder_input, rebuilt, name="decoder")

autoencoder = keras.Model(encoder_input, decoder(encoder(encoder_input)), name="autoencoder")
autoencoder.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
history = autoencoder.fit(flat_x, flat_x, epochs=20, verbose=0)
print(f"reconstruction error (MSE) {history.history['loss'][-1]:.4f}")
autoencoder.summary(expand_nested=True)

# %% [markdown]
# Training the autoencoder trained the `encoder` too (they share the layers), so the
# encoder alone now maps every image to a point in 2-D. Look for the colours: images of
# one pattern land together although no label was ever used. Each pattern makes two
# groups because it comes in two versions (a stripe on either side, a diagonal either
# way), which look different pixel by pixel:

# %%
codes = encoder.predict(flat_x, verbose=0)
fig, ax = plt.subplots(figsize=(4.5, 4))
for k, name in enumerate(names):
    ax.scatter(codes[labels == k, 0], codes[labels == k, 1], s=6, label=name)
ax.set_xlabel("code[0]")
ax.set_ylabel("code[1]")
ax.legend()
ax.set_title("The encoder's 2-D codes")
plt.show()

# %%
keras.utils.plot_model(autoencoder, show_shapes=True, expand_nested=True)

# %% [markdown]
# ## Looking at a hidden layer
#
# Every layer's output in a functional model is a symbolic tensor you can reuse. A new
# model from the same inputs to a hidden layer's output gives that layer's values for any
# data, without training anything:

# %%
features = keras.Model(model.inputs, model.get_layer("hidden").output)
activations = features.predict(x[:300], verbose=0)
print("hidden activations:", activations.shape)
for k, name in enumerate(names):
    print(f"{name:<10} most active hidden units: {np.argsort(activations[labels[:300] == k].mean(0))[-3:][::-1]}")

# %% [markdown]
# ## What to remember
#
# * `keras.Input` + calling layers + `keras.Model(inputs, outputs)` build any graph;
#   inputs and outputs can be lists or dicts (by name).
# * One layer object called several times shares its weights; a model can be used as a
#   layer.
# * Losses, loss weights and metrics can be given per output, by name.
# * `keras.utils.plot_model(model, show_shapes=True)` and `model.summary()` show the graph.
