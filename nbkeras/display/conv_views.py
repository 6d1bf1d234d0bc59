"""Looking inside a convolutional network: filters, feature maps, Grad-CAM, BatchNorm statistics.

Every function returns a matplotlib Figure (a static picture that survives
saving the notebook) and changes nothing in the model. Channels are laid out
as grids, so a layer with 32 or 64 feature maps stays one readable picture.
"""

import numpy as np

from nbkeras.display.figures import new_figure, offscreen_figure, png_bytes
from nbkeras.display.inspect_plots import layer_outputs

_DIVERGING = "RdBu_r"  # weights: blue negative, red positive, white zero


def _grid(count, columns=8):
    columns = max(1, min(count, columns))
    return -(-count // columns), columns


def _kernel_of(layer):
    """The spatial kernel as ``(kh, kw, in_channels, filters)`` and a label."""
    if getattr(layer, "depthwise_kernel", None) is not None:
        kernel = layer.depthwise_kernel.numpy()
        return kernel.reshape(kernel.shape[:-2] + (1, -1)), "depthwise filters"
    kernel = layer.kernel.numpy()
    if type(layer).__name__.endswith("Transpose"):
        kernel = np.swapaxes(kernel, -1, -2)  # (k, filters, in) -> (k, in, filters)
    return kernel, "filters"


def _filter_images(layer, input_channel):
    kernel, label = _kernel_of(layer)
    if kernel.ndim == 3:  # 1-D kernels: (k, in, filters) -> a row of height 1
        kernel = kernel[None]
    if input_channel is None:
        if kernel.shape[2] == 1:
            images, what = kernel[:, :, 0, :], label
        else:
            images, what = kernel.mean(axis=2), f"{label} (mean over {kernel.shape[2]} input channels)"
    else:
        images, what = kernel[:, :, input_channel, :], f"{label} for input channel {input_channel}"
    return np.moveaxis(images, -1, 0), what


def _draw_filters(figure, layer, input_channel, max_filters):
    images, what = _filter_images(layer, input_channel)
    images = images[:max_filters]
    rows, columns = _grid(len(images))
    limit = float(np.abs(images).max()) or 1.0
    axes = figure.subplots(rows, columns, squeeze=False)
    for index, ax in enumerate(axes.ravel()):
        ax.set_xticks([])
        ax.set_yticks([])
        if index < len(images):
            shown = ax.imshow(images[index], cmap=_DIVERGING, vmin=-limit, vmax=limit)
            ax.set_title(str(index), fontsize=7, pad=2)
        else:
            ax.axis("off")
    figure.suptitle(f'{type(layer).__name__} "{layer.name}": {len(images)} {what}', fontsize=10)
    figure.colorbar(shown, ax=axes.ravel().tolist(), shrink=0.8, label="weight")


def plot_filters(layer, input_channel=None, max_filters=64):
    """The filters of a convolution layer as small images in one grid.

    Args:
        layer: a built Conv1D/2D, transposed, depthwise or separable layer.
        input_channel: which input channel to show; None shows the only one,
            or the mean over input channels (the title says which).
        max_filters: at most this many filters.

    Returns:
        A ``matplotlib.figure.Figure`` (blue negative, red positive weights).

    Example:
        >>> nbkeras.display.plot_filters(model.layers[0])  # doctest: +SKIP
    """
    _check_conv(layer)
    images, _ = _filter_images(layer, input_channel)
    rows, columns = _grid(min(len(images), max_filters))
    figure = new_figure((1.2 * columns + 1.2, 1.2 * rows + 0.6))
    _draw_filters(figure, layer, input_channel, max_filters)
    return figure


def filters_png(layer):
    """PNG bytes of ``plot_filters(layer)`` (a conv layer's notebook display), or None if unbuilt."""
    if not layer.built:
        return None
    images, _ = _filter_images(layer, None)
    rows, columns = _grid(min(len(images), 64))
    figure = offscreen_figure((1.2 * columns + 1.2, 1.2 * rows + 0.6), dpi=72)
    _draw_filters(figure, layer, None, 64)
    return png_bytes(figure)


def _check_conv(layer):
    if not layer.built or (getattr(layer, "kernel", None) is None
                           and getattr(layer, "depthwise_kernel", None) is None):
        raise ValueError(f'{type(layer).__name__} "{getattr(layer, "name", "?")}" has no built '
                         "convolution kernel. Pass a Conv layer that has been called or built "
                         "(e.g. model.layers[0] after fit).")


def _is_spatial(layer, output):
    name = type(layer).__name__
    return output.ndim in (3, 4) and ("Conv" in name or "Pooling" in name) and "Global" not in name


def feature_maps(model, x, layers=None, max_channels=64, columns=8):
    """What every conv and pooling layer sees in one input: one grid of channels per layer.

    Args:
        model: a model with convolutional layers.
        x: one input (``x_test[:1]``; only the first sample is drawn).
        layers: optional list of layer names to draw (default: every conv/pool layer).
        max_channels: at most this many channels per layer.
        columns: channels per grid row.

    Returns:
        A ``matplotlib.figure.Figure`` with one titled block per layer
        (viridis: dark = small, yellow = large, each channel scaled to its own range).

    Example:
        >>> nbkeras.display.feature_maps(model, x_test[:1])  # doctest: +SKIP
    """
    chosen = [(layer, out[0]) for layer, out in layer_outputs(model, np.asarray(x)[:1])
              if _is_spatial(layer, out) and (layers is None or layer.name in layers)]
    if not chosen:
        raise ValueError("feature_maps: the model has no convolution or pooling layer with "
                         "spatial outputs to draw.")
    grids = [_grid(min(out.shape[-1], max_channels), columns) for _, out in chosen]
    heights = [rows + 0.6 for rows, _ in grids]
    figure = new_figure((1.3 * columns, 1.2 * sum(heights)))
    blocks = figure.subfigures(len(chosen), 1, height_ratios=heights, squeeze=False)[:, 0]
    for block, (layer, out), (rows, cols) in zip(blocks, chosen, grids):
        maps = out if out.ndim == 3 else out[None]  # 1-D outputs: a strip of height 1
        channels = min(maps.shape[-1], max_channels)
        axes = block.subplots(rows, cols, squeeze=False)
        for index, ax in enumerate(axes.ravel()):
            ax.set_xticks([])
            ax.set_yticks([])
            if index < channels:
                ax.imshow(maps[:, :, index], cmap="viridis", aspect="auto")
            else:
                ax.axis("off")
        block.suptitle(f'{layer.name} ({type(layer).__name__}): {maps.shape[0]}x{maps.shape[1]}, '
                       f"{channels} of {maps.shape[-1]} channels", fontsize=9)
    return figure


def grad_cam_heatmaps(model, x, layer=None, class_index=None):
    """Grad-CAM: which places of ``layer``'s feature maps raised the class score.

    ``heatmap = relu(sum_k alpha_k * A_k)`` with ``A_k`` the layer's channels and
    ``alpha_k`` the mean gradient of the class score over channel k's positions.

    Args:
        model: the model; x: a batch of inputs.
        layer: a layer name or object (default: the last Conv layer).
        class_index: the class to explain (default: each sample's prediction).

    Returns:
        ``(heatmaps, predictions)``: heatmaps ``(batch, h, w)`` scaled to [0, 1]
        at the layer's resolution, and the model outputs ``(batch, classes)``.
    """
    from nbkeras import ops
    from nbkeras.ops.tape import GradientTape

    target = _target_layer(model, layer)
    recorded = {}
    call = target.call

    def record(*args, **kwargs):
        outputs = call(*args, **kwargs)
        outputs.requires_grad = True
        outputs.retains_grad = True
        recorded["maps"] = outputs
        return outputs

    saved = [(v, v.grad, getattr(v, "grad_is_zero", False)) for v in model.weights]
    object.__setattr__(target, "call", record)
    try:
        with GradientTape() as tape:
            predictions = model(np.asarray(x), training=False)
            classes = (np.argmax(predictions.numpy(), axis=-1) if class_index is None
                       else np.full(len(predictions.numpy()), class_index))
            mask = np.zeros(predictions.shape, dtype=predictions.numpy().dtype)
            mask[np.arange(len(classes)), classes] = 1.0
            score = ops.sum(ops.multiply(predictions, mask))
        gradient = tape.gradient(score, recorded["maps"])
    finally:
        target.__dict__.pop("call", None)
        for variable, grad, zero in saved:  # leave the optimizer's gradient buffers as they were
            variable.grad, variable.grad_is_zero = grad, zero
    maps = recorded["maps"].numpy()
    weights = gradient.mean(axis=(1, 2), keepdims=True)
    heatmaps = np.maximum((weights * maps).sum(axis=-1), 0.0)
    peak = heatmaps.max(axis=(1, 2), keepdims=True)
    return heatmaps / np.where(peak > 0, peak, 1.0), predictions.numpy()


def _target_layer(model, layer):
    if layer is not None:
        return model.get_layer(layer) if isinstance(layer, str) else layer
    convs = [lay for lay in model.layers if "Conv" in type(lay).__name__
             and "Transpose" not in type(lay).__name__]
    if not convs:
        raise ValueError("grad_cam: the model has no Conv layer; pass layer=... explicitly.")
    return convs[-1]


def grad_cam(model, x, layer=None, class_index=None, labels=None, class_names=None):
    """Grad-CAM heatmaps drawn over each input image (the input in grey, the heat in colour).

    Args:
        model: a trained image classifier; x: a few images ``(n, h, w, c)``.
        layer: the conv layer to explain (name or object; default: the last Conv layer).
        class_index: the class to explain (default: the predicted one).
        labels: optional true labels, shown in the titles.
        class_names: optional names of the classes.

    Returns:
        A ``matplotlib.figure.Figure``, one panel per image.

    Example:
        >>> nbkeras.display.grad_cam(model, x_test[:4], layer="conv2d_1")  # doctest: +SKIP
    """
    x = np.asarray(x)
    heatmaps, predictions = grad_cam_heatmaps(model, x, layer, class_index)
    count = len(x)
    figure = new_figure((2.2 * count, 2.9))
    axes = figure.subplots(1, count, squeeze=False)[0]
    name = _target_layer(model, layer).name
    for i, ax in enumerate(axes):
        height, width = x.shape[1], x.shape[2]
        image = x[i] if x.ndim == 3 else x[i, :, :, 0] if x.shape[-1] == 1 else x[i].mean(axis=-1)
        ax.imshow(image, cmap="gray_r")
        ax.imshow(heatmaps[i], cmap="inferno", alpha=0.55, interpolation="bilinear",
                  extent=(-0.5, width - 0.5, height - 0.5, -0.5), vmin=0, vmax=1)
        predicted = int(np.argmax(predictions[i]))
        title = f"pred {_class_name(predicted, class_names)} ({predictions[i, predicted]:.2f})"
        if labels is not None:
            title += f"\ntrue {_class_name(int(labels[i]), class_names)}"
        ax.set_title(title, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    figure.suptitle(f'Grad-CAM of layer "{name}" (bright = raised the score)', fontsize=10)
    figure.tight_layout(rect=(0, 0, 1, 0.88))
    return figure


def _class_name(index, class_names):
    return str(index) if class_names is None else str(class_names[index])


def batchnorm_statistics(model, bins=20):
    """Histograms of every BatchNormalization layer's gamma, beta, moving mean and variance.

    Args:
        model: a model (or a single BatchNormalization layer).
        bins: histogram bins.

    Returns:
        A ``matplotlib.figure.Figure``, one row per BatchNormalization layer.

    Example:
        >>> nbkeras.display.batchnorm_statistics(model)  # doctest: +SKIP
    """
    layers = [lay for lay in (getattr(model, "layers", None) or [model])
              if type(lay).__name__ == "BatchNormalization" and lay.built]
    if not layers:
        raise ValueError("batchnorm_statistics: no built BatchNormalization layer in the model.")
    figure = new_figure((12, 2.3 * len(layers)))
    axes = figure.subplots(len(layers), 4, squeeze=False)
    for row, layer in zip(axes, layers):
        for ax, weight in zip(row, layer.weights):
            values = np.asarray(weight.numpy(), dtype=np.float64)
            ax.hist(values, bins=bins, color="tab:blue" if weight.trainable else "tab:orange")
            kind = "learned" if weight.trainable else "moving statistic"
            ax.set_title(f"{layer.name} / {weight.name} ({kind})", fontsize=9)
            ax.set_xlabel("value per channel", fontsize=8)
            ax.set_ylabel("channels", fontsize=8)
        for ax in row[len(layer.weights):]:
            ax.axis("off")
    figure.tight_layout()
    return figure
