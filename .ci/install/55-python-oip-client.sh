#!/usr/bin/env bash
# The Open Inference Protocol client test (tests/python/oip_client.py, run by Pipeline.Serving.Tests PythonClientTests):
# python3 with numpy (binary tensors) and grpcio (the gRPC channel; messages are encoded by the client itself from the spec).
set -euo pipefail

packages=(python3 python3-numpy python3-grpcio)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "python-oip-client: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi
