#!/usr/bin/python3
"""External trainer for models/diabetes (task: regression): a ridge regression fitted with numpy, exported as ONNX with onnx.helper.

Usage (the pipeline runs it from the repository root when model.yaml says source.kind: external):

    /usr/bin/python3 models/diabetes/train.py <train.csv> <params.json> <output.onnx>

Contract (see src/Pipeline.Training/External): <train.csv> holds the training rows only (feature columns and the label, here a
number); <params.json> holds {"label", "task", "features": {"mode", "numeric", "tensorInput", "valueOutput", ...},
"hyperparameters"} (values are strings). The script writes <output.onnx> with one float [N,F] input named features.tensorInput
(the numeric columns in the listed order) and the output features.valueOutput float [N,1]: the standardisation of the training
rows is inside the graph (Sub, Div), then MatMul + Add. Closed form, no random numbers: same rows and alpha, same bytes.

Hyperparameters: alpha (L2 penalty on the standardised coefficients, default 1.0).
"""
import csv
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def read_rows(path, columns, label):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [c for c in [*columns, label] if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{path} has no column(s) {', '.join(missing)}; the trainer needs every feature and the label")
        rows = list(reader)
    for i, r in enumerate(rows):
        empty = [c for c in [*columns, label] if r[c] == ""]
        if empty:
            raise SystemExit(f"{path} row {i + 2}: {', '.join(empty)} empty; diabetes.v1 columns are not nullable")
    x = np.array([[float(r[c]) for c in columns] for r in rows], dtype=np.float64).reshape(len(rows), len(columns))
    y = np.array([float(r[label]) for r in rows], dtype=np.float64)
    return x, y


def fit(x, y, alpha):
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    z = (x - mean) / std
    y_mean = y.mean()
    coef = np.linalg.solve(z.T @ z + alpha * np.eye(z.shape[1]), z.T @ (y - y_mean))
    return mean, std, coef, y_mean


def export(path, mean, std, coef, intercept, input_name, output_name, metadata):
    f = len(coef)
    inits = [
        numpy_helper.from_array(mean.astype(np.float32).reshape(1, f), "mean"),
        numpy_helper.from_array(std.astype(np.float32).reshape(1, f), "std"),
        numpy_helper.from_array(coef.astype(np.float32).reshape(f, 1), "coef"),
        numpy_helper.from_array(np.array([intercept], dtype=np.float32), "intercept"),
    ]
    nodes = [
        helper.make_node("Sub", [input_name, "mean"], ["centred"]),
        helper.make_node("Div", ["centred", "std"], ["scaled"]),
        helper.make_node("MatMul", ["scaled", "coef"], ["raw"]),
        helper.make_node("Add", ["raw", "intercept"], [output_name]),
    ]
    graph = helper.make_graph(nodes, "diabetes-ridge",
                              [helper.make_tensor_value_info(input_name, TensorProto.FLOAT, ["N", f])],
                              [helper.make_tensor_value_info(output_name, TensorProto.FLOAT, ["N", 1])], inits)
    model = helper.make_model(graph, producer_name="models/diabetes/train.py", opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    for key, value in metadata:
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    with open(path, "wb") as out:
        out.write(model.SerializeToString())


def main(argv):
    if len(argv) != 4:
        print("usage: train.py <train.csv> <params.json> <output.onnx>", file=sys.stderr)
        return 2
    train_path, params_path, output_path = argv[1:]
    with open(params_path, encoding="utf-8") as f:
        params = json.load(f)
    if params.get("task", "binary") != "regression":
        raise SystemExit(f"this trainer fits a regression; model.yaml says task: {params.get('task', 'binary')}")
    features = params["features"]
    if features.get("mode", "tensor") != "tensor" or features.get("categorical"):
        raise SystemExit("this trainer writes one float [N,F] tensor input: set features.mode: tensor with numeric columns only")
    hp = params.get("hyperparameters") or {}
    unknown = sorted(set(hp) - {"alpha"})
    if unknown:
        raise SystemExit(f"unknown hyperparameter(s) {', '.join(unknown)}; this trainer knows alpha")
    alpha = float(hp.get("alpha", "1.0"))
    if not alpha >= 0:
        raise SystemExit(f"hyperparameters.alpha {hp.get('alpha')} must be >= 0")
    numeric = features["numeric"]
    x, y = read_rows(train_path, numeric, params["label"])
    mean, std, coef, intercept = fit(x, y, alpha)
    predictions = ((x - mean) / std) @ coef + intercept
    rmse = float(np.sqrt(np.mean((predictions - y) ** 2)))
    export(output_path, mean, std, coef, intercept, features.get("tensorInput", "input"), features.get("valueOutput", "value"), [
        ("pipeline.trainer", "numpy-ridge (models/diabetes/train.py)"),
        ("pipeline.task", "regression"),
        ("pipeline.hyperparameters", f"alpha={hp.get('alpha', '1.0')}"),
        ("pipeline.features.tensor", ",".join(numeric)),
        ("pipeline.data.digest", params.get("dataDigest", "")),
    ])
    print(f"numpy {np.__version__}: {x.shape[0]} rows, {x.shape[1]} features; alpha {alpha}; training RMSE {rmse:.2f}")
    print(f"wrote {output_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
