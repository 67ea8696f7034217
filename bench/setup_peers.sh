#!/usr/bin/env bash
# Create the isolated virtual environment for the peer extractors (quantulum3,
# Microsoft Recognizers-Text) used by bench/compare_extractors.py and bench/throughput.py.
#
#   bash bench/setup_peers.sh            # creates bench/.peers-venv (git-ignored)
#   PEERS_VENV=/tmp/pv bash bench/setup_peers.sh
#
# Idempotent: a stamp file records the pinned requirements; when it matches, the
# script only checks that the packages import and returns in well under a second.
# Needs only python3 (with the venv module) and access to PyPI.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${PEERS_VENV:-$HERE/.peers-venv}"
PYTHON="${PYTHON:-python3}"
STAMP="$VENV/.stamp-peers"

# Pins from ../shared/benchmarks/quantities/README.md. Recognizers-Text 1.0.2a2 is a
# pre-release and needs the old emoji API (0.6.0).
REQUIREMENTS="quantulum3==0.10.0
recognizers-text-number==1.0.2a2
recognizers-text-number-with-unit==1.0.2a2
emoji==0.6.0"

if [[ -f "$STAMP" ]] && [[ -f "$VENV/.gitignore" ]] && [[ "$(cat "$STAMP")" == "$REQUIREMENTS" ]] \
    && "$VENV/bin/python" -c "import quantulum3, recognizers_number_with_unit" 2>/dev/null; then
    echo "peers venv up to date: $VENV"
    exit 0
fi

if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
fi
# shellcheck disable=SC2086
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $REQUIREMENTS
"$VENV/bin/python" -c "import quantulum3, recognizers_number_with_unit"
printf '*\n' > "$VENV/.gitignore"  # never commit the venv (as Python >= 3.13 venvs do)
printf '%s' "$REQUIREMENTS" > "$STAMP"
echo "peers venv ready: $VENV"
