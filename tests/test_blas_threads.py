"""The BLAS thread policy (nbkeras/blas_threads.py) and the thread-count determinism it relies on."""

import hashlib

import numpy as np
import pytest
from threadpoolctl import ThreadpoolController, threadpool_limits

import nbkeras as keras
from nbkeras import blas_threads


def blas_thread_count():
    """Threads of NumPy's own BLAS (SciPy may have loaded a second one)."""
    libraries = ThreadpoolController().select(user_api="blas").lib_controllers
    numpy_blas = [lib for lib in libraries if "numpy" in lib.filepath] or libraries
    return numpy_blas[0].num_threads


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.parametrize("files, expected", [
    ({"cpu.max": "150000 100000\n"}, 2),                                   # v2: 1.5 CPUs
    ({"cpu.max": "100000 100000\n"}, 1),
    ({"cpu.max": "max 100000\n"}, None),                                   # v2: no quota
    ({"cpu/cpu.cfs_quota_us": "50000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 1),  # v1
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
    ({}, None),                                                            # no cgroup files
], ids=["v2-1.5", "v2-1", "v2-max", "v1-0.5", "v1-none", "none"])
def test_cpu_quota_reads_the_cgroup_limit(tmp_path, files, expected):
    for name, text in files.items():
        write(tmp_path / name, text)
    cpus = blas_threads.cpu_quota(cgroup_root="/nonexistent")
    assert blas_threads.cpu_quota(cgroup_root=str(tmp_path)) == min(cpus, expected or cpus)


def test_small_products_get_one_thread_large_ones_the_quota():
    assert blas_threads.threads_for(32 * 784 * 128) == 1
    assert blas_threads.threads_for(blas_threads.PARALLEL_WORK) == blas_threads.cpu_quota()


def small_model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


class RecordThreads(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seen = set()

    def on_train_batch_end(self, batch, logs=None):
        self.seen.add(blas_thread_count())

    on_test_batch_end = on_predict_batch_end = on_train_batch_end


def test_fit_evaluate_predict_run_small_models_on_one_thread_and_restore():
    x, y = np.ones((64, 4), "float32"), np.ones((64, 1), "float32")
    model, record = small_model(), RecordThreads()
    with threadpool_limits(limits=2, user_api="blas"):
        model.fit(x, y, epochs=2, validation_split=0.25, callbacks=[record], verbose=0)
        model.evaluate(x, y, callbacks=[record], verbose=0)
        model.predict(x, callbacks=[record], verbose=0)
        assert record.seen == {1}
        assert blas_thread_count() == 2


def wide_narrow_model(inputs, units=8):
    """A Dense layer of fewer than ``SPLIT_COLUMNS`` units: a product OpenBLAS's threads split."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(inputs,)), keras.layers.Dense(units)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_large_products_never_get_more_threads_than_the_caller_allowed():
    model = wide_narrow_model(32768)
    assert blas_threads.largest_product(model, 64) >= blas_threads.PARALLEL_WORK
    record = RecordThreads()
    with threadpool_limits(limits=1, user_api="blas"):
        model.predict(np.ones((64, 32768), "float32"), batch_size=64, callbacks=[record], verbose=0)
    assert record.seen == {1}


def test_products_nbkeras_splits_itself_leave_blas_at_one_thread():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128), keras.layers.Dense(10)])
    assert blas_threads.splits_itself(512, 784, 128, "float32")
    assert blas_threads.largest_product(model, 512) == 512 * 128 * 10       # only the 10-unit layer counts
    assert blas_threads.largest_product(wide_narrow_model(32768), 512) == 512 * 32768 * 8
    assert not blas_threads.splits_itself(512, 784, 15, "float32")         # too few columns
    assert not blas_threads.splits_itself(31, 784, 128, "float32")         # too few rows
    assert not blas_threads.splits_itself(512, 784, 128, "float64")


def trained_weights_digest(threads):
    x, labels = keras.datasets.make_spirals(400, noise=0.5, seed=0)
    x = np.concatenate([x, np.random.default_rng(0).random((400, 4500), dtype=np.float32)], axis=1)
    keras.utils.set_random_seed(0)
    # 15 units: below SPLIT_COLUMNS, so OpenBLAS's threads split these products, not nbkeras's;
    # 256-unit layers: nbkeras's two halves (on two threads while fit holds BLAS at one).
    model = keras.Sequential([keras.Input(shape=(4502,)), keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(256, activation="relu"),
                              keras.layers.Dense(256, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.005), loss="categorical_crossentropy")
    with threadpool_limits(limits=threads, user_api="blas"):
        model.fit(x, keras.utils.to_categorical(labels, 3), epochs=3, batch_size=256, verbose=0)
    return hashlib.sha1(b"".join(w.tobytes() for w in model.get_weights())).hexdigest()


def test_training_repeats_bit_for_bit_whatever_the_blas_thread_count():
    # 256 x 4502 x 15 products reach PARALLEL_WORK, so fit keeps the caller's count
    # (1, or 2 on a machine with two CPUs), and OpenBLAS splits them between threads.
    assert 256 * 4502 * 15 >= blas_threads.PARALLEL_WORK
    assert trained_weights_digest(1) == trained_weights_digest(2)


def test_one_thread_limits_restores_and_nests():
    with threadpool_limits(limits=2, user_api="blas"):
        with blas_threads.one_thread():
            assert blas_thread_count() == 1
            with blas_threads.one_thread():  # already one: nothing to set or restore
                assert blas_thread_count() == 1
            assert blas_thread_count() == 1
        assert blas_thread_count() == 2
