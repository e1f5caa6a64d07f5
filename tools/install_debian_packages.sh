#!/usr/bin/env bash
# Install the Debian packages named on the command line that are not installed yet,
# without their recommended packages: as root (CI's container), or through sudo.
# `make pdf` uses it for XeLaTeX and its fonts.
set -euo pipefail
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "not a Debian system: install the equivalent of these packages yourself: $*" >&2
  exit 1
fi
missing=()
for package in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "missing Debian packages: ${missing[*]} (apt-get install them as root)" >&2
  exit 1
fi
echo "apt-get install ${missing[*]}"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
