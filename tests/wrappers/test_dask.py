"""Grid and random searches on a Dask cluster (joblib's "dask" backend) equal the serial run.

The cluster is local (2 worker processes on the loopback interface, no network) and
its workers share one kernel cache directory through NUMBA_CACHE_DIR.
"""

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")
joblib = pytest.importorskip("joblib")
pytest.importorskip("sklearn")

from sklearn.model_selection import GridSearchCV, RandomizedSearchCV  # noqa: E402

import nbkeras as keras  # noqa: E402
from nbkeras.wrappers import SKLearnClassifier  # noqa: E402
from tests.wrappers.models import softmax_model  # noqa: E402


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cache = tmp_path_factory.mktemp("numba-cache")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=None,
                                  env={"NUMBA_CACHE_DIR": str(cache)}) as local, \
            distributed.Client(local) as client:
        yield client, cache


def worker_cache_dir():
    import numba

    return numba.config.CACHE_DIR


def search_data():
    x, y = keras.datasets.make_blobs(90, n_classes=3, n_features=4, seed=1)
    return x, y


def estimator():
    return SKLearnClassifier(model=softmax_model, fit_kwargs={"epochs": 3, "verbose": 0},
                             random_state=0)


GRID = {"model_kwargs": [{"hidden": (4,)}, {"hidden": (12,)}],
        "fit_kwargs": [{"epochs": 2, "verbose": 0}, {"epochs": 5, "verbose": 0}]}


def test_grid_search_on_two_dask_workers_equals_the_serial_search(cluster):
    client, cache = cluster
    x, y = search_data()
    serial = GridSearchCV(estimator(), GRID, cv=2, n_jobs=1).fit(x, y)
    with joblib.parallel_backend("dask"):
        on_dask = GridSearchCV(estimator(), GRID, cv=2, n_jobs=-1).fit(x, y)
    for key in ("mean_test_score", "split0_test_score", "split1_test_score"):
        np.testing.assert_array_equal(on_dask.cv_results_[key], serial.cv_results_[key])
    assert on_dask.best_params_ == serial.best_params_
    np.testing.assert_array_equal(on_dask.predict_proba(x), serial.predict_proba(x))


def test_random_search_on_dask_equals_the_serial_search(cluster):
    x, y = search_data()
    space = {"model_kwargs": [{"hidden": (h,)} for h in (2, 4, 8, 16)],
             "fit_kwargs": [{"epochs": e, "verbose": 0} for e in (1, 2, 3)]}
    serial = RandomizedSearchCV(estimator(), space, n_iter=4, cv=2, random_state=0).fit(x, y)
    with joblib.parallel_backend("dask"):
        on_dask = RandomizedSearchCV(estimator(), space, n_iter=4, cv=2, random_state=0,
                                     n_jobs=-1).fit(x, y)
    np.testing.assert_array_equal(on_dask.cv_results_["mean_test_score"],
                                  serial.cv_results_["mean_test_score"])


def test_workers_share_one_kernel_cache_directory(cluster):
    client, cache = cluster
    x, y = search_data()
    with joblib.parallel_backend("dask"):
        GridSearchCV(estimator(), {"fit_kwargs": [{"epochs": 1, "verbose": 0}]}, cv=2,
                     n_jobs=-1).fit(x, y)
    directories = client.run(worker_cache_dir)
    assert len(directories) == 2
    assert set(directories.values()) == {str(cache)}
    assert list(cache.rglob("*.nbi")), "the workers wrote no compiled kernel to the shared cache"
