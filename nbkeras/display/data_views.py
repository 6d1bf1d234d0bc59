"""Pictures of data preprocessing: augmented copies, a tokenized sentence, normalization.

Each function returns a matplotlib Figure, shown once in a notebook where it is
called (as the other plot helpers). Nothing here trains or changes a layer.
"""

import numpy as np

from nbkeras.display.figures import new_figure, shown


def augmentations(layer_or_model, images, copies=5):
    """A grid: each row one image, first the original, then ``copies`` augmented versions.

    Args:
        layer_or_model: an augmentation layer or a Sequential of them; it is called with
            ``training=True`` (augmentation layers change nothing otherwise).
        images: a batch ``(n, height, width, channels)`` (values 0-255 or 0-1).
        copies: augmented copies per image.

    Returns:
        A ``matplotlib.figure.Figure``.

    Example:
        >>> nbkeras.display.augmentations(augment, x_train[:4])  # doctest: +SKIP
    """
    images = np.asarray(images)
    if images.ndim == 3 and images.shape[-1] not in (1, 3, 4):
        images = images[..., None]  # (n, h, w) grayscale
    if images.ndim != 4:
        raise ValueError("augmentations expects a batch of images (n, height, width, channels); "
                         f"received shape {images.shape}. For one image use image[None].")
    versions = [images.astype("float32")] + [
        np.asarray(layer_or_model(images, training=True).numpy()) for _ in range(copies)]
    scale = 255.0 if max(float(np.max(v)) for v in versions) > 1.5 else 1.0
    figure = new_figure((1.6 * (copies + 1), 1.6 * len(images) + 0.4))
    axes = figure.subplots(len(images), copies + 1, squeeze=False)
    for column, batch in enumerate(versions):
        for row in range(len(images)):
            _show(axes[row][column], batch[row] / scale)
        axes[0][column].set_title("original" if column == 0 else f"copy {column}", fontsize=9)
    figure.suptitle(f"{_describe(layer_or_model)}: random copies (training=True)", fontsize=10)
    figure.tight_layout()
    return shown(figure)


def _show(ax, image):
    image = np.clip(image, 0.0, 1.0)
    if image.shape[-1] == 1:
        ax.imshow(image[..., 0], cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
    else:
        ax.imshow(image, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])


def _describe(layer_or_model):
    layers = getattr(layer_or_model, "layers", None)
    if layers:
        return " → ".join(type(layer).__name__ for layer in layers)
    return type(layer_or_model).__name__


def tokenization(vectorizer, sentence, vocabulary_rows=12):
    """The vocabulary (index → token) beside one sentence cut into tokens and indices.

    Args:
        vectorizer: an adapted ``TextVectorization`` (or StringLookup-like layer with
            ``get_vocabulary()`` whose call returns indices).
        sentence: one string.
        vocabulary_rows: how many vocabulary entries to list.

    Returns:
        A ``matplotlib.figure.Figure``.
    """
    vocabulary = vectorizer.get_vocabulary()
    if hasattr(vectorizer, "tokenize"):
        tokens = vectorizer.tokenize([sentence])[0]
    else:
        tokens = sentence.split()
    indices = [int(i) for i in np.asarray(vectorizer([sentence]).numpy()).reshape(-1)[:len(tokens)]]
    figure = new_figure((10, 0.35 * max(vocabulary_rows, 4) + 1.2))
    left, right = figure.subplots(1, 2, width_ratios=[1, 2.2])
    rows = [(i, repr(token) if token in ("", "[UNK]") else token)
            for i, token in enumerate(vocabulary[:vocabulary_rows])]
    for row, (index, token) in enumerate(rows):
        left.text(0.05, 1 - (row + 1) / (len(rows) + 1), f"{index:>4}", family="monospace",
                  fontsize=9, va="center")
        left.text(0.3, 1 - (row + 1) / (len(rows) + 1), token, family="monospace", fontsize=9,
                  va="center", color="tab:gray" if index < 2 else "black")
    left.set_title(f"vocabulary ({len(vocabulary)} entries, most frequent first)", fontsize=9)
    left.axis("off")
    right.set_title(f"“{sentence}”", fontsize=10)
    width = 1.0 / max(len(tokens), 1)
    for position, (token, index) in enumerate(zip(tokens, indices)):
        unknown = index == 1 and token not in vocabulary[1:2]
        x = position * width + width / 2
        right.text(x, 0.62, token, ha="center", va="center", fontsize=10,
                   bbox={"boxstyle": "round", "fc": "#fde0c5" if unknown else "#d8e8f5",
                         "ec": "tab:orange" if unknown else "tab:blue"})
        right.annotate("", xy=(x, 0.38), xytext=(x, 0.52),
                       arrowprops={"arrowstyle": "->", "color": "tab:gray"})
        right.text(x, 0.3, str(index), ha="center", va="center", fontsize=11, family="monospace")
    right.text(0.5, 0.08, "orange: not in the vocabulary → index 1 ([UNK])", ha="center",
               fontsize=8, color="tab:orange")
    right.set_xlim(0, 1)
    right.set_ylim(0, 1)
    right.axis("off")
    figure.tight_layout()
    return shown(figure)


def normalization_histogram(layer, data, feature=0, bins=30, name=None):
    """One feature's histogram before and after a ``Normalization`` layer.

    Args:
        layer: an adapted (or mean/variance-given) ``Normalization`` layer.
        data: the samples ``(n, features)``.
        feature: which column to draw.
        bins: histogram bins.
        name: the feature's name for the titles.

    Returns:
        A ``matplotlib.figure.Figure``.
    """
    data = np.asarray(data, dtype="float32")
    before = data[:, feature] if data.ndim > 1 else data
    after = np.asarray(layer(data).numpy())
    after = after[:, feature] if after.ndim > 1 else after
    label = name or f"feature {feature}"
    figure = new_figure((9, 3))
    axes = figure.subplots(1, 2)
    for ax, values, title, color in ((axes[0], before, "before", "tab:blue"),
                                     (axes[1], after, "after Normalization", "tab:green")):
        ax.hist(values, bins=bins, color=color)
        ax.set_title(f"{label} {title}\nmean {values.mean():.2f}, std {values.std():.2f}",
                     fontsize=9)
        ax.set_xlabel("value")
        ax.set_ylabel("samples")
    figure.tight_layout()
    return shown(figure)
