#!/usr/bin/python3
"""An Open Inference Protocol (KServe v2) client written from the protocol's specification, not from Pipeline's code.

REST: JSON tensors, and the binary tensor data extension (Inference-Header-Content-Length, raw little-endian tensors after
the JSON header, BYTES as 4-byte length + bytes). gRPC: inference.GRPCInferenceService over grpcio, with the protobuf
messages encoded here from grpc_predict_v2.proto's field numbers (no generated code).

Usage: oip_client.py --rest http://127.0.0.1:8080 --grpc 127.0.0.1:8081 --model NAME --rows ROWS.json
ROWS.json: {"inputs": [{"name", "datatype", "shape", "data"}]}. Prints one JSON line per check; exits non-zero on any failure.
"""
import argparse
import json
import struct
import sys
import urllib.request

import numpy as np

NP = {"FP32": "<f4", "FP64": "<f8", "INT64": "<i8", "INT32": "<i4", "INT16": "<i2", "INT8": "i1",
      "UINT64": "<u8", "UINT32": "<u4", "UINT16": "<u2", "UINT8": "u1", "BOOL": "?"}


def raw(datatype, values):
    if datatype == "BYTES":
        out = b""
        for v in values:
            b = v.encode() if isinstance(v, str) else bytes(v)
            out += struct.pack("<I", len(b)) + b
        return out
    return np.asarray(values, dtype=NP[datatype]).tobytes()


def unraw(datatype, data, count):
    if datatype == "BYTES":
        items, at = [], 0
        for _ in range(count):
            (n,) = struct.unpack_from("<I", data, at)
            items.append(data[at + 4:at + 4 + n].decode())
            at += 4 + n
        return items
    return np.frombuffer(data, dtype=NP[datatype]).tolist()


def post(url, body, headers):
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def rest_json(base, model, inputs):
    status, _, body = post(f"{base}/v2/models/{model}/infer", json.dumps({"id": "py-json", "inputs": inputs}).encode(), {})
    assert status == 200, (status, body)
    answer = json.loads(body)
    assert answer["id"] == "py-json", answer
    out = answer["outputs"][0]
    return out["shape"], out["datatype"], out["data"]


def rest_binary(base, model, inputs):
    header = {"id": "py-bin", "parameters": {"binary_data_output": True}, "inputs": []}
    blobs = []
    for t in inputs:
        flat = np.asarray(t["data"]).ravel().tolist() if t["datatype"] != "BYTES" else list(np.asarray(t["data"], dtype=object).ravel())
        b = raw(t["datatype"], flat)
        blobs.append(b)
        header["inputs"].append({"name": t["name"], "datatype": t["datatype"], "shape": t["shape"], "parameters": {"binary_data_size": len(b)}})
    head = json.dumps(header).encode()
    status, headers, body = post(f"{base}/v2/models/{model}/infer", head + b"".join(blobs),
                                 {"Inference-Header-Content-Length": str(len(head)), "Content-Type": "application/octet-stream"})
    assert status == 200, (status, body)
    length = int({k.lower(): v for k, v in headers.items()}["inference-header-content-length"])
    answer = json.loads(body[:length])
    assert answer["id"] == "py-bin", answer
    out = answer["outputs"][0]
    size = out["parameters"]["binary_data_size"]
    count = int(np.prod(out["shape"]))
    return out["shape"], out["datatype"], unraw(out["datatype"], body[length:length + size], count)


def rest_malformed(base, model):
    status, headers, body = post(f"{base}/v2/models/{model}/infer", b'{"inputs":[]}xxxx', {"Inference-Header-Content-Length": "abc"})
    assert status == 400, (status, body)
    assert "Inference-Header-Content-Length" in json.loads(body)["error"], body
    return status


# --- protobuf wire format (https://protobuf.dev/programming-guides/encoding/), for grpc_predict_v2.proto's messages ---

def varint(n):
    n &= (1 << 64) - 1
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def field(number, wire, payload):
    key = varint(number << 3 | wire)
    if wire == 2:
        return key + varint(len(payload)) + payload
    return key + payload


def string(number, s):
    return field(number, 2, s.encode() if isinstance(s, str) else s)


def read_varint(data, at):
    n, shift = 0, 0
    while True:
        b = data[at]
        at += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, at


def fields(data):
    at = 0
    while at < len(data):
        key, at = read_varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = read_varint(data, at)
        elif wire == 2:
            n, at = read_varint(data, at)
            value, at = data[at:at + n], at + n
        elif wire == 1:
            value, at = data[at:at + 8], at + 8
        elif wire == 5:
            value, at = data[at:at + 4], at + 4
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, value


def infer_request(model, inputs, request_id):
    # ModelInferRequest: model_name 1, id 3, inputs 5 (InferInputTensor: name 1, datatype 2, shape 3 packed int64), raw_input_contents 7.
    msg = string(1, model) + string(3, request_id)
    blobs = []
    for t in inputs:
        shape = b"".join(varint(d) for d in t["shape"])
        msg += field(5, 2, string(1, t["name"]) + string(2, t["datatype"]) + field(3, 2, shape))
        flat = np.asarray(t["data"]).ravel().tolist() if t["datatype"] != "BYTES" else list(np.asarray(t["data"], dtype=object).ravel())
        blobs.append(raw(t["datatype"], flat))
    for b in blobs:
        msg += field(7, 2, b)
    return msg


def infer_response(data):
    # ModelInferResponse: model_name 1, model_version 2, id 3, outputs 5 (name 1, datatype 2, shape 3), raw_output_contents 6.
    answer = {"outputs": [], "raw": []}
    for number, _, value in fields(data):
        if number in (1, 2, 3):
            answer[{1: "model_name", 2: "model_version", 3: "id"}[number]] = value.decode()
        elif number == 5:
            out = {"shape": []}
            for n, w, v in fields(value):
                if n == 1:
                    out["name"] = v.decode()
                elif n == 2:
                    out["datatype"] = v.decode()
                elif n == 3 and w == 2:
                    at = 0
                    while at < len(v):
                        d, at = read_varint(v, at)
                        out["shape"].append(d)
                elif n == 3:
                    out["shape"].append(v)
            answer["outputs"].append(out)
        elif number == 6:
            answer["raw"].append(value)
    return answer


def grpc_checks(target, model, inputs):
    import grpc
    channel = grpc.insecure_channel(target)
    ident = lambda b: b
    def call(method, body):
        return channel.unary_unary(f"/inference.GRPCInferenceService/{method}", request_serializer=ident, response_deserializer=ident)(body, timeout=30)
    live = dict((n, v) for n, _, v in fields(call("ServerLive", b"")))
    assert live.get(1) == 1, live
    ready = dict((n, v) for n, _, v in fields(call("ServerReady", b"")))
    assert ready.get(1) == 1, ready
    meta = [v.decode() for n, _, v in fields(call("ServerMetadata", b"")) if n == 3]
    assert "binary_tensor_data" in meta, meta
    answer = infer_response(call("ModelInfer", infer_request(model, inputs, "py-grpc")))
    assert answer["id"] == "py-grpc", answer
    out = answer["outputs"][0]
    values = unraw(out["datatype"], answer["raw"][0], int(np.prod(out["shape"])))
    try:
        call("ModelInfer", infer_request("no-such-model", inputs, "x"))
        raise AssertionError("unknown model answered")
    except grpc.RpcError as e:
        assert e.code() == grpc.StatusCode.NOT_FOUND, e
    return out["shape"], out["datatype"], values


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rest", required=True)
    p.add_argument("--grpc")
    p.add_argument("--model", required=True)
    p.add_argument("--rows", required=True)
    a = p.parse_args()
    inputs = json.load(open(a.rows))["inputs"]
    n = inputs[0]["shape"][0]
    with urllib.request.urlopen(f"{a.rest}/v2/health/ready", timeout=10) as r:
        assert json.loads(r.read()) == {"ready": True}
    results = {"json": rest_json(a.rest, a.model, inputs), "binary": rest_binary(a.rest, a.model, inputs)}
    print(json.dumps({"check": "malformed binary header", "status": rest_malformed(a.rest, a.model)}))
    if a.grpc:
        results["grpc"] = grpc_checks(a.grpc, a.model, inputs)
    reference = results["json"]
    for name, (shape, datatype, data) in results.items():
        assert shape == [n, 1], (name, shape)
        assert datatype == "FP32", (name, datatype)
        assert np.allclose(np.asarray(data, dtype=np.float32), np.asarray(reference[2], dtype=np.float32), atol=1e-6), (name, data, reference[2])
        print(json.dumps({"check": name, "shape": shape, "datatype": datatype, "scores": [round(float(x), 6) for x in data]}))
    print(json.dumps({"check": "all", "ok": True}))


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(json.dumps({"check": "failed", "error": repr(e)}))
        sys.exit(1)
