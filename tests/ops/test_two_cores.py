"""Dense products in two row halves on two cores (ops/two_cores.py, kernels/two_core_products.py).

The promise: the split depends on the shapes only, and the bits on nothing else:
not on whether the worker thread ran the first half or the caller took it back,
not on the BLAS thread count, not on whether NumPy's ``sgemm`` was called from
Numba or through NumPy. And they are ``fixed_order.matmul``'s bits here.
"""

import threading
import time

import numpy as np
import pytest

from nbkeras import blas_threads
from nbkeras.kernels import two_core_products
from nbkeras.ops import fixed_order, two_cores

# (rows, depth, columns): W1's first layer and its kernel gradient's shape, more than one
# K block, odd rows, the smallest split.
SHAPES = [(32, 784, 128), (784, 32, 128), (33, 2000, 17), (64, 1100, 16), (512, 100, 64)]

needs_gemm = pytest.mark.skipif(two_cores.numpy_sgemm() is None,
                                reason="NumPy's BLAS is not an OpenBLAS nbkeras can call (the NumPy path is tested)")


@pytest.fixture(autouse=True)
def no_contention_checks(monkeypatch):
    """Whether a test's jobs use the worker must not depend on what else the machine (or the
    test run) keeps busy; the back-off's own tests set their own checks."""
    monkeypatch.setattr(two_cores, "CHECK_EVERY", 1 << 62)
    monkeypatch.setattr(two_cores, "_contention", _fresh_contention())


def _fresh_contention():
    return {"jobs": two_cores.CHECK_EVERY, "switches": 0, "time": 0.0, "until": 0.0, "streak": 0}


def _factors(rows, depth, columns, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((rows, depth), dtype=np.float32),
            rng.standard_normal((depth, columns), dtype=np.float32))


@pytest.mark.parametrize("rows", [16, 31, 32, 64, 512])
@pytest.mark.parametrize("depth, columns", [(784, 128), (784, 15), (784, 16), (2, 16), (3136, 10), (64, 300)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_per_product_check_agrees_with_the_thread_policys_rule(rows, depth, columns, dtype):
    """two_cores.splits is blas_threads.splits_itself written out for speed: the same rule."""
    a, b = np.ones((rows, depth), dtype), np.ones((depth, columns), dtype)
    assert two_cores.splits(a, b) == blas_threads.splits_itself(rows, depth, columns, str(np.dtype(dtype)))


def test_which_products_split():
    a, b = _factors(32, 784, 128)
    assert two_cores.splits(a, b)
    assert not two_cores.splits(a[:31], b)                      # too few rows
    assert not two_cores.splits(a, b[:, :15])                   # too few columns
    assert not two_cores.splits(*_factors(32, 64, 16))          # too little work
    assert not two_cores.splits(a.astype(np.float64), b.astype(np.float64))


@pytest.mark.parametrize("shape", SHAPES)
def test_same_bits_as_fixed_order_on_one_thread_and_on_two(shape):
    a, b = _factors(*shape)
    expected = fixed_order.matmul(a, b)
    assert two_cores.splits(a, b)
    np.testing.assert_array_equal(two_cores.matmul(a, b), expected)    # halves one after the other
    with blas_threads.one_thread():
        for _ in range(20):                                          # the worker wakes, then claims halves
            np.testing.assert_array_equal(two_cores.matmul(a, b), expected)


@pytest.mark.parametrize("shape", SHAPES)
def test_transposed_left_factor_and_out(shape):
    rows, depth, columns = shape
    stored, b = _factors(depth, rows, columns)[0], _factors(rows, depth, columns, seed=1)[1]
    a = stored.T                                     # a kernel gradient's x.T: F-ordered
    out = np.full((rows, columns), np.nan, np.float32)
    with blas_threads.one_thread():
        result = two_cores.matmul(a, b, out=out)
    assert result is out
    np.testing.assert_array_equal(out, fixed_order.matmul(a, b))


@pytest.mark.parametrize("shape", SHAPES)
def test_transposed_right_factor(shape):
    rows, depth, columns = shape
    a, stored = _factors(rows, depth, columns)[0], _factors(columns, depth, 1)[0]
    b = stored.T                                     # an input gradient's kernel.T
    with blas_threads.one_thread():
        np.testing.assert_array_equal(two_cores.matmul(a, b), fixed_order.matmul(a, b))
    np.testing.assert_array_equal(two_cores.matmul(a, b), fixed_order.matmul(a, b))


def test_numpy_halves_when_no_callable_blas(monkeypatch):
    a, b = _factors(32, 784, 128)
    expected = two_cores.matmul(a, b)
    monkeypatch.setattr(two_cores, "numpy_sgemm", lambda: None)
    with blas_threads.one_thread():
        np.testing.assert_array_equal(two_cores.matmul(a, b), expected)


def _edges(a):
    return np.array(fixed_order.block_edges(a.shape[1]), np.int64)


@needs_gemm
def test_unclaimed_half_is_taken_back():
    """No worker serves this state: the caller computes both halves itself, the same bits."""
    a, b = _factors(64, 300, 32)
    out = np.empty((64, 32), np.float32)
    state, reals = two_core_products.new_state()
    assert two_core_products.share_product(two_cores.numpy_sgemm(), state, reals, a, False, b, False, out, _edges(a))
    np.testing.assert_array_equal(out, fixed_order.matmul(a, b))
    assert state[two_core_products.STATUS] == two_core_products.IDLE


@needs_gemm
def test_a_serving_thread_claims_halves_and_stops():
    gemm, (state, reals) = two_cores.numpy_sgemm(), two_core_products.new_state()
    result = []
    server = threading.Thread(target=lambda: result.append(two_core_products.serve(gemm, state, reals, 1 << 40)))
    server.start()
    a, b = _factors(64, 300, 32)
    out = np.empty((64, 32), np.float32)
    claimed, deadline = 0, time.monotonic() + 10
    while claimed < 5 and time.monotonic() < deadline:
        out[...] = np.nan
        claimed += not two_core_products.share_product(gemm, state, reals, a, False, b, False, out, _edges(a))
        np.testing.assert_array_equal(out, fixed_order.matmul(a, b))
    state[two_core_products.STOP] = 1
    server.join(10)
    assert claimed == 5
    assert result == [1]


@needs_gemm
def test_an_idle_worker_returns_after_its_spins():
    state, reals = two_core_products.new_state()
    assert two_core_products.serve(two_cores.numpy_sgemm(), state, reals, 1000) == 0


def test_dense_layer_gives_the_same_bits_inside_and_outside_fit():
    """A Dense output computed by predict (worker on) and by a direct call (halves in turn)."""
    import nbkeras as keras

    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((300,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(10)])
    x = np.random.default_rng(4).random((96, 300), dtype=np.float32)
    direct = np.asarray(model(x[:64]))
    predicted = model.predict(x, batch_size=64, verbose=0)
    np.testing.assert_array_equal(predicted[:64], direct)


def _adam_buffers(size, seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(size, dtype=np.float32) for _ in range(2)] + \
        [rng.random(size, dtype=np.float32) * 0.1 for _ in range(2)]


@pytest.mark.parametrize("size", [two_cores.SPLIT_VALUES, 101_770])
def test_adam_on_two_cores_gives_the_kernels_bits(size, monkeypatch):
    from nbkeras.kernels.optimizers import adam_update

    split, whole = _adam_buffers(size, 5), _adam_buffers(size, 5)
    hyper = (1e-3, 0.9, 0.999, 1e-7)
    monkeypatch.setattr(two_cores, "SPINS", 1 << 62)   # awake between the steps of this loop
    try:
        with blas_threads.one_thread():
            _awake_worker()                            # Adam uses the worker only when it is awake
            for step in range(1, 30):
                for buffer in (split[1], whole[1]):
                    buffer[...] = np.random.default_rng(step).standard_normal(size, dtype=np.float32)
                assert two_cores.adam(*split, *hyper, step)
                adam_update(*whole, whole[0][:0], *hyper, step)
    finally:
        two_cores.rest()
    for got, expected in zip(split, whole):
        np.testing.assert_array_equal(got, expected)


def test_adam_stays_on_one_core_when_small_float64_blas_is_free_or_the_worker_sleeps():
    small = _adam_buffers(two_cores.SPLIT_VALUES - 1, 0)
    with blas_threads.one_thread():
        _asleep_worker()
        assert not two_cores.adam(*_adam_buffers(1 << 16, 0), 1e-3, 0.9, 0.999, 1e-7, 1)
        assert two_cores._workers[0].sleeping
        assert not two_cores.adam(*small, 1e-3, 0.9, 0.999, 1e-7, 1)
        assert not two_cores.adam(*[b.astype(np.float64) for b in _adam_buffers(1 << 16, 0)],
                                  1e-3, 0.9, 0.999, 1e-7, 1)
    assert not two_cores.adam(*_adam_buffers(1 << 16, 0), 1e-3, 0.9, 0.999, 1e-7, 1)


@needs_gemm
def test_a_worker_told_to_rest_returns_at_once():
    state, reals = two_core_products.new_state()
    state[two_core_products.REST] = 1
    assert two_core_products.serve(two_cores.numpy_sgemm(), state, reals, 1 << 62) == 0


def test_the_python_halves_send_the_products_worker_to_sleep(monkeypatch):
    """recurrent_halves.run_two (conv, pooling, recurrent halves) needs the second CPU itself."""
    from nbkeras.ops.nn.recurrent_halves import run_two

    if two_cores.threads() < 2:
        pytest.skip("one CPU: nothing runs at once")
    monkeypatch.setattr(two_cores, "SPINS", 1 << 62)   # never sleeps on its own
    a, b = _factors(32, 784, 128)
    try:
        with blas_threads.one_thread():
            worker = _awake_worker()                   # with endless spins
            time.sleep(0.05)
            assert not worker.sleeping
            run_two(lambda: None, lambda: None)
            assert _until(lambda: worker.sleeping)
    finally:
        two_cores.rest()


def test_rest_reaches_a_worker_woken_but_not_yet_running(monkeypatch):
    """A caller may wake the worker, run both halves itself and ask it to rest before the
    woken thread gets a core (a busy machine: CI saw it). The worker must then rest, not
    spin beside the thread that asked for the CPU."""
    import sys

    if two_cores.threads() < 2:
        pytest.skip("one CPU: no worker")
    monkeypatch.setattr(two_cores, "SPINS", 1 << 62)   # never sleeps on its own
    interval = sys.getswitchinterval()
    try:
        with blas_threads.one_thread():
            worker = _asleep_worker()
            sys.setswitchinterval(1.0)                 # this thread keeps the GIL until rest()
            assert two_cores.free_worker() is worker   # wakes it: it needs the GIL to go on
            worker.busy.release()
            two_cores.rest()
            sys.setswitchinterval(interval)
            time.sleep(0.05)                           # the worker runs now
            assert _until(lambda: worker.sleeping, seconds=2)
    finally:
        sys.setswitchinterval(interval)
        two_cores.rest()


def _until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.001)
    return condition()


@pytest.mark.parametrize("shape, dtype", [((1000, 784), np.float32), ((300, 28, 28, 3), np.uint8),
                                          ((5000, 20), np.float64)])
def test_batch_rows_copied_on_two_cores_are_numpys(shape, dtype, monkeypatch):
    data = (np.random.default_rng(0).random(shape) * 200).astype(dtype)
    monkeypatch.setattr(two_cores, "SPINS", 1 << 62)
    try:
        with blas_threads.one_thread():
            _awake_worker()
            for seed in range(5):
                index = np.random.default_rng(seed).permutation(len(data))[:513]
                assert index.size * data[0].nbytes >= two_cores.SPLIT_BYTES
                got = two_cores.take_rows(data, index)
                assert got.flags.c_contiguous and got.dtype == data.dtype
                np.testing.assert_array_equal(got, data[index])
    finally:
        two_cores.rest()


def test_object_rows_are_indexed_by_numpy_never_copied_as_bytes(monkeypatch):
    import sys

    words = np.array([f"word {i}" for i in range(20000)], dtype=object)   # 160 KB of references
    item = words[5]
    before = sys.getrefcount(item)
    monkeypatch.setattr(two_cores, "SPINS", 1 << 62)
    try:
        with blas_threads.one_thread():
            _awake_worker()
            batch = two_cores.take_rows(words, np.full(10000, 5))
    finally:
        two_cores.rest()
    assert sys.getrefcount(item) == before + 10000                       # each row a counted reference
    del batch
    assert sys.getrefcount(item) == before


def test_small_strided_or_sliced_batches_are_numpys_indexing():
    data = np.arange(40.0).reshape(20, 2)
    index = np.array([3, 1, 19])
    np.testing.assert_array_equal(two_cores.take_rows(data, index), data[index])
    np.testing.assert_array_equal(two_cores.take_rows(data[:, :1], index), data[index, :1])
    assert np.shares_memory(two_cores.take_rows(data, slice(2, 5)), data)   # a view, as NumPy gives


def _asleep_worker():
    """Inside ``one_thread``: the products' worker, made if needed, asleep."""
    two_cores.matmul(*_factors(32, 784, 128))
    two_cores.rest()
    assert _until(lambda: two_cores._workers[0].sleeping)
    return two_cores._workers[0]


def _awake_worker():
    """Inside ``one_thread``: the worker, woken with the ``SPINS`` of now."""
    worker = _asleep_worker()
    two_cores.matmul(*_factors(32, 784, 128))
    assert _until(lambda: not worker.sleeping)
    return worker


def test_one_thread_asked_by_the_environment_means_no_second_thread(monkeypatch):
    monkeypatch.setattr(two_cores, "_threads", [])
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert two_cores.threads() == 1
    monkeypatch.setattr(two_cores, "_threads", [])
    monkeypatch.delenv("OMP_NUM_THREADS")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "not a number")
    assert two_cores.threads() == min(blas_threads.cpu_quota(), __import__("numba").config.NUMBA_NUM_THREADS)


def test_busy_cpus_keep_the_halves_on_the_calling_thread_for_a_while(monkeypatch):
    switches = iter(range(0, 1 << 30, 1000))    # 1000 involuntary switches between two checks
    monkeypatch.setattr(two_cores, "_involuntary_switches", lambda: next(switches))
    monkeypatch.setattr(two_cores, "CHECK_EVERY", 2)
    monkeypatch.setattr(two_cores, "_contention", _fresh_contention())
    a, b = _factors(32, 784, 128)
    with blas_threads.one_thread():
        for _ in range(7):                        # a first reading, then two busy ones in a row
            np.testing.assert_array_equal(two_cores.matmul(a, b), fixed_order.matmul(a, b))
        assert two_cores._contention["until"] > time.monotonic()
        assert two_cores.free_worker() is None
        monkeypatch.setattr(two_cores, "_involuntary_switches", lambda: 7)
        two_cores._contention["until"] = time.monotonic() - 1.0     # the back-off is over
        assert not any(two_cores._contended() for _ in range(9))     # quiet: no switches


def test_free_cpus_and_a_single_busy_reading_never_back_off(monkeypatch):
    readings = iter([0, 0, 0, 1000, 1000, 1000, 1000, 1000] + [1000] * 100)  # one busy reading, then quiet
    monkeypatch.setattr(two_cores, "_involuntary_switches", lambda: next(readings))
    monkeypatch.setattr(two_cores, "CHECK_EVERY", 1)
    monkeypatch.setattr(two_cores, "_contention", _fresh_contention())
    assert not any(two_cores._contended() for _ in range(30))
