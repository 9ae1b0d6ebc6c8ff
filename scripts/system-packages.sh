#!/usr/bin/env bash
# The Debian packages that the test suites need, and the command each one provides.
# `npm test` runs this first: a missing package is installed with apt-get when running as root,
# otherwise the script stops with one line naming the exact command to run.
# Add a package here when a suite starts to need another system program.
set -euo pipefail

# package=what shows it is there: a command on PATH, or an absolute path (for a package that adds
# no command of its own, e.g. libreoffice-writer-nogui=/usr/lib/libreoffice/program/libswlo.so).
# Checking what the suites use, not the package database, accepts the same program installed
# another way (the full LibreOffice instead of the -nogui packages).
PACKAGES=(
  "libreoffice-calc-nogui=soffice" # the report and import suites open workbooks with LibreOffice
  "libreoffice-writer-nogui=/usr/lib/libreoffice/program/libswlo.so" # the summary report (.docx) as PDF
  "poppler-utils=pdftotext" # the document suites read the PDFs back as text
  "chromium=chromium" # the browser suites (test/browser) drive Debian's Chromium through playwright-core
)

present() {
  case "$1" in
    /*) [ -e "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for entry in "${PACKAGES[@]}"; do
  present "${entry#*=}" || missing+=("${entry%%=*}")
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
  if ! present "${entry#*=}"; then
    echo "Installed ${missing[*]} but \`${entry#*=}\` is still missing." >&2
    exit 1
  fi
done
