"""keras.datasets loaders against tiny files in Keras's formats, served from 127.0.0.1."""

import gzip
import hashlib
import io
import json
import os
import pickle
import tarfile

import numpy as np
import pytest

import nbkeras as keras
from nbkeras.datasets import keras_origins
from nbkeras.datasets.safe_files import load_npz, load_pickle
from tests.loopback import serve


def _npz(**arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _ragged(lists):
    array = np.empty(len(lists), dtype=object)
    array[:] = [list(x) for x in lists]
    return array


def _tar_gz(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    return buffer.getvalue()


def _cifar_batch(count, label_key, seed):
    rng = np.random.default_rng(seed)
    return pickle.dumps({b"data": rng.integers(0, 256, (count, 3072)).astype(np.uint8),
                         label_key.encode(): rng.integers(0, 10, count).tolist()})


def _idx(array, header_size):
    return gzip.compress(b"\0" * header_size + array.astype(np.uint8).tobytes())


@pytest.fixture
def bucket(tmp_path, monkeypatch):
    """Serves the files; patches origins and hashes to them; caches under tmp_path."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))

    def start(files, **hashes):
        context = serve({f"/{name}": body for name, body in files.items()})
        url, requests = context.__enter__()
        monkeypatch.setattr(keras_origins, "KERAS_BUCKET", url + "/")
        for constant, name in hashes.items():
            algorithm = hashlib.md5 if constant.endswith("MD5") else hashlib.sha256
            monkeypatch.setattr(keras_origins, constant, algorithm(files[name]).hexdigest())
        starts.append(context)
        return url, requests

    starts = []
    yield start
    for context in starts:
        context.__exit__(None, None, None)


def test_mnist(bucket):
    rng = np.random.default_rng(0)
    arrays = {"x_train": rng.integers(0, 256, (6, 28, 28)).astype(np.uint8),
              "y_train": np.arange(6, dtype=np.uint8), "x_test": np.zeros((2, 28, 28), np.uint8),
              "y_test": np.array([3, 4], np.uint8)}
    _, requests = bucket({"mnist.npz": _npz(**arrays)}, MNIST_SHA256="mnist.npz")
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    (x_again, _), _ = keras.datasets.mnist.load_data()
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    assert x_train.dtype == np.uint8 and y_test.tolist() == [3, 4]
    assert requests == ["/mnist.npz"]  # the second call reads the cache
    assert os.path.exists(os.path.join(os.environ["KERAS_HOME"], "datasets", "mnist.npz"))


def test_a_wrong_hash_is_refused(bucket, monkeypatch):
    bucket({"mnist.npz": _npz(x_train=np.zeros(1))})
    monkeypatch.setattr(keras_origins, "MNIST_SHA256", "0" * 64)
    with pytest.raises(ValueError, match="hash does not match"):
        keras.datasets.mnist.load_data()


def test_fashion_mnist(bucket):
    images = np.arange(3 * 784).reshape(3, 28, 28) % 256
    files = {"train-labels-idx1-ubyte.gz": _idx(np.array([1, 2, 3]), 8),
             "train-images-idx3-ubyte.gz": _idx(images, 16),
             "t10k-labels-idx1-ubyte.gz": _idx(np.array([9]), 8),
             "t10k-images-idx3-ubyte.gz": _idx(images[:1], 16)}
    bucket(files)
    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    assert x_train.shape == (3, 28, 28) and x_test.shape == (1, 28, 28)
    np.testing.assert_array_equal(x_train, images)
    assert y_train.tolist() == [1, 2, 3] and y_test.tolist() == [9]


def test_cifar10(bucket, monkeypatch):
    members = {f"cifar-10-batches-py/data_batch_{i}": _cifar_batch(2, "labels", i)
               for i in range(1, 6)}
    members["cifar-10-batches-py/test_batch"] = _cifar_batch(3, "labels", 9)
    body = _tar_gz(members)
    url, _ = bucket({"cifar-10-python.tar.gz": body})
    monkeypatch.setattr(keras_origins, "CIFAR10_ORIGIN", f"{url}/cifar-10-python.tar.gz")
    monkeypatch.setattr(keras_origins, "CIFAR10_SHA256", hashlib.sha256(body).hexdigest())
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    assert x_train.shape == (10, 32, 32, 3) and y_train.shape == (10, 1)
    assert x_test.shape == (3, 32, 32, 3) and x_train.dtype == y_train.dtype == np.uint8
    first = pickle.loads(members["cifar-10-batches-py/data_batch_1"])[b"data"][0]
    np.testing.assert_array_equal(x_train[0], first.reshape(3, 32, 32).transpose(1, 2, 0))


@pytest.mark.parametrize("label_mode", ["fine", "coarse"])
def test_cifar100(bucket, monkeypatch, label_mode):
    members = {"cifar-100-python/train": _cifar_batch(4, f"{label_mode}_labels", 1),
               "cifar-100-python/test": _cifar_batch(2, f"{label_mode}_labels", 2)}
    body = _tar_gz(members)
    url, _ = bucket({"cifar-100-python.tar.gz": body})
    monkeypatch.setattr(keras_origins, "CIFAR100_ORIGIN", f"{url}/cifar-100-python.tar.gz")
    monkeypatch.setattr(keras_origins, "CIFAR100_SHA256", hashlib.sha256(body).hexdigest())
    (x_train, y_train), (x_test, _) = keras.datasets.cifar100.load_data(label_mode)
    assert x_train.shape == (4, 32, 32, 3) and y_train.shape == (4, 1) and len(x_test) == 2
    with pytest.raises(ValueError, match="label_mode"):
        keras.datasets.cifar100.load_data("medium")


def _imdb_files():
    x_train = [[1, 2, 3], [4, 5, 6, 7, 8], [2, 9], [10, 1]]
    x_test = [[3, 3, 3, 3], [5], [6, 7]]
    body = _npz(x_train=_ragged(x_train), y_train=np.array([1, 0, 1, 0]),
                x_test=_ragged(x_test), y_test=np.array([0, 1, 1]))
    return body, x_train, x_test


def _keras_reference(xs, labels, seed, maxlen, num_words, skip_top, start_char=1, oov_char=2,
                     index_from=3):
    """Keras 3's steps, written out, for one split (shuffle, shift, filter, limit)."""
    rng = np.random.RandomState(seed)
    order = np.arange(len(xs))
    rng.shuffle(order)
    xs = [[start_char] + [w + index_from for w in xs[i]] for i in order]
    labels = [labels[i] for i in order]
    if maxlen:
        kept = [(x, y) for x, y in zip(xs, labels) if len(x) < maxlen]
        xs, labels = [x for x, _ in kept], [y for _, y in kept]
    return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs], labels


def test_imdb_options_and_word_index(bucket):
    body, x_train, _ = _imdb_files()
    index = json.dumps({"the": 1, "movie": 2}).encode()
    bucket({"imdb.npz": body, "imdb_word_index.json": index}, IMDB_SHA256="imdb.npz",
           IMDB_WORD_INDEX_MD5="imdb_word_index.json")
    (x, y), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=10, skip_top=2, maxlen=6)
    expected, labels = _keras_reference(x_train, [1, 0, 1, 0], 113, 6, 10, 2)
    assert x.dtype == object and [list(s) for s in x] == expected and y.tolist() == labels
    assert len(x_test) == len(y_test)
    assert keras.datasets.imdb.get_word_index() == {"the": 1, "movie": 2}
    with pytest.raises(ValueError, match="Increase maxlen"):
        keras.datasets.imdb.load_data(maxlen=1)


def test_reuters(bucket):
    xs = [[1, 2], [3, 4, 5], [6], [7, 8], [9, 9, 9]]
    bucket({"reuters.npz": _npz(x=_ragged(xs), y=np.array([0, 1, 2, 3, 4]))},
           REUTERS_SHA256="reuters.npz")
    (x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data(test_split=0.4,
                                                                            oov_char=None,
                                                                            num_words=8)
    assert len(x_train) == 3 and len(x_test) == 2
    assert all(all(w < 8 for w in s) for s in x_train)
    assert sorted(y_train.tolist() + y_test.tolist()) == [0, 1, 2, 3, 4]
    assert len(keras.datasets.reuters.get_label_names()) == 46


@pytest.mark.parametrize("module,features", [("boston_housing", 13), ("california_housing", 8)])
def test_housing(bucket, module, features):
    x = np.arange(20 * features, dtype="float64").reshape(20, features)
    y = np.arange(20, dtype="float64")
    constant = "BOSTON_SHA256" if module == "boston_housing" else "CALIFORNIA_SHA256"
    bucket({f"{module}.npz": _npz(x=x, y=y)}, **{constant: f"{module}.npz"})
    loader = getattr(keras.datasets, module)
    (x_train, y_train), (x_test, y_test) = loader.load_data(test_split=0.25, seed=1)
    order = np.arange(20)
    np.random.RandomState(1).shuffle(order)
    np.testing.assert_array_equal(y_train, y[order[:15]])
    np.testing.assert_array_equal(x_test, x[order[15:]])
    with pytest.raises(ValueError, match="test_split"):
        loader.load_data(test_split=1.0)


def test_offline_error_names_the_fix(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(keras_origins, "KERAS_BUCKET", "http://127.0.0.1:9/")
    with pytest.raises(ConnectionError, match="offline"):
        keras.datasets.mnist.load_data()


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo hacked",))


def test_pickles_may_only_hold_arrays(tmp_path):
    (tmp_path / "evil").write_bytes(pickle.dumps({b"data": _Evil()}))
    with pytest.raises(pickle.UnpicklingError, match="Refusing"):
        load_pickle(tmp_path / "evil")
    array = np.empty(1, dtype=object)
    array[0] = _Evil()
    np.savez(tmp_path / "evil.npz", x=array)
    with pytest.raises(pickle.UnpicklingError, match="Refusing"):
        load_npz(tmp_path / "evil.npz")
