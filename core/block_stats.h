// Per-block statistics of a mask for block diffusion (method.md sections 3 and 6): the signals of
// "contextual collapse", where whole dense spans black out inside one block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace maskscope {

// Blocks are consecutive runs of `blockSize` token positions counted from the first token of the
// record (prompt included), as block diffusion lays them out; the last block may be shorter.
struct BlockStats {
    std::size_t begin = 0;               // first token index of the block
    std::size_t end = 0;                 // one past the last
    std::size_t maskable = 0;            // tokens of S in the block
    std::size_t masked = 0;              // masked tokens in the block
    double maskedShare = 0.0;            // masked / maskable (0 when the block has no maskable token)
    std::size_t longestRun = 0;          // longest run of consecutive masked positions
    std::optional<double> hubCoverage;   // masked hubs / hubs; empty when the block has no hub
};

// Throws UsageError when blockSize is 0 or the spans differ in size.
std::vector<BlockStats> computeBlockStats(std::span<const std::uint8_t> maskable, std::span<const std::uint8_t> hub,
                                          std::span<const std::uint8_t> mask, std::size_t blockSize);

}  // namespace maskscope
