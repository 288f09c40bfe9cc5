#!/usr/bin/env bash
# Set-up and build in one step: installs what is missing (packaging/setup.sh), configures with the
# given CMake preset (default: "default") and builds. Re-running it only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
if [ "$preset" = headless ]; then MASKSCOPE_HEADLESS=1 bash packaging/setup.sh; else bash packaging/setup.sh; fi
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
