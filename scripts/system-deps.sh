#!/bin/sh
# Install the Debian packages evidencekit needs outside Python, idempotently.
#
#   fonts-wqy-microhei  CJK font: Chinese glyphs in PNG charts (vl-convert draws empty
#                       boxes without one); charts.py registers /usr/share/fonts with it.
#   chromium            headless browser for tests/test_site_browser.py (Playwright drives
#                       /usr/bin/chromium; no browser is downloaded by `playwright install`).
#
# Usage: scripts/system-deps.sh [fonts] [browser]   (as root, or with sudo available)
#   fonts    the CJK font: make report, make figures, make notebooks
#   browser  Chromium: make test (the browser test of the report site)
#   no group means both. A package already installed is left alone; nothing is fetched then.
set -eu

PACKAGES=""
for group in "${@:-fonts browser}"; do
    for name in $group; do
        case "$name" in
            fonts) PACKAGES="$PACKAGES fonts-wqy-microhei" ;;
            browser) PACKAGES="$PACKAGES chromium" ;;
            *) echo "system-deps: unknown group '$name'; use fonts and/or browser" >&2; exit 2 ;;
        esac
    done
done

missing=""
for package in $PACKAGES; do
    if command -v dpkg >/dev/null 2>&1 \
        && dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
        echo "system-deps: $package already installed"
    else
        missing="$missing $package"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: apt-get is not available on this system." >&2
    echo "system-deps: install these yourself. A CJK font (for example WenQuanYi Micro Hei" >&2
    echo "system-deps: or Noto Sans CJK SC): without one, Chinese text in PNG charts renders" >&2
    echo "system-deps: as empty boxes. Chromium at /usr/bin/chromium: the browser test of the" >&2
    echo "system-deps: report site needs it. Missing:$missing" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "system-deps: run as root (or install sudo) to install:$missing" >&2
    exit 1
fi

echo "system-deps: installing$missing"
# shellcheck disable=SC2086 # the package list is meant to split into words
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing \
    || { $SUDO apt-get update && $SUDO env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends $missing; }
