#!/usr/bin/env bash
# Installs every Debian package Minsheng needs to build, run, test and benchmark.
# Idempotent: packages already present are skipped; apt-get runs only when something is missing.
# Extra package names may be given as arguments (`make fuzz` adds clang and its fuzzer runtime).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libboost-dev nlohmann-json3-dev libsimdjson-dev
  libsqlite3-dev sqlite3
  libcpp-httplib-dev
  liblinear-dev libfasttext-dev libicu-dev libopencc-dev opencc
  libsodium-dev libspdlog-dev libfmt-dev libcli11-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libgoogle-perftools-dev
  wrk curl
)
PACKAGES+=("$@")

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "[install-deps] installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
