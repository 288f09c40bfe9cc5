#include "generation.h"

#include "block_diffusion.h"
#include "core/error.h"

#include <Random123/philox.h>
#include <torch/torch.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace maskscope {
namespace {

// The second key word of each stream (see generation.h): "gen1", "gen2" in ASCII.
constexpr std::uint32_t kGumbelStream = 0x67656e31u;
constexpr std::uint32_t kRemaskStream = 0x67656e32u;

constexpr double kNegativeInfinity = -std::numeric_limits<double>::infinity();

std::string shapeText(const torch::Tensor& tensor) {
    std::ostringstream out;
    out << c10::toString(tensor.scalar_type()) << ' ' << tensor.sizes();
    return out.str();
}

// The four output words of Philox4x32-10 for one counter; uniform() turns a word into (0, 1).
r123::Philox4x32::ctr_type philoxWords(std::uint32_t seed, std::uint32_t stream, std::uint32_t counter0,
                                       std::uint32_t position, std::uint32_t step, std::uint32_t row) {
    r123::Philox4x32 generator;
    const r123::Philox4x32::key_type key = {{seed, stream}};
    const r123::Philox4x32::ctr_type counter = {{counter0, position, step, row}};
    return generator(counter, key);
}

double uniform(std::uint32_t word) { return (static_cast<double>(word) + 0.5) * (1.0 / 4294967296.0); }

// A keyed draw for every (row, block position, vocabulary entry) that is still masked; 0 elsewhere
// (those positions are never committed, so their noise does not matter).
//   masked [B, n] bool (CPU) -> float64 [B, n, V] (CPU)
torch::Tensor gumbelNoise(const torch::Tensor& masked, std::int64_t vocabSize, std::uint32_t seed, std::int64_t step,
                          std::int64_t blockBegin) {
    const std::int64_t batch = masked.size(0);
    const std::int64_t length = masked.size(1);
    auto noise = torch::zeros({batch, length, vocabSize}, torch::kFloat64);  // [B, n, V]
    const auto maskedAccess = masked.accessor<bool, 2>();
    double* out = noise.data_ptr<double>();
    for (std::int64_t row = 0; row < batch; ++row) {
        for (std::int64_t offset = 0; offset < length; ++offset) {
            if (!maskedAccess[row][offset]) continue;
            double* values = out + (row * length + offset) * vocabSize;
            for (std::int64_t base = 0; base < vocabSize; base += 4) {
                const auto words = philoxWords(seed, kGumbelStream, static_cast<std::uint32_t>(base / 4),
                                               static_cast<std::uint32_t>(blockBegin + offset),
                                               static_cast<std::uint32_t>(step), static_cast<std::uint32_t>(row));
                for (std::int64_t i = 0; i < 4 && base + i < vocabSize; ++i)
                    values[base + i] = -std::log(-std::log(uniform(words.v[i])));
            }
        }
    }
    return noise;
}

// float64 [B, n] (CPU): the Random remasking scores of the block's positions at `step`.
torch::Tensor remaskUniforms(std::int64_t batch, std::int64_t length, std::uint32_t seed, std::int64_t step,
                             std::int64_t blockBegin) {
    auto scores = torch::empty({batch, length}, torch::kFloat64);  // [B, n]
    auto access = scores.accessor<double, 2>();
    for (std::int64_t row = 0; row < batch; ++row)
        for (std::int64_t offset = 0; offset < length; ++offset)
            access[row][offset] = uniform(philoxWords(seed, kRemaskStream, 0, static_cast<std::uint32_t>(blockBegin + offset),
                                                      static_cast<std::uint32_t>(step),
                                                      static_cast<std::uint32_t>(row)).v[0]);
    return scores;
}

// The logits of the block's positions for the current state `ids` [B, T] -> [B, n, V].
torch::Tensor blockLogits(DiffusionTransformer& model, const torch::Tensor& ids, const GenerationBlock& block,
                          const GenerationOptions& options) {
    if (options.useBlockDiffusionLayout) {
        // Later positions are invisible to this block under the mask, so the input stops at its end.
        const auto prefix = ids.narrow(1, 0, block.end);  // [B, end]
        const auto logits = blockDiffusionForward(model, prefix, prefix, options.blockLength).logits;  // [B, end, V]
        return logits.narrow(1, block.begin, block.length());
    }
    ForwardOptions forward;
    forward.logitsLength = block.end;  // the head is evaluated up to the block's end only
    const auto logits = model->forward(ids, forward).logits;  // [B, end, V]
    return logits.narrow(1, block.begin, block.length());
}

struct Proposal {
    torch::Tensor tokens;      // int64 [B, n]: x0
    torch::Tensor confidence;  // float64 [B, n]: ranking score, -inf where already unmasked
};

// Steps 2 and 3 of the sampler (see generation.h) for one block.
Proposal propose(const torch::Tensor& logits, const torch::Tensor& masked, const GenerationOptions& options,
                 std::int64_t maskTokenId, std::int64_t step, std::int64_t blockBegin) {
    auto scores = logits.to(torch::kFloat64);                      // [B, n, V]
    scores.select(2, maskTokenId).fill_(kNegativeInfinity);        // the mask token is never predicted
    const auto maskedCpu = masked.to(torch::kCPU);                 // [B, n]

    torch::Tensor tokens;  // [B, n]
    if (options.temperature > 0.0) {
        const auto noise = gumbelNoise(maskedCpu, scores.size(2), options.seed, step, blockBegin).to(scores.device());
        tokens = (scores / options.temperature + noise).argmax(2);
    } else {
        tokens = scores.argmax(2);
    }

    torch::Tensor confidence;  // [B, n]
    if (options.remasking == GenerationOptions::Remasking::LowConfidence) {
        confidence = torch::log_softmax(scores, 2).gather(2, tokens.unsqueeze(2)).squeeze(2).exp();
    } else {
        confidence = remaskUniforms(masked.size(0), masked.size(1), options.seed, step, blockBegin).to(scores.device());
    }
    confidence = torch::where(masked, confidence, torch::full({}, kNegativeInfinity, confidence.options()));
    return {tokens, confidence};
}

std::int64_t resolveMaskToken(const GenerationOptions& options, const ModelConfig& config) {
    const std::int64_t id = options.maskTokenId >= 0 ? options.maskTokenId : config.maskTokenId;
    if (id < 0 || id >= config.vocabSize)
        throw UsageError("generation: mask token id " + std::to_string(id) + " is outside the model's vocabulary of " +
                         std::to_string(config.vocabSize) + " tokens");
    return id;
}

void validate(const torch::Tensor& prompt, const GenerationOptions& options, const ModelConfig& config,
              std::int64_t maskTokenId) {
    if (options.genLength < 1)
        throw UsageError("generation: genLength must be at least 1, got " + std::to_string(options.genLength));
    if (options.blockLength < 1)
        throw UsageError("generation: blockLength must be at least 1, got " + std::to_string(options.blockLength));
    if (options.stepsPerBlock < 1)
        throw UsageError("generation: stepsPerBlock must be at least 1, got " + std::to_string(options.stepsPerBlock));
    if (!std::isfinite(options.temperature) || options.temperature < 0.0)
        throw UsageError("generation: temperature must be a finite number >= 0, got " +
                         std::to_string(options.temperature));
    if (!prompt.defined() || prompt.dim() != 2 || prompt.scalar_type() != torch::kInt64 || prompt.size(0) < 1)
        throw UsageError("generation: the prompt must be int64 [batch >= 1, length], got " +
                         (prompt.defined() ? shapeText(prompt) : std::string("nothing")));
    const std::int64_t total = prompt.size(1) + options.genLength;
    if (total > config.maxPositionEmbeddings)
        throw UsageError("generation: prompt (" + std::to_string(prompt.size(1)) + ") plus genLength (" +
                         std::to_string(options.genLength) + ") exceeds the model's context of " +
                         std::to_string(config.maxPositionEmbeddings) + " positions");
    if (prompt.numel() > 0) {
        const auto cpu = prompt.to(torch::kCPU);
        const auto smallest = cpu.min().item<std::int64_t>();
        const auto largest = cpu.max().item<std::int64_t>();
        if (smallest < 0 || largest >= config.vocabSize)
            throw UsageError("generation: prompt holds token id " + std::to_string(smallest < 0 ? smallest : largest) +
                             ", outside the model's vocabulary of " + std::to_string(config.vocabSize) + " tokens");
        if ((cpu == maskTokenId).any().item<bool>())
            throw UsageError("generation: the prompt contains the mask token " + std::to_string(maskTokenId) +
                             "; prompts must be fully visible");
    }
}

}  // namespace

std::vector<std::int64_t> tokensPerStep(std::int64_t maskedCount, std::int64_t steps) {
    if (steps < 1) throw UsageError("generation: steps must be at least 1, got " + std::to_string(steps));
    if (maskedCount < 0) throw UsageError("generation: masked count must be >= 0, got " + std::to_string(maskedCount));
    std::vector<std::int64_t> counts(static_cast<std::size_t>(steps), maskedCount / steps);
    for (std::int64_t i = 0; i < maskedCount % steps; ++i) ++counts[static_cast<std::size_t>(i)];
    return counts;
}

std::vector<GenerationBlock> generationBlocks(std::int64_t promptLength, const GenerationOptions& options) {
    if (options.genLength < 1)
        throw UsageError("generation: genLength must be at least 1, got " + std::to_string(options.genLength));
    if (options.blockLength < 1)
        throw UsageError("generation: blockLength must be at least 1, got " + std::to_string(options.blockLength));
    if (promptLength < 0)
        throw UsageError("generation: prompt length must be >= 0, got " + std::to_string(promptLength));
    const std::int64_t total = promptLength + options.genLength;
    std::vector<GenerationBlock> blocks;
    for (std::int64_t begin = promptLength; begin < total;) {
        const std::int64_t end = options.useBlockDiffusionLayout ? (begin / options.blockLength + 1) * options.blockLength
                                                                 : begin + options.blockLength;
        blocks.push_back({begin, std::min(end, total)});
        begin = blocks.back().end;
    }
    return blocks;
}

GenerationResult generate(DiffusionTransformer& model, const torch::Tensor& prompt, const GenerationOptions& options,
                          const std::function<bool(const GenerationStep&)>& onStep) {
    torch::NoGradGuard noGrad;
    const ModelConfig& config = model->config();
    const std::int64_t maskTokenId = resolveMaskToken(options, config);
    validate(prompt, options, config, maskTokenId);

    const torch::Device device = model->parameters().front().device();
    const std::int64_t batch = prompt.size(0);
    const std::int64_t promptLength = prompt.size(1);
    const std::int64_t total = promptLength + options.genLength;
    const auto int64Cpu = torch::TensorOptions().dtype(torch::kInt64);

    auto ids = torch::full({batch, total}, maskTokenId, int64Cpu.device(device));  // [B, T]
    ids.narrow(1, 0, promptLength).copy_(prompt);
    auto unmaskStep = torch::full({batch, total}, kStillMasked, int64Cpu);         // [B, T]
    unmaskStep.narrow(1, 0, promptLength).fill_(kPromptStep);

    GenerationResult result;
    result.blocks = generationBlocks(promptLength, options);
    const auto blockCount = static_cast<std::int64_t>(result.blocks.size());
    result.totalSteps = blockCount * options.stepsPerBlock;

    std::int64_t step = 0;
    for (std::int64_t blockIndex = 0; blockIndex < blockCount; ++blockIndex) {
        const GenerationBlock& block = result.blocks[static_cast<std::size_t>(blockIndex)];
        // Every response position starts masked, so the block's masked count is its length.
        const auto schedule = tokensPerStep(block.length(), options.stepsPerBlock);
        for (std::int64_t stepInBlock = 0; stepInBlock < options.stepsPerBlock; ++stepInBlock, ++step) {
            const std::int64_t count = schedule[static_cast<std::size_t>(stepInBlock)];
            GenerationStep report{step, result.totalSteps, blockIndex, blockCount, stepInBlock, block, {}, {}, {}};
            if (count > 0) {
                auto blockIds = ids.narrow(1, block.begin, block.length());           // [B, n], a view of ids
                const auto masked = blockIds == maskTokenId;                           // [B, n]
                const auto logits = blockLogits(model, ids, block, options);           // [B, n, V]
                const Proposal proposal = propose(logits, masked, options, maskTokenId, step, block.begin);
                // A stable descending sort puts equal confidences in position order.
                const auto order = std::get<1>(torch::sort(proposal.confidence, /*stable=*/true, /*dim=*/1,
                                                            /*descending=*/true));
                const auto chosen = order.narrow(1, 0, count);                        // [B, k] offsets in block
                const auto tokens = proposal.tokens.gather(1, chosen);                // [B, k]
                blockIds.scatter_(1, chosen, tokens);
                report.positions = (chosen + block.begin).to(torch::kCPU);            // [B, k]
                report.tokens = tokens.to(torch::kCPU);                               // [B, k]
                report.confidence = proposal.confidence.gather(1, chosen).to(torch::kCPU);  // [B, k]
                unmaskStep.scatter_(1, report.positions, step);
            } else {
                report.positions = torch::empty({batch, 0}, int64Cpu);
                report.tokens = torch::empty({batch, 0}, int64Cpu);
                report.confidence = torch::empty({batch, 0}, torch::kFloat64);
            }
            result.completedSteps = step + 1;
            if (onStep && !onStep(report)) {
                result.cancelled = true;
                result.ids = ids.to(torch::kCPU);
                result.unmaskStep = unmaskStep;
                return result;
            }
        }
    }
    result.ids = ids.to(torch::kCPU);
    result.unmaskStep = unmaskStep;
    return result;
}

const char* remaskingName(GenerationOptions::Remasking remasking) {
    switch (remasking) {
    case GenerationOptions::Remasking::LowConfidence: return "low_confidence";
    case GenerationOptions::Remasking::Random: return "random";
    }
    return "low_confidence";
}

GenerationOptions::Remasking parseRemasking(const std::string& name) {
    if (name == "low_confidence") return GenerationOptions::Remasking::LowConfidence;
    if (name == "random") return GenerationOptions::Remasking::Random;
    throw UsageError("unknown remasking '" + name + "' (known: low_confidence, random)");
}

}  // namespace maskscope
