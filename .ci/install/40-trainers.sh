#!/usr/bin/env bash
# External trainers: models/fraud-xgboost uses Debian's XGBoost Python binding and the ONNX helper API (the trainer script
# converts the booster's JSON dump into an ONNX TreeEnsembleRegressor + Sigmoid graph); models/breast-cancer uses PyTorch
# (MLP exported by torch.onnx) and scikit-learn, whose bundled breast-cancer dataset export.py writes to data/.
set -euo pipefail

packages=(python3-xgboost python3-onnx python3-numpy python3-torch python3-sklearn)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "trainers: ${packages[*]} already installed"
  exit 0
fi

echo "trainers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
/usr/bin/python3 -c "import xgboost, onnx, numpy, torch, sklearn; print('trainers: xgboost', xgboost.__version__, 'onnx', onnx.__version__, 'torch', torch.__version__, 'sklearn', sklearn.__version__)"
