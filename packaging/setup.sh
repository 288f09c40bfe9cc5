#!/usr/bin/env bash
# Installs everything MaskScope needs to build and test on Debian 12 (bookworm), from Debian's own
# packages, and builds sentencepiece from Debian's source package as a static, position-independent
# library (a shared libsentencepiece and libtorch cannot share one process; see README.md).
#
# Idempotent: when every package is present and the static library exists it returns in about a second.
#   packaging/setup.sh            full set-up (desktop app, CLI, tests)
#   MASKSCOPE_HEADLESS=1 packaging/setup.sh   no Qt GUI packages (servers, GPU machines)
set -euo pipefail

SPM_PREFIX=${MASKSCOPE_SPM_PREFIX:-/opt/maskscope/sentencepiece}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

packages=(
  build-essential cmake ninja-build pkg-config dpkg-dev
  libtorch-dev libopenblas0-pthread libgloo-dev
  protobuf-compiler libprotobuf-dev
  libsimdjson-dev libxxhash-dev librandom123-dev nlohmann-json3-dev libcli11-dev
  libbenchmark-dev python3 python3-torch python3-numpy
)
if [ "${MASKSCOPE_HEADLESS:-0}" != "1" ]; then
  packages+=(
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-translations-l10n libqt6opengl6-dev libgl-dev xvfb xauth fonts-dejavu-core fonts-noto-cjk
  )
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ -f "$SPM_PREFIX/lib/libsentencepiece.a" ] && [ -f "$SPM_PREFIX/lib/libsentencepiece_train.a" ] \
   && [ -f "$SPM_PREFIX/include/sentencepiece.pb.h" ]; then
  echo "setup: everything is in place"
  exit 0
fi

# Debian's source packages need a deb-src entry; add one that mirrors the existing deb line.
if ! grep -rqs "deb-src\|Types:.*deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  mirror=$(grep -rhs "^URIs:" /etc/apt/sources.list.d/*.sources | head -1 | awk '{print $2}')
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" | $SUDO tee /etc/apt/sources.list.d/maskscope-src.sources >/dev/null
  $SUDO apt-get update -qq
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  apt-get source --download-only -qq sentencepiece 2>&1 | grep -v "unsandboxed" || true
  tar xf sentencepiece_*.orig.tar.*
  src=$(find . -maxdepth 1 -type d -name 'sentencepiece-*' | head -1)
  cmake -S "$src" -B build -G Ninja -DSPM_ENABLE_SHARED=OFF -DSPM_USE_BUILTIN_PROTOBUF=OFF \
        -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build --target sentencepiece-static sentencepiece_train-static
  $SUDO mkdir -p "$SPM_PREFIX/lib" "$SPM_PREFIX/include"
  $SUDO cp build/src/libsentencepiece.a build/src/libsentencepiece_train.a "$SPM_PREFIX/lib/"
  $SUDO cp "$src"/src/sentencepiece_processor.h "$src"/src/sentencepiece_trainer.h \
      build/src/sentencepiece.pb.h build/src/sentencepiece_model.pb.h "$SPM_PREFIX/include/"
)
echo "setup: sentencepiece (static, PIC) installed in $SPM_PREFIX"
