#include "gpu_check_suite.h"

#include "core/mask_sampler.h"
#include "gpu/kernels/device_runtime.h"
#include "gpu/kernels/mask_batch.h"
#include "gpu/kernels/nll_entropy.h"
#include "gpu/kernels/synthetic_inputs.h"

#if defined(MASKSCOPE_CUDA_KERNELS)
#include <cuda_runtime.h>
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

namespace maskscope::kernels {

namespace {

constexpr double kTolerance = 1e-4;
std::atomic<int> g_failures{0};

void check(bool passed, const std::string& name, const std::string& detail) { gpuCheckResult(passed, name, detail); }

[[maybe_unused]] double hostMilliseconds(const std::function<void()>& work, int repeats) {
    const auto begin = std::chrono::steady_clock::now();
    for (int i = 0; i < repeats; ++i) work();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count() / repeats;
}

// |a - b| / max(1, |b|), with NaN == NaN a match and NaN against a number infinitely wrong.
double relativeError(double actual, double expected) {
    if (std::isnan(expected) || std::isnan(actual)) return std::isnan(expected) == std::isnan(actual) ? 0.0 : INFINITY;
    return std::abs(actual - expected) / std::max(1.0, std::abs(expected));
}

std::vector<std::uint16_t> toBFloat16(const std::vector<float>& values) {
    std::vector<std::uint16_t> out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) out[i] = floatToBFloat16(values[i]);
    return out;
}

// ---- NLL + entropy ----------------------------------------------------------------------------

struct LogitsCase {
    const char* name;
    std::int64_t rows, vocab, stride;
    double scale;
};

const LogitsCase kLogitsCases[] = {
    {"V=1", 40, 1, 1, 1.0},          {"V=257 odd rows", 333, 257, 257, 3.0},
    {"V=4096", 600, 4096, 4096, 2.0}, {"V=32000 stride 32003", 37, 32000, 32003, 4.0},
    {"V=50257", 70, 50257, 50257, 2.0},
};

// Soft weighting is solved on the host (mask_batch.h): t, p and pSecond for the device.
struct SoftInputs {
    std::vector<double> t;
    std::vector<float> p, pSecond;
};

SoftInputs softInputs(const synthetic::NamedPolicy& named, const synthetic::HostBatch& batch) {
    SoftInputs soft{std::vector<double>(batch.records()), std::vector<float>(batch.tokens()),
                    std::vector<float>(batch.tokens())};
    softProbabilities(named.policy, named.step, batch.view(), batch.density, soft.t, soft.p, soft.pSecond);
    return soft;
}

// Mismatching tokens or records of a batch sampler's output against MaskSampler::draw per record.
std::int64_t mismatchesAgainstMaskSampler(const synthetic::NamedPolicy& named, const synthetic::HostBatch& batch,
                                          const std::vector<double>& t, const std::vector<float>& p,
                                          const std::vector<float>& pSecond, const std::vector<std::uint8_t>& logical,
                                          const std::vector<std::uint8_t>& syntactic) {
    const MaskSampler sampler(named.policy);
    RecordMasks masks;
    std::int64_t mismatches = 0;
    for (std::size_t r = 0; r < static_cast<std::size_t>(batch.records()); ++r) {
        const std::size_t begin = batch.offsets[r], n = batch.offsets[r + 1] - begin;
        sampler.drawInto(batch.ids[r], named.step, {batch.maskable.data() + begin, n}, {batch.hub.data() + begin, n},
                         {batch.density.data() + begin, n}, masks);
        mismatches += std::memcmp(&masks.t, &t[r], sizeof(double)) != 0;
        for (std::size_t i = 0; i < n; ++i)
            mismatches += std::memcmp(&masks.p[i], &p[begin + i], 4) != 0 ||
                          std::memcmp(&masks.pSecond[i], &pSecond[begin + i], 4) != 0 ||
                          masks.logical[i] != logical[begin + i] || masks.syntactic[i] != syntactic[begin + i];
    }
    return mismatches;
}

// The CPU paths the engine uses where there is no GPU: nllEntropyCpu against the double
// reference, sampleMasksCpu against MaskSampler bit for bit.
void checkCpuPaths() {
    std::puts("\n== CPU paths: fused NLL + entropy vs double reference (tolerance 1e-4 max(1, |ref|)), "
              "batch sampler vs MaskSampler bit for bit");
    for (const LogitsCase& c : kLogitsCases) {
        const auto logits = synthetic::makeLogits(c.rows, c.vocab, c.stride, c.scale, 17 + c.vocab);
        auto targets = synthetic::makeTargets(c.rows, c.vocab, 5);
        if (c.rows > 9) targets[9] = c.vocab;  // invalid target: NaN
        const auto bf16 = toBFloat16(logits);
        for (const LogitsType type : {LogitsType::Float32, LogitsType::BFloat16}) {
            const bool isFloat = type == LogitsType::Float32;
            const LogitsView view{isFloat ? static_cast<const void*>(logits.data()) : bf16.data(), type, c.rows, c.vocab,
                                  c.stride};
            std::vector<double> expectedNll(c.rows), expectedEntropy(c.rows);
            nllEntropyReference(view, targets.data(), expectedNll.data(), expectedEntropy.data());
            std::vector<float> gotNll(c.rows), gotEntropy(c.rows);
            nllEntropyCpu(view, targets.data(), gotNll.data(), gotEntropy.data());
            double worst = 0.0;
            for (std::int64_t r = 0; r < c.rows; ++r)
                worst = std::max({worst, relativeError(gotNll[r], expectedNll[r]),
                                  relativeError(gotEntropy[r], expectedEntropy[r])});
            char name[160], detail[64];
            std::snprintf(name, sizeof name, "cpu %s %s, %lld rows", c.name, isFloat ? "f32" : "bf16",
                          static_cast<long long>(c.rows));
            std::snprintf(detail, sizeof detail, "max error %.2e", worst);
            check(worst <= kTolerance, name, detail);
        }
    }
    for (const synthetic::NamedPolicy& named : synthetic::policies()) {
        const auto batch = synthetic::makeBatch(300, 512, 99, named.policy.processed);
        const bool soft = named.policy.weighting == Weighting::Soft;
        const SoftInputs inputs = soft ? softInputs(named, batch) : SoftInputs{};
        MaskBatchView view = batch.view();
        if (soft) {
            view.t = inputs.t.data();
            view.p = inputs.p.data();
            view.pSecond = inputs.pSecond.data();
        }
        const std::size_t records = batch.records(), tokens = batch.tokens();
        std::vector<double> t(records);
        std::vector<float> p(tokens), pSecond(tokens);
        std::vector<std::uint8_t> logical(tokens), syntactic(tokens);
        sampleMasksCpu(named.policy, named.step, view, {t.data(), p.data(), pSecond.data(), logical.data(), syntactic.data()});
        const std::int64_t mismatches = mismatchesAgainstMaskSampler(named, batch, t, p, pSecond, logical, syntactic);
        char detail[96];
        std::snprintf(detail, sizeof detail, "%zu records, %zu tokens, %lld mismatches", records, tokens,
                      static_cast<long long>(mismatches));
        check(mismatches == 0, std::string("cpu ") + named.name, detail);
    }
}

#if defined(MASKSCOPE_CUDA_KERNELS)
void cudaOrThrow(cudaError_t status, const char* what) {
    if (status != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(status));
}

// Milliseconds per call of `work` (enqueued on the legacy default stream), CUDA events.
double timeMilliseconds(const std::function<void()>& work, int warmup, int repeats) {
    for (int i = 0; i < warmup; ++i) work();
    cudaEvent_t start, stop;
    cudaOrThrow(cudaEventCreate(&start), "cudaEventCreate");
    cudaOrThrow(cudaEventCreate(&stop), "cudaEventCreate");
    cudaOrThrow(cudaEventRecord(start), "cudaEventRecord");
    for (int i = 0; i < repeats; ++i) work();
    cudaOrThrow(cudaEventRecord(stop), "cudaEventRecord");
    cudaOrThrow(cudaEventSynchronize(stop), "cudaEventSynchronize");
    float milliseconds = 0.0f;
    cudaOrThrow(cudaEventElapsedTime(&milliseconds, start, stop), "cudaEventElapsedTime");
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    return milliseconds / repeats;
}

void checkNllEntropy() {
    std::puts("\n== fused NLL + entropy: CUDA vs double reference (tolerance 1e-4 max(1, |ref|))");
    for (const LogitsCase& c : kLogitsCases) {
        const auto logits = synthetic::makeLogits(c.rows, c.vocab, c.stride, c.scale, 17 + c.vocab);
        auto targets = synthetic::makeTargets(c.rows, c.vocab, 5);
        if (c.rows > 9) targets[9] = c.vocab;  // invalid target: NaN
        const auto bf16 = toBFloat16(logits);
        for (const LogitsType type : {LogitsType::Float32, LogitsType::BFloat16}) {
            const bool isFloat = type == LogitsType::Float32;
            const std::size_t bytes = logits.size() * (isFloat ? 4 : 2);
            const void* host = isFloat ? static_cast<const void*>(logits.data()) : bf16.data();
            const LogitsView hostView{host, type, c.rows, c.vocab, c.stride};
            std::vector<double> expectedNll(c.rows), expectedEntropy(c.rows);
            nllEntropyReference(hostView, targets.data(), expectedNll.data(), expectedEntropy.data());

            DeviceBuffer deviceLogits(bytes), deviceTargets(targets.size() * 8), nll(c.rows * 4), entropy(c.rows * 4);
            deviceLogits.upload(host, bytes);
            deviceTargets.upload(targets.data(), targets.size() * 8);
            const LogitsView deviceView{deviceLogits.data(), type, c.rows, c.vocab, c.stride};
            for (const int variant : {0, 32, 256, 1024}) {
                nll.fill(0xff);
                entropy.fill(0xff);
                nllEntropyCuda(deviceView, deviceTargets.as<std::int64_t>(), nll.as<float>(), entropy.as<float>(),
                               nullptr, variant);
                cudaSynchronize();
                std::vector<float> gotNll(c.rows), gotEntropy(c.rows);
                nll.download(gotNll.data(), c.rows * 4);
                entropy.download(gotEntropy.data(), c.rows * 4);
                double worst = 0.0;
                for (std::int64_t r = 0; r < c.rows; ++r)
                    worst = std::max({worst, relativeError(gotNll[r], expectedNll[r]),
                                      relativeError(gotEntropy[r], expectedEntropy[r])});
                char name[160], detail[64];
                const int used = variant ? variant : nllEntropyThreadsPerRow(c.rows, c.vocab);
                std::snprintf(name, sizeof name, "%s %s, %lld rows, %s%d threads/row", c.name, isFloat ? "f32" : "bf16",
                              static_cast<long long>(c.rows), variant ? "" : "auto ", used);
                std::snprintf(detail, sizeof detail, "max error %.2e", worst);
                check(worst <= kTolerance, name, detail);
            }
        }
    }
}

// ---- sampler ----------------------------------------------------------------------------------

struct DeviceBatch {
    DeviceBuffer offsets, maskable, hub, keys, processed, t, p, pSecond;
    DeviceBuffer outT, outP, outPSecond, logical, syntactic;
    MaskBatchView view;
    MaskBatchOutput out;
};

DeviceBatch upload(const synthetic::HostBatch& batch, const std::vector<double>* t, const std::vector<float>* p,
                   const std::vector<float>* pSecond) {
    const std::size_t records = batch.records(), tokens = batch.tokens();
    DeviceBatch d{DeviceBuffer((records + 1) * 8), DeviceBuffer(tokens), DeviceBuffer(tokens), DeviceBuffer(records * 8),
                  DeviceBuffer(records), DeviceBuffer(t ? records * 8 : 0), DeviceBuffer(p ? tokens * 4 : 0),
                  DeviceBuffer(pSecond ? tokens * 4 : 0), DeviceBuffer(records * 8), DeviceBuffer(tokens * 4),
                  DeviceBuffer(tokens * 4), DeviceBuffer(tokens), DeviceBuffer(tokens), {}, {}};
    d.offsets.upload(batch.offsets.data(), (records + 1) * 8);
    d.maskable.upload(batch.maskable.data(), tokens);
    d.hub.upload(batch.hub.data(), tokens);
    d.keys.upload(batch.keys.data(), records * 8);
    d.processed.upload(batch.processed.data(), records);
    if (t) d.t.upload(t->data(), records * 8);
    if (p) d.p.upload(p->data(), tokens * 4);
    if (pSecond) d.pSecond.upload(pSecond->data(), tokens * 4);
    d.view = {static_cast<std::int64_t>(records), d.offsets.as<std::int64_t>(), d.maskable.as<std::uint8_t>(),
              d.hub.as<std::uint8_t>(), d.keys.as<std::uint64_t>(), d.processed.as<std::uint8_t>(),
              t ? d.t.as<double>() : nullptr, p ? d.p.as<float>() : nullptr, pSecond ? d.pSecond.as<float>() : nullptr};
    d.out = {d.outT.as<double>(), d.outP.as<float>(), d.outPSecond.as<float>(), d.logical.as<std::uint8_t>(),
             d.syntactic.as<std::uint8_t>()};
    return d;
}

// Mismatching tokens or records of the device output against MaskSampler::draw per record.
std::int64_t compareWithMaskSampler(const synthetic::NamedPolicy& named, const synthetic::HostBatch& batch,
                                    const DeviceBatch& device) {
    const std::size_t records = batch.records(), tokens = batch.tokens();
    std::vector<double> t(records);
    std::vector<float> p(tokens), pSecond(tokens);
    std::vector<std::uint8_t> logical(tokens), syntactic(tokens);
    device.outT.download(t.data(), records * 8);
    device.outP.download(p.data(), tokens * 4);
    device.outPSecond.download(pSecond.data(), tokens * 4);
    device.logical.download(logical.data(), tokens);
    device.syntactic.download(syntactic.data(), tokens);
    return mismatchesAgainstMaskSampler(named, batch, t, p, pSecond, logical, syntactic);
}

void checkSampler() {
    std::puts("\n== batch sampler: CUDA vs core MaskSampler, bit for bit (t, p, pSecond, logical, syntactic)");
    for (const synthetic::NamedPolicy& named : synthetic::policies()) {
        const auto batch = synthetic::makeBatch(1500, 2048, 99, named.policy.processed);
        const bool soft = named.policy.weighting == Weighting::Soft;
        const SoftInputs inputs = soft ? softInputs(named, batch) : SoftInputs{};
        DeviceBatch device = upload(batch, soft ? &inputs.t : nullptr, soft ? &inputs.p : nullptr,
                                    soft ? &inputs.pSecond : nullptr);
        sampleMasksCuda(named.policy, named.step, device.view, device.out);
        cudaSynchronize();
        const std::int64_t mismatches = compareWithMaskSampler(named, batch, device);
        char detail[96];
        std::snprintf(detail, sizeof detail, "%lld records, %lld tokens, %lld mismatches",
                      static_cast<long long>(batch.records()), static_cast<long long>(batch.tokens()),
                      static_cast<long long>(mismatches));
        check(mismatches == 0, named.name, detail);
    }
}

// ---- timing -----------------------------------------------------------------------------------

double copyBandwidth(bool quick) {
    const std::size_t bytes = std::size_t{quick ? 256u : 1024u} << 20;
    DeviceBuffer from(bytes), to(bytes);
    from.fill(1);
    const double ms = timeMilliseconds([&] { cudaMemcpy(to.data(), from.data(), bytes, cudaMemcpyDeviceToDevice); }, 3, 10);
    return 2.0 * bytes / (ms * 1e-3) / 1e9;
}

// A [rows, vocab] matrix on the device: `distinct` random rows generated on the host, repeated.
DeviceBuffer deviceLogits(std::int64_t rows, std::int64_t vocab, LogitsType type, std::int64_t distinct,
                          std::vector<float>& hostRows) {
    hostRows = synthetic::makeLogits(distinct, vocab, vocab, 3.0, 23);
    const std::size_t element = type == LogitsType::Float32 ? 4 : 2;
    const std::size_t chunk = distinct * vocab * element;
    DeviceBuffer buffer(rows * vocab * element);
    if (type == LogitsType::Float32) buffer.upload(hostRows.data(), chunk);
    else buffer.upload(toBFloat16(hostRows).data(), chunk);
    for (std::int64_t r = distinct; r < rows; r += distinct) {
        const std::size_t count = std::min<std::int64_t>(distinct, rows - r) * vocab * element;
        cudaOrThrow(cudaMemcpy(buffer.as<char>() + r * vocab * element, buffer.data(), count, cudaMemcpyDeviceToDevice),
                    "replicate logits");
    }
    return buffer;
}

void timeNllEntropy(double copy, bool quick) {
    std::puts("\n== timing: fused NLL + entropy (one pass over the logits)");
    std::printf("%-28s %-10s %9s %9s %10s %14s\n", "logits", "variant", "ms", "GB/s", "% of copy", "rows/s");
    const std::int64_t rows = quick ? 4096 : 16384, vocab = 32000, distinct = 256;
    for (const LogitsType type : {LogitsType::Float32, LogitsType::BFloat16}) {
        std::vector<float> hostRows;
        const DeviceBuffer logits = deviceLogits(rows, vocab, type, distinct, hostRows);
        const auto targets = synthetic::makeTargets(rows, vocab, 3);
        DeviceBuffer deviceTargets(rows * 8), nll(rows * 4), entropy(rows * 4);
        deviceTargets.upload(targets.data(), rows * 8);
        const LogitsView view{logits.data(), type, rows, vocab, vocab};
        const double bytes = static_cast<double>(logits.bytes()) + rows * (8.0 + 4.0 + 4.0);
        for (const int variant : {0, 32, 256, 1024}) {
            const double ms = timeMilliseconds(
                [&] { nllEntropyCuda(view, deviceTargets.as<std::int64_t>(), nll.as<float>(), entropy.as<float>(), nullptr, variant); },
                2, 10);
            const double gbs = bytes / (ms * 1e-3) / 1e9;
            char shape[64], name[32];
            std::snprintf(shape, sizeof shape, "[%lld, %lld] %s", static_cast<long long>(rows), static_cast<long long>(vocab),
                          type == LogitsType::Float32 ? "f32" : "bf16");
            std::snprintf(name, sizeof name, variant ? "%d" : "auto(%d)", variant ? variant : nllEntropyThreadsPerRow(rows, vocab));
            std::printf("%-28s %-10s %9.3f %9.0f %9.1f%% %14.3e\n", shape, name, ms, gbs, 100.0 * gbs / copy, rows / (ms * 1e-3));
        }
        // The timed output against the reference: the first 2048 rows (8 copies of the distinct
        // rows with other targets; the double reference of all rows would take seconds).
        std::vector<float> gotNll(rows), gotEntropy(rows);
        nll.download(gotNll.data(), rows * 4);
        entropy.download(gotEntropy.data(), rows * 4);
        const auto bf16 = toBFloat16(hostRows);
        const LogitsView distinctView{
            type == LogitsType::Float32 ? static_cast<const void*>(hostRows.data()) : bf16.data(), type, distinct, vocab, 0};
        std::vector<double> distinctNll(distinct), distinctEntropy(distinct);
        std::vector<std::int64_t> distinctTargets;
        double worst = 0.0;
        for (std::int64_t start = 0; start < std::min<std::int64_t>(rows, 2048); start += distinct) {
            distinctTargets.assign(targets.begin() + start, targets.begin() + start + distinct);
            nllEntropyReference(distinctView, distinctTargets.data(), distinctNll.data(), distinctEntropy.data());
            for (std::int64_t r = 0; r < distinct; ++r)
                worst = std::max({worst, relativeError(gotNll[start + r], distinctNll[r]),
                                  relativeError(gotEntropy[start + r], distinctEntropy[r])});
        }
        char detail[64];
        std::snprintf(detail, sizeof detail, "max error %.2e", worst);
        check(worst <= kTolerance, std::string("timed output, ") + (type == LogitsType::Float32 ? "f32" : "bf16"), detail);
    }
}

void timeSampler(bool quick) {
    std::puts("\n== timing: batch sampler (complementary, binary, t~U[0.3,0.8]; device time excludes transfers)");
    const auto named = synthetic::policies()[0];
    const auto batch = synthetic::makeBatch(quick ? 2048 : 8192, 2048, 5, 1.0);
    DeviceBatch device = upload(batch, nullptr, nullptr, nullptr);
    const double tokens = static_cast<double>(batch.tokens());
    const double deviceMs = timeMilliseconds([&] { sampleMasksCuda(named.policy, named.step, device.view, device.out); }, 2, 20);
    const MaskSampler sampler(named.policy);
    RecordMasks masks;
    const double samplerMs = hostMilliseconds(
        [&] {
            for (std::int64_t r = 0; r < batch.records(); ++r) {
                const std::size_t begin = batch.offsets[r], n = batch.offsets[r + 1] - begin;
                sampler.drawInto(batch.ids[r], named.step, {batch.maskable.data() + begin, n},
                                 {batch.hub.data() + begin, n}, {}, masks);
            }
        },
        1);
    std::vector<double> t(batch.records());
    std::vector<float> p(batch.tokens()), pSecond(batch.tokens());
    std::vector<std::uint8_t> logical(batch.tokens()), syntactic(batch.tokens());
    const MaskBatchOutput hostOut{t.data(), p.data(), pSecond.data(), logical.data(), syntactic.data()};
    const double batchMs = hostMilliseconds([&] { sampleMasksCpu(named.policy, named.step, batch.view(), hostOut); }, 1);
    std::printf("%-44s %12.0f tokens, %10.3f ms, %12.3e tokens/s\n", "CUDA sampleMasksCuda", tokens, deviceMs, tokens / (deviceMs * 1e-3));
    std::printf("%-44s %12.0f tokens, %10.3f ms, %12.3e tokens/s\n", "CPU MaskSampler::drawInto, one thread", tokens, samplerMs,
                tokens / (samplerMs * 1e-3));
    std::printf("%-44s %12.0f tokens, %10.3f ms, %12.3e tokens/s\n", "CPU sampleMasksCpu, one thread", tokens, batchMs,
                tokens / (batchMs * 1e-3));
    std::printf("device vs MaskSampler: %.0fx\n", samplerMs / deviceMs);
}
#endif  // MASKSCOPE_CUDA_KERNELS

}  // namespace

void gpuCheckResult(bool passed, const std::string& name, const std::string& detail) {
    std::printf("%-4s %-58s %s\n", passed ? "ok" : "FAIL", name.c_str(), detail.c_str());
    std::fflush(stdout);
    if (!passed) ++g_failures;
}

double gpuMilliseconds(const std::function<void()>& work, int warmup, int repeats) {
#if defined(MASKSCOPE_CUDA_KERNELS)
    return timeMilliseconds(work, warmup, repeats);
#else
    (void)work, (void)warmup, (void)repeats;
    throw std::runtime_error("this build has no CUDA kernels");
#endif
}

int runGpuCheck(const GpuCheckOptions& options) {
    (void)options;  // used by the CUDA part only
    g_failures = 0;
    try {
        checkCpuPaths();
    } catch (const std::exception& error) {
        std::printf("error: %s\n", error.what());
        return 2;
    }
    std::string reason;
    if (cudaDeviceCount(&reason) == 0) {
        std::printf("\nno CUDA device is present (%s): the CUDA kernels were not checked\n", reason.c_str());
        std::printf("%s: CPU paths %s, %d failure(s); exit code 77 (no GPU)\n", g_failures == 0 ? "SKIP" : "FAIL",
                    g_failures == 0 ? "agree with their references" : "DISAGREE", g_failures.load());
        return g_failures == 0 ? 77 : 1;
    }
#if defined(MASKSCOPE_CUDA_KERNELS)
    try {
        std::printf("\ndevice: %s\n", cudaDeviceDescription(0).c_str());
        checkNllEntropy();
        checkSampler();
        const double copy = copyBandwidth(options.quick);
        std::printf("\ncopy bandwidth (cudaMemcpy device to device, read + write): %.0f GB/s\n", copy);
        timeNllEntropy(copy, options.quick);
        timeSampler(options.quick);
        if (options.extra) options.extra(options.quick);
    } catch (const std::exception& error) {
        std::printf("error: %s\n", error.what());
        return 2;
    }
#endif
    std::printf("\n%s: %d failure(s)\n", g_failures == 0 ? "PASS" : "FAIL", g_failures.load());
    return g_failures == 0 ? 0 : 1;
}

}  // namespace maskscope::kernels
