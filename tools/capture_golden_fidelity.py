"""Capture what tests used to type by hand as "what Keras does": names, weight paths, orders, footers.

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=torch $PEER tools/capture_golden_fidelity.py

Writes:
* tests/golden/keras_nested_model.json: ``model.to_json()`` of a model with
  two inputs, a shared Dense, a nested functional model and Add.
* tests/golden/fidelity.json: auto-generated names, ``.weights.h5`` dataset
  paths, subclassed-model weight orders, summary footers and shapes, the
  nested model's predictions with fixed weights.
* tests/golden/fidelity.npz: optimizer state (every slot's values) after
  the 20 steps of each case of optimizers.npz.

Each program below is repeated, with only the import changed, by the test
that reads its result (tests/models/test_config_and_cloning.py,
tests/callbacks/test_model_checkpoint.py, tests/models/test_subclassing.py,
tests/optimizers/test_optimizer_golden.py).
"""

import json
import os
import re
import tempfile

import golden_io

golden_io.prepare_environment()

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

RESULTS = {}


def auto_names():
    keras.backend.clear_session()
    first, second = keras.Input((2,)), keras.Input((2,))
    names = {"dense_pair": [layer.name for layer in (layers.Dense(1), layers.Dense(1))]}
    names["mixed"] = [layer.name for layer in (
        layers.Activation("relu"), layers.Flatten(), layers.Dropout(0.1), layers.Concatenate(),
        layers.GaussianNoise(0.1), layers.SpatialDropout1D(0.1), layers.RepeatVector(2),
        layers.Dense(1))]
    one = keras.Model(first, layers.Dense(1)(first))
    two = keras.Model(second, layers.Dense(1)(second))
    names["input_layers"] = [one.layers[0].name, two.layers[0].name]
    names["functional"] = [one.name, two.name]
    names["sequential"] = [keras.Sequential().name, keras.Sequential().name]

    class HTTPLayer2D(keras.layers.Layer):
        pass

    class MyModel(keras.Model):
        def call(self, x):
            return x

    names["subclasses"] = [HTTPLayer2D().name, MyModel().name, MyModel().name]
    keras.backend.clear_session()
    names["after_clear_session"] = layers.Dense(1).name
    RESULTS["auto_names"] = names


def nested_model():
    keras.backend.clear_session()
    a, b = keras.Input((3,), name="a"), keras.Input((3,), name="b")
    shared = layers.Dense(2, name="shared")
    inner_input = keras.Input((2,), name="inner_in")
    inner = keras.Model(inner_input, layers.Dense(2, activation="tanh", name="inner_dense")(inner_input),
                        name="inner")
    model = keras.Model([a, b], layers.Add(name="add")([inner(shared(a)), shared(b)]), name="nested")
    model.compile("sgd", "mse")
    path = os.path.join(golden_io.GOLDEN_DIR, "keras_nested_model.json")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(model.to_json())
    loaded = keras.models.model_from_json(model.to_json())
    loaded.set_weights([np.arange(w.size, dtype="float32").reshape(w.shape) / 10 - 0.3
                        for w in loaded.get_weights()])
    x = np.array([[1, 0, -1], [0.5, 2, 0]], "float32")
    RESULTS["nested_model"] = {
        "layer_names": [layer.name for layer in loaded.layers],
        "shared_inbound_nodes": len(loaded.get_layer("shared")._inbound_nodes),
        "predictions": golden_io.as_float32(loaded.predict([x, x[::-1].copy()], verbose=0)).tolist(),
    }


def h5_paths(path):
    found = {}
    with h5py.File(path, "r") as file:
        file.visititems(lambda name, obj: found.__setitem__(
            name, list(obj.shape) if hasattr(obj, "shape") else None))
    return found


def weight_paths(directory):
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((2,)), layers.Dense(3), layers.Dense(1)])
    model.compile("adam", "mse")
    model.fit(np.ones((4, 2)), np.ones((4, 1)), verbose=0)
    model.save_weights(os.path.join(directory, "model.weights.h5"))

    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = keras.layers.Dense(3)
            self.out = keras.layers.Dense(1)

        def call(self, x):
            return self.out(self.hidden(x))

    net = Net()
    net(np.ones((1, 2), dtype="float32"))
    net.save_weights(os.path.join(directory, "net.weights.h5"))
    RESULTS["weight_paths"] = {"sequential_adam": h5_paths(os.path.join(directory, "model.weights.h5")),
                               "subclassed_net": h5_paths(os.path.join(directory, "net.weights.h5"))}


def footer(model):
    lines = []
    model.summary(print_fn=lambda line, *args, **kwargs: lines.append(line))
    return [line for line in "\n".join(lines).splitlines() if "params:" in line]


SHAPE = re.compile(r"\((?:None|\d+)(?:, (?:None|\d+))*\)")


def subclassing():
    keras.backend.clear_session()

    class Blocks(keras.Model):
        def __init__(self):
            super().__init__(name="blocks")
            self.first = layers.Dense(4, activation="relu", name="first")
            self.stack = [layers.Dense(4, name=f"stack_{i}") for i in range(2)]
            self.heads = {"out": layers.Dense(1, name="out")}

        def call(self, x, training=False):
            x = self.first(x)
            for layer in self.stack:
                x = layer(x)
            return self.heads["out"](x)

    blocks = Blocks()
    blocks(np.ones((2, 3), "float32"))
    result = {"blocks_layer_names": [layer.name for layer in blocks.layers],
              "blocks_weight_shapes": [list(w.shape) for w in blocks.weights],
              "blocks_count_params": blocks.count_params()}
    blocks.first.trainable = False
    blocks.compile(keras.optimizers.SGD(0.1), "mse")
    blocks.fit(np.ones((8, 3)), np.zeros((8, 1)), verbose=0)
    result["blocks_first_frozen_footer"] = footer(blocks)

    class MixedWeights(keras.layers.Layer):
        def build(self, input_shape):
            self.a = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="a")
            self.f = self.add_weight(shape=(), initializer="zeros", name="f", trainable=False)
            self.b = self.add_weight(shape=(), initializer="zeros", name="b")

        def call(self, x):
            return x * self.a + self.f + self.b

    class Net(keras.Model):
        def __init__(self):
            super().__init__(name="net")
            self.d = layers.Dense(2, name="d")
            self.mixed = MixedWeights(name="mixed")
            self.last = [layers.Dense(1, name="last")]

        def call(self, x, training=False):
            return self.last[0](self.mixed(self.d(x)))

    net = Net()
    net(np.ones((2, 3), "float32"))
    result["net_weight_names"] = [w.name for w in net.weights]
    result["net_non_trainable_names"] = [w.name for w in net.non_trainable_weights]
    result["net_weight_shapes"] = [list(w.shape) for w in net.get_weights()]
    net.d.trainable = False
    result["net_d_frozen_footer"] = footer(net)
    net.trainable = False
    result["net_frozen_footer"] = footer(net)

    class MLP(keras.Model):
        def __init__(self):
            super().__init__(name="mlp")
            self.d1 = layers.Dense(5, activation="relu")
            self.d2 = layers.Dense(2)

        def call(self, x, training=False):
            return self.d2(self.d1(x))

    mlp = MLP()
    mlp.compile("sgd", "mse")
    mlp.fit(np.ones((64, 3)), np.ones((64, 2)), batch_size=32, verbose=0)
    lines = []
    mlp.summary(print_fn=lambda line, *args, **kwargs: lines.append(line))
    result["mlp_summary_shapes"] = SHAPE.findall("\n".join(lines))
    RESULTS["subclassing"] = result


def optimizer_states(golden):
    reference = np.load(os.path.join(golden_io.GOLDEN_DIR, "optimizers.npz"), allow_pickle=False)
    structure = json.load(open(os.path.join(golden_io.GOLDEN_DIR, "optimizers.json")))
    names = {}
    for case, info in structure["optimizers"].items():
        kwargs = json.loads(str(reference[f"{case}/kwargs"]))
        if "learning_rate" in kwargs and isinstance(kwargs["learning_rate"], dict):
            continue  # schedule cases: their state is the same as the plain ones
        keras.backend.clear_session()
        optimizer = getattr(keras.optimizers, info["class_name"])(**kwargs)
        variables = [keras.Variable(reference[f"{case}/var{i}_init"], dtype="float32",
                                    name=f"var{i}") for i in range(2)]
        for step in range(reference[f"{case}/grads0"].shape[0]):
            grads = [keras.ops.convert_to_tensor(reference[f"{case}/grads{i}"][step])
                     for i in range(2)]
            optimizer.apply_gradients(zip(grads, variables))
        names[case] = [v.path for v in optimizer.variables]
        for index, variable in enumerate(optimizer.variables):
            golden.add(f"optimizer_state/{case}/{index}", golden_io.to_numpy(variable.value)
                       .astype(np.float32))
    RESULTS["optimizer_state_names"] = names


def main():
    golden_io.seed_everything(0)
    golden = golden_io.GoldenFile("fidelity", __file__)
    auto_names()
    nested_model()
    with tempfile.TemporaryDirectory() as directory:
        weight_paths(directory)
    subclassing()
    optimizer_states(golden)
    golden.structure.update(RESULTS)
    golden.save(with_json=True)


if __name__ == "__main__":
    main()
