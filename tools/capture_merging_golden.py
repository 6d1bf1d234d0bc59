"""Captures golden outputs of merging and reshaping layers from real Keras 3.

    KERAS_BACKEND=torch $PEER tools/capture_merging_golden.py

Writes tests/golden/merging.npz (seeded float32 inputs ``<case>_in0``, ``<case>_in1``,
... and Keras's output ``<case>_out``) and tests/golden/merging.json (per case: the
layer class, its constructor arguments, the symbolic input shapes with batch None,
Keras's compute_output_shape for them and the layer-specific part of get_config).
The tests in tests/layers/test_merging.py and test_reshaping.py read these without Keras.
"""

import json
import os

import keras
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "tests", "golden")

# case name: (layer class, constructor arguments, per-sample input shapes)
CASES = {
    "concatenate_last_axis": ("Concatenate", {"axis": -1}, [(4,), (5,)]),
    "concatenate_axis_1_3d": ("Concatenate", {"axis": 1}, [(3, 4), (5, 4)]),
    "add": ("Add", {}, [(4,), (4,)]),
    "add_three": ("Add", {}, [(2, 3), (2, 3), (2, 3)]),
    "subtract": ("Subtract", {}, [(4,), (4,)]),
    "multiply": ("Multiply", {}, [(4,), (4,)]),
    "average": ("Average", {}, [(4,), (4,), (4,)]),
    "maximum": ("Maximum", {}, [(4,), (4,)]),
    "minimum": ("Minimum", {}, [(4,), (4,)]),
    "dot_axes_1": ("Dot", {"axes": 1}, [(4,), (4,)]),
    "dot_axes_1_2_3d": ("Dot", {"axes": [1, 2]}, [(3, 4), (5, 3)]),
    "dot_normalize": ("Dot", {"axes": 1, "normalize": True}, [(4,), (4,)]),
    "reshape": ("Reshape", {"target_shape": [2, -1]}, [(6,)]),
    "permute": ("Permute", {"dims": [2, 1]}, [(2, 4)]),
    "repeat_vector": ("RepeatVector", {"n": 3}, [(4,)]),
    "lambda_double": ("Lambda", {}, [(4,)]),
}
BATCH = 3
# get_config keys that describe the layer itself (name/dtype/trainable are checked elsewhere).
OWN_KEYS = ("axis", "axes", "normalize", "target_shape", "dims", "n")


def make_layer(class_name, kwargs):
    if class_name == "Lambda":
        return keras.layers.Lambda(lambda x: x * 2)
    return getattr(keras.layers, class_name)(**kwargs)


def main():
    rng = np.random.default_rng(0)
    arrays, info = {}, {"keras_version": keras.__version__, "cases": {}}
    for case, (class_name, kwargs, sample_shapes) in CASES.items():
        layer = make_layer(class_name, kwargs)
        inputs = [rng.normal(size=(BATCH,) + shape).astype("float32") for shape in sample_shapes]
        for index, array in enumerate(inputs):
            arrays[f"{case}_in{index}"] = array
        output = layer(inputs if len(inputs) > 1 else inputs[0])
        arrays[f"{case}_out"] = keras.ops.convert_to_numpy(output)

        symbolic = [(None,) + shape for shape in sample_shapes]
        output_shape = layer.compute_output_shape(symbolic if len(symbolic) > 1 else symbolic[0])
        config = layer.get_config()
        info["cases"][case] = {
            "class_name": class_name,
            "kwargs": kwargs,
            "input_shapes": symbolic,
            "output_shape": list(output_shape),
            "config": {k: config[k] for k in OWN_KEYS if k in config},
        }
    np.savez(os.path.join(GOLDEN, "merging.npz"), **arrays)
    with open(os.path.join(GOLDEN, "merging.json"), "w") as handle:
        json.dump(info, handle, indent=1)


if __name__ == "__main__":
    main()
