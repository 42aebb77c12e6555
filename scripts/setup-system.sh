#!/usr/bin/env bash
# System packages the test suite needs beyond Node: Mesa's software Vulkan driver (WebGPU via
# Dawn), Debian's Chromium (browser tests), Fashion-MNIST and the King James Bible (datasets),
# and PyTorch with OpenBLAS (the PyTorch parity suite, exportPyTorch and the torchrun round trip;
# run as /usr/bin/python3).
# Idempotent; needs root and apt (CI has both). Elsewhere it explains and skips, and the tests
# that need these packages skip with a printed reason.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
  echo "setup-system: needs root and apt-get; skipping (WebGPU, browser, Fashion-MNIST and PyTorch tests will skip)"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
missing=()
for pkg in chromium dataset-fashion-mnist bible-kjv python3-torch libopenblas0-pthread; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  echo "setup-system: installed ${missing[*]}"
fi
bash "$here/install-vulkan.sh"
