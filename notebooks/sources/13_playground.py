# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 13. The Playground: watch a network learn, then take its code
#
# TensorFlow Playground is where many people first see a neural network learn: pick a
# dataset, add layers and neurons, press play, and watch the decision boundary and every
# neuron's picture change. `nbkeras.playground` brings it into the notebook, on a real
# nbkeras `Sequential` model trained with `fit`, so you can also read, save and rerun
# what you built. It builds on the overfitting notebook (07).
#
# **You will learn**
# - how the **decision boundary** of a network follows its hidden layers and **features**;
# - what the smallest network for a problem looks like (xor);
# - why some problems need **depth** or better **features** (the spiral);
# - how **overfitting** shows with noise and few points, and how **L2 regularization** helps;
# - what a **learning rate** that is too large does to the loss.

# %%
from nbkeras.playground import Playground, show

# %% [markdown]
# ## The app
#
# A `Playground` shown as a cell's result is the app: every control of TF Playground
# (data, noise, ratio of training points, batch size, features, hidden layers and neurons
# with +/−, activation, learning rate, regularization, problem type, play/pause, step,
# reset) plus dropout, the optimizer, a **compare** mode and a PNG export. Press **Play**:
# training runs in the background, so the notebook stays usable. Without a running kernel
# (on GitHub, or before you run the cell) you see a picture of it instead.
#
# Here the app is driven from code: 30 epochs on xor with one hidden layer of 4 neurons.

# %%
pg = Playground(dataset="xor", hidden=[4], learning_rate=0.1)
app = pg.app()
app.train(30)
app

# %% [markdown]
# Read the picture from left to right: the **features** (x₁ and x₂), each **neuron's
# output** over the whole plane (blue positive, orange negative), the **weights** as lines
# (thicker is larger; blue positive, orange negative), then the **output**: the colour of
# the background is what the network predicts, the dots are the data (test points outlined).
# In the app, hover over a line or a neuron to read its value.
#
# `pg.model` is an ordinary model:

# %%
pg.model.summary()

# %% [markdown]
# Each small picture in the network is one neuron's output computed at every point of the
# plane. By hand, for one point: neuron 1.1 computes tanh(w₁·x₁ + w₂·x₂ + b) with the
# first column of the first layer's kernel.

# %%
import numpy as np

import nbkeras as keras

kernel, bias = pg.model.layers[0].get_weights()
point = np.array([[3.0, -2.0]], dtype="float32")               # x1 = 3, x2 = -2
by_hand = np.tanh(point[0, 0] * kernel[0] + point[0, 1] * kernel[1] + bias)
by_layer = keras.ops.convert_to_numpy(pg.model.layers[0](point))[0]
print("by hand: ", np.round(by_hand, 2))
print("by layer:", np.round(by_layer, 2))

# %% [markdown]
# ## Experiment 1: the smallest network that solves xor
#
# In xor the label is blue where x₁ and x₂ have the same sign. We train networks of growing
# size for 60 epochs each and measure the accuracy on the **test** points.

# %%
def test_accuracy(pg):
    return pg.history["val_accuracy"][-1]

for hidden in ([], [1], [2], [4]):
    pg = Playground(dataset="xor", hidden=hidden, learning_rate=0.1).train(60)
    print(f"hidden layers {str(hidden):6}  test accuracy {test_accuracy(pg):.2f}")

# %% [markdown]
# With no hidden layer the network draws a single straight line, and no straight line
# separates xor. A product feature changes that:

# %%
pg_product = Playground(dataset="xor", hidden=[], features=["x1", "x2", "x1*x2"],
                        learning_rate=0.1).train(60)
print(f"no hidden layer, features x1, x2, x1*x2: test accuracy {test_accuracy(pg_product):.2f}")
show(pg_product)

# %% [markdown]
# **Question.** Why does one neuron (`[1]`) do no better than none? Look at its picture in
# the app: what shape can the boundary of one tanh neuron take?

# %% [markdown]
# ## Experiment 2: why the spiral needs depth or features
#
# Two spirals wind around each other. We compare one hidden layer of 8 neurons, three
# layers of 8 (with Adam, which trains deep networks faster), and one layer of 8 that also
# gets sin x₁ and sin x₂ as inputs. 150 epochs each, same data and seed.

# %%
spirals = {
    "1 layer, x1 x2": Playground(dataset="spiral", hidden=[8]),
    "3 layers, x1 x2, Adam": Playground(dataset="spiral", hidden=[8, 8, 8], optimizer="adam",
                                        learning_rate=0.01),
    "1 layer, + sin features": Playground(dataset="spiral", hidden=[8],
                                          features=["x1", "x2", "sin(x1)", "sin(x2)"]),
}
for name, pg in spirals.items():
    pg.train(150)
    print(f"{name:24} test accuracy {test_accuracy(pg):.1f}")

# %%
show(*spirals.values())

# %% [markdown]
# Each neuron of the first layer can only cut the plane along a straight line. A second
# and third layer combine those cuts into curves; sine features bring waves in from the
# start. **Question.** Which neurons in the deep network already look like part of a
# spiral, and in which layer are they?

# %% [markdown]
# ## Experiment 3: overfitting with noise and few points, then L2
#
# Now the circle, with a lot of noise (0.35) and only 10 % of the points for training:
# 30 training points against 270 test points, and a large network (3 layers of 8, relu).

# %%
def gap_report(pg):
    train, test = pg.losses()
    return f"training loss {train:.2f}, test loss {test:.2f}"

noisy = dict(dataset="circle", noise=0.35, ratio=0.1, n_samples=300, hidden=[8, 8, 8],
             activation="relu", optimizer="adam", learning_rate=0.01)
plain = Playground(**noisy).train(200)
print("no regularization:", gap_report(plain))

# %% [markdown]
# The training loss is almost zero and the test loss is much larger: the network learned
# the noise of its 30 points. An L2 penalty (`kernel_regularizer=L2(0.01)` on every layer)
# keeps the weights small:

# %%
with_l2 = Playground(**noisy, regularization="l2", regularization_rate=0.01).train(200)
print("L2 0.01:          ", gap_report(with_l2))
show(plain, with_l2)

# %% [markdown]
# The L2 model's training loss includes the penalty, so it cannot reach zero; its
# boundary is smoother and its test loss smaller. **Question.** What happens to the gap if
# you move the ratio of training data from 10 % to 50 % without regularization?

# %% [markdown]
# ## Experiment 4: a learning rate that is too large
#
# The same small network on the circle, 40 epochs, with learning rates from 0.03 to 10.

# %%
rates = {rate: Playground(dataset="circle", learning_rate=rate).train(40)
         for rate in (0.03, 1.0, 10.0)}
for rate, pg in rates.items():
    first, last = pg.history["loss"][0], pg.history["loss"][-1]
    trend = "falls" if last < first else "does not fall"
    print(f"learning rate {rate:5}: the training loss {trend}")
show(*rates.values())

# %% [markdown]
# With 10, each step jumps over the valley of the loss: the loss curve zigzags and stays
# high. **Question.** Why can the same rate work with Adam (try it in the app) but not with
# plain SGD?

# %% [markdown]
# ## Take the code with you
#
# `to_code()` writes a complete program that builds and trains the network you made. Run
# in a fresh Python it gives the same numbers as the Playground (the tests check this).

# %%
print(Playground(dataset="spiral", hidden=[8, 8], activation="tanh", learning_rate=0.03).to_code(
    epochs=200))

# %% [markdown]
# **Try it.** In the app above: switch the data to *spiral*, press **+** over a layer until
# it has 8 neurons, press **Play**, and watch the neurons' pictures. Then press **Compare**,
# change the activation to relu and press **Play** again: both networks train side by side
# on the same data from the same seed.
#
# ## Exercises
#
# 1. Find the smallest network (fewest neurons) that reaches test accuracy 1.0 on xor with
#    only x₁ and x₂ as features.
# 2. Solve the circle with **no hidden layer**. Which features do you need?
# 3. On the noisy circle of experiment 3, try dropout 0.3 instead of L2. Which one closes
#    the gap more?
# 4. For the regression data *multi_gaussian*, how many layers and neurons do you need for a
#    test loss below 0.02?
#
# <details><summary>Answers</summary>
#
# 1. One hidden layer of 3 or 4 tanh neurons usually does it in 100–200 epochs; 2 neurons
#    can, but often get stuck.
# 2. x₁² and x₂²: the circle is x₁² + x₂² < r², a straight line in those features.
# 3. Both help; here L2 gives the smoother boundary. Dropout makes the training loss noisy.
# 4. Two layers of 8 with Adam get close; more epochs help more than more neurons.
#
# </details>
#
# ## Summary
#
# - The **decision boundary** is built from the neurons' pictures: the first layer cuts
#   straight lines, later layers combine them.
# - xor needs a hidden layer, or a product **feature**; the spiral needs **depth** or sine
#   features.
# - With **noise and few points** a large network **overfits**; **L2** shrinks the gap.
# - A **learning rate** too large makes the loss jump instead of fall.
# - `pg.model` is an ordinary nbkeras model and `pg.to_code()` its program.
