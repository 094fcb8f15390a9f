#!/usr/bin/python3
"""Writes the breast-cancer example's dataset and imported model (models/breast-cancer/model.yaml).

Re-run from the repository root (Debian's python3-sklearn, python3-torch and python3-onnx; .ci/install/40-trainers.sh):

    /usr/bin/python3 models/breast-cancer/export.py

It writes
  data/breast-cancer/breast_cancer.csv  the Wisconsin diagnostic breast-cancer data bundled with scikit-learn
                                        (569 rows, 30 features): sample_id (s0000..s0568), the features in snake_case,
                                        malignant = 1 - sklearn's target (sklearn's 1 is benign);
  models/breast-cancer/model.onnx       a 30 -> 16 -> 1 MLP with the training rows' standardisation inside the graph:
                                        input "input" float [N,30] -> output "probability" float [N,1];
  models/breast-cancer/golden-*.csv     8 holdout rows (4 malignant, 4 benign) and PyTorch's probabilities for them.

The model is trained on exactly the rows the pipeline trains on: this script replicates the hash split of
src/Pipeline.Training/Split (FNV-1a 64 of salt + 0x1F + key, splitmix64 finaliser, holdout when the unit value is below
split.holdoutFraction), so the 147 holdout rows EvaluateGate scores were never seen in training. Training is full-batch
Adam with a fixed seed, one thread and a fixed number of epochs, so a re-run gives the same weights on the same machine.
models/breast-cancer/train.py (the external-trainer variant) imports the functions below.
"""
import csv
import os
import sys

import numpy as np
import onnx
import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA_FILE = os.path.join(ROOT, "data", "breast-cancer", "breast_cancer.csv")
MODEL_FILE = os.path.join(ROOT, "models", "breast-cancer", "model.onnx")
GOLDEN_INPUTS = os.path.join(ROOT, "models", "breast-cancer", "golden-inputs.csv")
GOLDEN_OUTPUTS = os.path.join(ROOT, "models", "breast-cancer", "golden-outputs.csv")
GOLDEN_ROWS = 8
KEY, LABEL = "sample_id", "malignant"
HOLDOUT_FRACTION, SALT = 0.25, ""  # split.holdoutFraction and split.salt of model.yaml
DEFAULTS = {"hidden": 16, "epochs": 300, "learningRate": 0.01, "weightDecay": 0.001, "seed": 17}

_MASK = (1 << 64) - 1
_FNV_OFFSET, _FNV_PRIME = 14695981039346656037, 1099511628211


def stable_unit(salt, value):
    """The pipeline's StableHash.Unit: (salt, value) -> [0, 1), identical to the C# implementation."""
    h = _FNV_OFFSET
    for b in salt.encode("utf-8"):
        h = ((h ^ b) * _FNV_PRIME) & _MASK
    h = ((h ^ 0x1F) * _FNV_PRIME) & _MASK
    for b in value.encode("utf-8"):
        h = ((h ^ b) * _FNV_PRIME) & _MASK
    h ^= h >> 30
    h = (h * 0xBF58476D1CE4E5B9) & _MASK
    h ^= h >> 27
    h = (h * 0x94D049BB133111EB) & _MASK
    h ^= h >> 31
    return (h >> 11) * (1.0 / (1 << 53))


def is_holdout(key, fraction=HOLDOUT_FRACTION, salt=SALT):
    return stable_unit(salt, key) < fraction


def feature_columns(names):
    """sklearn's "mean radius" / "radius error" / "worst radius" -> mean_radius / radius_error / worst_radius."""
    return [n.replace(" ", "_") for n in names]


def write_dataset(path):
    """Writes the CSV; floats as Python's shortest round-trip repr. Returns (keys, features, x float32, y float32)."""
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    features = feature_columns(data.feature_names)
    keys = [f"s{i:04d}" for i in range(data.data.shape[0])]
    malignant = 1 - data.target.astype(np.int64)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([KEY, *features, LABEL])
        for key, row, label in zip(keys, data.data, malignant):
            writer.writerow([key, *(repr(float(v)) for v in row), int(label)])
    return keys, features, data.data.astype(np.float32), malignant.astype(np.float32)


class Mlp(nn.Module):
    """Standardise with fixed training statistics, one ReLU hidden layer, sigmoid probability of the positive class."""

    def __init__(self, mean, std, hidden):
        super().__init__()
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32).reshape(1, -1))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32).reshape(1, -1))
        self.hidden = nn.Linear(self.mean.shape[1], hidden)
        self.out = nn.Linear(hidden, 1)

    def logits(self, x):
        return self.out(torch.relu(self.hidden((x - self.mean) / self.std)))

    def forward(self, x):
        return torch.sigmoid(self.logits(x))


def hyperparameters(given=None):
    """DEFAULTS overridden by model.yaml's source.hyperparameters (strings in params.json)."""
    hp = dict(DEFAULTS)
    for k, v in (given or {}).items():
        if k not in DEFAULTS:
            raise SystemExit(f"unknown hyperparameter {k}; known: {', '.join(sorted(DEFAULTS))}")
        hp[k] = type(DEFAULTS[k])(v)
    return hp


def train(x, y, hp):
    """Full-batch Adam on binary cross-entropy; x float32 [N,F] (raw features), y float32 [N] of 0/1."""
    torch.manual_seed(hp["seed"])
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    x64 = x.astype(np.float64)
    mean = x64.mean(axis=0)
    std = x64.std(axis=0)
    std[std == 0] = 1.0  # a constant column carries no signal; keep it finite
    model = Mlp(mean, std, hp["hidden"])
    xt = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))
    yt = torch.from_numpy(np.ascontiguousarray(y, dtype=np.float32)).reshape(-1, 1)
    optimiser = torch.optim.Adam(model.parameters(), lr=hp["learningRate"], weight_decay=hp["weightDecay"])
    loss_fn = nn.BCEWithLogitsLoss()
    model.train()
    for _ in range(hp["epochs"]):
        optimiser.zero_grad()
        loss = loss_fn(model.logits(xt), yt)
        loss.backward()
        optimiser.step()
    model.eval()
    return model, float(loss)


def export(model, path, input_name="input", output_name="probability", metadata=()):
    """ONNX with a symbolic batch axis: input_name float [N,F] -> output_name float [N,1]."""
    dummy = torch.zeros(1, model.mean.shape[1], dtype=torch.float32)
    torch.onnx.export(model, dummy, path, input_names=[input_name], output_names=[output_name],
                      dynamic_axes={input_name: {0: "N"}, output_name: {0: "N"}}, opset_version=13,
                      do_constant_folding=True)
    graph = onnx.load(path)
    for key, value in metadata:
        entry = graph.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(graph)
    onnx.save(graph, path)


def predict(model, x):
    with torch.no_grad():
        return model(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))).numpy().reshape(-1)


def write_golden(model, keys, x, y, holdout):
    """The first GOLDEN_ROWS / 2 malignant and benign holdout rows (all columns, as in the dataset) and PyTorch's
    probabilities for them: Import checks that ONNX Runtime reproduces them (model.yaml golden)."""
    with open(DATA_FILE, newline="", encoding="utf-8") as f:
        lines = f.read().splitlines()
    rows = sorted(i for label in (1, 0) for i in [i for i in range(len(keys)) if holdout[i] and y[i] == label][:GOLDEN_ROWS // 2])
    with open(GOLDEN_INPUTS, "w", encoding="utf-8") as f:
        f.write("\n".join([lines[0], *(lines[i + 1] for i in rows)]) + "\n")
    with open(GOLDEN_OUTPUTS, "w", encoding="utf-8") as f:
        f.write("probability\n" + "".join(f"{float(p):.9g}\n" for p in predict(model, x[rows])))


def main():
    keys, features, x, y = write_dataset(DATA_FILE)
    holdout = np.array([is_holdout(k) for k in keys])
    hp = hyperparameters()
    model, loss = train(x[~holdout], y[~holdout], hp)
    export(model, MODEL_FILE, metadata=[
        ("pipeline.trainer", "torch-mlp (models/breast-cancer/export.py)"),
        ("pipeline.hyperparameters", ";".join(f"{k}={hp[k]}" for k in sorted(hp))),
        ("pipeline.features.tensor", ",".join(features)),
        ("pipeline.split", f"hash({KEY}) < {HOLDOUT_FRACTION}: {int((~holdout).sum())} train / {int(holdout.sum())} holdout"),
    ])
    write_golden(model, keys, x, y, holdout)
    p = np.clip(predict(model, x[holdout]).astype(np.float64), 1e-15, 1 - 1e-15)  # 1 - 1e-15 is 1.0 in float32
    yh = y[holdout]
    log_loss = float(-np.mean(yh * np.log(p) + (1 - yh) * np.log(1 - p)))
    print(f"torch {torch.__version__}: {int((~holdout).sum())} train / {int(holdout.sum())} holdout rows "
          f"({int(y[~holdout].sum())} / {int(yh.sum())} malignant); training loss {loss:.4f}, holdout log loss {log_loss:.4f}")
    print("wrote " + ", ".join(os.path.relpath(f, ROOT) for f in (DATA_FILE, MODEL_FILE, GOLDEN_INPUTS, GOLDEN_OUTPUTS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
