#!/usr/bin/python3
"""Writes the digits example's dataset (models/digits/model.yaml) from the copy Debian's python3-sklearn bundles.

    /usr/bin/python3 models/digits/export.py

data/digits/digits.csv: the UCI optical recognition of handwritten digits test set as sklearn.datasets.load_digits reads it:
1 797 images of 8x8 pixels, each pixel the count of set pixels in a 4x4 block of the original 32x32 bitmap (0..16), labelled with
the digit 0..9. A key sample_id (d0000..d1796) is added for the hash split; pixel px_R_C is row R, column C.
"""
import csv
import gzip
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"


def main():
    with gzip.open(SOURCE, "rt") as f:
        rows = [line.strip().split(",") for line in f if line.strip()]
    assert len(rows) == 1797 and all(len(r) == 65 for r in rows)
    path = os.path.join(ROOT, "data", "digits", "digits.csv")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["sample_id", *[f"px_{r}_{c}" for r in range(8) for c in range(8)], "digit"])
        for i, row in enumerate(rows):
            writer.writerow([f"d{i:04d}", *[str(int(float(v))) for v in row[:64]], str(int(float(row[64])))])
    print(f"wrote {path}: {len(rows)} rows")


if __name__ == "__main__":
    main()
