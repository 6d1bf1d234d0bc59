"""The app's controls: TF Playground's, plus dropout, optimizer, compare and PNG export.

Built as plain ipywidgets, each named in ``controls.widgets`` so tests (and
learners) can set them from code: ``app.controls.widgets["dataset"].value = "xor"``.
"""

from nbkeras.playground import datasets
from nbkeras.playground.config import ACTIVATIONS, MAX_LAYERS, MAX_NEURONS
from nbkeras.playground.features import FEATURES, LABELS
from nbkeras.playground.svg_network import GAP_X, MARGIN, NODE

LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REGULARIZATION_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
DROPOUTS = (0.0, 0.1, 0.2, 0.3, 0.5)
# the +/- columns (NEURON_COLUMN wide) sit centred over the hidden layers of the network drawing
NEURON_COLUMN = GAP_X
NEURON_OFFSET = MARGIN + GAP_X + NODE // 2 - NEURON_COLUMN // 2


def _dropdown(widgets, description, options, value):
    return widgets.Dropdown(description=description, options=options, value=value,
                            layout=widgets.Layout(width="230px"), style={"description_width": "110px"})


def build_controls(config):
    """All control widgets for ``config``, by name; nothing is wired yet.

    Returns:
        A dict of widgets (see the keys below) plus ``"features"``: a dict
        feature name -> ToggleButton.
    """
    import ipywidgets as widgets

    kinds = datasets.REGRESSION if config.problem == "regression" else datasets.CLASSIFICATION
    slider = dict(layout=widgets.Layout(width="260px"), style={"description_width": "110px"},
                  continuous_update=False)
    w = {
        "play": widgets.ToggleButton(value=False, description="Play", icon="play",
                                     tooltip="train continuously / pause"),
        "step": widgets.Button(description="Step", icon="step-forward", tooltip="train one epoch"),
        "reset": widgets.Button(description="Reset", icon="undo", tooltip="start over"),
        "regenerate": widgets.Button(description="Regenerate", icon="random",
                                     tooltip="new data and new initial weights (next seed)"),
        "compare": widgets.ToggleButton(value=False, description="Compare", icon="columns",
                                        tooltip="freeze the current settings as B; change A"),
        "export": widgets.Button(description="PNG", icon="download", tooltip="save the picture"),
        "code": widgets.ToggleButton(value=False, description="Code", icon="code",
                                     tooltip="show the nbkeras program of this network"),
        "problem": _dropdown(widgets, "Problem type", ["classification", "regression"], config.problem),
        "dataset": _dropdown(widgets, "Data", list(kinds), config.dataset),
        "ratio": widgets.IntSlider(value=round(config.ratio * 100), min=10, max=90, step=10,
                                   description="Training %", **slider),
        "noise": widgets.IntSlider(value=round(config.noise * 100), min=0, max=50, step=5,
                                   description="Noise", **slider),
        "batch_size": widgets.IntSlider(value=config.batch_size, min=1, max=30, description="Batch size",
                                        **slider),
        "activation": _dropdown(widgets, "Activation", list(ACTIVATIONS), config.activation),
        "learning_rate": _dropdown(widgets, "Learning rate", _with(LEARNING_RATES, config.learning_rate),
                                   config.learning_rate),
        "regularization": _dropdown(widgets, "Regularization", [("None", "none"), ("L1", "l1"),
                                                                ("L2", "l2")], config.regularization),
        "regularization_rate": _dropdown(widgets, "Regul. rate",
                                         _with(REGULARIZATION_RATES, config.regularization_rate),
                                         config.regularization_rate),
        "dropout": _dropdown(widgets, "Dropout", _with(DROPOUTS, config.dropout), config.dropout),
        "optimizer": _dropdown(widgets, "Optimizer", [("SGD", "sgd"), ("SGD + momentum", "momentum"),
                                                      ("Adam", "adam")], config.optimizer),
        "show_test": widgets.Checkbox(value=True, description="Show test data", indent=False),
        "add_layer": widgets.Button(icon="plus", tooltip="add a hidden layer",
                                    layout=widgets.Layout(width="34px")),
        "remove_layer": widgets.Button(icon="minus", tooltip="remove a hidden layer",
                                       layout=widgets.Layout(width="34px")),
        "layers_label": widgets.HTML(),
        "neurons": widgets.HBox(),
        "message": widgets.HTML(),
        "code_view": widgets.Textarea(layout=widgets.Layout(width="760px", height="300px",
                                                            display="none")),
    }
    w["features"] = {name: widgets.ToggleButton(value=name in config.features, description=LABELS[name],
                                                layout=widgets.Layout(width="64px"),
                                                tooltip=f"use {LABELS[name]} as an input")
                     for name in FEATURES}
    for name in ("play", "step", "reset", "regenerate", "export", "compare", "dataset", "add_layer", "remove_layer"):
        w[name].add_class(f"nbkeras-pg-{name.replace('_', '-')}")
    return w


def neuron_buttons(hidden):
    """For each hidden layer: a column with +/- buttons and its neuron count.

    Returns:
        ``(columns, plus_buttons, minus_buttons)``.
    """
    import ipywidgets as widgets

    columns, plus, minus = [], [], []
    small = widgets.Layout(width="40px", padding="0")
    for index, units in enumerate(hidden):
        add = widgets.Button(icon="plus", layout=small, tooltip=f"more neurons in layer {index + 1}",
                             disabled=units >= MAX_NEURONS)
        remove = widgets.Button(icon="minus", layout=small, tooltip=f"fewer neurons in layer {index + 1}",
                                disabled=units <= 1)
        add.add_class("nbkeras-pg-add-neuron")
        remove.add_class("nbkeras-pg-remove-neuron")
        label = widgets.HTML(f"<small>{units} neuron{'s' if units > 1 else ''}</small>")
        columns.append(widgets.VBox([widgets.HBox([add, remove]), label],
                                    layout=widgets.Layout(width=f"{NEURON_COLUMN}px", align_items="center")))
        plus.append(add)
        minus.append(remove)
    return columns, plus, minus


def layers_text(hidden):
    count = len(hidden)
    return (f"<b>{count} hidden layer{'s' if count != 1 else ''}</b> "
            f"<small>(0-{MAX_LAYERS}, 1-{MAX_NEURONS} neurons each)</small>")


def _with(options, value):
    """The option list, with ``value`` added when a Playground was made with another value."""
    return sorted(set(options) | {value})
