#!/usr/bin/env bash
# The main job: set up, build, and run MaskScope on the bundled demo corpus with its tokenizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh default
# The desktop app needs a display. Without one (a server, a CI runner) it renders its main window
# once to build/demo.png instead, so the job still shows what the app shows.
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
  echo "demo: no display found; rendering the main window to build/demo.png (QT_QPA_PLATFORM=offscreen)" >&2
  QT_QPA_PLATFORM=offscreen exec ./build/app/maskscope --screenshot build/demo.png \
      resources/demo/demo.jsonl resources/demo/demo.model "$@"
fi
exec ./build/app/maskscope resources/demo/demo.jsonl resources/demo/demo.model "$@"
