#!/usr/bin/env bash
# The main job: set up, build, and run MaskScope on the bundled demo corpus with its tokenizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh default
./build/app/maskscope-cli inspect --corpus resources/demo/demo.jsonl \
    --tokenizer resources/demo/demo.model --density rules:code "$@"
