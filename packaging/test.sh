#!/usr/bin/env bash
# The whole test suite: set up, build, and run every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh default
ctest --preset default -j "$(nproc)"
