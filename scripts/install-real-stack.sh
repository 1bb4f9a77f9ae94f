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
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "real stack: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "real stack: installed ${missing[*]}"
