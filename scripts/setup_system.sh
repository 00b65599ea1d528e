#!/usr/bin/env bash
# System packages and services the project needs on a fresh Debian 12 machine (run as root).
# Idempotent: installs only what is missing. Called by `make setup`.
set -euo pipefail

need_pkgs=()
for pkg in bubblewrap g++ nodejs python3-dev; do  # python3-dev: headers for the C fork loop (zygote_build.py)
  dpkg -s "$pkg" >/dev/null 2>&1 || need_pkgs+=("$pkg")
done
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup_system: need root to install: ${need_pkgs[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}"
fi

# Docker engine + sandbox base image for the `docker` backend (skipped with REWARDSTACK_SKIP_DOCKER=1).
bash "$(dirname "$0")/setup_docker.sh"
