#!/usr/bin/env bash
# The Debian packages that the test suites need, and the command each one provides.
# `npm test` runs this first: a missing package is installed with apt-get when running as root,
# otherwise the script stops with one line naming the exact command to run.
# Add a package here when a suite starts to need another system program.
set -euo pipefail

# package=command
PACKAGES=(
  "libreoffice-calc-nogui=soffice" # the report and import suites open workbooks with LibreOffice
)

missing=()
for entry in "${PACKAGES[@]}"; do
  package="${entry%%=*}"
  program="${entry#*=}"
  command -v "$program" >/dev/null 2>&1 || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need system packages that are missing; install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing system packages the tests need: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq "${missing[@]}" >/dev/null

for entry in "${PACKAGES[@]}"; do
  program="${entry#*=}"
  if ! command -v "$program" >/dev/null 2>&1; then
    echo "Installed ${missing[*]} but \`$program\` is still not on PATH." >&2
    exit 1
  fi
done
