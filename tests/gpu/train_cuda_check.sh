#!/bin/bash
# Builds the trainer's tensor path (gpu/ objective, optimizer state, model) and train_cuda_check.cpp
# with g++ against the LibTorch of a Python torch installation and runs the check: CUDA against the
# CPU, AdamW state on CUDA, and training tokens/s and MFU for the tiny and base presets in bf16. For
# GPU machines that have PyTorch with CUDA but neither Qt nor this project's other libraries.
#
#   tests/gpu/train_cuda_check.sh
#   PY=python3            the Python whose torch provides LibTorch
#   EXTRA_INCLUDE=dir     where nlohmann/json.hpp and Random123/ live when not under /usr/include
#   BUILD=/tmp/maskscope-train-cuda-check   object files and the binary
# Exit code: the check's (0 pass, 1 fail, 77 no CUDA device), 2 when the build fails.
set -u
cd "$(dirname "$0")/../.."
PY=${PY:-python3}
BUILD=${BUILD:-/tmp/maskscope-train-cuda-check}
read -r ABI INC LIB VER CUDA <<<"$($PY - <<'P'
import torch
from torch.utils.cpp_extension import include_paths, library_paths
print(int(torch._C._GLIBCXX_USE_CXX11_ABI), ':'.join(include_paths()), ':'.join(library_paths()),
      torch.__version__, torch.version.cuda)
P
)"
[ -n "$ABI" ] || { echo "cannot query torch with $PY"; exit 2; }
echo "torch $VER, CUDA $CUDA, C++11 ABI $ABI"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null

INCLUDES="-I."
[ -n "${EXTRA_INCLUDE:-}" ] && INCLUDES="$INCLUDES -isystem $EXTRA_INCLUDE"
for dir in ${INC//:/ }; do INCLUDES="$INCLUDES -isystem $dir"; done
LIBDIRS=""
for dir in ${LIB//:/ }; do LIBDIRS="$LIBDIRS -L$dir -Wl,-rpath,$dir"; done
CUDA_LIBS=""
[ -n "$CUDA" ] && [ "$CUDA" != "None" ] && CUDA_LIBS="-ltorch_cuda -lc10_cuda"

mkdir -p "$BUILD"
rm -f "$BUILD"/*.o
SOURCES="gpu/model.cpp gpu/model_config.cpp gpu/diffusion_loss.cpp gpu/block_diffusion.cpp gpu/safetensors.cpp
         gpu/training_objective.cpp gpu/optimizer_state.cpp gpu/lr_schedule.cpp core/atomic_file.cpp
         tests/gpu/train_cuda_check.cpp"
for source in $SOURCES; do
    object="$BUILD/$(basename "$source").o"
    g++ -std=c++20 -O2 -fPIC -Wall -Wextra -Wno-unused-parameter -D_GLIBCXX_USE_CXX11_ABI="$ABI" $INCLUDES \
        -c "$source" -o "$object" 2>"$object.log" &
done
wait
failed=0
for source in $SOURCES; do
    log="$BUILD/$(basename "$source").o.log"
    grep -E "error|warning" -A3 "$log" | head -20
    grep -q "error" "$log" && failed=1
done
[ "$failed" = 0 ] || exit 2
g++ -o "$BUILD/train_cuda_check" "$BUILD"/*.cpp.o $LIBDIRS \
    -Wl,--no-as-needed -ltorch $CUDA_LIBS -ltorch_cpu -lc10 -Wl,--as-needed -lpthread || exit 2
"$BUILD/train_cuda_check" "$@"
