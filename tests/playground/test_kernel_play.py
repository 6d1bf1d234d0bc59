"""Play in a real IPython kernel: training runs between cells and the kernel keeps answering."""

import os
import time
from pathlib import Path

import pytest

jupyter_client = pytest.importorskip("jupyter_client")
pytest.importorskip("ipykernel")

REPO = Path(__file__).resolve().parents[2]


def _run(client, code):
    outputs = []

    def keep(message):
        if message["msg_type"] == "stream":
            outputs.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            outputs.append("\n".join(message["content"]["traceback"]))

    reply = client.execute_interactive(code, timeout=120, output_hook=keep)
    assert reply["content"]["status"] == "ok", outputs
    return "".join(outputs)


@pytest.fixture
def kernel():
    env = dict(os.environ, PYTHONPATH=str(REPO))
    manager, client = jupyter_client.manager.start_new_kernel(kernel_name="python3", env=env)
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def _epoch(client):
    return int(_run(client, "print(pg.epoch)"))


def test_play_trains_in_the_background_and_pause_stops_it(kernel):
    _run(kernel, "from nbkeras.playground import Playground\n"
                 "pg = Playground(dataset='spiral', hidden=[8, 8])\napp = pg.app()\napp.play()")
    seen = [_epoch(kernel)]
    deadline = time.monotonic() + 60
    while len(set(seen)) < 4 and time.monotonic() < deadline:  # cells keep running meanwhile
        time.sleep(0.3)
        seen.append(_epoch(kernel))
    assert len(set(seen)) >= 4 and seen == sorted(seen), seen
    assert "Pause" in _run(kernel, "print(app.controls['play'].description)")
    _run(kernel, "app.pause()")
    stopped = _epoch(kernel)
    time.sleep(0.5)
    assert _epoch(kernel) == stopped
    frames = _run(kernel, "print(app.frames > 0, 'Epoch' in app.views['status'].value)")
    assert frames.split() == ["True", "True"]
