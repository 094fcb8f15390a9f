#!/usr/bin/env bash
# ONNX binding tests (tests/Pipeline.Onnx.Tests):
#  - Debian's libonnx-testdata: the ONNX backend test models + golden inputs/outputs the conformance test runs;
#  - the en_US.UTF-8 locale: ONNX Runtime's StringNormalizer kernel constructs it (simple/test_strnorm_* cases);
#  - gcc: builds the C floor of bench/Onnx. (ONNX Runtime itself comes from the Microsoft.ML.OnnxRuntime NuGet package.)
set -euo pipefail

packages=(libonnx-testdata locales gcc)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    if [ "$p" = gcc ] && command -v gcc >/dev/null 2>&1; then continue; fi
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "onnx: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "onnx: ${packages[*]} already installed"
fi

if ! locale -a 2>/dev/null | grep -qi '^en_US\.utf-\?8$'; then
  echo "onnx: generating locale en_US.UTF-8"
  if [ -f /etc/locale.gen ]; then
    sed -i 's/^# *\(en_US\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen
  fi
  locale-gen >/dev/null
else
  echo "onnx: locale en_US.UTF-8 present"
fi

test -d /usr/share/libonnx-testdata/data/simple
echo "onnx: test data at /usr/share/libonnx-testdata/data"
