// Generation by iterative unmasking (method.md section 5): LLaDA's sampler with low-confidence (or
// random) remasking, block by block, a fixed number of steps per block.
//
// The response of genLength tokens starts fully masked after the prompt. Blocks are generated left
// to right. Block j gets stepsPerBlock steps; at every step
//   1. the model predicts every position of the block
//        full layout:  the whole [prompt | response] sequence, bidirectional attention (LLaDA);
//        block layout: the sequence up to the end of the block through the block-diffusion mask
//                      (gpu/block_diffusion.h, input [x | x]): the block sees itself and the
//                      earlier blocks, exactly as the model was trained (LLaDA2 / dFactory);
//   2. x0 = argmax over the vocabulary of the logits (temperature 0), or of logits / T + Gumbel
//      noise (temperature T > 0, i.e. a sample of softmax(logits / T); LLaDA's add_gumbel_noise,
//      exp(logits) / (-log u)^T, has the same argmax, computed here in log space); the mask token is never
//      predicted (its logit is -inf), and equal maxima resolve to the lowest token id;
//   3. confidence = softmax(logits)[x0] (LowConfidence; untempered, float64, mask token excluded)
//      or a keyed uniform in (0, 1) (Random); positions already unmasked get -inf;
//   4. the k most confident masked positions of the block take their x0 (equal confidences
//      resolve to the lower position), where k follows tokensPerStep() for the block.
//
// Block boundaries. Full layout: blocks start at the response, [P + j*blockLength, ...). Block
// layout: blocks sit on the grid of the attention mask, [j*blockLength, (j+1)*blockLength) over the
// whole sequence (the grid the model was trained on), so when P is not a multiple of blockLength the
// first response block is the rest of the prompt's last grid block. In both the last block ends at
// P + genLength and may be shorter. In block layout blockLength is normally the config's blockSize.
//
// Randomness (temperature > 0, Random remasking) is counter-based, so a generation is a pure
// function of (model, prompt, options) on any device and thread count. Philox4x32-10 (Random123),
// output words turned into uniforms u = (word + 0.5) * 2^-32 in (0, 1), in double:
//   Gumbel noise of vocabulary entry v at absolute position i of batch row b, global step s:
//       key {seed, 0x67656e31}, counter {v / 4, i, s, b}, word v % 4;  g = -log(-log u)
//   Random remasking score of position i of row b at step s:
//       key {seed, 0x67656e32}, counter {0, i, s, b}, word 0;  score = u
// The row index is part of the key: repeating one prompt over rows gives independent samples.
// Global step s counts from 0 over all blocks: block j, step i of the block is s = j * stepsPerBlock + i.
#pragma once

#include "model.h"

#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace maskscope {

struct GenerationOptions {
    std::int64_t genLength = 0;       // response tokens to generate, >= 1
    std::int64_t blockLength = 32;    // tokens per block, >= 1
    std::int64_t stepsPerBlock = 0;   // model evaluations per block, >= 1
    double temperature = 0.0;         // 0: greedy; > 0: Gumbel-max sampling of softmax(logits / T)
    enum class Remasking { LowConfidence, Random } remasking = Remasking::LowConfidence;
    std::uint32_t seed = 0;           // keys the random streams above
    bool useBlockDiffusionLayout = false;
    std::int64_t maskTokenId = -1;    // -1: the model config's mask token
};

// Absolute positions [begin, end) of the response tokens one block generates.
struct GenerationBlock {
    std::int64_t begin = 0;
    std::int64_t end = 0;
    std::int64_t length() const { return end - begin; }
    bool operator==(const GenerationBlock&) const = default;
};

// unmaskStep values of positions that no step committed.
inline constexpr std::int64_t kPromptStep = -1;      // a prompt position: never masked
inline constexpr std::int64_t kStillMasked = -2;     // a response position left masked by a cancel

// What one step did; handed to the callback after the step's tokens are committed. Tensors are on
// the CPU; k = tokensPerStep(block length, stepsPerBlock)[stepInBlock] (may be 0).
struct GenerationStep {
    std::int64_t step = 0;             // global, 0 .. totalSteps - 1
    std::int64_t totalSteps = 0;
    std::int64_t block = 0;            // 0 .. blockCount - 1
    std::int64_t blockCount = 0;
    std::int64_t stepInBlock = 0;      // 0 .. stepsPerBlock - 1
    GenerationBlock span;              // the block's positions
    torch::Tensor positions;           // int64 [B, k]: absolute positions committed, most confident first
    torch::Tensor tokens;              // int64 [B, k]: the tokens they received
    torch::Tensor confidence;          // float64 [B, k]: their ranking scores (probability or uniform)
};

struct GenerationResult {
    torch::Tensor ids;                 // int64 [B, P + genLength] on the CPU: prompt, then response
    torch::Tensor unmaskStep;          // int64 [B, P + genLength]: global step that committed each
                                       // position (the denoising trajectory); kPromptStep for the
                                       // prompt, kStillMasked where a cancel left the mask token
    std::vector<GenerationBlock> blocks;
    std::int64_t totalSteps = 0;       // blocks.size() * stepsPerBlock
    std::int64_t completedSteps = 0;   // == totalSteps unless cancelled
    bool cancelled = false;
};

// Runs the sampler. `prompt` is int64 [B, P] (P >= 0) on any device; the model runs where its
// parameters are. Without gradients (NoGradGuard inside); the model's mode is left unchanged.
//
// Cancelling: when `onStep` returns false, generation stops after that step and returns normally
// with cancelled = true, completedSteps = steps done, and the partial state (mask tokens and
// kStillMasked where nothing was committed yet). Cancelling is not an error, so nothing is thrown.
//
// Throws UsageError when the options or the prompt cannot work (naming the value): a length or
// step count below 1, a negative or non-finite temperature, a mask token outside the vocabulary,
// a prompt that is not int64 [B, P], holds ids outside the vocabulary or the mask token, or a
// sequence P + genLength longer than the model's context.
GenerationResult generate(DiffusionTransformer& model, const torch::Tensor& prompt, const GenerationOptions& options,
                          const std::function<bool(const GenerationStep&)>& onStep = {});

// LLaDA's get_num_transfer_tokens: `maskedCount` tokens over `steps` steps as evenly as possible,
// the first (maskedCount % steps) steps taking one more. Throws UsageError for steps < 1 or a
// negative count.  tokensPerStep(10, 4) == {3, 3, 2, 2}; tokensPerStep(2, 4) == {1, 1, 0, 0}.
std::vector<std::int64_t> tokensPerStep(std::int64_t maskedCount, std::int64_t steps);

// The blocks generate() walks for a prompt of `promptLength` tokens (see "Block boundaries").
// Throws UsageError for genLength or blockLength below 1.
std::vector<GenerationBlock> generationBlocks(std::int64_t promptLength, const GenerationOptions& options);

// "low_confidence" / "random", for configs and logs; the parser throws UsageError on other names.
const char* remaskingName(GenerationOptions::Remasking remasking);
GenerationOptions::Remasking parseRemasking(const std::string& name);

}  // namespace maskscope
