#include "batch_builder.h"

#include "core/error.h"

#include <torch/torch.h>

#include <algorithm>

namespace maskscope {
namespace {

// Lays the samples of `batch` end to end into as few rows of length L as first-fit by decreasing
// length gives; sets the packed tensors when that saves rows.
void pack(MicroBatch& batch, const std::vector<std::int64_t>& lengths, std::int64_t maskTokenId) {
    const auto samples = static_cast<std::int64_t>(lengths.size());
    const std::int64_t length = batch.length();
    std::vector<std::int64_t> order(lengths.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int64_t>(i);
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) { return lengths[a] > lengths[b]; });
    std::vector<std::int64_t> used;                  // filled length of each packed row
    std::vector<std::pair<std::int64_t, std::int64_t>> place(lengths.size());  // (row, offset) per sample
    for (const std::int64_t sample : order) {
        std::size_t row = 0;
        while (row < used.size() && used[row] + lengths[sample] > length) ++row;
        if (row == used.size()) used.push_back(0);
        place[sample] = {static_cast<std::int64_t>(row), used[row]};
        used[row] += lengths[sample];
    }
    const auto rows = static_cast<std::int64_t>(used.size());
    if (rows >= samples) return;

    batch.packedNoisy = torch::full({rows, length}, maskTokenId, torch::kInt64);   // [P, Lp]
    batch.packedClean = torch::full({rows, length}, maskTokenId, torch::kInt64);   // [P, Lp]
    batch.packedPositions = torch::zeros({rows, length}, torch::kInt64);           // [P, Lp]
    batch.packedSample = torch::full({rows, length}, -1, torch::kInt64);           // [P, Lp]
    batch.unpackIndex = torch::zeros({samples, length}, torch::kInt64);            // [2r, L]
    const auto* noisy = batch.noisy.data_ptr<std::int64_t>();
    const auto* clean = batch.clean.data_ptr<std::int64_t>();
    auto* packedNoisy = batch.packedNoisy.data_ptr<std::int64_t>();
    auto* packedClean = batch.packedClean.data_ptr<std::int64_t>();
    auto* positions = batch.packedPositions.data_ptr<std::int64_t>();
    auto* sampleOf = batch.packedSample.data_ptr<std::int64_t>();
    auto* unpack = batch.unpackIndex.data_ptr<std::int64_t>();
    for (std::int64_t sample = 0; sample < samples; ++sample) {
        const std::int64_t base = place[sample].first * length + place[sample].second;
        for (std::int64_t j = 0; j < lengths[sample]; ++j) {
            packedNoisy[base + j] = noisy[sample * length + j];
            packedClean[base + j] = clean[sample * length + j];
            positions[base + j] = j;
            sampleOf[base + j] = sample;
            unpack[sample * length + j] = base + j;
        }
    }
}

}  // namespace

MicroBatch MicroBatch::to(const torch::Device& device) const {
    MicroBatch out = *this;
    const auto move = [&](torch::Tensor& tensor) {
        if (tensor.defined()) tensor = tensor.to(device, /*non_blocking=*/true);
    };
    move(out.clean);
    move(out.noisy);
    move(out.masked);
    move(out.response);
    move(out.hub);
    move(out.valid);
    move(out.ratio);
    move(out.packedNoisy);
    move(out.packedClean);
    move(out.packedPositions);
    move(out.packedSample);
    move(out.unpackIndex);
    return out;
}

BatchBuilder::BatchBuilder(const TrainingData& data, const MaskPolicy& policy, std::int64_t maskTokenId,
                           std::int64_t recordsPerStep, std::int64_t gradAccum, bool pack)
    : m_data(data), m_sampler(policy), m_maskTokenId(maskTokenId), m_recordsPerStep(recordsPerStep),
      m_gradAccum(gradAccum), m_pack(pack) {
    if (recordsPerStep < 1 || gradAccum < 1 || recordsPerStep % gradAccum != 0)
        throw UsageError("records per step (" + std::to_string(recordsPerStep) +
                         ") must be a positive multiple of the gradient accumulation (" + std::to_string(gradAccum) +
                         ")");
}

std::vector<std::uint32_t> BatchBuilder::stepRecords(std::uint64_t step) const {
    if (step < 1) throw UsageError("training steps count from 1");
    std::vector<std::uint32_t> records(static_cast<std::size_t>(m_recordsPerStep));
    const std::uint64_t first = (step - 1) * static_cast<std::uint64_t>(m_recordsPerStep);
    for (std::size_t i = 0; i < records.size(); ++i) records[i] = m_data.trainRecordAt(first + i);
    return records;
}

void BatchBuilder::draw(std::uint32_t record, std::uint32_t maskStep, RecordMasks& out) const {
    const TrainingRecord& r = m_data.records()[record];
    m_sampler.drawInto(r.id, maskStep, r.maskable, r.hub, r.density, out);
}

StepBatch BatchBuilder::build(std::uint64_t step, int rank, int worldSize) const {
    if (worldSize < 1 || rank < 0 || rank >= worldSize)
        throw UsageError("rank " + std::to_string(rank) + " is outside a world of " + std::to_string(worldSize));
    const std::int64_t split = static_cast<std::int64_t>(worldSize) * m_gradAccum;
    if (m_recordsPerStep % split != 0)
        throw UsageError("records per step (" + std::to_string(m_recordsPerStep) + ") must be a multiple of ranks x " +
                         "gradient accumulation (" + std::to_string(worldSize) + " x " + std::to_string(m_gradAccum) +
                         ")");
    if (step > 0xffffffffull) throw UsageError("step " + std::to_string(step) + " is beyond the mask stream's 32-bit steps");
    const auto maskStep = static_cast<std::uint32_t>(step);
    const std::vector<std::uint32_t> records = stepRecords(step);

    // Every rank draws the masks of the whole step: the totals that normalise the loss then need
    // no communication, and drawing is cheap next to a forward pass.
    std::vector<RecordMasks> masks(records.size());
    StepBatch batch;
    batch.step = step;
    batch.globalRecords = m_recordsPerStep;
    for (std::size_t i = 0; i < records.size(); ++i) {
        draw(records[i], maskStep, masks[i]);
        const TrainingRecord& r = m_data.records()[records[i]];
        for (std::size_t j = 0; j < r.length(); ++j) {
            batch.globalMaskedTokens += masks[i].logical[j] + masks[i].syntactic[j];
            batch.globalLogicalMaskedTokens += masks[i].logical[j];
            batch.globalResponseTokens += 2 * r.maskable[j];
        }
        batch.globalTokens += 2 * static_cast<std::int64_t>(r.length());
    }

    const std::int64_t perMicro = m_recordsPerStep / split;
    for (std::int64_t m = 0; m < m_gradAccum; ++m) {
        const std::int64_t begin = (static_cast<std::int64_t>(rank) * m_gradAccum + m) * perMicro;
        std::vector<std::uint32_t> microRecords(records.begin() + begin, records.begin() + begin + perMicro);
        std::vector<RecordMasks> microMasks(masks.begin() + begin, masks.begin() + begin + perMicro);
        batch.micro.push_back(collateDrawn(microRecords, microMasks, maskStep));
    }
    return batch;
}

MicroBatch BatchBuilder::collate(const std::vector<std::uint32_t>& records, std::uint32_t maskStep) const {
    std::vector<RecordMasks> masks(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) draw(records[i], maskStep, masks[i]);
    return collateDrawn(records, masks, maskStep);
}

MicroBatch BatchBuilder::collateDrawn(const std::vector<std::uint32_t>& records, const std::vector<RecordMasks>& masks,
                                      std::uint32_t maskStep) const {
    if (records.empty()) throw UsageError("a micro-batch needs at least one record");
    const auto count = static_cast<std::int64_t>(records.size());
    std::int64_t length = 0;
    bool padded = false;
    for (const std::uint32_t index : records) {
        const auto recordLength = static_cast<std::int64_t>(m_data.records()[index].length());
        padded = padded || (length > 0 && recordLength != length);
        length = std::max(length, recordLength);
    }
    const std::int64_t rows = 2 * count;

    MicroBatch batch;
    batch.records = count;
    batch.recordIndices = records;
    batch.maskStep = maskStep;
    batch.clean = torch::full({rows, length}, m_maskTokenId, torch::kInt64);  // [2r, L]
    batch.noisy = torch::full({rows, length}, m_maskTokenId, torch::kInt64);  // [2r, L]
    batch.masked = torch::zeros({rows, length}, torch::kBool);                // [2r, L]
    batch.response = torch::zeros({rows, length}, torch::kBool);              // [2r, L]
    batch.hub = torch::zeros({rows, length}, torch::kBool);                   // [2r, L]
    auto valid = torch::zeros({rows, length}, torch::kBool);                  // [2r, L]
    batch.ratio = torch::empty({rows}, torch::kFloat32);                      // [2r]

    auto* clean = batch.clean.data_ptr<std::int64_t>();
    auto* noisy = batch.noisy.data_ptr<std::int64_t>();
    auto* masked = batch.masked.data_ptr<bool>();
    auto* response = batch.response.data_ptr<bool>();
    auto* hub = batch.hub.data_ptr<bool>();
    auto* real = valid.data_ptr<bool>();
    auto* ratio = batch.ratio.data_ptr<float>();
    const MaskPolicy& policy = m_sampler.policy();

    for (std::int64_t i = 0; i < count; ++i) {
        const TrainingRecord& record = m_data.records()[records[static_cast<std::size_t>(i)]];
        const RecordMasks& drawn = masks[static_cast<std::size_t>(i)];
        // The second sample is the complement (expected share 1 - t) except in reweighted mode,
        // where it is an independent draw at the same t. Unprocessed records use the complement.
        const bool independentSecond = drawn.processed && policy.mode == MaskMode::Reweighted;
        ratio[i] = static_cast<float>(std::max(drawn.t, kMinLossRatio));
        ratio[count + i] = static_cast<float>(std::max(independentSecond ? drawn.t : 1.0 - drawn.t, kMinLossRatio));
        for (int sample = 0; sample < 2; ++sample) {
            const std::int64_t row = sample * count + i;
            const std::vector<std::uint8_t>& mask = sample == 0 ? drawn.logical : drawn.syntactic;
            const std::int64_t base = row * length;
            for (std::size_t j = 0; j < record.length(); ++j) {
                const std::int64_t token = record.tokenIds[j];
                const bool isMasked = mask[j] != 0;
                clean[base + j] = token;
                noisy[base + j] = isMasked ? m_maskTokenId : token;
                masked[base + j] = isMasked;
                response[base + j] = record.maskable[j] != 0;
                hub[base + j] = record.hub[j] != 0;
                real[base + j] = true;
                batch.maskedTokens += isMasked;
                if (sample == 0) batch.logicalMaskedTokens += isMasked;
                batch.responseTokens += record.maskable[j];
            }
            batch.tokens += static_cast<std::int64_t>(record.length());
        }
    }
    if (padded) batch.valid = valid;
    if (padded && m_pack) {
        std::vector<std::int64_t> lengths(static_cast<std::size_t>(rows));
        for (std::int64_t i = 0; i < count; ++i)
            lengths[i] = lengths[count + i] =
                static_cast<std::int64_t>(m_data.records()[records[static_cast<std::size_t>(i)]].length());
        pack(batch, lengths, m_maskTokenId);
    }
    return batch;
}

}  // namespace maskscope
