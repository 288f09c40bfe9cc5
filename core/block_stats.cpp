#include "block_stats.h"

#include "error.h"

#include <algorithm>
#include <string>

namespace maskscope {

std::vector<BlockStats> computeBlockStats(std::span<const std::uint8_t> maskable, std::span<const std::uint8_t> hub,
                                          std::span<const std::uint8_t> mask, std::size_t blockSize) {
    if (blockSize == 0) throw UsageError("block size must be at least 1");
    if (hub.size() != maskable.size() || mask.size() != maskable.size())
        throw UsageError("block statistics need maskable, hub and mask arrays of the same length");
    std::vector<BlockStats> blocks;
    const std::size_t n = maskable.size();
    blocks.reserve((n + blockSize - 1) / blockSize);
    for (std::size_t begin = 0; begin < n; begin += blockSize) {
        BlockStats b;
        b.begin = begin;
        b.end = std::min(n, begin + blockSize);
        std::size_t hubs = 0, maskedHubs = 0, run = 0;
        for (std::size_t i = b.begin; i < b.end; ++i) {
            const bool masked = mask[i] != 0;
            b.maskable += maskable[i] ? 1 : 0;
            b.masked += masked ? 1 : 0;
            run = masked ? run + 1 : 0;
            b.longestRun = std::max(b.longestRun, run);
            if (maskable[i] && hub[i]) {
                ++hubs;
                maskedHubs += masked ? 1 : 0;
            }
        }
        b.maskedShare = b.maskable ? static_cast<double>(b.masked) / static_cast<double>(b.maskable) : 0.0;
        if (hubs) b.hubCoverage = static_cast<double>(maskedHubs) / static_cast<double>(hubs);
        blocks.push_back(b);
    }
    return blocks;
}

}  // namespace maskscope
