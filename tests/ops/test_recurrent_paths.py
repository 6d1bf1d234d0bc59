"""The recurrent op's step loop in Numba (NumPy's BLAS by pointer, two row halves) against its Python loop."""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import ops
from nbkeras.ops.nn import recurrent_base, recurrent_blas, recurrent_halves
from nbkeras.ops.nn.recurrent import GRUOp, GRUResetBeforeOp, LSTMOp, SimpleRNNOp
from nbkeras.ops.tape import GradientTape

GATES = {LSTMOp: 4, GRUOp: 3, GRUResetBeforeOp: 3, SimpleRNNOp: 1}


def run(op_class, batch, dtype, masked=False, dropped=False, go_backwards=False, return_sequences=False,
        features=3, units=5):
    """Outputs, final states and the gradients of x and the three weights, as arrays."""
    steps, gates = 6, GATES[op_class]
    rng = np.random.default_rng(batch)
    x = keras.Variable(rng.normal(0, 1, (batch, steps, features)).astype(dtype))
    weights = [keras.Variable(rng.normal(0, 0.5, shape).astype(dtype)) for shape in
               ((features, gates * units), (units, gates * units),
                (2, 3 * units) if op_class is GRUOp else (gates * units,))]
    initial = [rng.normal(0, 0.5, (batch, units)).astype(dtype) for _ in range(2 if op_class is LSTMOp else 1)]
    mask = rng.random((batch, steps)) > 0.3 if masked else None
    recurrent_mask = (rng.random((batch, units)) > 0.5).astype(dtype) * 2 if dropped else None
    with GradientTape() as tape:
        outputs = op_class.apply(x, *weights, *initial, mask, recurrent_mask, go_backwards=go_backwards,
                                 return_sequences=return_sequences)
        loss = sum(ops.sum(o * o) for o in outputs)
    grads = tape.gradient(loss, [x, *weights])
    return [np.asarray(getattr(a, "data", a)) for a in (*outputs, *grads)]


def python_loop(monkeypatch):
    monkeypatch.setattr(recurrent_base, "numpy_gemm", lambda dtype: None)


@pytest.mark.parametrize("op_class", [LSTMOp, GRUOp, GRUResetBeforeOp, SimpleRNNOp])
@pytest.mark.parametrize("batch,dtype,options", [
    (7, np.float32, {}),  # one range of rows
    (64, np.float32, {"masked": True}),  # two halves
    (33, np.float64, {"dropped": True, "return_sequences": True}),  # halves of 16 and 17 rows
    (40, np.float32, {"go_backwards": True, "masked": True, "return_sequences": True}),
    (20, np.float32, {"features": 300}),  # x @ kernel in fixed-order blocks: one product beforehand
    (18, np.float32, {"units": 256}),  # x_t @ kernel made in the gates, h @ U added by BLAS; dz @ U.T in blocks
])
def test_numba_loop_gives_the_bits_of_the_python_loop(monkeypatch, op_class, batch, dtype, options):
    fast = run(op_class, batch, dtype, **options)
    python_loop(monkeypatch)
    slow = run(op_class, batch, dtype, **options)
    for a, b in zip(fast, slow):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("op_class", [LSTMOp, GRUOp, GRUResetBeforeOp])
def test_results_do_not_depend_on_the_thread_count(monkeypatch, op_class):
    monkeypatch.setattr(recurrent_halves, "threads", lambda: 2)
    two = run(op_class, 48, np.float32, masked=True, return_sequences=True)
    monkeypatch.setattr(recurrent_halves, "threads", lambda: 1)
    one = run(op_class, 48, np.float32, masked=True, return_sequences=True)
    for a, b in zip(two, one):
        np.testing.assert_array_equal(a, b)


def test_the_kernels_sum_in_the_blocks_of_fixed_order():
    from nbkeras.kernels import recurrent_sequence
    from nbkeras.ops import fixed_order

    assert recurrent_sequence.FIXED_ORDER_BLOCK == fixed_order.K_BLOCK
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 1, (9, 1030)).astype(np.float32), rng.normal(0, 1, (1030, 7)).astype(np.float32)
    c = np.empty((9, 7), np.float32)
    recurrent_sequence.gemm_rows(recurrent_blas.numpy_gemm(np.float32), a, b, c)
    np.testing.assert_array_equal(c, fixed_order.matmul(a, b))


def test_the_split_depends_on_the_batch_only():
    assert recurrent_halves.row_halves(recurrent_halves.SPLIT_BATCH - 1) == [(0, recurrent_halves.SPLIT_BATCH - 1)]
    assert recurrent_halves.row_halves(64) == [(0, 32), (32, 64)]
    assert recurrent_halves.row_halves(33) == [(0, 16), (16, 33)]


def test_inference_keeps_one_step_of_gates_and_the_same_outputs():
    rng = np.random.default_rng(0)
    x = rng.normal(0, 1, (20, 9, 3)).astype(np.float32)
    weights = [rng.normal(0, 0.5, shape).astype(np.float32) for shape in ((3, 16), (4, 16), (16,))]
    initial = [np.zeros((20, 4), np.float32)] * 2
    op = LSTMOp()
    op.needs_input_grad = (False,) * 8
    inference = op.forward(x, *weights, *initial, None, None, return_sequences=True)
    assert op.gates.shape[0] == 1
    kept = LSTMOp()
    kept.needs_input_grad, kept.keep_steps = (False,) * 8, True
    for a, b in zip(inference, kept.forward(x, *weights, *initial, None, None, return_sequences=True)):
        np.testing.assert_array_equal(a, b)
    assert kept.gates.shape[0] == 9


def test_numpy_gemm_is_numpys_openblas_or_none(monkeypatch):
    gemm = recurrent_blas.numpy_gemm(np.float32)
    assert gemm is not None, "this machine's NumPy bundles OpenBLAS; the lookup must find it"
    a, b, c = np.ones((2, 3), np.float32), np.full((3, 4), 2.0, np.float32), np.empty((2, 4), np.float32)
    gemm(101, 111, 111, 2, 4, 3, 1.0, a.ctypes.data, 3, b.ctypes.data, 4, 0.0, c.ctypes.data, 4)
    np.testing.assert_array_equal(c, a @ b)
    assert recurrent_blas.numpy_gemm(np.int32) is None
    import threadpoolctl

    # MKL (or no BLAS threadpoolctl knows): no pointer, the Python loop runs.
    monkeypatch.setattr(recurrent_blas, "_found", {})
    monkeypatch.setattr(threadpoolctl, "threadpool_info", lambda: [
        {"user_api": "blas", "internal_api": "mkl", "filepath": "/opt/libmkl_rt.so"}])
    assert recurrent_blas.numpy_gemm(np.float32) is None


def test_a_forked_child_runs_the_halves_on_its_own_worker(monkeypatch):
    import multiprocessing

    monkeypatch.setattr(recurrent_halves, "threads", lambda: 2)
    expected = run(LSTMOp, 32, np.float32)  # the parent's worker thread exists now
    assert recurrent_halves._pool
    with multiprocessing.get_context("fork").Pool(1) as pool:
        result = pool.apply_async(run, (LSTMOp, 32, np.float32)).get(timeout=120)
    for a, b in zip(expected, result):
        np.testing.assert_array_equal(a, b)


def test_the_worker_hands_errors_back_and_stays_usable(monkeypatch):
    monkeypatch.setattr(recurrent_halves, "threads", lambda: 2)

    def fail():
        raise ValueError("in the worker")

    with pytest.raises(ValueError, match="in the worker"):
        recurrent_halves.run_two(fail, lambda: None)
    ran = []
    recurrent_halves.run_two(lambda: ran.append("first"), lambda: ran.append("second"))
    assert sorted(ran) == ["first", "second"]


def test_a_second_caller_runs_in_turn_while_the_worker_is_busy(monkeypatch):
    import threading

    monkeypatch.setattr(recurrent_halves, "threads", lambda: 2)
    release, callers = threading.Event(), []

    def other_caller():
        record = lambda: callers.append(threading.get_ident())  # noqa: E731
        recurrent_halves.run_two(record, record)
        callers.append(threading.get_ident())

    def second():  # runs while the worker waits in the first job
        thread = threading.Thread(target=other_caller)
        thread.start()
        thread.join(timeout=60)
        release.set()

    recurrent_halves.run_two(lambda: release.wait(timeout=60), second)
    assert len(callers) == 3 and len(set(callers)) == 1  # both halves on the other caller's own thread
