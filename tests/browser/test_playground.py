"""The Playground app in a real browser: JupyterLab + headless Chromium (Playwright).

The first cells of ``notebooks/13_playground.ipynb`` (without outputs) are run
in JupyterLab; then the test uses the app as a learner does: picks the spiral
in the data menu, adds a neuron with "+", presses Play, and polls the page.
The boundary picture must change and the training loss must fall while the
kernel trains in the background; Pause must stop it.

Same requirements and skip rules as ``test_live_panel.py`` (whose JupyterLab
fixture and helpers this test reuses).
"""

import re
import time
from pathlib import Path

import nbformat
import pytest

from tests.browser.test_live_panel import (ALL_RUN_JS, CHROMIUM, CHROMIUM_FLAGS, MISSING,  # noqa: F401
                                           _kernel_idle, _open_kernel, _wait, jupyterlab)

REPO = Path(__file__).resolve().parents[2]

APP_STATE_JS = """() => {
  const app = document.querySelector('.nbkeras-playground');
  const text = document.body.innerText;
  if (!app) return {app: false, widgetError: text.includes('Error displaying widget')};
  const image = app.querySelector('.nbkeras-pg-boundary image');
  const select = app.querySelector('.nbkeras-pg-dataset select');
  const value = selector => { const e = app.querySelector(selector); return e ? e.textContent : ''; };
  return {
    app: true,
    widgetError: text.includes('Error displaying widget'),
    boundary: image ? image.getAttribute('href') : '',
    epoch: value('.nbkeras-pg-epoch'),
    trainLoss: value('.nbkeras-pg-train-loss'),
    description: value('.nbkeras-pg-status div'),
    dataset: select ? select.options[select.selectedIndex].textContent : '',
    neurons: app.querySelectorAll('.nbkeras-pg-network .nbkeras-pg-neuron').length,
  };
}"""


def _app_notebook(path):
    """The notebook's cells up to the one that shows the app, without outputs."""
    source = nbformat.read(str(REPO / "notebooks" / "13_playground.ipynb"), as_version=4)
    cells = []
    for cell in source.cells:
        cells.append(nbformat.v4.new_code_cell(cell.source) if cell.cell_type == "code"
                     else nbformat.v4.new_markdown_cell(cell.source))
        if cell.cell_type == "code" and cell.source.strip().endswith("app"):
            break
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = source.metadata["kernelspec"]
    nbformat.write(notebook, str(path))


def _loss(state):
    match = re.fullmatch(r"\s*([\d.]+)\s*", state.get("trainLoss", ""))
    return float(match.group(1)) if match else None


def _settled_epoch(page):
    """The epoch counter if it stays the same for one second, else None."""
    before = page.evaluate(APP_STATE_JS)["epoch"]
    time.sleep(1.0)
    return before if page.evaluate(APP_STATE_JS)["epoch"] == before else None


def _frame_rate_of_2x8(page, seconds=4.0):
    """Makes the network 2x8 with the +/- buttons, plays, and counts frames reaching the page."""
    for units in (6, 7, 8):  # each click rebuilds the buttons: wait for it
        page.locator(".nbkeras-pg-add-neuron").first.click()
        _wait(lambda units=units: f"spiral, {units} tanh" in page.evaluate(APP_STATE_JS)["description"], 30,
              f"the layer to get {units} neurons")
    page.locator(".nbkeras-pg-add-layer").click()
    _wait(lambda: "spiral, 8x8 tanh" in page.evaluate(APP_STATE_JS)["description"], 30,
          "the network to become 2x8")
    page.locator(".nbkeras-pg-play").click()
    _wait(lambda: _loss(page.evaluate(APP_STATE_JS)) is not None, 30, "the 2x8 network to train")
    frames, epochs, started = set(), [], time.monotonic()
    while time.monotonic() - started < seconds:
        state = page.evaluate(APP_STATE_JS)
        frames.add(state["boundary"])
        epochs.append(int(state["epoch"].split()[-1].replace(",", "")))
        time.sleep(0.02)
    elapsed = time.monotonic() - started
    page.locator(".nbkeras-pg-play").click()
    assert len(frames) >= 2 and epochs[-1] > epochs[0], "the 2x8 network did not train live"
    return len(frames) / elapsed, (epochs[-1] - epochs[0]) / elapsed


def test_playground_app_trains_live_in_jupyterlab(jupyterlab):
    if MISSING:
        pytest.fail("CI is set but the browser test cannot run: missing " + ", ".join(MISSING))
    from playwright.sync_api import sync_playwright

    _app_notebook(jupyterlab["root"] / "playground.ipynb")
    base, token, shots = jupyterlab["base"], jupyterlab["token"], jupyterlab["tmp"] / "screenshots"
    shots.mkdir()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.route(lambda url: not url.startswith(("http://127.0.0.1", "data:", "blob:")),
                       lambda route: route.abort())
            page.goto(f"{base}/lab/tree/playground.ipynb?reset&token={token}")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
            _open_kernel(page, base, token)
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            _wait(lambda: page.evaluate(ALL_RUN_JS), 180, "every cell to finish")
            _wait(lambda: _kernel_idle(base, token), 60, "the kernel to be idle")
            page.wait_for_selector(".nbkeras-playground .nbkeras-pg-boundary", timeout=60_000)
            first = page.evaluate(APP_STATE_JS)
            page.locator(".nbkeras-playground").scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "app_from_code.png"), full_page=True)

            page.locator(".nbkeras-pg-dataset select").select_option(label="spiral")
            _wait(lambda: page.evaluate(APP_STATE_JS)["description"].startswith("spiral"), 30,
                  "the app to switch to the spiral")
            page.locator(".nbkeras-pg-add-neuron").first.click()
            _wait(lambda: "spiral, 5 tanh" in page.evaluate(APP_STATE_JS)["description"], 30,
                  "the layer to get a fifth neuron")
            before_play = page.evaluate(APP_STATE_JS)

            page.locator(".nbkeras-pg-play").click()
            states, deadline = [], time.monotonic() + 60
            while time.monotonic() < deadline:
                state = page.evaluate(APP_STATE_JS)
                assert not state["widgetError"], "the page shows 'Error displaying widget'"
                if _loss(state) is not None and (not states or state["epoch"] != states[-1]["epoch"]):
                    states.append(state)
                if len(states) >= 8 and _loss(states[-1]) < _loss(states[0]):
                    break
                time.sleep(0.2)
            page.screenshot(path=str(shots / "playing.png"), full_page=True)
            page.locator(".nbkeras-pg-play").click()  # pause
            # the page may still be a frame behind: wait until the counter holds for a second
            paused = _wait(lambda: _settled_epoch(page), 30, "the epoch counter to stop after Pause")
            time.sleep(1.0)
            still = page.evaluate(APP_STATE_JS)["epoch"]
            rate = _frame_rate_of_2x8(page)
        finally:
            browser.close()
    print(f"screenshots in {shots}")
    print("frame rate, spiral 2x8 tanh: the page showed {:.1f} frames/s and {:.1f} epochs/s".format(*rate))

    assert first["app"] and first["epoch"].strip() == "Epoch 000,030", first
    assert first["dataset"] == "xor" and first["boundary"].startswith("data:image/png;base64,")
    assert before_play["dataset"] == "spiral" and before_play["epoch"].strip() == "Epoch 000,000"
    assert before_play["neurons"] == 2 + 5 + 1, before_play
    assert before_play["boundary"] != first["boundary"], "the boundary did not change with the data"
    epochs = [int(s["epoch"].split()[-1].replace(",", "")) for s in states]
    assert len(states) >= 3 and epochs == sorted(epochs), f"the app did not train live: {epochs}"
    assert len({s["boundary"] for s in states}) >= 3, "the boundary picture did not change while playing"
    losses = [_loss(s) for s in states]
    assert losses[-1] < losses[0], f"the training loss did not fall: {losses}"
    assert paused == still, "training went on after Pause"


SAVED_APP_JS = """() => {
  const cell = [...document.querySelectorAll('.jp-CodeCell')]
    .find(c => c.querySelector('.jp-InputArea').innerText.includes('app.train(30)'));
  const images = cell ? [...cell.querySelectorAll('.jp-OutputArea-output img')] : [];
  return {
    found: !!cell,
    snapshots: images.filter(img => img.src.startsWith('data:image/png') && img.naturalWidth > 0).length,
    widgetError: document.body.innerText.includes('Error displaying widget'),
  };
}"""


def test_saved_notebook_shows_the_snapshot_without_the_widget(jupyterlab):
    """Reopened without its kernel's widgets, the app's cell falls back to its PNG snapshot."""
    if MISSING:
        pytest.fail("CI is set but the browser test cannot run: missing " + ", ".join(MISSING))
    from playwright.sync_api import sync_playwright

    target = jupyterlab["root"] / "saved.ipynb"
    target.write_bytes((REPO / "notebooks" / "13_playground.ipynb").read_bytes())
    base, token = jupyterlab["base"], jupyterlab["token"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.route(lambda url: not url.startswith(("http://127.0.0.1", "data:", "blob:")),
                       lambda route: route.abort())
            page.goto(f"{base}/lab/tree/saved.ipynb?reset&token={token}")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
            _open_kernel(page, base, token)
            _wait(lambda: page.evaluate(SAVED_APP_JS)["snapshots"], 60, "the app cell's PNG snapshot")
            page.wait_for_timeout(1000)
            state = page.evaluate(SAVED_APP_JS)
        finally:
            browser.close()
    assert state["found"] and state["snapshots"] == 1, state
    assert not state["widgetError"], "the saved app shows 'Error displaying widget'"
