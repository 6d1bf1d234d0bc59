"""fit semantics against real Keras 3 (tests/golden/callbacks.*): uneven batches,
steps_per_epoch on arrays, sample/class weights, generators, validation_freq, initial_epoch."""

import nbkeras as keras
from tests.callbacks.golden_replay import (assert_final_weights, assert_history_close, data,
                                           fit_capturing, load, make_model)

CASES, ARRAYS = load()
D = data(ARRAYS)
BASE = dict(x=D["x"], y=D["y"], batch_size=8, shuffle=False, verbose=0,
            validation_data=(D["x_val"], D["y_val"]))


def test_history_averages_uneven_batches_by_sample_count_like_keras():
    model = make_model(ARRAYS)
    history, _ = fit_capturing(model, x=D["x"][:10], y=D["y"][:10], batch_size=4, epochs=2,
                               shuffle=False, verbose=0)
    assert_history_close(history, CASES["uneven_batches"])
    assert_final_weights(model, ARRAYS, "uneven_batches")


def test_steps_per_epoch_on_arrays_continues_the_pass_like_keras():
    expected = CASES["steps_per_epoch_arrays"]
    batches = []
    recorder = keras.callbacks.LambdaCallback(
        on_train_batch_begin=lambda b, logs: batches.append(b),
        on_epoch_end=lambda e, logs: batches.append(f"end{e}"))
    model = make_model(ARRAYS)
    history, _ = fit_capturing(model, x=D["x"][:24], y=D["y"][:24], batch_size=8, epochs=4,
                               steps_per_epoch=2, shuffle=False, verbose=0,
                               callbacks=[recorder])
    assert batches == expected["batches"]
    assert history.params == expected["params"]
    assert_history_close(history, expected)
    assert_final_weights(model, ARRAYS, "steps_per_epoch_arrays")


def test_sample_weight_like_keras():
    model = make_model(ARRAYS)
    history, _ = fit_capturing(model, **BASE, sample_weight=D["sample_weight"], epochs=2)
    assert_history_close(history, CASES["sample_weight"])
    assert_final_weights(model, ARRAYS, "sample_weight")


def test_class_weight_like_keras():
    model = make_model(ARRAYS, loss="binary_crossentropy", activation="sigmoid",
                       metrics=["accuracy"])
    history, _ = fit_capturing(model, **dict(BASE, y=D["labels"], validation_data=None),
                               class_weight={0: 0.3, 1: 2.0}, epochs=2)
    assert_history_close(history, CASES["class_weight"])
    assert_final_weights(model, ARRAYS, "class_weight")


def test_generator_of_weighted_batches_like_keras():
    def generator():
        for start in range(0, 40, 8):
            yield (D["x"][start:start + 8], D["y"][start:start + 8],
                   D["sample_weight"][start:start + 8])

    model = make_model(ARRAYS)
    history, _ = fit_capturing(model, x=generator(), epochs=1, verbose=0)
    assert history.params["steps"] is None
    assert_history_close(history, CASES["generator_weighted"])
    assert_final_weights(model, ARRAYS, "generator_weighted")


def test_validation_freq_list_like_keras():
    history, _ = fit_capturing(make_model(ARRAYS), **BASE, epochs=4, validation_freq=[2, 4])
    assert len(history.history["val_loss"]) == 2
    assert_history_close(history, CASES["validation_freq"])


def test_initial_epoch_like_keras():
    history, _ = fit_capturing(make_model(ARRAYS), **BASE, epochs=3, initial_epoch=1)
    assert history.params == CASES["initial_epoch"]["params"]
    assert_history_close(history, CASES["initial_epoch"])
