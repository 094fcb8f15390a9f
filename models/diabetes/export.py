#!/usr/bin/python3
"""Writes the diabetes example's dataset (models/diabetes/model.yaml) from the copy Debian's python3-sklearn bundles.

    /usr/bin/python3 models/diabetes/export.py

data/diabetes/diabetes.csv: the diabetes data of Efron, Hastie, Johnstone and Tibshirani (2004), "Least Angle Regression",
as sklearn.datasets.load_diabetes(scaled=False) reads it: 442 patients, ten baseline measurements (age, sex, body-mass index,
mean blood pressure, six blood serum measurements s1..s6) and a quantitative measure of disease progression one year later
(the regression label). A key sample_id (p000..p441) is added for the hash split. Values are written as in the source files.
"""
import csv
import gzip
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE = "/usr/lib/python3/dist-packages/sklearn/datasets/data"
COLUMNS = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]


def main():
    with gzip.open(os.path.join(SOURCE, "diabetes_data_raw.csv.gz"), "rt") as f:
        rows = [line.split() for line in f if line.strip()]
    with gzip.open(os.path.join(SOURCE, "diabetes_target.csv.gz"), "rt") as f:
        target = [float(line) for line in f if line.strip()]
    assert len(rows) == len(target) == 442, (len(rows), len(target))
    path = os.path.join(ROOT, "data", "diabetes", "diabetes.csv")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["sample_id", *COLUMNS, "progression"])
        for i, (row, y) in enumerate(zip(rows, target)):
            writer.writerow([f"p{i:03d}", *row, f"{y:g}"])
    print(f"wrote {path}: {len(rows)} rows")


if __name__ == "__main__":
    main()
