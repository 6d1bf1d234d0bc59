"""Capture goldens of Conv3D and the 3-D pooling layers from real Keras 3 (JAX backend), like capture_golden_conv.py.

Run in the reference venv (never in the nbkeras environment):

    KERAS_BACKEND=jax $PEER tools/capture_golden_conv3d.py

Writes tests/golden/conv3d.npz with the keys of conv.npz (``x``, ``w<i>``,
``y``, ``y_train``, ``cotangent``, ``grad_x``, ``grad_w<i>`` and the 3-epoch
fit), read by tests/layers/test_conv_golden.py. A separate file, so conv.npz
and its Keras model files stay byte for byte what they were.
"""

import capture_golden_conv as conv  # sets the environment and imports Keras on JAX
import golden_io
import keras
import numpy as np

CASES = [
    ("conv3d_basic", "Conv3D", {"filters": 3, "kernel_size": 2}, (2, 4, 5, 4, 2), True),
    ("conv3d_strides_same", "Conv3D", {"filters": 2, "kernel_size": [3, 2, 3], "strides": [2, 1, 2],
                                       "padding": "same", "activation": "relu"}, (2, 5, 4, 5, 3), True),
    ("conv3d_dilation", "Conv3D", {"filters": 2, "kernel_size": 2, "dilation_rate": [2, 1, 2],
                                   "padding": "same", "activation": "tanh"}, (2, 5, 4, 5, 2), True),
    ("conv3d_groups", "Conv3D", {"filters": 4, "kernel_size": [1, 3, 2], "groups": 2},
     (2, 3, 4, 4, 4), True),
    ("conv3d_channels_first", "Conv3D", {"filters": 2, "kernel_size": 2,
                                         "data_format": "channels_first"}, (2, 3, 3, 4, 4), False),
    ("maxpool3d", "MaxPooling3D", {}, (2, 4, 5, 4, 2), False),
    ("maxpool3d_same", "MaxPooling3D", {"pool_size": [3, 2, 3], "strides": [2, 2, 1],
                                        "padding": "same"}, (2, 5, 4, 5, 2), False),
    ("avgpool3d_same", "AveragePooling3D", {"pool_size": 2, "padding": "same"}, (2, 3, 5, 4, 2), False),
    ("avgpool3d_strides_first", "AveragePooling3D", {"pool_size": [2, 3, 2], "strides": [1, 2, 2],
                                                     "data_format": "channels_first"},
     (2, 2, 4, 6, 5), False),
    ("global_max3d", "GlobalMaxPooling3D", {}, (2, 3, 4, 2, 3), False),
    ("global_avg3d_keepdims", "GlobalAveragePooling3D", {"keepdims": True}, (2, 3, 4, 2, 3), False),
]


def main():
    golden = golden_io.GoldenFile("conv3d", __file__)
    rng = np.random.default_rng(2027)
    keras.utils.set_random_seed(0)
    for case in CASES:
        conv.add_case(golden, rng, *case)
    golden.add_json("cases", [case[0] for case in CASES])
    golden.save()


if __name__ == "__main__":
    main()
