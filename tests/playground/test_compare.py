"""Comparison: two configurations side by side, each with the numbers it would reach alone."""

from nbkeras.playground import Comparison, Playground


def test_b_differs_only_where_asked_and_trains_as_if_alone():
    pair = Comparison(Playground(dataset="spiral", hidden=[8], seed=4), hidden=[8, 8], activation="relu")
    assert pair.b.config.replace(hidden=[8], activation="tanh") == pair.a.config
    for a_array, b_array in zip(pair.a.points, pair.b.points):  # the same data
        assert (a_array == b_array).all()
    pair.train(3)
    assert pair.a.epoch == pair.b.epoch == 3
    assert pair.a.history == Playground(dataset="spiral", hidden=[8], seed=4).train(3).history
    assert pair.b.history == Playground(dataset="spiral", hidden=[8, 8], activation="relu",
                                        seed=4).train(3).history
    assert set(pair.losses()) == {"a", "b"}


def test_show_reset_and_png():
    pair = Comparison(Playground(dataset="xor", hidden=[2]), learning_rate=1.0).train(1)
    assert repr(pair.show()) == ("Playground snapshot: xor, 2 tanh, sgd lr 0.03, epoch 1; "
                                 "xor, 2 tanh, sgd lr 1, epoch 1")
    assert pair.to_png().startswith(b"\x89PNG")
    pair.reset()
    assert pair.a.epoch == pair.b.epoch == 0
    assert "| B: xor, 2 tanh, sgd lr 1" in repr(pair)
