// Reading the attention probes a training run writes (gpu/attention_probe.h documents the format):
// RUNDIR/probes/step_000100.safetensors with
//   layer_N     [H, L, L] attention probabilities of layer N (rows: queries, columns: keys); under
//               block diffusion [H, 2L, 2L] over [x_t | x_0]
//   input_ids   [L] int64, masked [L] uint8, hub [L] uint8
// and the metadata "record_id", "step", "layout", "block_size", "pieces" (JSON array of the token
// pieces), "hub", "masked" (JSON arrays of 0/1) and "attention_to_hubs".
//
// Nothing in a probe file is trusted: the safetensors header is validated by
// core/safetensors_header.h, and every tensor and metadata field is checked against the others
// (shapes, L against the pieces, 0/1 flags, layers numbered 0..N-1 with equal head counts). Every
// problem is an InputError naming the file. Attention weights may be stored as F32 (what the
// trainer writes), BF16, F16 or F64; they are converted to float.
//
// A probe holds layers x heads x L' x L' floats; the readers here load one file at a time and the
// summary reader reads headers only, so a run with many probe steps costs one step of memory.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace maskscope {

// RUNDIR/probes
inline constexpr const char* kAttentionProbeDir = "probes";

struct AttentionProbeFile {
    std::string path;
    std::uint64_t step = 0;  // from the file name step_NNNNNN.safetensors
};

// What the header of a probe file says, without its tensors (for charts over all steps).
struct AttentionProbeSummary {
    std::string path;
    std::uint64_t step = 0;
    std::string recordId;
    double attentionToHubs = std::numeric_limits<double>::quiet_NaN();  // NaN: not measurable
};

enum class AttentionProbeLayout { Full, Block };

struct AttentionProbe {
    std::string path;
    std::uint64_t step = 0;
    std::string recordId;
    AttentionProbeLayout layout = AttentionProbeLayout::Full;
    std::uint64_t blockSize = 0;
    double attentionToHubs = std::numeric_limits<double>::quiet_NaN();

    std::vector<std::string> pieces;      // L token pieces of the probe record
    std::vector<std::int64_t> inputIds;   // L ids of x_t as the model saw it
    std::vector<std::uint8_t> hub;        // L, 1 at hub tokens
    std::vector<std::uint8_t> masked;     // L, 1 at masked positions of x_t

    int layers = 0;
    int heads = 0;
    std::int64_t queries = 0;             // L, or 2L under block diffusion
    std::int64_t keys = 0;                // equal to queries
    std::vector<float> weights;           // [layers][heads][queries][keys], row-major

    std::int64_t tokenCount() const { return static_cast<std::int64_t>(pieces.size()); }
    bool isBlock() const { return layout == AttentionProbeLayout::Block; }
    // Token position of a query or key index (under block diffusion index L + i is x_0 position i).
    std::int64_t position(std::int64_t index) const { return tokenCount() > 0 ? index % tokenCount() : index; }
    // True for indices of the clean half x_0 under block diffusion.
    bool isCleanHalf(std::int64_t index) const { return isBlock() && index >= tokenCount(); }

    // The [queries][keys] matrix of one head.
    const float* head(int layer, int head) const {
        return weights.data() + (static_cast<std::size_t>(layer) * static_cast<std::size_t>(heads) +
                                 static_cast<std::size_t>(head)) *
                                    static_cast<std::size_t>(queries * keys);
    }
    float weight(int layer, int headIndex, std::int64_t query, std::int64_t key) const {
        return head(layer, headIndex)[static_cast<std::size_t>(query * keys + key)];
    }
};

struct AttentionProbeReadOptions {
    // Refuse probes whose weights would take more memory than this (as floats), with an
    // InputError that says so, instead of exhausting memory.
    std::uint64_t maxWeightBytes = std::uint64_t{4} << 30;
};

// The probe files of a run directory (RUNDIR/probes/step_*.safetensors), sorted by step; empty
// when the directory has none or no probes/ folder. Files whose name is not step_<digits>
// .safetensors (temporaries of an atomic write, other files) are skipped; of two names with the
// same step the first by name wins.
std::vector<AttentionProbeFile> listAttentionProbes(const std::string& runDir);

// Reads the header of a probe file only. InputError when the file is not a valid safetensors file
// or its metadata lacks or garbles "step".
AttentionProbeSummary readAttentionProbeSummary(const std::string& path);

// Reads and validates a whole probe file.
AttentionProbe readAttentionProbe(const std::string& path, const AttentionProbeReadOptions& options = {});

// IEEE half and bfloat16 bit patterns to float (exact).
float halfToFloat(std::uint16_t bits);
float bfloat16ToFloat(std::uint16_t bits);

}  // namespace maskscope
