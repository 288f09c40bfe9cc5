#!/usr/bin/env bash
# The whole test suite: set up, build, and run every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh default
# setup.sh installs python3-torch, so the reference comparisons must run, not skip.
export MASKSCOPE_REQUIRE_REFERENCE=1
ctest --preset default -j "$(nproc)"
