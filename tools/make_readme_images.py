"""Draws the README's pictures of the displays: the model graph and learning curves.

    python tools/make_readme_images.py      # writes docs/images/model_graph.png, history_plot.png

(The live-panel screenshots come from the browser test, tests/browser/.)
"""

import os

import matplotlib

matplotlib.use("Agg")

import nbkeras as keras  # noqa: E402
from nbkeras.datasets import make_spirals  # noqa: E402

IMAGES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "images")


def main():
    keras.utils.set_random_seed(0)
    x, labels = make_spirals(600, noise=0.2, seed=0)
    y = keras.utils.to_categorical(labels, 3)
    inputs = keras.Input(shape=(2,), name="point")
    hidden = keras.layers.Dense(32, activation="relu", name="hidden")(inputs)
    wide = keras.layers.Concatenate(name="wide_and_deep")([inputs, hidden])
    outputs = keras.layers.Dense(3, activation="softmax", name="class")(wide)
    model = keras.Model(inputs, outputs, name="spirals")
    model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=40, validation_split=0.25, verbose=0)
    keras.utils.plot_model(model, to_file=os.path.join(IMAGES, "model_graph.png"),
                           show_shapes=True, show_layer_activations=True)
    history.plot().savefig(os.path.join(IMAGES, "history_plot.png"), dpi=90, bbox_inches="tight")


if __name__ == "__main__":
    main()
