// Internal to gpu/kernels: the policy of a batch as the plain parameters that both sampler paths
// (mask_batch.cpp, mask_batch.cu) hand to the shared arithmetic of mask_batch_math.h.
#pragma once

#include "gpu/kernels/mask_batch.h"
#include "gpu/kernels/mask_batch_math.h"

namespace maskscope::kernels::detail {

SamplerParams samplerParams(const MaskPolicy& policy, std::uint32_t step);

}  // namespace maskscope::kernels::detail
