"""PyTorch eager runner: the faithful equivalent of each workload, timed like the Keras runners.

Faithful means: the same layers (nn.Linear/Conv2d/MaxPool2d/LSTM), Keras's
initializers where they are one line (glorot-uniform kernels, zero biases),
softmax + categorical cross-entropy as ``F.cross_entropy`` on logits with
one-hot targets, Adam(lr=1e-3, eps=1e-7) as Keras, SGD(0.01) + MSE for W5;
a plain batching loop (no DataLoader) with a fresh permutation each epoch;
predict in ``no_grad`` returning softmax probabilities as a NumPy array, as
Keras does. Eager mode, no torch.compile, ``torch.set_num_threads(N)``.
Images are converted once to PyTorch's channels-first layout, not per batch.

Usage:
    $PEER benchmarks/run_torch.py --workload W1 --threads 2
"""

import sys

import common


def build_model(torch, workload):
    """The workload's model as a ``torch.nn.Module`` with Keras-like initial weights."""
    nn = torch.nn

    class LastStep(nn.Module):
        """LSTM returning only the last output, like Keras ``LSTM(64)``."""

        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(28, 64, batch_first=True)

        def forward(self, x):
            return self.lstm(x)[0][:, -1]

    model = {
        "mlp": lambda: nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)),
        "cnn": lambda: nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                                     nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                                     nn.Flatten(), nn.Linear(64 * 5 * 5, 10)),
        "lstm": lambda: nn.Sequential(LastStep(), nn.Linear(64, 10)),
        "regression": lambda: nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 1)),
    }[workload.model]()
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(module.weight)
            nn.init.zeros_(module.bias)
    return model


def main(argv=None):
    args = common.parse_args(__doc__, argv)
    common.limit_threads(args.threads)
    import torch
    import torch.nn.functional as F

    import workloads

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    workload = workloads.WORKLOADS[args.workload]
    x_np, y_np = workloads.make_data(workload, args.scale)
    if workload.model == "cnn":
        x_np = x_np.transpose(0, 3, 1, 2).copy()  # NHWC -> NCHW, once
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    model = build_model(torch, workload)
    if workload.is_classification:
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
        loss_fn = F.cross_entropy  # log-softmax + NLL; accepts one-hot (probability) targets
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        loss_fn = F.mse_loss
    batch, n = workload.batch_size, len(x)

    def train_epoch():
        model.train()
        order = torch.randperm(n)
        total = 0.0
        for start in range(0, n, batch):
            index = order[start:start + batch]
            loss = loss_fn(model(x[index]), y[index])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(index)
        return total / n

    def predict():
        model.eval()
        with torch.no_grad():
            outputs = [model(x[start:start + batch]) for start in range(0, n, batch)]
            out = torch.cat(outputs)
            if workload.is_classification:
                out = torch.softmax(out, dim=1)
        return out.numpy()

    result = common.benchmark(train_epoch, predict, n, args.repeats, args.min_seconds)
    import numpy
    versions = {"torch": torch.__version__, "numpy": numpy.__version__,
                "python": sys.version.split()[0]}
    common.emit("torch", args, versions, result)


if __name__ == "__main__":
    main()
