"""Conv and pooling ops on two halves of the images: the same bits with 1 or 2 threads.

The halves match one piece within rounding only: OpenBLAS may pick another
kernel for a product of half the rows (its small-matrix kernels below ~1M
multiply-adds), so the split depends on the shapes only, never on the threads.
"""

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers, ops
from nbkeras.ops.nn import conv_plain, image_halves, pooling, recurrent_halves
from nbkeras.ops.nn.conv import ConvOp, ConvTransposeOp
from nbkeras.ops.tape import GradientTape
from nbkeras.utils.gradient_check import check_gradients

NEVER = 1 << 62

FAMILIES = [
    (lambda: layers.Conv2D(5, 3, activation="relu"), (7, 9, 8, 3)),
    (lambda: layers.Conv2D(4, (3, 2), strides=2, padding="same", dilation_rate=1), (6, 9, 7, 2)),
    (lambda: layers.Conv2D(3, 3, dilation_rate=2, activation="softmax"), (5, 9, 9, 2)),
    (lambda: layers.Conv1D(6, 3, padding="causal", activation="tanh"), (9, 12, 3)),
    (lambda: layers.Conv2D(4, 3, groups=2), (4, 7, 7, 4)),
    (lambda: layers.DepthwiseConv2D(3, depth_multiplier=2), (4, 7, 7, 3)),
    (lambda: layers.SeparableConv2D(5, 3, padding="same"), (4, 7, 7, 3)),
    (lambda: layers.Conv2DTranspose(3, 3, strides=2, activation="relu"), (4, 5, 5, 2)),
    (lambda: layers.Conv1DTranspose(4, 3, strides=2, padding="same"), (5, 6, 3)),
    (lambda: layers.Conv3D(3, 2), (3, 4, 5, 5, 2)),
    (lambda: layers.MaxPooling2D(2), (7, 8, 9, 3)),
    (lambda: layers.MaxPooling2D(3, strides=2, padding="same"), (6, 9, 8, 2)),
    (lambda: layers.AveragePooling2D(2, padding="same"), (7, 9, 9, 3)),
    (lambda: layers.MaxPooling1D(2), (5, 10, 3)),
    (lambda: layers.AveragePooling1D(3, strides=1), (5, 10, 3)),
    (lambda: layers.MaxPooling3D(2), (3, 4, 4, 4, 2)),
]


def split_always(monkeypatch, threads):
    """Every conv and pooling call runs as two halves, on ``threads`` threads."""
    monkeypatch.setattr(conv_plain, "SPLIT_PRODUCT", 0)
    monkeypatch.setattr(pooling, "SPLIT_CELLS", 0)
    monkeypatch.setattr(recurrent_halves, "threads", lambda: threads)


def split_never(monkeypatch):
    monkeypatch.setattr(conv_plain, "SPLIT_PRODUCT", NEVER)
    monkeypatch.setattr(pooling, "SPLIT_CELLS", NEVER)


def outputs_and_gradients(make, shape):
    """The layer's output and the gradients of its input and weights, as float32 arrays."""
    keras.utils.set_random_seed(3)
    layer = make()
    x = keras.Variable(np.random.default_rng(1).normal(0, 1, shape).astype(np.float32))
    with GradientTape() as tape:
        y = layer(x)
        loss = ops.sum(y * y)
    grads = tape.gradient(loss, [x, *layer.trainable_weights])
    return [np.asarray(y.data)] + [np.asarray(g.data if hasattr(g, "data") else g) for g in grads]


@pytest.mark.parametrize("make, shape", FAMILIES)
def test_halves_give_the_same_bits_on_one_or_two_threads(monkeypatch, make, shape):
    split_always(monkeypatch, 2)
    two = outputs_and_gradients(make, shape)
    split_always(monkeypatch, 1)
    one = outputs_and_gradients(make, shape)
    split_never(monkeypatch)
    whole = outputs_and_gradients(make, shape)
    assert len(whole) == len(two) == len(one)
    for a, b, c in zip(two, one, whole):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_allclose(a, c, rtol=1e-5, atol=1e-5)


def cnn():
    keras.utils.set_random_seed(5)
    model = keras.Sequential([keras.Input((10, 10, 1)), layers.Conv2D(6, 3, activation="relu"),
                              layers.MaxPooling2D(2), layers.Conv2D(5, 2, activation="relu"),
                              layers.AveragePooling2D(2), layers.Flatten(),
                              layers.Dense(3, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    return model


def test_training_and_predict_give_the_same_bits_on_one_or_two_threads(monkeypatch):
    """Through fit (the kernel gradient into the optimizer's buffer, replayed steps) and predict."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(0, 1, (45, 10, 10, 1)).astype(np.float32), rng.integers(0, 3, 45)
    results = []
    for threads in (1, 2):
        split_always(monkeypatch, threads)
        model = cnn()
        model.fit(x, y, batch_size=20, epochs=2, verbose=0, shuffle=False)
        results.append([w.numpy() for w in model.weights] + [model.predict(x, batch_size=20, verbose=0)])
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("strides, padding, activation", [((1, 1), "valid", 1), ((2, 1), "same", 3)])
def test_gradients_of_the_halves_float64(monkeypatch, strides, padding, activation):
    """Odd batch (halves of 1 and 2 images) and odd filters (kernel-gradient columns 2 + 3)."""
    split_always(monkeypatch, 2)
    rng = np.random.default_rng(2)
    x, kernel, bias = rng.normal(size=(3, 6, 5, 2)), rng.normal(size=(3, 2, 2, 5)), rng.normal(size=5)
    result = check_gradients(lambda a, k, b: ConvOp.apply(a, k, b, strides=strides, dilation=(1, 1),
                                                          padding=padding, groups=1,
                                                          activation=activation), [x, kernel, bias])
    assert result["ok"], result


@pytest.mark.parametrize("strides, padding", [((2, 2), "valid"), ((1, 2), "same")])
def test_gradients_of_the_transposed_halves_float64(monkeypatch, strides, padding):
    split_always(monkeypatch, 2)
    rng = np.random.default_rng(4)
    x, kernel, bias = rng.normal(size=(3, 3, 4, 2)), rng.normal(size=(3, 2, 5, 2)), rng.normal(size=5)
    result = check_gradients(lambda a, k, b: ConvTransposeOp.apply(a, k, b, strides=strides, dilation=(1, 1),
                                                                   padding=padding, output_padding=None,
                                                                   activation=3), [x, kernel, bias])
    assert result["ok"], result


def test_the_split_depends_on_the_shapes_only():
    assert image_halves.image_halves(64, 10, 100) == [(0, 64)]
    assert image_halves.image_halves(1, 10 ** 9, 100) == [(0, 1)]
    assert image_halves.image_halves(33, 100, 100) == [(0, 16), (16, 33)]


def test_scratch_buffers_are_aligned_and_reused():
    class Owner:
        pass

    owner = Owner()
    first = image_halves.scratch(owner, "cols", (7, 3), np.float32)
    assert first.ctypes.data % 64 == 0 and first.shape == (7, 3) and first.dtype == np.float32
    assert image_halves.scratch(owner, "cols", (7, 3), np.float32) is first
    assert image_halves.scratch(owner, "cols", (8, 3), np.float32) is not first
    for size in range(1, 9):
        assert image_halves.aligned_empty((size, 5), np.float64).ctypes.data % 64 == 0


def test_run_two_takes_back_the_first_call_when_the_worker_has_not_started_it(monkeypatch):
    """A worker that has not started the handed-over call (on a busy machine it may wait
    for a time slice; here its thread never runs) does not make the caller wait: the
    caller runs the call itself. Without the take-back the caller would wait forever."""
    import threading

    monkeypatch.setattr(recurrent_halves, "threads", lambda: 2)
    with monkeypatch.context() as patch:
        patch.setattr(threading.Thread, "start", lambda thread: None)
        idle = recurrent_halves._Worker()
    monkeypatch.setattr(recurrent_halves, "_pool", [idle])
    ran_on = []

    def caller():
        recurrent_halves.run_two(lambda: ran_on.append(threading.get_ident()), lambda: ran_on.append("second"))

    calling = threading.Thread(target=caller, daemon=True)
    calling.start()
    calling.join(timeout=20)
    assert not calling.is_alive(), "run_two waited for a worker that never started the call"
    assert ran_on == ["second", calling.ident]
    recurrent_halves.run_two(lambda: ran_on.append("again"), lambda: None)  # the worker is free again
    assert ran_on[-1] == "again"

def test_the_kernels_the_halves_call_release_the_gil():
    """Two threads run them at once only if they release the GIL (a merge could lose ``nogil``)."""
    from nbkeras.kernels import conv, dense, families, kernels_of
    from nbkeras.kernels import pooling as pooling_kernels

    families()
    for family in (conv, pooling_kernels, dense):
        kernels = kernels_of(family)
        assert kernels, family.__name__
        for name, kernel in kernels.items():
            assert kernel.targetoptions.get("nogil"), f"{family.__name__}.{name} holds the GIL"


def count_hand_overs(monkeypatch):
    """A list that grows by one at each hand-over of halves to the worker thread."""
    calls, real = [], image_halves.run_two

    def counting(first, second):
        calls.append(1)
        real(first, second)

    monkeypatch.setattr(image_halves, "run_two", counting)
    return calls


def test_a_replayed_step_hands_a_run_of_conv_and_pooling_ops_over_once(monkeypatch):
    """Conv, max pool, conv, average pool: 4 hand-overs a batch on the ordinary path, 1 replayed."""
    split_always(monkeypatch, 2)
    x = np.random.default_rng(0).normal(0, 1, (100, 10, 10, 1)).astype(np.float32)
    calls = count_hand_overs(monkeypatch)
    model = cnn()
    model.predict(x, batch_size=20, verbose=0)
    assert str(model.step_plan).endswith("[steps: 2 recorded, 3 replayed]"), model.step_plan
    assert len(calls) == 2 * 4 + 3 * 1
    calls.clear()
    eager = cnn()
    eager.compile("adam", "sparse_categorical_crossentropy", run_eagerly=True)
    eager.predict(x, batch_size=20, verbose=0)
    assert len(calls) == 5 * 4


def test_replayed_steps_with_deferred_halves_are_bit_identical_to_the_ordinary_path(monkeypatch):
    """Fit (gradients into the optimizer's buffers, updates inside the backward walk) and predict."""
    split_always(monkeypatch, 2)
    rng = np.random.default_rng(0)
    x, y = rng.normal(0, 1, (45, 10, 10, 1)).astype(np.float32), rng.integers(0, 3, 45)
    results = []
    for eagerly in (False, True):
        model = cnn()
        model.compile("adam", "sparse_categorical_crossentropy", run_eagerly=eagerly)
        model.fit(x, y, batch_size=20, epochs=2, verbose=0, shuffle=False)
        assert model.step_plan.paths["fit"][0] == ("ordinary" if eagerly else "replayed")
        results.append([w.numpy() for w in model.weights] + [model.predict(x, batch_size=20, verbose=0)])
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_queued_halves_run_before_anything_reads_their_arrays():
    """``contiguous`` of a queued op's output and ``flush`` run the queue; ``discard`` drops it."""
    out, ran = np.zeros((4, 3)), []

    def part(index, lo, hi):
        out[lo:hi] = index + 1
        ran.append(index)

    halves = image_halves.image_halves(4, 1, 0)

    class Deferring:
        defers_halves = True

    image_halves.Deferral.begin(Deferring())
    image_halves.run_halves(part, halves, after=lambda: ran.append("after"))
    image_halves.Deferral.end()
    assert ran == [] and not out.any()
    column = image_halves.contiguous(out[:, 1])
    assert sorted(ran[:2]) == [0, 1] and ran[2] == "after"
    np.testing.assert_array_equal(column, [1, 1, 2, 2])

    ran.clear()
    image_halves.Deferral.begin(Deferring())
    image_halves.run_halves(part, halves)
    image_halves.Deferral.discard()
    image_halves.flush()
    assert ran == []
    image_halves.Deferral.begin(object())  # an op without defers_halves runs its halves at once
    image_halves.run_halves(part, halves)
    image_halves.Deferral.end()
    assert sorted(ran) == [0, 1]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("relu", [True, False])
def test_the_one_sweep_relu_and_bias_kernel_gives_the_two_dense_kernels_bits(dtype, relu):
    from nbkeras.kernels import conv, dense

    rng = np.random.default_rng(7)
    y = np.maximum(rng.normal(size=(301, 6)), 0).astype(dtype)
    dy = rng.normal(size=(301, 6)).astype(dtype)
    dz = np.empty_like(y)
    bias = conv.conv_backward_bias(y, dy, relu, dz)
    expected = dense.dense_activation_backward(y, dy, dense.RELU if relu else dense.LINEAR)
    np.testing.assert_array_equal(dz, expected)
    np.testing.assert_array_equal(bias, dense.bias_gradient(expected))
    assert bias.dtype == dtype


def _two_paths():
    inputs = keras.Input((10, 10, 2))
    shared = layers.Conv2D(4, 3, activation="relu")(inputs)  # read by a pool and by a conv
    a = layers.Flatten()(layers.MaxPooling2D()(shared))
    b = layers.Flatten()(layers.Conv2D(2, 3, padding="same", use_bias=False)(shared))
    return keras.Model(inputs, layers.Dense(3, activation="softmax")(layers.Concatenate()([a, b])))


def _normalized_between():
    return keras.Sequential([keras.Input((10, 10, 2)), layers.Conv2D(4, 3), layers.BatchNormalization(),
                             layers.Activation("relu"), layers.Conv2D(3, 3, activation="relu"),
                             layers.AveragePooling2D(2, padding="same"), layers.GlobalMaxPooling2D(),
                             layers.Dense(3, activation="softmax")])


def _one_dimensional():
    return keras.Sequential([keras.Input((12, 3)), layers.Conv1D(4, 3, padding="causal", activation="relu"),
                             layers.MaxPooling1D(2), layers.Conv1D(4, 2, activation="tanh"),
                             layers.AveragePooling1D(2), layers.GlobalAveragePooling1D(),
                             layers.Dense(3, activation="softmax")])


def _not_plain():
    return keras.Sequential([keras.Input((9, 9, 4)), layers.Conv2D(4, 3, groups=2, activation="relu"),
                             layers.MaxPooling2D(2, strides=1), layers.SeparableConv2D(3, 2),
                             layers.DepthwiseConv2D(2), layers.Flatten(),
                             layers.Dense(3, activation="softmax")])


def _volumes():
    return keras.Sequential([keras.Input((4, 6, 6, 2)), layers.Conv3D(3, 2, activation="relu"),
                             layers.MaxPooling3D(2, padding="same"), layers.Flatten(),
                             layers.Dense(3, activation="softmax")])


@pytest.mark.parametrize("build, shape", [
    (_two_paths, (10, 10, 2)), (_normalized_between, (10, 10, 2)), (_one_dimensional, (12, 3)),
    (_not_plain, (9, 9, 4)), (_volumes, (4, 6, 6, 2)),
], ids=["output-read-twice", "batchnorm-between", "1d", "grouped-separable-depthwise", "3d"])
def test_deferred_halves_keep_every_conv_family_bit_identical_to_the_ordinary_path(monkeypatch, build, shape):
    """Every call split in two (the last batch too: 23 = 10 + 10 + 3), plan against ``run_eagerly``."""
    split_always(monkeypatch, 2)
    rng = np.random.default_rng(3)
    x, y = rng.normal(0, 1, (23,) + shape).astype(np.float32), rng.integers(0, 3, 23)
    results = []
    for eagerly in (False, True):
        keras.utils.set_random_seed(8)
        model = build()
        model.compile("adam", "sparse_categorical_crossentropy", run_eagerly=eagerly)
        model.fit(x, y, batch_size=10, epochs=2, verbose=0, shuffle=False)
        assert model.step_plan.paths["fit"][0] == ("ordinary" if eagerly else "replayed"), model.step_plan
        results.append([w.numpy() for w in model.weights] + [model.predict(x, batch_size=10, verbose=0)])
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)
