"""What tab completion shows: the public API of each namespace, no helper modules."""

import pytest

import nbkeras as keras


@pytest.mark.parametrize("namespace", [keras, keras.ops, keras.metrics, keras.losses, keras.layers,
                                       keras.callbacks, keras.optimizers, keras.models,
                                       keras.utils, keras.saving, keras.datasets, keras.random],
                         ids=lambda m: m.__name__)
def test_dir_lists_only_public_names_that_exist(namespace):
    names = dir(namespace)
    assert names == sorted(namespace.__all__)
    assert all(hasattr(namespace, name) for name in names)
    assert not {"difflib", "functions", "lazy_kernels", "np", "numpy"} & set(names)
