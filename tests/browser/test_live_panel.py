"""The live training panel in a real browser: JupyterLab + headless Chromium (Playwright).

A notebook without outputs is opened in JupyterLab, the kernel is awaited,
"Run All" is issued, and the page is polled while ``fit(verbose=1)`` runs:
the panel must appear, move through several progress states, reach the last
epoch, and leave the static summary (table + PNG) behind, with no "Error
displaying widget". Screenshots go to a temp dir (printed in the output).

Needs ``/usr/bin/chromium`` (Debian's ``chromium``) and the ``playwright``
Python package; Playwright's own browser download is never used. Without
them the test is skipped, unless ``CI`` is set: then it fails.
Set ``NBKERAS_UPDATE_SCREENSHOTS=1`` to refresh ``docs/images/live_panel.png``.
"""

import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
EPOCHS = 12
REPO = Path(__file__).resolve().parents[2]

MISSING = [name for name, present in
           (("chromium at /usr/bin/chromium (apt-get install chromium)", os.path.exists(CHROMIUM)),
            ("the playwright package (pip install playwright)",
             importlib.util.find_spec("playwright") is not None),
            ("jupyterlab (pip install jupyterlab)",
             importlib.util.find_spec("jupyterlab") is not None))
           if not present]
if MISSING and not os.environ.get("CI"):
    pytest.skip("browser test needs " + " and ".join(MISSING) + " (required when CI is set)",
                allow_module_level=True)

CELLS = [
    """import time
import nbkeras as keras
from nbkeras.datasets import make_stripes

keras.utils.set_random_seed(0)
x, labels = make_stripes(n_samples=1000, seed=0)
y = keras.utils.to_categorical(labels, 3)
model = keras.Sequential([keras.Input(shape=(2, 2)), keras.layers.Flatten(),
                          keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy",
              metrics=["accuracy"])
# slow each batch down a little so that a person (and this test) can watch the panel
slow = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: time.sleep(0.015))""",
    f"""history = model.fit(x, y, epochs={EPOCHS}, batch_size=32, validation_split=0.2,
                    callbacks=[slow], verbose=1)""",
    """print("finished", len(history.epoch), "epochs")""",
    "model",  # the model's HTML view: summary table + graph
    "keras.utils.plot_model(model, show_shapes=True)",
]
MODEL_CELL, PLOT_CELL = 3, 4  # indices in CELLS

CELL_VIEWS_JS = """(cell) => {
  // What one cell's output shows: the summary table, and every model graph drawn in it,
  // whether JupyterLab put the SVG inline (HTML output) or in an <img> (image/svg+xml output).
  const out = cell.querySelector('.jp-OutputArea');
  if (!out) return null;
  const table = out.querySelector('.nbkeras-summary-table');
  const describe = (svg, kind, shown) => ({
    kind, shown,
    nodes: svg.querySelectorAll('g.node').length,
    edges: svg.querySelectorAll('g.edge').length,
    titles: [...svg.querySelectorAll('g.node > title')].map(t => t.textContent),
    text: [...svg.querySelectorAll('text')].map(t => t.textContent).join(' | '),
  });
  const graphs = [...out.querySelectorAll('svg')].filter(svg => svg.querySelector('g.node'))
    .map(svg => describe(svg, 'inline', svg.getBoundingClientRect().width > 0));
  for (const img of out.querySelectorAll('img')) {
    if (!img.src.startsWith('data:image/svg+xml')) continue;
    const body = img.src.slice(img.src.indexOf(',') + 1);
    const source = img.src.includes(';base64,') ? atob(body) : decodeURIComponent(body);
    const svg = new DOMParser().parseFromString(source, 'image/svg+xml').documentElement;
    graphs.push(describe(svg, 'img', img.complete && img.naturalWidth > 0));
  }
  return {
    tableRows: table ? table.querySelectorAll('tbody tr').length : 0,
    tableNames: table ? [...table.querySelectorAll('tbody tr td:first-child b')]
      .map(b => b.textContent) : [],
    totals: (out.querySelector('.nbkeras-summary-totals') || {}).innerText || '',
    graphs,
  };
}"""

PANEL_STATE_JS = """() => {
  const panel = document.querySelector('.nbkeras-train-panel');
  const text = document.body.innerText;
  const state = {
    panel: !!panel,
    summary: !!document.querySelector('.nbkeras-train-summary table'),
    widgetError: text.includes('Error displaying widget'),
  };
  if (panel) {
    const status = panel.querySelector('.nbkeras-train-status');
    state.status = status ? status.innerText : '';
    state.bars = [...panel.querySelectorAll('.widget-hprogress .progress-bar')]
      .map(bar => bar.style.width);
    const img = panel.querySelector('img');
    state.curves = !!img && img.naturalWidth > 0 && img.offsetParent !== null;
  }
  return state;
}"""

KERNEL_READY_JS = """() => {
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const session = widget && widget.sessionContext && widget.sessionContext.session;
  const kernel = session && session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""

ALL_RUN_JS = """() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map(p => p.innerText.trim());
  return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p));
}"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def _wait(condition, timeout, what, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def _write_settings(settings_dir):
    for plugin, values in (("@jupyterlab/notebook-extension/tracker",
                            {"autoStartDefaultKernel": True}),
                           ("@jupyterlab/apputils-extension/notification",
                            {"fetchNews": "false", "checkForUpdates": False})):
        path = Path(settings_dir, plugin + ".jupyterlab-settings")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture
def jupyterlab(tmp_path):
    """A JupyterLab server on 127.0.0.1 (random port and token) serving a fresh notebook."""
    root = tmp_path / "root"
    root.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, str(root / "live.ipynb"))
    # The kernel must import the nbkeras under test, whatever is installed.
    python_path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, NBKERAS_PROGRESS="auto", PYTHONPATH=python_path)
    # An empty kernel cache: the first fit compiles, as on a learner's first run.
    env["NUMBA_CACHE_DIR"] = str(tmp_path / "numba_cache")
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR",
                 "JUPYTERLAB_WORKSPACES_DIR"):
        env[name] = str(tmp_path / name.lower())
        os.makedirs(env[name])
    _write_settings(env["JUPYTERLAB_SETTINGS_DIR"])
    port, token = _free_port(), secrets.token_hex(16)
    log = open(tmp_path / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
         "--ServerApp.allow_root=True", "--ServerApp.port_retries=0",
         "--LabApp.expose_app_in_browser=True",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.news_url=", "--LabApp.extension_manager=readonly"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        def up():
            try:
                return _get_json(f"{base}/api/status?token={token}")
            except OSError:
                assert server.poll() is None, (tmp_path / "jupyterlab.log").read_text()
                return None

        _wait(up, 60, "JupyterLab to answer /api/status")
        yield {"base": base, "token": token, "root": root, "tmp": tmp_path}
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_live_panel_updates_in_jupyterlab(jupyterlab):
    if MISSING:
        pytest.fail("CI is set but the browser test cannot run: missing " + ", ".join(MISSING))
    from playwright.sync_api import sync_playwright

    base, token, shots = jupyterlab["base"], jupyterlab["token"], jupyterlab["tmp"] / "screenshots"
    shots.mkdir()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.route(lambda url: not url.startswith(("http://127.0.0.1", "data:", "blob:")),
                       lambda route: route.abort())
            page.goto(f"{base}/lab/tree/live.ipynb?reset&token={token}")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
            _open_kernel(page, base, token)

            # Run All without awaiting: the command's promise resolves only when every cell is done.
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            states, seen_statuses, live_shot = [], set(), None
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                state = page.evaluate(PANEL_STATE_JS)
                assert not state["widgetError"], "the page shows 'Error displaying widget'"
                if state["panel"] and state.get("status"):
                    key = (state["status"], tuple(state["bars"]))
                    if key not in seen_statuses:
                        seen_statuses.add(key)
                        states.append(state)
                    if live_shot is None and state["curves"] and f"Epoch {EPOCHS // 2}/" in state["status"]:
                        live_shot = shots / "live_panel.png"
                        page.locator(".nbkeras-train-panel").screenshot(path=str(live_shot))
                if state["summary"]:
                    break
                time.sleep(0.05)
            _wait(lambda: page.evaluate(ALL_RUN_JS), 120, "every cell to finish")
            _wait(lambda: _kernel_idle(base, token), 60, "the kernel to be idle")
            page.screenshot(path=str(shots / "final.png"), full_page=True)
            final_state = page.evaluate(PANEL_STATE_JS)
            model_view = _cell_view(page, MODEL_CELL, shots / "model_view.png")
            plot_view = _cell_view(page, PLOT_CELL, shots / "plot_model.png")
            page.screenshot(path=str(shots / "model_views.png"), full_page=True)
            output_text = page.locator(".jp-OutputArea").all_inner_texts()
            summary_images = page.locator(".jp-OutputArea-output img").count()
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
            saved = _wait(lambda: _saved_outputs(jupyterlab["root"] / "live.ipynb"), 30,
                          "the notebook to be saved")
            # Reopen the saved notebook with a fresh kernel: the widget models are gone.
            _shut_down_kernels(base, token)
            page.goto(f"{base}/lab/tree/live.ipynb?reset&token={token}")
            page.wait_for_selector(".nbkeras-train-summary table", timeout=60_000)
            _open_kernel(page, base, token)
            page.wait_for_timeout(1000)
            reopened = page.evaluate(PANEL_STATE_JS)
            page.screenshot(path=str(shots / "reopened.png"), full_page=True)
        finally:
            browser.close()
    print(f"screenshots in {shots}")

    statuses = [s["status"] for s in states]
    assert states, "the training panel (.nbkeras-train-panel) never appeared"
    assert all(len(s["bars"]) == 2 for s in states), f"expected 2 progress bars: {states[:3]}"
    assert len(states) >= 3, f"saw only {len(states)} progress states: {statuses}"
    assert any(f"Epoch {EPOCHS}/{EPOCHS}" in s for s in statuses), (
        f"the panel never showed the last epoch; statuses seen: {statuses}")
    assert any("Compiling kernels (first run only, ~" in s for s in statuses), (
        f"the panel never said it was compiling; statuses seen: {statuses[:3]}")
    assert any(s["curves"] for s in states), "the curves image never showed in the panel"
    assert final_state["summary"], "the final summary table did not render"
    assert not final_state["panel"] or not page_visible(final_state), "the live panel stayed"
    assert not final_state["widgetError"], "the page shows 'Error displaying widget'"
    assert summary_images >= 1, "the final curves PNG did not render"
    assert any(f"Trained {EPOCHS} epochs" in text for text in output_text), output_text
    assert any(f"finished {EPOCHS} epochs" in text for text in output_text), output_text
    # `model` as a cell's last expression: the summary table next to an inline graph.
    layer_names = ["flatten", "dense", "dense_1"]
    assert model_view and model_view["tableNames"] == layer_names, (
        f"the model's summary table (.nbkeras-summary-table) did not render: {model_view}")
    assert "Total params: 395" in model_view["totals"], model_view["totals"]
    graphs = model_view["graphs"]
    assert len(graphs) == 1 and graphs[0]["kind"] == "inline" and graphs[0]["shown"], (
        f"the model's HTML view shows no graph: {model_view}")
    assert graphs[0]["nodes"] == 4 and graphs[0]["edges"] == 3, f"one node per layer: {graphs}"
    # keras.utils.plot_model(model, show_shapes=True): one SVG, one node per layer, with shapes.
    graphs = plot_view["graphs"] if plot_view else []
    assert len(graphs) == 1 and graphs[0]["shown"], f"plot_model's SVG did not render: {plot_view}"
    assert sorted(t.split()[0] for t in graphs[0]["titles"]) == sorted(["input_layer"] + layer_names), (
        f"plot_model should draw one node per layer: {graphs[0]}")
    assert graphs[0]["edges"] == 3 and "Output shape" in graphs[0]["text"], graphs[0]
    assert "(None, 16)" in graphs[0]["text"], f"show_shapes=True shows no shapes: {graphs[0]['text']}"
    print("saved fit-cell outputs:", saved)
    widget_view = saved[0].get("application/vnd.jupyter.widget-view+json", {})
    assert widget_view.get("model_id") == "", (
        f"the saved panel output still points at a widget model (reopening shows 'Error "
        f"displaying widget: model not found'): {saved[0]}")
    assert "text/html" in saved[1] and "image/png" in saved[2], (
        f"the saved notebook lacks the static summary (HTML table + PNG): {saved}")
    assert reopened["summary"] and not reopened["widgetError"], (
        f"reopening the saved notebook: {reopened}")
    if live_shot is not None and os.environ.get("NBKERAS_UPDATE_SCREENSHOTS"):
        target = REPO / "docs" / "images" / "live_panel.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(live_shot, target)
        shutil.copy(shots / "final.png", target.with_name("live_panel_final.png"))


def _saved_outputs(path):
    """The fit cell's saved outputs as ``[{mime: short value}, ...]`` once the file has them."""
    cell = nbformat.read(str(path), as_version=4).cells[1]
    outputs = [{key: (value if key.endswith("+json") else str(value)[:60])
                for key, value in output.get("data", {}).items()} for output in cell.outputs]
    return outputs if len(outputs) >= 3 else None


def _cell_view(page, index, screenshot):
    """Scrolls cell ``index`` into view, screenshots its output, returns what it shows."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    cell.scroll_into_view_if_needed()
    output = cell.locator(".jp-OutputArea")
    output.wait_for(timeout=10_000)
    page.wait_for_timeout(300)  # let an <img> decode its SVG
    output.screenshot(path=str(screenshot))
    return cell.evaluate(CELL_VIEWS_JS)


def page_visible(state):
    """The panel element may linger in the DOM for a moment; it must have no status left."""
    return bool(state.get("status"))


def _open_kernel(page, base, token):
    """Waits until the kernel is connected and idle, both for the server and for the page."""
    def ready():
        dialog = page.locator(".jp-Dialog .jp-mod-accept")
        if dialog.count():
            dialog.first.click()
        try:
            kernels = _get_json(f"{base}/api/kernels?token={token}")
        except urllib.error.HTTPError as error:
            if error.code < 500:
                raise
            return False  # seen under load while the kernel starts: ask again until the deadline
        server_ready = any(k.get("connections", 0) >= 1 and k.get("execution_state") == "idle"
                           for k in kernels)
        return server_ready and page.evaluate(KERNEL_READY_JS)

    _wait(ready, 90, "the notebook's kernel to be connected and idle", interval=0.25)


def _shut_down_kernels(base, token):
    for session in _get_json(f"{base}/api/sessions?token={token}"):
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}",
                                         method="DELETE")
        urllib.request.urlopen(request, timeout=10).close()


def _kernel_idle(base, token):
    kernels = _get_json(f"{base}/api/kernels?token={token}")
    return kernels and all(k.get("execution_state") == "idle" for k in kernels)
