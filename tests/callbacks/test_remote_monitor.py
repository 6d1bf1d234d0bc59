"""RemoteMonitor posts each epoch's logs to a server (here a loopback HTTP server in a thread)."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest

import nbkeras as keras


class Recorder(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802 (the http.server API)
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        Recorder.received.append((self.path, self.headers.get("Content-Type"), body,
                                  self.headers.get("X-Course")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Recorder.received = []
    httpd = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fit_with(callback, epochs=2):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    return model.fit(np.ones((8, 2)), np.zeros((8, 1)), epochs=epochs, verbose=0,
                     callbacks=[callback])


def test_posts_one_form_encoded_json_per_epoch(server):
    history = fit_with(keras.callbacks.RemoteMonitor(root=server, headers={"X-Course": "nb"}))
    assert len(Recorder.received) == 2
    for epoch, (path, _, body, header) in enumerate(Recorder.received):
        assert path == "/publish/epoch/end/" and header == "nb"
        sent = json.loads(urllib.parse.parse_qs(body)["data"][0])
        assert sent["epoch"] == epoch
        assert sent["loss"] == pytest.approx(history.history["loss"][epoch], rel=1e-6)
        assert sent["mae"] == pytest.approx(history.history["mae"][epoch], rel=1e-6)


def test_send_as_json_posts_a_json_body(server):
    fit_with(keras.callbacks.RemoteMonitor(root=server, path="/logs", send_as_json=True), epochs=1)
    (path, content_type, body, _), = Recorder.received
    assert path == "/logs" and content_type == "application/json"
    assert set(json.loads(body)) == {"epoch", "loss", "mae"}


def test_unreachable_server_warns_and_training_goes_on():
    with pytest.warns(UserWarning, match="Could not reach server"):
        history = fit_with(keras.callbacks.RemoteMonitor(root="http://127.0.0.1:9"), epochs=1)
    assert len(history.history["loss"]) == 1
