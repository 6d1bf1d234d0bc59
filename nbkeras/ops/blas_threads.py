"""One BLAS thread for the many small products of a recurrent loop.

An LSTM step multiplies a ``(batch, units)`` state by a ``(units, 4 units)``
matrix: about a million multiply-adds, enough for OpenBLAS to split it over
its threads, too little to pay for waking them. On this shared 2-core
machine under load, a 64x64 by 64x256 product took 25 ms with two OpenBLAS
threads and 0.3 ms with one (24 us vs ~15 us when idle). So the recurrent ops
run their loop with BLAS limited to one thread, through threadpoolctl when
it is installed (``pip install threadpoolctl``; without it nothing changes).
"""

import contextlib

_controller = []  # threadpoolctl's view of the loaded BLAS, made once (it costs ~4 ms)


def single_blas_thread(work_size):
    """A context manager limiting BLAS to one thread when ``work_size`` (multiply-adds per product) is small.

    Args:
        work_size: multiply-adds of one per-step product; from 4M on, threads pay off.

    Returns:
        A context manager (a no-op for large products or without threadpoolctl).
    """
    if work_size >= 1 << 22:
        return contextlib.nullcontext()
    if not _controller:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            _controller.append(None)
        else:
            _controller.append(ThreadpoolController())
    if _controller[0] is None:
        return contextlib.nullcontext()
    return _controller[0].limit(limits=1, user_api="blas")
