#!/usr/bin/env bash
# Installs the system components that some tests need (run as root):
#   - Debian's chromium, for the end-to-end test of the rendered proof site;
#   - Mesa 25's Vulkan driver (lavapipe) from bookworm-backports, a software GPU
#     adapter on which the WebGPU backend runs (bookworm's own Mesa 22 is refused by Dawn).
# The backports suite is added by copying the existing Debian source entry and
# changing only its Suites line, so no mirror address is written here.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

sources=/etc/apt/sources.list.d/debian.sources
backports=/etc/apt/sources.list.d/layerproof-backports.sources
if [ ! -f "$backports" ]; then
  if [ ! -f "$sources" ]; then
    echo "install-system-deps: $sources not found; add a bookworm-backports source by hand" >&2
    exit 1
  fi
  # First stanza only (the main archive), with its suite switched to backports.
  awk 'BEGIN{RS=""; ORS="\n\n"} NR==1 { sub(/Suites:[^\n]*/, "Suites: bookworm-backports"); print }' \
    "$sources" > "$backports"
fi

apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
apt-get install -y -qq --no-install-recommends -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
echo "install-system-deps: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)"
