"""List the Keras 3 public names nbkeras lacks, grouped by what they would need.

Run with the reference venv's Python (it imports real Keras, then nbkeras from
this checkout; nbkeras needs only NumPy, which the reference venv has too):

    KERAS_BACKEND=torch $PEER tools/list_missing_keras_names.py

Prints Markdown (the table in docs/keras_differences.md is this output).
Compares ``dir()`` of keras, keras.layers, keras.ops, keras.metrics,
keras.losses, keras.callbacks and keras.utils with the same nbkeras namespaces.
"""

import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO_ROOT)
os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402

import nbkeras  # noqa: E402

NAMESPACES = ["", "layers", "ops", "metrics", "losses", "callbacks", "utils"]

# What a missing name needs, decided by its name (first match wins).
GROUPS = [
    ("convolution and pooling kernels (Conv*, pooling, upsampling, cropping, padding)",
     ("conv", "pool", "upsampl", "cropping", "zeropadding", "depthwise", "separable",
      "depth_to_space", "space_to_depth", "extract_patches", "fold", "unfold")),
    ("recurrent kernels and attention (RNN cells, LSTM/GRU, attention)",
     ("rnn", "lstm", "gru", "attention", "cell", "bidirectional", "timedistributed",
      "dot_product_attention", "ctc")),
    ("normalization layers with state (BatchNormalization, LayerNormalization, ...)",
     ("normalization", "batch_norm", "rms_norm", "layer_norm", "spectral", "group_norm")),
    ("preprocessing and augmentation layers (text, image, audio, structured data)",
     ("random", "rescaling", "resizing", "center_crop", "text", "string", "integerlookup",
      "stringlookup", "hashing", "hashed", "category", "discretization", "mel", "stft",
      "audio", "image", "pipeline", "feature_space", "aug", "mix", "cut", "solariz",
      "equaliz", "posteriz", "color", "contrast", "brightness", "hue", "saturation",
      "sharpness", "invert", "grayscale", "shear", "translation", "rotation", "zoom", "flip",
      "elastic", "perspective", "gaussian_blur", "rand_", "mixup", "jitter")),
    ("embedding, masking and sparse inputs", ("embedding", "masking", "sparse", "ragged")),
    ("linear algebra and signal processing ops (fft, svd, qr, solve, ...)",
     ("fft", "svd", "qr", "cholesky", "lu_", "eig", "solve", "inv", "det", "lstsq", "logdet",
      "istft", "rfft", "irfft", "slogdet", "matrix", "trace", "kron", "norm")),
    ("distribution, mixed precision, quantization, export and backends",
     ("dtype", "policy", "quantiz", "float8", "int8", "mixed", "distribut", "export",
      "backend", "device", "tpu", "jax", "torch", "tf", "saved_model", "orbax",
      "remat", "lora", "einsum_dense", "einsumdense", "tfsm", "jit", "xla")),
    ("datasets, files and logging utilities",
     ("dataset", "file", "download", "archive", "array_to_img", "img_to", "load_img",
      "save_img", "plot", "progbar", "logging", "summary", "config", "registry", "tracking")),
]


def public(module):
    return {name for name in dir(module) if not name.startswith("_")}


def group_of(name):
    lowered = name.lower()
    for label, needles in GROUPS:
        if any(needle in lowered for needle in needles):
            return label
    return "plain additions (no new kernel: composition of existing ops or bookkeeping)"


def main():
    total_keras = total_missing = 0
    by_group = {}
    for path in NAMESPACES:
        theirs = keras if not path else getattr(keras, path)
        ours = nbkeras if not path else getattr(nbkeras, path, None)
        missing = sorted(public(theirs) - (public(ours) if ours is not None else set()))
        total_keras += len(public(theirs))
        total_missing += len(missing)
        for name in missing:
            by_group.setdefault(group_of(name), []).append(f"keras{'.' + path if path else ''}.{name}")
    print(f"Keras {keras.__version__}: {total_keras} public names in "
          f"{', '.join('keras' + ('.' + p if p else '') for p in NAMESPACES)}; "
          f"nbkeras lacks {total_missing}.\n")
    for label, _ in GROUPS + [("plain additions (no new kernel: composition of existing ops "
                                "or bookkeeping)", ())]:
        names = by_group.get(label, [])
        if names:
            print(f"### {label} ({len(names)})\n")
            print(", ".join(f"`{n}`" for n in names) + "\n")


if __name__ == "__main__":
    main()
