#!/usr/bin/python3
"""External trainer for models/breast-cancer: the MLP of export.py, trained on the rows the pipeline gives it.

Usage (the pipeline runs it from the repository root when model.yaml says source.kind: external):

    /usr/bin/python3 models/breast-cancer/train.py <train.csv> <params.json> <output.onnx>

Contract (see src/Pipeline.Training/External): <train.csv> holds the training rows only (feature columns and the label);
<params.json> holds {"label", "features": {"mode", "numeric", "categorical", "tensorInput", "probabilityOutput", ...},
"hyperparameters"} (hyperparameter values are strings). The script writes <output.onnx> with one float [N,F] input named
features.tensorInput (the numeric columns in the listed order) and the output features.probabilityOutput float [N,1],
the signature the tensor mapping of model.yaml reads. Training, standardisation and export are export.py's.
"""
import csv
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export  # noqa: E402  (export.py beside this file: training and ONNX export code)


def read_rows(path, columns, label):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [c for c in [*columns, label] if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{path} has no column(s) {', '.join(missing)}; the trainer needs every feature and the label")
        rows = list(reader)
    # An empty cell is a missing value; this MLP has no imputation, so it refuses rather than training on NaN.
    for i, r in enumerate(rows):
        empty = [c for c in columns if r[c] == ""]
        if empty:
            raise SystemExit(f"{path} row {i + 2}: {', '.join(empty)} empty; breast-cancer.v1 columns are not nullable")
    x = np.array([[float(r[c]) for c in columns] for r in rows], dtype=np.float32).reshape(len(rows), len(columns))
    y = np.array([float(r[label]) for r in rows], dtype=np.float32)
    return x, y


def main(argv):
    if len(argv) != 4:
        print("usage: train.py <train.csv> <params.json> <output.onnx>", file=sys.stderr)
        return 2
    train_path, params_path, output_path = argv[1:]
    with open(params_path, encoding="utf-8") as f:
        params = json.load(f)
    features = params["features"]
    if features.get("mode", "tensor") != "tensor" or features.get("categorical"):
        raise SystemExit("this trainer writes one float [N,F] tensor input: set features.mode: tensor with numeric columns only")
    numeric = features["numeric"]
    hp = export.hyperparameters(params.get("hyperparameters"))

    x, y = read_rows(train_path, numeric, params["label"])
    model, loss = export.train(x, y, hp)
    export.export(model, output_path, input_name=features.get("tensorInput", "input"),
                  output_name=features.get("probabilityOutput", "probability"), metadata=[
                      ("pipeline.trainer", "torch-mlp (models/breast-cancer/train.py)"),
                      ("pipeline.hyperparameters", ";".join(f"{k}={hp[k]}" for k in sorted(hp))),
                      ("pipeline.features.tensor", ",".join(numeric)),
                      ("pipeline.data.digest", params.get("dataDigest", "")),
                  ])
    print(f"torch {export.torch.__version__}: {x.shape[0]} rows, {x.shape[1]} features, {int(y.sum())} positives; "
          f"{hp['epochs']} epochs, training loss {loss:.4f}")
    print(f"wrote {output_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
