#!/bin/bash
# Builds maskscope-gpu-check (gpu/kernels/gpu_check.cpp + gpu_check_suite.cpp) with nvcc and g++ directly and runs it: for
# GPU machines that have CUDA, g++ and PyTorch but neither Qt nor this project's Debian packages (no
# CMake configure needed). Every kernel is compared with its CPU reference, then timed.
#
#   tests/gpu/gpu_check.sh [--quick]     build and run
#   tests/gpu/gpu_check.sh --stage DIR   here, on a Debian machine: copy the headers a GPU machine may
#                                        lack (Random123/, xxhash.h) into DIR, to carry along
# Environment:
#   DEPS=dir        holds Random123/ and xxhash.h (default: build-gpu-check-deps when it exists)
#   PY=python3      its torch (with CUDA) adds the LibTorch glue check and baseline; NO_TORCH=1 skips
#   NVCC=nvcc       (default: nvcc on PATH, else /usr/local/cuda/bin/nvcc)
#   ARCH=90         compute capability to build for
#   BUILD=/tmp/maskscope-gpu-check
# Exit code: the check's (0 pass, 1 mismatch, 77 no CUDA device, 2 runtime error); 2 when the kernels
# do not build; 3 when everything passed but the LibTorch glue did not build (its log is printed).
set -u
cd "$(dirname "$0")/../.."

if [ "${1:-}" = "--stage" ]; then
    dir=${2:?usage: gpu_check.sh --stage DIR}
    mkdir -p "$dir" && cp -r /usr/include/Random123 "$dir/" && cp /usr/include/xxhash.h "$dir/" || exit 2
    echo "staged Random123/ and xxhash.h in $dir"
    exit 0
fi

started=$(date +%s)
BUILD=${BUILD:-/tmp/maskscope-gpu-check}
ARCH=${ARCH:-90}
PY=${PY:-python3}
NVCC=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
CUDA_HOME=$(dirname "$(dirname "$(readlink -f "$NVCC")")")
DEPS=${DEPS:-}
[ -z "$DEPS" ] && [ -d build-gpu-check-deps ] && DEPS=build-gpu-check-deps

echo "== versions"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader 2>&1 | head -2
"$NVCC" --version | tail -2
g++ --version | head -1
commit=unknown
if git rev-parse --short HEAD >/dev/null 2>&1; then
    commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- gpu/kernels core || echo ' (modified)')
fi
echo "CUDA toolkit: $CUDA_HOME; commit: $commit"

INCLUDES="-I."
[ -n "$DEPS" ] && INCLUDES="$INCLUDES -isystem $(readlink -f "$DEPS")"
if ! echo '#include <Random123/philox.h>
#include <xxhash.h>' | g++ -std=c++20 -x c++ $INCLUDES -fsyntax-only - 2>/dev/null; then
    echo "Random123/philox.h or xxhash.h not found: run 'tests/gpu/gpu_check.sh --stage build-gpu-check-deps' on a"
    echo "Debian machine with librandom123-dev and libxxhash-dev, carry that folder, or set DEPS"
    exit 2
fi

# LibTorch of the Python torch, when it has CUDA.
TORCH_OK=0
if [ "${NO_TORCH:-0}" != 1 ]; then
    read -r ABI TORCH_INC TORCH_LIB TORCH_VERSION TORCH_CUDA TORCH_CUDART <<<"$($PY - 2>/dev/null <<'P'
import glob, os, torch
from torch.utils.cpp_extension import include_paths, library_paths
site = os.path.dirname(os.path.dirname(torch.__file__))
cudart = sorted(glob.glob(os.path.join(site, 'nvidia', '**', 'libcudart.so.*'), recursive=True))
print(int(torch._C._GLIBCXX_USE_CXX11_ABI), ':'.join(include_paths()), ':'.join(library_paths()),
      torch.__version__, torch.version.cuda, cudart[0] if cudart else 'none')
P
)"
    if [ -n "${ABI:-}" ] && [ "${TORCH_CUDA:-None}" != None ]; then
        TORCH_OK=1
        echo "torch $TORCH_VERSION (CUDA $TORCH_CUDA, C++11 ABI $ABI): glue check and LibTorch baseline included"
    else
        echo "no torch with CUDA from $PY: glue check and LibTorch baseline skipped"
    fi
fi
ABI_FLAG=""
[ "$TORCH_OK" = 1 ] && ABI_FLAG="-D_GLIBCXX_USE_CXX11_ABI=$ABI"

mkdir -p "$BUILD"
rm -f "$BUILD"/*.o "$BUILD"/*.log "$BUILD/maskscope-gpu-check"
HOST_FLAGS="-std=c++20 -O2 -fPIC -Wall -Wextra -Wno-unused-parameter $ABI_FLAG $INCLUDES"
# --fmad=false for the sampler: its double arithmetic must round as on the host (bit-identical masks).
NVCC_FLAGS="-std=c++20 -O3 -ccbin g++ -gencode arch=compute_$ARCH,code=sm_$ARCH -Xcompiler -fPIC --Werror=all-warnings $INCLUDES"
[ -n "$ABI_FLAG" ] && NVCC_FLAGS="$NVCC_FLAGS -Xcompiler $ABI_FLAG"

compile() {  # compile OBJECT COMMAND...: runs in the background, log beside the object
    local object=$1
    shift
    "$@" -o "$BUILD/$object" >"$BUILD/$object.log" 2>&1 &
}
compile mask_sampler.o g++ $HOST_FLAGS -c core/mask_sampler.cpp
compile content_hash.o g++ $HOST_FLAGS -DXXH_INLINE_ALL -c core/content_hash.cpp
compile mask_batch.o g++ $HOST_FLAGS -c gpu/kernels/mask_batch.cpp
compile nll_entropy.o g++ $HOST_FLAGS -c gpu/kernels/nll_entropy.cpp
compile device_runtime_cu.o "$NVCC" $NVCC_FLAGS -c gpu/kernels/device_runtime.cu
compile nll_entropy_cu.o "$NVCC" $NVCC_FLAGS -c gpu/kernels/nll_entropy.cu
compile mask_batch_cu.o "$NVCC" $NVCC_FLAGS --fmad=false -c gpu/kernels/mask_batch.cu
compile gpu_check_suite.o g++ $HOST_FLAGS -isystem "$CUDA_HOME/include" -DMASKSCOPE_CUDA_KERNELS=1 \
    -c gpu/kernels/gpu_check_suite.cpp
compile gpu_check_plain.o g++ $HOST_FLAGS -isystem "$CUDA_HOME/include" -c gpu/kernels/gpu_check.cpp
if [ "$TORCH_OK" = 1 ]; then
    TORCH_INCLUDES=""
    for dir in ${TORCH_INC//:/ }; do TORCH_INCLUDES="$TORCH_INCLUDES -isystem $dir"; done
    compile kernels_torch.o g++ $HOST_FLAGS $TORCH_INCLUDES -isystem "$CUDA_HOME/include" -DMASKSCOPE_TORCH_CUDA_GLUE=1 \
        -c gpu/kernels/kernels_torch.cpp
    compile gpu_check_torch.o g++ $HOST_FLAGS $TORCH_INCLUDES -isystem "$CUDA_HOME/include" -DMASKSCOPE_GPU_CHECK_TORCH=1 \
        -c gpu/kernels/gpu_check.cpp
    compile gpu_check_torch_part.o g++ $HOST_FLAGS $TORCH_INCLUDES -isystem "$CUDA_HOME/include" \
        -DMASKSCOPE_TORCH_CUDA_GLUE=1 -c gpu/kernels/gpu_check_torch.cpp
fi
wait

failed() { [ ! -s "$BUILD/$1" ]; }
show() { echo "--- $1"; grep -E "error|warning" -A3 "$BUILD/$1.log" | head -30; }
for object in mask_sampler.o content_hash.o mask_batch.o nll_entropy.o device_runtime_cu.o nll_entropy_cu.o \
              mask_batch_cu.o gpu_check_suite.o gpu_check_plain.o; do
    if failed $object; then show $object; echo "build failed: $object"; exit 2; fi
    grep -q warning "$BUILD/$object.log" && show $object
done
OBJECTS="$BUILD/mask_sampler.o $BUILD/content_hash.o $BUILD/mask_batch.o $BUILD/nll_entropy.o
         $BUILD/gpu_check_suite.o $BUILD/device_runtime_cu.o $BUILD/nll_entropy_cu.o $BUILD/mask_batch_cu.o"
# One CUDA runtime in the process, shared: LibTorch's own when it ships one (a static copy in the
# executable could interpose on LibTorch's runtime symbols), else the toolkit's.
CUDA_LINK="-L$CUDA_HOME/lib64 -Wl,-rpath,$CUDA_HOME/lib64 -lcudart -ldl -lrt -lpthread"
if [ "$TORCH_OK" = 1 ] && [ -f "${TORCH_CUDART:-none}" ]; then
    TORCH_CUDA_LINK="-L$(dirname "$TORCH_CUDART") -Wl,-rpath,$(dirname "$TORCH_CUDART") -l:$(basename "$TORCH_CUDART") -ldl -lrt -lpthread"
    echo "CUDA runtime of the LibTorch build: $TORCH_CUDART"
else
    TORCH_CUDA_LINK=$CUDA_LINK
fi

GLUE_FAILED=0
BINARY=$BUILD/maskscope-gpu-check
if [ "$TORCH_OK" = 1 ]; then
    if failed kernels_torch.o || failed gpu_check_torch.o || failed gpu_check_torch_part.o; then
        show kernels_torch.o
        show gpu_check_torch.o
        show gpu_check_torch_part.o
        echo "the LibTorch glue did not build: running the checks without it"
        GLUE_FAILED=1
    else
        LIBDIRS=""
        for dir in ${TORCH_LIB//:/ }; do LIBDIRS="$LIBDIRS -L$dir -Wl,-rpath,$dir"; done
        if ! g++ -o "$BINARY" $OBJECTS "$BUILD/kernels_torch.o" "$BUILD/gpu_check_torch.o" "$BUILD/gpu_check_torch_part.o" $LIBDIRS \
                -Wl,--no-as-needed -ltorch -ltorch_cuda -lc10_cuda -ltorch_cpu -lc10 -Wl,--as-needed \
                $TORCH_CUDA_LINK >"$BUILD/link_torch.log" 2>&1; then
            head -30 "$BUILD/link_torch.log"
            echo "linking with LibTorch failed: running the checks without it"
            GLUE_FAILED=1
        fi
    fi
fi
if [ ! -x "$BINARY" ]; then
    g++ -o "$BINARY" $OBJECTS "$BUILD/gpu_check_plain.o" $CUDA_LINK || { echo "link failed"; exit 2; }
fi
echo "built in $(( $(date +%s) - started )) s"

echo
timeout 150 "$BINARY" "$@"
status=$?
[ $status = 124 ] && echo "gpu-check timed out"
echo "gpu_check.sh: exit $status after $(( $(date +%s) - started )) s"
[ $status = 0 ] && [ $GLUE_FAILED = 1 ] && exit 3
exit $status
