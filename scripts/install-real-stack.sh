#!/usr/bin/env bash
# Installs what the real-stack tests and benchmarks need on Debian bookworm: the PC/SC daemon and its headers
# (pcsclite's native build), the vpcd driver that lets a virtual card sit behind pcscd, pcsc-tools (scriptor,
# pcsc_scan), socat (serial ports over pseudo-terminals), udev (serialport's port listing calls udevadm),
# iproute2 and util-linux (the bench's private network namespace), and PostgreSQL 15 (the ledger's real server).
# Used by .ci/run, and named by `npm test` when it skips real-stack suites.
set -euo pipefail
packages=(pcscd libpcsclite-dev vsmartcard-vpcd pcsc-tools socat udev iproute2 util-linux postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "real stack: all of ${packages[*]} installed"
else
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "real stack: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "real stack: installed ${missing[*]}"
fi

# pcsclite is an optional dependency: an `npm ci` run before libpcsclite-dev was there left it out. Build it now,
# at the version package.json names, without touching package.json or the lock file.
cd "$(dirname "$0")/.."
if [ -d node_modules ] && ! node -e "require('pcsclite')" 2>/dev/null; then
  version=$(node -p "require('./package.json').optionalDependencies.pcsclite")
  echo "real stack: building pcsclite@$version against libpcsclite-dev"
  npm install --no-save --no-audit --no-fund "pcsclite@$version" >/dev/null
fi
