"""``image_dataset_from_directory`` and ``text_dataset_from_directory``.

One sub-folder per class (``main/cats/*.jpg``, ``main/dogs/*.jpg``): class
names are the sorted folder names, labels their index. Files are listed in
Keras's order (sorted folders, sorted files), shuffled once with
``np.random.RandomState(seed)``, split (the validation part is the last
``validation_split`` fraction), and read lazily, one batch at a time, by a
``BatchDataset`` (a PyDataset; Keras returns a tf.data.Dataset). With
``shuffle=True`` the samples are reshuffled after every epoch.
"""

import os

import numpy as np

from nbkeras.utils.dataset_utils import BatchDataset

IMAGE_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")


def _index_directory(directory, labels, formats, class_names, shuffle, seed, follow_links,
                     verbose):
    if not os.path.isdir(directory):
        raise ValueError(f"No such directory: {directory!r}. Pass the folder that holds one "
                         "sub-folder per class.")
    if labels == "inferred":
        folders = sorted(d for d in os.listdir(directory)
                         if os.path.isdir(os.path.join(directory, d)))
        if class_names is not None:
            if not set(class_names) <= set(folders):
                raise ValueError("The `class_names` passed did not match the names of the "
                                 f"subdirectories of the target directory. Expected: {folders} "
                                 f"(or a subset of it), but received: class_names={class_names}")
            folders = list(class_names)
    else:
        folders = [""]
    paths, indices = [], []
    for index, folder in enumerate(folders):
        root = os.path.join(directory, folder)
        for dirpath, _, files in sorted(os.walk(root, followlinks=follow_links)):
            for name in sorted(files):
                if name.lower().endswith(formats):
                    paths.append(os.path.join(dirpath, name))
                    indices.append(index)
    if labels == "inferred":
        label_array = np.array(indices, dtype="int32")
    elif labels is None:
        label_array, folders = None, None
    else:
        label_array = np.asarray(labels)
        if len(label_array) != len(paths):
            raise ValueError("Expected the lengths of `labels` to match the number of files in "
                             f"the target directory. len(labels) is {len(label_array)} while we "
                             f"found {len(paths)} files in directory {directory}.")
        folders = [str(label) for label in sorted(set(label_array.tolist()))]
    if verbose:
        print(f"Found {len(paths)} files." if label_array is None else
              f"Found {len(paths)} files belonging to {len(folders)} classes.")
    if shuffle:
        seed = np.random.randint(1e6) if seed is None else seed
        np.random.RandomState(seed).shuffle(paths)
        if label_array is not None:
            np.random.RandomState(seed).shuffle(label_array)
    return paths, label_array, folders


def _subsets(paths, labels, validation_split, subset, shuffle, seed):
    """``[(paths, labels)]`` for the asked subset(s), as Keras splits them."""
    if subset not in (None, "training", "validation", "both"):
        raise ValueError('`subset` must be either "training", "validation" or "both", '
                         f"received: {subset}")
    if validation_split and not 0 < validation_split < 1:
        raise ValueError("`validation_split` must be between 0 and 1, received: "
                         f"{validation_split}")
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if validation_split and shuffle and seed is None:
        raise ValueError("If using `validation_split` and shuffling the data, you must provide "
                         "a `seed` argument, to make sure that there is no overlap between the "
                         "training and validation subset.")
    if not validation_split:
        return [(paths, labels)]
    count = int(validation_split * len(paths))
    parts = []
    if subset in ("training", "both"):
        print(f"Using {len(paths) - count} files for training.")
        parts.append((paths[:-count], None if labels is None else labels[:-count]))
    if subset in ("validation", "both"):
        print(f"Using {count} files for validation.")
        parts.append((paths[-count:], None if labels is None else labels[-count:]))
    return parts


def _encode_labels(labels, label_mode, num_classes):
    if label_mode == "int":
        return labels.astype("int32")
    if label_mode == "binary":
        return labels.astype("float32").reshape(-1, 1)
    return np.eye(num_classes, dtype="float32")[labels]


def _check_label_mode(label_mode, labels, class_names):
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", '
                         f"or None. Received: label_mode={label_mode}")
    if labels is None or label_mode is None:
        return
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError('When passing `label_mode="binary"`, there must be exactly 2 '
                         f"class_names. Received: class_names={class_names}")


def _datasets(parts, read, label_mode, class_names, batch_size, description, shuffle):
    datasets = []
    for paths, labels in parts:
        encoded = None if labels is None or label_mode is None else \
            _encode_labels(labels, label_mode, len(class_names))

        def load(indices, unbatched=False, paths=paths, encoded=encoded):
            x = np.stack([read(paths[i]) for i in indices])
            if unbatched:
                return x[0] if encoded is None else (x[0], encoded[indices[0]])
            return x if encoded is None else (x, encoded[indices])

        dataset = BatchDataset(load, len(paths), batch_size, description, reshuffle=shuffle)
        dataset.class_names, dataset.file_paths = class_names, list(paths)
        datasets.append(dataset)
    return datasets[0] if len(datasets) == 1 else datasets


def image_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                 color_mode="rgb", batch_size=32, image_size=(256, 256),
                                 shuffle=True, seed=None, validation_split=None, subset=None,
                                 interpolation="bilinear", follow_links=False,
                                 crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                                 data_format=None, verbose=True):
    """Images in class folders as batches ``(images, labels)``.

    Args: as Keras 3 (``labels``: ``"inferred"``, None or a list; ``label_mode``:
        ``"int"``, ``"categorical"``, ``"binary"`` or None; ``color_mode``:
        ``"grayscale"``, ``"rgb"`` or ``"rgba"``; ``image_size=(height, width)``;
        ``subset``: ``"training"``, ``"validation"`` or ``"both"``).

    Returns:
        A ``BatchDataset`` (two for ``subset="both"``) of float32 images
        ``(batch, height, width, channels)`` and labels; ``.class_names`` lists the classes.
    """
    from nbkeras.ops.image import resize
    from nbkeras.utils.image_utils import img_to_array, load_img

    if data_format not in (None, "channels_last"):
        raise ValueError("nbkeras reads channels_last images only. Received: "
                         f"data_format={data_format!r}")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("Only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be set.")
    paths, label_array, names = _index_directory(directory, labels, IMAGE_FORMATS, class_names,
                                                 shuffle, seed, follow_links, verbose)
    _check_label_mode(label_mode, label_array, names)
    size = tuple(int(s) for s in image_size)

    def read(path):
        array = img_to_array(load_img(path, color_mode=color_mode))
        return resize(array, size, interpolation, crop_to_aspect_ratio, pad_to_aspect_ratio)

    parts = _subsets(paths, label_array, validation_split, subset, shuffle, seed)
    return _datasets(parts, read, label_mode, names, batch_size, "images", shuffle)


def text_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                batch_size=32, max_length=None, shuffle=True, seed=None,
                                validation_split=None, subset=None, follow_links=False,
                                verbose=True):
    """``.txt`` files in class folders as batches ``(texts, labels)``.

    Returns:
        A ``BatchDataset`` (two for ``subset="both"``) of NumPy string arrays
        (each text cut to ``max_length`` characters if given) and labels.
    """
    paths, label_array, names = _index_directory(directory, labels, (".txt",), class_names,
                                                 shuffle, seed, follow_links, verbose)
    _check_label_mode(label_mode, label_array, names)

    def read(path):
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
        return np.array(text if max_length is None else text[:max_length], dtype=object)

    parts = _subsets(paths, label_array, validation_split, subset, shuffle, seed)
    return _datasets(parts, read, label_mode, names, batch_size, "texts", shuffle)
