"""Notebook and terminal displays. Nothing here is imported until a display is asked for.

``nbkeras.display.plot_weights`` and friends load their module (and
matplotlib) on first use, so ``import nbkeras`` stays light.
"""

_LAZY = {
    "plot_weights": "nbkeras.display.inspect_plots",
    "plot_activations": "nbkeras.display.inspect_plots",
    "plot_kernel": "nbkeras.display.inspect_plots",
    "layer_outputs": "nbkeras.display.inspect_plots",
    "plot_history": "nbkeras.display.history_view",
    "TrainingPanel": "nbkeras.display.live_panel",
    "plot_filters": "nbkeras.display.conv_views",
    "feature_maps": "nbkeras.display.conv_views",
    "grad_cam": "nbkeras.display.conv_views",
    "grad_cam_heatmaps": "nbkeras.display.conv_views",
    "batchnorm_statistics": "nbkeras.display.conv_views",
    "gates": "nbkeras.display.gate_views",
    "gate_explorer": "nbkeras.display.gate_views",
    "augmentations": "nbkeras.display.data_views",
    "tokenization": "nbkeras.display.data_views",
    "normalization_histogram": "nbkeras.display.data_views",
}

__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nbkeras.display' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
