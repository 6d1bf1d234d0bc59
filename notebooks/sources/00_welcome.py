# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 0. Welcome: how this course works
#
# This course teaches deep learning with **Keras**, the library most tutorials and books
# use, in notebooks you run yourself. You write ordinary Keras 3 code (`import nbkeras as
# keras`), watch your models learn, and can open every piece of math they run: each one is
# a short Python function in `nbkeras/kernels/`.
#
# After this page you will know how to use a notebook of the course, in which order to take
# them, and the words the course uses.
#
# **You will learn**
#
# * how to run a notebook (and what to do when you change something);
# * the **map** of the course;
# * the **glossary**: tensor, rank, shape, axis, sample, batch, step, epoch, one-hot,
#   logits and more, each with the notebook that teaches it.

# %% [markdown]
# ## How to use a notebook
#
# * A notebook is a list of **cells**. Text cells explain; code cells run Python. Run the
#   selected cell with **Shift-Enter**: its result appears below it, and the next cell is
#   selected.
# * Run the cells **from the top**: later cells use what earlier ones made. After a change,
#   *Kernel → Restart Kernel and Run All Cells* starts again from a clean state.
# * Every notebook starts with `keras.utils.set_random_seed(...)`, so it gives the same
#   numbers every time it runs on your machine.
# * **Try it** cells ask you to change one value and run again. Change it, look, then change
#   it back. Exercises at the end have their answers folded under *Answers*.
#
# Run the next cell: it checks that everything is installed.

# %%
import numpy as np

import nbkeras as keras

print("nbkeras", keras.__version__, "is ready")
keras.utils.set_random_seed(0)
tensor = keras.ops.convert_to_tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print("a tensor of shape", tensor.shape, "and rank", len(tensor.shape))

# %% [markdown]
# ## The map
#
# Take the notebooks in order; each one says which one comes before it. Each runs in under
# a minute.
#
# | notebook | what you will be able to do |
# |---|---|
# | `01_getting_started` | build, train, evaluate and use a model: the five steps |
# | `02_looking_at_models` | read a model's summary and graph, watch it train, look at its weights and activations |
# | `03_compile` | choose an optimizer, a loss and metrics, and see what each changes |
# | `04_training` | epochs and batches, validation, callbacks, training from generators |
# | `05_functional_api` | models with several inputs and outputs, shared layers, an autoencoder |
# | `06_subclassing` | write your own layers and models |
# | `07_overfitting_and_regularization` | see overfitting and fight it with L1/L2, dropout, early stopping |
# | `08_convolutional_networks` | see what a convolution, pooling and a CNN do with images |
# | `09_recurrent_networks_and_lstm_gates` | sequences, recurrent layers, and the four gates of an LSTM at work |
# | `10_data_and_preprocessing` | load data, encode it, normalize it, tokenize text, augment images |
# | `11_scikit_learn_and_sweeps` | use models with scikit-learn and search their settings |
# | `12_saving_and_sharing` | save, load and share models; read training logs |
# | `13_playground` | a TensorFlow-Playground-style lab to build intuition |

# %% [markdown]
# ## Glossary
#
# | word | meaning | taught in |
# |---|---|---|
# | **tensor** | an n-dimensional array of numbers (a NumPy array, for us) | 01 |
# | **rank** | the number of axes of a tensor: a vector has rank 1, a table rank 2, a batch of grey images rank 3 | 01 |
# | **shape** | the size of each axis, e.g. `(32, 28, 28)` | 01 |
# | **axis** | one direction of a tensor; axis 0 is the first | 01 |
# | **sample** | one example of the data: one image, one row of a table | 01 |
# | **feature** | one number describing a sample (a pixel, a column) | 01 |
# | **label** / **target** | the answer the model should give for a sample | 01 |
# | **batch** | a group of samples processed together; the **batch axis** is always first | 01, 04 |
# | **layer** | a function with weights that turns a tensor into another tensor | 01 |
# | **weights** (parameters) | the numbers a model learns: kernels and biases | 01, 02 |
# | **activation** | the non-linear function after a layer: relu, sigmoid, softmax... | 01, 02 |
# | **loss** | one number saying how wrong the model is; training makes it small | 01, 03 |
# | **gradient** | how the loss changes when each weight changes a little | 03, 06 |
# | **optimizer** | the rule that changes the weights using the gradients (SGD, Adam...) | 03 |
# | **learning rate** | how big a step the optimizer takes | 03 |
# | **step** | one update of the weights, from one batch | 04 |
# | **epoch** | one pass over all the training samples | 01, 04 |
# | **validation set** | data kept aside to check the model on samples it did not train on | 04, 07 |
# | **overfitting** | the model learns the training set's noise and does worse on new data | 07 |
# | **regularization** | anything that reduces overfitting: L1/L2 penalties, dropout | 07 |
# | **one-hot** | a class written as a vector with a single 1, e.g. class 2 of 3 is `[0, 0, 1]` | 03, 10 |
# | **logits** | a model's raw scores before softmax turns them into probabilities | 03 |
# | **softmax** | turns scores into probabilities that sum to 1 | 02, 03 |
# | **callback** | an object `fit` calls at fixed moments (end of an epoch...) | 04 |
# | **convolution** | sliding a small filter over an image to detect a pattern | 08 |
# | **feature map** | the image a convolution produces, one per filter | 08 |
# | **time step** | one position of a sequence; recurrent layers read them in order | 09 |
# | **gate** | in an LSTM, a value between 0 and 1 that lets information through or not | 09 |
# | **normalization** | rescaling features to a common range, e.g. mean 0 and variance 1 | 10 |
# | **tokenization** | cutting text into words (tokens) and numbering them | 10 |
# | **augmentation** | making new training samples by changing existing ones (flips, rotations) | 07, 10 |

# %% [markdown]
# ## Shapes, once and for all
#
# Most errors a learner meets are shape errors, and most of them come from the **batch
# axis**. A model that takes samples of 4 features expects input of shape `(batch, 4)`:
# even one sample must come as a batch of one, `(1, 4)`. Look:

# %%
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])
one_sample = np.array([0.5, -1.0, 2.0, 0.0])
print("one sample:", one_sample.shape, "-> as a batch of one:", one_sample[None].shape)
print("prediction shape:", model.predict(one_sample[None], verbose=0).shape)

# %% [markdown]
# And without the batch axis, nbkeras tells you what to do:

# %%
try:
    model.predict(one_sample, verbose=0)
except ValueError as error:
    print(error)

# %% [markdown]
# ## Summary
#
# * Run cells from the top with Shift-Enter; restart and run all after a change.
# * Take the notebooks in order, starting with `01_getting_started`.
# * Come back to the glossary whenever a word is new; the batch axis always comes first.
#
# Next: **`01_getting_started`**.
