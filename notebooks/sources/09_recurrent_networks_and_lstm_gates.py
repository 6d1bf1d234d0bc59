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
# # 9. Recurrent networks and LSTM gates
#
# Text, sound, prices and sensor readings come as **sequences**: the order of the values
# matters. A **recurrent network** reads a sequence one **time step** at a time and carries
# a **hidden state** from step to step, its memory of what it has read so far. After this
# notebook you can build, train and look inside SimpleRNN, LSTM and GRU layers, and you will
# have watched an LSTM's **gates** decide what to remember. It builds on notebooks 1-7.
#
# **You will learn**
#
# - the (batch, time, features) layout of sequence data
# - what one recurrent step computes, by hand and with `keras.layers.SimpleRNN`
# - why a plain RNN forgets: **vanishing gradients**
# - the LSTM's input, forget and output gates (and the GRU's update and reset gates) at work
# - **Embedding** and **masking** for sentences of different lengths
# - forecasting a time series one step ahead

# %%
import matplotlib.pyplot as plt
import numpy as np

import nbkeras as keras

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. Sequences are (batch, time, features)
#
# A batch of sequences is a 3-D array: which sequence, which time step, which feature.
# Here are 2 sequences of 5 steps, each step with 3 features (say temperature, wind and rain).

# %%
x = rng.normal(size=(2, 5, 3)).astype("float32")
print("shape (batch, time, features):", x.shape)
print("sequence 0, step 2:", x[0, 2].round(2))

# %% [markdown]
# ## 2. One recurrent step, by hand and by the layer
#
# A SimpleRNN keeps a hidden state `h` (one number per **unit**). At each step it mixes
# the new input with the previous state:
#
# $$h_t = \tanh(x_t W + h_{t-1} U + b)$$
#
# `W` is the layer's `kernel` (features x units), `U` its `recurrent_kernel`
# (units x units), `b` its `bias`. We compute all five steps with `keras.ops` and compare
# with the layer.

# %%
rnn = keras.layers.SimpleRNN(4, return_sequences=True)
by_layer = rnn(x)                                   # (2, 5, 4): one state per step
W, U, b = rnn.get_weights()

h = keras.ops.zeros((2, 4))                         # the state starts at zero
by_hand = []
for t in range(5):
    h = keras.ops.tanh(keras.ops.matmul(x[:, t], W) + keras.ops.matmul(h, U) + b)
    by_hand.append(h.numpy())
by_hand = np.stack(by_hand, axis=1)
print("same numbers:", np.allclose(by_hand, by_layer.numpy(), atol=1e-5))

# %% [markdown]
# The same `W`, `U` and `b` serve every step: that is why a recurrent layer has few
# weights however long the sequence is. `return_sequences=True` returns every step's state;
# without it the layer returns only the last one, the summary of the whole sequence.

# %%
print("weights:", [w.shape for w in rnn.get_weights()])
print("last state only:", keras.layers.SimpleRNN(4)(x).shape)

# %% [markdown]
# ## 3. Vanishing gradients: how far back can a SimpleRNN look?
#
# To learn, a network needs the gradient of its output with respect to early inputs. In a
# SimpleRNN that gradient is multiplied by `U` and by tanh's slope (at most 1) once per
# step, so it usually shrinks geometrically with the distance in time. We measure the size of
# d(last output)/d(input at step t) for a 40-step sequence, for a SimpleRNN and an LSTM.

# %%
def gradient_by_distance(layer, steps=40):
    inputs = keras.Variable(rng.normal(size=(8, steps, 2)).astype("float32"))
    with keras.GradientTape() as tape:
        tape.watch(inputs)
        total = keras.ops.sum(layer(inputs))
    grad = tape.gradient(total, inputs)
    norms = np.linalg.norm(grad, axis=(0, 2))       # one size per time step
    return norms[::-1] / norms[-1]                  # distance 0 = the last step

keras.utils.set_random_seed(1)
simple = gradient_by_distance(keras.layers.SimpleRNN(16))
lstm = gradient_by_distance(keras.layers.LSTM(16))
fig, ax = plt.subplots(figsize=(6, 3))
ax.semilogy(simple, label="SimpleRNN")
ax.semilogy(lstm, label="LSTM")
ax.set_xlabel("distance in time from the output (steps)")
ax.set_ylabel("gradient size (relative)")
ax.set_title("How much the output's gradient reaches back in time")
ax.legend()
plt.show()

# %% [markdown]
# Both curves fall, but the SimpleRNN's falls much faster: a few steps back, its gradient
# is tiny, so training hardly changes how it reacts to early inputs. The LSTM was designed
# against this: its cell state is carried forward by *multiplying with the forget gate*,
# which can stay close to 1, so the gradient can travel far.
#
# **Try it:** use 64 units, or `activation="relu"` for the SimpleRNN. Does its curve change?

# %% [markdown]
# ## 4. The LSTM cell and its gates
#
# An LSTM keeps two states: the **cell state** `c` (long-term memory) and the hidden state
# `h` (what it shows). From the input and the previous `h` it computes four vectors with the
# **sigmoid** σ (between 0 = closed and 1 = open) and tanh:
#
# | name | formula | job |
# |---|---|---|
# | input gate `i` | σ(x W_i + h U_i + b_i) | how much new information to write |
# | forget gate `f` | σ(x W_f + h U_f + b_f) | how much of the old memory to keep |
# | cell candidate `g` | tanh(x W_c + h U_c + b_c) | the new information itself |
# | output gate `o` | σ(x W_o + h U_o + b_o) | how much of the memory to show |
#
# $$c_t = f \cdot c_{t-1} + i \cdot g \qquad h_t = o \cdot \tanh(c_t)$$
#
# A task where the gates must do their job: each sequence has a **value** channel (random
# numbers) and a **marker** channel (1 at one random step, else 0). The target is the value
# that stood at the marker. To solve it the LSTM must write at the marker (input gate open),
# keep it (forget gate near 1) and ignore everything after.

# %%
def marker_task(n, steps=10, seed=0):
    r = np.random.default_rng(seed)
    values = r.uniform(0, 1, (n, steps))
    marks = np.zeros((n, steps))
    where = r.integers(0, steps - 2, n)
    marks[np.arange(n), where] = 1.0
    x = np.stack([values, marks], axis=-1).astype("float32")
    return x, values[np.arange(n), where].astype("float32")[:, None]

x_train, y_train = marker_task(1200)
x_test, y_test = marker_task(200, seed=1)
print("x:", x_train.shape, " y:", y_train.shape)

# %%
def train(recurrent_layer, epochs=25):
    keras.utils.set_random_seed(2)
    model = keras.Sequential([keras.Input((10, 2)), recurrent_layer, keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    history = model.fit(x_train, y_train, epochs=epochs, batch_size=32, verbose=0,
                        validation_data=(x_test, y_test))
    return model, history

lstm_model, lstm_history = train(keras.layers.LSTM(8))
gru_model, gru_history = train(keras.layers.GRU(8))
for name, model in (("LSTM", lstm_model), ("GRU", gru_model)):
    error = np.mean(np.abs(model.predict(x_test, verbose=0) - y_test))
    print(f"{name}: test error below 0.05 (always guessing 0.5 gives 0.25): {error < 0.05}")

# %% [markdown]
# Both learn the task. Now look inside the LSTM on one test sequence: each heatmap is one
# gate or state, one row per unit, one column per time step. The tick labels show the
# value at each step, with `*` at the marker.

# %%
sample = x_test[:1]
ticks = [f"{v:.2f}{'*' if m else ''}" for v, m in sample[0]]
keras.display.gates(lstm_model, sample, tokens=ticks)

# %% [markdown]
# What to look for (which unit does what changes from run to run, the pattern does not): at
# the marker the **input gate** of several units opens wider than elsewhere, and the **cell
# state** of those units jumps to a value that depends on the marked number; the **forget
# gate** stays fairly open afterwards, so that value is still there at the end, where the
# Dense layer reads it through the **output gate**. The same numbers are arrays, so we can
# check this on all 200 test sequences:

# %%
gates = keras.inspect.lstm_gates(lstm_model.layers[0], x_test)   # dict of (200, 10, 8) arrays
marker = x_test[:, :, 1] == 1                                      # True at each sequence's marker
opens = gates["input_gate"][marker].mean(axis=0) > gates["input_gate"][~marker].mean(axis=0)
print("input gate opens wider at the marker in at least half of the units:", opens.sum() >= 4)
final_cell = gates["cell_state"][:, -1]                            # (200, 8): memory at the end
follows = [abs(np.corrcoef(final_cell[:, u], y_test[:, 0])[0, 1]) for u in range(8)]
unit = int(np.argmax(follows))
print("one unit's final cell state follows the marked value (|correlation| > 0.9):", max(follows) > 0.9)
fig, ax = plt.subplots(figsize=(4, 3))
ax.scatter(y_test[:, 0], final_cell[:, unit], s=8)
ax.set_xlabel("value at the marker")
ax.set_ylabel("cell state at the end")
ax.set_title("The LSTM's memory of the marked value")
plt.show()

# %% [markdown]
# ## 5. GRU: two gates instead of three
#
# The GRU merges cell and hidden state. An **update gate** z mixes the old state with a
# candidate, a **reset gate** r decides how much of the old state the candidate may use:
# $h_t = z \cdot h_{t-1} + (1 - z) \cdot \tilde h_t$. It has fewer weights and learned the
# marker task as well here:

# %%
print("LSTM weights:", lstm_model.layers[0].count_params(), " GRU weights:", gru_model.layers[0].count_params())
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(lstm_history.history["val_mae"], label="LSTM")
ax.plot(gru_history.history["val_mae"], label="GRU")
ax.set_xlabel("epoch")
ax.set_ylabel("validation error (MAE)")
ax.set_title("Marker task: LSTM and GRU")
ax.legend()
plt.show()

# %% [markdown]
# ## 6. Words: Embedding and masking
#
# Sentences are sequences of words. We number the words (0 is kept for **padding**), pad
# the sentences to one length, and let an **Embedding** layer turn each number into a
# learned vector. With `mask_zero=True` it also passes a **mask** on: the LSTM then skips
# the padding steps, carrying its state over them. The task below is made up for this
# notebook: is a short movie review positive? "not" flips the word after it.

# %%
words = ["<pad>", "the", "movie", "was", "really", "not", "good", "great", "fun", "bad", "boring", "awful"]
index = {word: i for i, word in enumerate(words)}

def review(r):
    adjective = r.choice(["good", "great", "fun", "bad", "boring", "awful"])
    negated = r.random() < 0.4
    sentence = ["the", "movie", "was"] + (["really"] if r.random() < 0.5 else []) + (["not"] if negated else []) + [adjective]
    positive = (adjective in ("good", "great", "fun")) != negated
    return sentence, float(positive)

def pad(sequences, length):
    """Fills each sequence with 0 (padding) up to ``length``."""
    out = np.zeros((len(sequences), length), "int32")
    for row, sequence in enumerate(sequences):
        out[row, :len(sequence)] = sequence
    return out

r = np.random.default_rng(3)
pairs = [review(r) for _ in range(800)]
tokens = pad([[index[w] for w in s] for s, _ in pairs], 8)
labels = np.array([label for _, label in pairs], "float32")
print(" ".join(pairs[0][0]), "->", tokens[0], "label", labels[0])

# %%
keras.utils.set_random_seed(4)
text_model = keras.Sequential([
    keras.Input((None,), dtype="int32"),
    keras.layers.Embedding(len(words), 8, mask_zero=True),
    keras.layers.LSTM(16),
    keras.layers.Dense(1, activation="sigmoid"),
])
text_model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
text_model.fit(tokens[:600], labels[:600], epochs=15, batch_size=32, verbose=0)
accuracy = text_model.evaluate(tokens[600:], labels[600:], verbose=0)[1]
print("test accuracy above 0.95:", accuracy > 0.95)

# %% [markdown]
# Thanks to the mask, padding changes nothing: the same review with 3 or with 10 padding
# zeros gets the same prediction.

# %%
short = np.array([[index[w] for w in "the movie was not fun".split()]])
padded = pad(short, 15)
p_short, p_padded = text_model.predict(short, verbose=0)[0, 0], text_model.predict(padded, verbose=0)[0, 0]
print("same prediction with padding:", bool(abs(p_short - p_padded) < 1e-5), " positive?", bool(p_short > 0.5))

# %% [markdown]
# ## 7. Forecasting a wave one step ahead
#
# A time series becomes a supervised task by cutting it into **windows**: the last 20
# values are the input, the next value is the target.

# %%
t = np.arange(1200) * 0.1
series = (np.sin(t) + 0.5 * np.sin(0.37 * t) + 0.05 * np.random.default_rng(5).normal(size=t.size)).astype("float32")
window = 20
inputs = np.stack([series[i:i + window] for i in range(len(series) - window)])[..., None]
targets = series[window:, None]
split = 1000
keras.utils.set_random_seed(6)
forecaster = keras.Sequential([keras.Input((window, 1)), keras.layers.GRU(16), keras.layers.Dense(1)])
forecaster.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
forecaster.fit(inputs[:split], targets[:split], epochs=8, batch_size=32, verbose=0)
forecast = forecaster.predict(inputs[split:], verbose=0)
fig, ax = plt.subplots(figsize=(7, 3))
ax.plot(targets[split:, 0], label="true next value")
ax.plot(forecast[:, 0], "--", label="forecast")
ax.set_xlabel("time step (test part)")
ax.set_ylabel("value")
ax.set_title("One-step-ahead forecast with a GRU")
ax.legend()
plt.show()
error = float(np.mean(np.abs(forecast - targets[split:])))
print("mean error below 0.15:", error < 0.15)

# %% [markdown]
# **Try it:** replace the GRU with `keras.layers.SimpleRNN(16)` or `LSTM(16)`; make the
# window 5 steps long. Which model suffers most from a short window?
#
# ## Exercises
#
# 1. In section 2, how many weights does `SimpleRNN(4)` have for 3 input features? Check
#    with `rnn.count_params()`.
# 2. Train the marker task with `SimpleRNN(8)`. Does it learn when the marker can be early
#    in a 10-step sequence? What if you use 30 steps?
# 3. Wrap the text model's LSTM in `keras.layers.Bidirectional(...)`. How many weights does
#    it have now, and why?
# 4. Set `mask_zero=False` in the Embedding and repeat the padding check. What changes?
#
# <details><summary>Answers</summary>
#
# 1. `W` is 3 x 4, `U` is 4 x 4, `b` has 4 values: 12 + 16 + 4 = 32.
# 2. It learns poorly when the marker is far from the end, and worse with 30 steps: the
#    gradient from the end does not reach the marker (section 3).
# 3. Twice the LSTM's weights: a second LSTM reads the sentence backwards, and the two
#    outputs are concatenated (so the Dense layer gets 32 inputs).
# 4. The LSTM now reads the padding zeros as words, so the prediction for the padded review
#    differs from the short one.
#
# </details>
#
# ## Summary
#
# - **Sequences** are arrays of shape (batch, time, features); a recurrent layer applies the
#   same weights at every **time step** and carries a **hidden state**.
# - A SimpleRNN step is `tanh(x W + h U + b)`; its gradient **vanishes** over long distances.
# - An **LSTM** keeps a **cell state**, written by the **input gate**, kept by the **forget
#   gate** and shown by the **output gate**; `keras.inspect.lstm_gates` and
#   `keras.display.gates` let you watch them.
# - A **GRU** does the same with an update and a reset gate and fewer weights.
# - **Embedding** turns word numbers into vectors; **masking** makes padding invisible.
# - Windows of a time series turn **forecasting** into supervised learning.
#
# Next: notebook 10.
