// Option sets shared by the subcommands of maskscope-cli, and their registration with CLI11.
#pragma once

#include "core/inspection.h"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace maskscope::cli {

struct CorpusOptions {
    std::string path;
    std::string format = "auto";
    std::uint64_t limit = 0;  // 0: every record
};

struct InspectionOptions {
    std::string tokenizer;
    std::string density = "rules:code";
    std::string annotations;
    double hubThreshold = -1.0;  // < 0: not given
    double hubTop = -1.0;
    std::size_t hubGap = 1;
    std::size_t hubMinSpan = 1;
    double w = 2.0;
    double t = -1.0;
    std::string tRange;
    std::string mode = "complementary";
    std::string weighting = "binary";
    double processed = 1.0;
    std::uint64_t seed = 0;
    std::uint32_t step = 0;
    std::size_t blockSize = 0;
    // Model-based density sources (model:surprisal, model:entropy, model:attention).
    std::string model;            // --model: checkpoint directory
    int k = 4;                    // --k: strided passes per sweep
    double modelT = -1.0;         // --model-t: random context masking ratio (< 0: none)
    std::string device = "cpu";   // --device: cpu or cuda
    std::string modelLayers;      // --model-layers: attention layers, e.g. 0,2 (empty: all)
    int threads = 1;              // --threads: torch threads of model:* sources on the CPU
    std::string modelNormalise = "record";  // --model-normalise (--normalise in density): record, none (corpus)
};

void addCorpusOptions(CLI::App& command, CorpusOptions& options, bool required = true);
// withMasking: also the masking flags (--w, --t, --mode, ...); withHubs: the hub flags.
void addInspectionOptions(CLI::App& command, InspectionOptions& options, bool withHubs, bool withMasking);

// Turns the flags into settings; throws UsageError on contradictions (e.g. --t and --t-range).
InspectionSettings toSettings(const InspectionOptions& options);

// Puts the model flags (and the tokenizer, which the model sources check against the checkpoint's)
// into the density params that model:* sources read (gpu/density_sweep.h); nothing for other sources.
// A blend given as --density NAME=W,NAME=W (core/density_blend.h) gets its "sources" param, and the
// model flags when one of its members is a model:* source.
void addModelDensityParams(const InspectionOptions& options, DensityContext& context);

// The registry name of --density: "blend" for a blend spec, else the text as given.
std::string densitySourceName(const std::string& density);
// Whether --density names a model:* source or a blend with a model:* member.
bool usesModelDensity(const std::string& density);

}  // namespace maskscope::cli
