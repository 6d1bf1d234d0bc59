"""Every get() answers an unknown name the same way: kind, name, close matches, valid names."""

import pytest

import nbkeras as keras

FAMILIES = [
    ("activation", keras.activations.get, "relux", "relu"),
    ("initializer", keras.initializers.get, "glorot_unifrom", "glorot_uniform"),
    ("regularizer", keras.regularizers.get, "l22", "l2"),
    ("constraint", keras.constraints.get, "nonneg", "non_neg"),
    ("loss", keras.losses.get, "mean_squared_eror", "mean_squared_error"),
    ("metric", keras.metrics.get, "mean_absolute_eror", "mean_absolute_error"),
    ("optimizer", keras.optimizers.get, "adamm", "adam"),
]


@pytest.mark.parametrize("kind, get, typo, meant", FAMILIES, ids=[f[0] for f in FAMILIES])
def test_an_unknown_name_names_the_kind_the_close_match_and_the_valid_names(kind, get, typo, meant):
    with pytest.raises(ValueError) as error:
        get(typo)
    message = str(error.value)
    assert message.startswith(f"Unknown {kind}: {typo!r}."), message
    assert f"Did you mean {meant!r}" in message
    valid = "losses" if kind == "loss" else f"{kind}s"
    assert f"Valid {valid}: " in message and meant in message.split(f"Valid {valid}: ")[1]


@pytest.mark.parametrize("kind, get", [(f[0], f[1]) for f in FAMILIES if f[0] != "activation"])
def test_an_unknown_class_in_a_config_is_named_with_the_valid_classes(kind, get):
    with pytest.raises(ValueError, match=rf"Unknown {kind} class: 'NoSuchThing'\. Valid {kind} classes: "):
        get({"class_name": "NoSuchThing", "config": {}})


@pytest.mark.parametrize("kind, get", [(f[0], f[1]) for f in FAMILIES])
def test_an_identifier_of_the_wrong_type_says_what_was_expected_and_received(kind, get):
    with pytest.raises(ValueError, match=rf"Could not interpret {kind} identifier: expected .*"
                                         rf"Received: {kind}=3\.5"):
        get(3.5)


def test_serialize_writes_keras_dicts_through_one_registry():
    assert keras.optimizers.serialize(keras.optimizers.SGD())["module"] == "keras.optimizers"
    assert keras.initializers.serialize(keras.initializers.Zeros())["class_name"] == "Zeros"
    assert keras.activations.serialize(keras.activations.silu) == "silu"
