#!/usr/bin/env bash
# Installs Mesa 25's software Vulkan driver (lavapipe) from bookworm-backports so that Dawn
# (npm package `webgpu`) finds an adapter on a machine without a GPU. Dawn refuses Mesa 22.
# Idempotent; needs root (CI runs as root). Skips with a message where apt is unavailable.
set -euo pipefail

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-vulkan: apt-get not found; skipping (WebGPU tests will skip without a driver)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-vulkan: not root; skipping (run as root to install the Vulkan driver)"
  exit 0
fi

have_mesa25() {
  local v
  v=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  [[ "$v" == 25.* || "$v" == 1:25.* ]]
}

if have_mesa25 && dpkg-query -W libvulkan1 >/dev/null 2>&1; then
  echo "install-vulkan: Mesa $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers) already installed"
  exit 0
fi

src=/etc/apt/sources.list.d/debian.sources
uri=$(awk '/^URIs:/{print $2; exit}' "$src" 2>/dev/null || true)
uri=${uri:-http://deb.debian.org/debian}
printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
  > /etc/apt/sources.list.d/backports.sources
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
echo "install-vulkan: installed Mesa $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)"
