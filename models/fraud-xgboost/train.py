#!/usr/bin/python3
"""External trainer for Pipeline: XGBoost (Debian python3-xgboost) exported as one ONNX graph.

Usage: train.py <train.csv> <params.json> <output.onnx>

Contract (see src/Pipeline.Training/External): <train.csv> holds the training rows only (feature columns and the label,
empty cell = missing); <params.json> holds {"label", "features": {"numeric", "categorical", "inputNames"}, "hyperparameters"};
the script writes <output.onnx> with one input per column (numeric float [N,1], categorical string [N,1]) and outputs
"label" int64 [N] and "probability" float [N,2], the same convention as the built-in trainer, so the same EvaluateGate
and server run it. The booster's JSON dump is converted into an ai.onnx.ml TreeEnsembleRegressor (sum of tree margins)
followed by Sigmoid; categories are one-hot encoded inside the graph (OneHotEncoder zeros=1: unseen -> all zeros);
missing numbers stay NaN and follow XGBoost's learned default direction.
"""
import csv
import json
import math
import sys

import numpy as np
import onnx
import xgboost as xgb
from onnx import TensorProto, helper


def read_rows(path, numeric, categorical, label):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    nums = np.array([[float(r[c]) if r[c] != "" else np.nan for c in numeric] for r in rows], dtype=np.float32)
    cats = {c: [r[c] for r in rows] for c in categorical}
    y = np.array([float(r[label]) for r in rows], dtype=np.float32)
    return nums.reshape(len(rows), len(numeric)), cats, y


def vocabularies(cats, min_count):
    vocab = {}
    for column, values in cats.items():
        counts = {}
        for v in values:
            if v != "":
                counts[v] = counts.get(v, 0) + 1
        vocab[column] = sorted(k for k, n in counts.items() if n >= min_count)
    return vocab


def design(nums, cats, vocab, categorical):
    parts = [nums]
    for column in categorical:
        index = {v: i for i, v in enumerate(vocab[column])}
        onehot = np.zeros((nums.shape[0], len(index)), dtype=np.float32)
        for r, v in enumerate(cats[column]):
            if v in index:
                onehot[r, index[v]] = 1.0
        parts.append(onehot)
    return np.concatenate(parts, axis=1)


def tree_ensemble(booster, base_margin):
    """Flattens XGBoost's JSON dump into TreeEnsembleRegressor attributes."""
    attrs = {k: [] for k in ("nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
                             "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
                             "target_treeids", "target_nodeids", "target_ids", "target_weights")}
    for tree_id, text in enumerate(booster.get_dump(dump_format="json")):
        stack = [json.loads(text)]
        while stack:
            node = stack.pop()
            attrs["nodes_treeids"].append(tree_id)
            attrs["nodes_nodeids"].append(node["nodeid"])
            if "leaf" in node:
                attrs["nodes_featureids"].append(0)
                attrs["nodes_values"].append(0.0)
                attrs["nodes_modes"].append("LEAF")
                attrs["nodes_truenodeids"].append(0)
                attrs["nodes_falsenodeids"].append(0)
                attrs["nodes_missing_value_tracks_true"].append(0)
                attrs["target_treeids"].append(tree_id)
                attrs["target_nodeids"].append(node["nodeid"])
                attrs["target_ids"].append(0)
                attrs["target_weights"].append(float(node["leaf"]))
            else:
                attrs["nodes_featureids"].append(int(node["split"][1:]))
                attrs["nodes_values"].append(float(node["split_condition"]))
                attrs["nodes_modes"].append("BRANCH_LT")  # XGBoost goes to "yes" when x < split_condition
                attrs["nodes_truenodeids"].append(node["yes"])
                attrs["nodes_falsenodeids"].append(node["no"])
                attrs["nodes_missing_value_tracks_true"].append(1 if node["missing"] == node["yes"] else 0)
                stack.extend(node["children"])
    return helper.make_node("TreeEnsembleRegressor", ["features"], ["margin"], domain="ai.onnx.ml",
                            n_targets=1, aggregate_function="SUM", base_values=[base_margin], post_transform="NONE",
                            **attrs)


def build_graph(name, booster, base_margin, numeric, categorical, vocab, input_names, metadata):
    nodes, inits, inputs, parts = [], [], [], []

    def input_name(column):
        return input_names.get(column) or column

    if numeric:
        for c in numeric:
            inputs.append(helper.make_tensor_value_info(input_name(c), TensorProto.FLOAT, ["N", 1]))
        nodes.append(helper.make_node("Concat", [input_name(c) for c in numeric], ["numeric"], axis=1))
        parts.append("numeric")
    for c in categorical:
        inputs.append(helper.make_tensor_value_info(input_name(c), TensorProto.STRING, ["N", 1]))
        if not vocab[c]:
            continue
        nodes.append(helper.make_node("OneHotEncoder", [input_name(c)], [c + "_onehot3d"], domain="ai.onnx.ml",
                                      cats_strings=vocab[c], zeros=1))
        inits.append(helper.make_tensor(c + "_shape", TensorProto.INT64, [2], [-1, len(vocab[c])]))
        nodes.append(helper.make_node("Reshape", [c + "_onehot3d", c + "_shape"], [c + "_onehot"]))
        parts.append(c + "_onehot")
    nodes.append(helper.make_node("Concat", parts, ["features"], axis=1))
    nodes.append(tree_ensemble(booster, base_margin))
    nodes.append(helper.make_node("Sigmoid", ["margin"], ["p1"]))
    inits.append(helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0]))
    inits.append(helper.make_tensor("half", TensorProto.FLOAT, [1], [0.5]))
    inits.append(helper.make_tensor("label_shape", TensorProto.INT64, [1], [-1]))
    nodes.append(helper.make_node("Sub", ["one", "p1"], ["p0"]))
    nodes.append(helper.make_node("Concat", ["p0", "p1"], ["probability"], axis=1))
    nodes.append(helper.make_node("Greater", ["p1", "half"], ["is_positive"]))
    nodes.append(helper.make_node("Cast", ["is_positive"], ["label_2d"], to=TensorProto.INT64))
    nodes.append(helper.make_node("Reshape", ["label_2d", "label_shape"], ["label"]))
    outputs = [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
               helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 2])]
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=inits,
                              doc_string="XGBoost trees with one-hot preprocessing inside the graph.")
    model = helper.make_model(graph, producer_name="Pipeline", producer_version="xgboost-trainer/1",
                              opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)])
    model.ir_version = 8
    for key, value in metadata:
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    return model


def main(argv):
    if len(argv) != 4:
        print("usage: train.py <train.csv> <params.json> <output.onnx>", file=sys.stderr)
        return 2
    train_path, params_path, output_path = argv[1:]
    with open(params_path, encoding="utf-8") as f:
        params = json.load(f)
    numeric = params["features"]["numeric"]
    categorical = params["features"]["categorical"]
    input_names = params["features"].get("inputNames") or {}
    label = params["label"]
    hp = params.get("hyperparameters") or {}
    rounds = int(hp.get("rounds", 60))
    seed = int(hp.get("seed", 42))
    booster_params = {
        "objective": "binary:logistic",
        "eval_metric": "logloss",
        "tree_method": "hist",
        "max_depth": int(hp.get("maxDepth", 4)),
        "eta": float(hp.get("eta", 0.2)),
        "min_child_weight": float(hp.get("minChildWeight", 1)),
        "subsample": 1.0,
        "lambda": float(hp.get("lambda", 1.0)),
        "seed": seed,
        "nthread": int(hp.get("threads", 2)),
        "base_score": 0.5,
    }

    nums, cats, y = read_rows(train_path, numeric, categorical, label)
    vocab = vocabularies(cats, int(hp.get("minCategoryCount", 5)))
    x = design(nums, cats, vocab, categorical)
    print(f"xgboost {xgb.__version__}: {x.shape[0]} rows, {x.shape[1]} features, {int(y.sum())} positives, {rounds} rounds")
    dtrain = xgb.DMatrix(x, label=y, missing=np.nan)
    booster = xgb.train(booster_params, dtrain, num_boost_round=rounds)
    base_margin = math.log(booster_params["base_score"] / (1 - booster_params["base_score"]))
    p = booster.predict(dtrain)
    eps = 1e-15
    logloss = float(-np.mean(y * np.log(np.clip(p, eps, 1)) + (1 - y) * np.log(np.clip(1 - p, eps, 1))))
    print(f"training log loss {logloss:.6f}")

    metadata = [
        ("pipeline.trainer", "xgboost"),
        ("pipeline.hyperparameters", ";".join(f"{k}={hp[k]}" for k in sorted(hp))),
        ("pipeline.features.numeric", ",".join(numeric)),
        ("pipeline.features.categorical", ",".join(categorical)),
        ("pipeline.data.digest", params.get("dataDigest", "")),
        ("pipeline.xgboost.version", xgb.__version__),
    ]
    model = build_graph(params.get("name", "model"), booster, base_margin, numeric, categorical, vocab, input_names, metadata)
    with open(output_path, "wb") as f:
        f.write(model.SerializeToString())
    print(f"wrote {output_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
