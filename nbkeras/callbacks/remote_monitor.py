"""RemoteMonitor: POST the epoch logs as JSON to a server (standard library only)."""

import json
import urllib.parse
import urllib.request
import warnings

from nbkeras.callbacks.callback import Callback


class RemoteMonitor(Callback):
    """Sends ``{"epoch": e, **logs}`` to ``root + path`` after every epoch.

    Args:
        root: the server root URL.
        path: the path of the endpoint.
        field: the form field holding the JSON (when ``send_as_json=False``).
        headers: extra HTTP headers.
        send_as_json: send the body as ``application/json``.
    """

    def __init__(self, root="http://localhost:9000", path="/publish/epoch/end/", field="data",
                 headers=None, send_as_json=False):
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        send = {"epoch": epoch}
        for key, value in (logs or {}).items():
            send[key] = float(value) if hasattr(value, "__float__") else value
        if self.send_as_json:
            body = json.dumps(send).encode()
            headers = dict(self.headers or {}, **{"Content-Type": "application/json"})
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(send)}).encode()
            headers = dict(self.headers or {})
        request = urllib.request.Request(self.root + self.path, data=body, headers=headers,
                                         method="POST")
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except OSError:
            warnings.warn(f"Could not reach server at root URL {self.root}", stacklevel=2)
