"""The iterators ``ImageDataGenerator.flow`` and ``flow_from_directory`` return (tf.keras 2).

Both are PyDatasets (``fit`` reads them by index) and also endless Python
iterators (``next(it)``), reshuffled each epoch from ``seed``.
"""

import math
import os

import numpy as np

from nbkeras.models.data_adapters.base_py_dataset import PyDataset


class _Iterator(PyDataset):
    def __init__(self, count, batch_size, shuffle, seed):
        super().__init__()
        self.n, self.batch_size, self.shuffle, self.seed = count, batch_size, shuffle, seed
        self.batch_index, self.total_batches_seen = 0, 0
        self._order = None
        self.on_epoch_end()

    def __len__(self):
        return math.ceil(self.n / self.batch_size)

    def on_epoch_end(self):
        seed = None if self.seed is None else self.seed + self.total_batches_seen
        rng = np.random.RandomState(seed) if seed is not None else np.random
        self._order = rng.permutation(self.n) if self.shuffle else np.arange(self.n)

    def __getitem__(self, index):
        if index >= len(self):
            raise ValueError(f"Asked to retrieve element {index}, but the Sequence has length "
                             f"{len(self)}")
        self.total_batches_seen += 1
        return self._batch(self._order[index * self.batch_size:(index + 1) * self.batch_size])

    def __iter__(self):
        return self

    def __next__(self):
        if self.batch_index == 0 and self.total_batches_seen:
            self.on_epoch_end()
        batch = self[self.batch_index]
        self.batch_index = (self.batch_index + 1) % len(self)
        return batch

    def reset(self):
        self.batch_index = 0

    def _transformed(self, images, indices):
        generator = self.image_data_generator
        return np.stack([generator.standardize(generator.random_transform(images[i]))
                         for i in indices]).astype(generator.dtype)


class NumpyArrayIterator(_Iterator):
    """Batches from arrays; ``subset="validation"`` takes the FIRST ``validation_split``
    fraction (tf.keras 2's rule; ``fit(validation_split=...)`` takes the last one)."""

    def __init__(self, x, y, image_data_generator, batch_size=32, shuffle=False,
                 sample_weight=None, seed=None, subset=None):
        x = np.asarray(x)
        if x.ndim != 4:
            raise ValueError("Input data in `NumpyArrayIterator` should have rank 4. You passed an "
                             f"array with shape {x.shape}")
        y = None if y is None else np.asarray(y)
        if y is not None and len(x) != len(y):
            raise ValueError("`x` (images tensor) and `y` (labels) should have the same length. "
                             f"Found: x.shape = {x.shape}, y.shape = {y.shape}")
        split = image_data_generator.validation_split
        if subset is not None:
            if subset not in ("training", "validation"):
                raise ValueError(f"Invalid subset name: {subset}; expected 'training' or "
                                 "'validation'")
            cut = int(len(x) * split)
            part = slice(None, cut) if subset == "validation" else slice(cut, None)
            x = x[part]
            y = None if y is None else y[part]
            sample_weight = None if sample_weight is None else np.asarray(sample_weight)[part]
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.image_data_generator = image_data_generator
        super().__init__(len(x), batch_size, shuffle, seed)

    def _batch(self, indices):
        x = self._transformed(self.x, indices)
        if self.y is None:
            return x
        if self.sample_weight is None:
            return x, self.y[indices]
        return x, self.y[indices], np.asarray(self.sample_weight)[indices]


class DirectoryIterator(_Iterator):
    """Batches from class folders; prints ``Found N images belonging to K classes.``"""

    FORMATS = (".png", ".jpg", ".jpeg", ".bmp", ".ppm", ".tif", ".tiff")

    def __init__(self, directory, image_data_generator, target_size=(256, 256),
                 color_mode="rgb", classes=None, class_mode="categorical", batch_size=32,
                 shuffle=True, seed=None, follow_links=False, subset=None,
                 interpolation="nearest", keep_aspect_ratio=False):
        if class_mode not in ("categorical", "binary", "sparse", "input", None):
            raise ValueError(f"Invalid class_mode: {class_mode}; expected one of 'categorical', "
                             "'binary', 'sparse', 'input' or None.")
        self.directory, self.image_data_generator = directory, image_data_generator
        self.target_size, self.color_mode = tuple(target_size), color_mode
        self.class_mode, self.interpolation = class_mode, interpolation
        self.keep_aspect_ratio = keep_aspect_ratio
        classes = classes or sorted(d for d in os.listdir(directory)
                                    if os.path.isdir(os.path.join(directory, d)))
        self.class_indices = {name: i for i, name in enumerate(classes)}
        split = image_data_generator.validation_split
        self.filenames, labels = [], []
        for name in classes:
            files = sorted(os.path.relpath(os.path.join(root, f), directory)
                           for root, _, names in os.walk(os.path.join(directory, name),
                                                         followlinks=follow_links)
                           for f in names if f.lower().endswith(self.FORMATS))
            if subset is not None and split:
                cut = int(split * len(files))
                files = files[:cut] if subset == "validation" else files[cut:]
            self.filenames += files
            labels += [self.class_indices[name]] * len(files)
        self.classes = np.array(labels, dtype="int32")
        self.samples, self.num_classes = len(self.filenames), len(classes)
        print(f"Found {self.samples} images belonging to {self.num_classes} classes.")
        super().__init__(self.samples, batch_size, shuffle, seed)

    @property
    def filepaths(self):
        return [os.path.join(self.directory, name) for name in self.filenames]

    def _batch(self, indices):
        from nbkeras.utils.image_utils import img_to_array, load_img

        images = [img_to_array(load_img(os.path.join(self.directory, self.filenames[i]),
                                        color_mode=self.color_mode, target_size=self.target_size,
                                        interpolation=self.interpolation,
                                        keep_aspect_ratio=self.keep_aspect_ratio))
                  for i in indices]
        x = self._transformed(images, range(len(images)))
        labels = self.classes[indices]
        if self.class_mode == "input":
            return x, x.copy()
        if self.class_mode is None:
            return x
        if self.class_mode == "categorical":
            return x, np.eye(self.num_classes, dtype="float32")[labels]
        return x, labels.astype("float32")
