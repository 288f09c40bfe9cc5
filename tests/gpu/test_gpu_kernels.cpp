// gpu/kernels against independent oracles (issue 6, section 2):
// - the CPU fused NLL + entropy (float lanes, one pass) and the double reference against LibTorch
//   in double (log_softmax + gather, -(p log p).sum) on random logits with extreme rows (1e4 spikes,
//   -1e4 floors, equal logits, -inf entries), V = 1, V = 50257, bfloat16 inputs, strided rows;
// - the batch sampler's CPU path against core's MaskSampler, bit for bit, for every policy;
// - the LibTorch glue on CPU tensors;
// - where a CUDA device is visible, the CUDA kernels against the CPU paths (skipped otherwise,
//   with the runtime's reason, e.g. "CUDA driver version is insufficient for CUDA runtime version").
// Tolerances, |error| / max(1, |expected|): reference vs LibTorch double 1e-12 (both double, other
// summation orders; observed <= 5e-14); CPU fused path 1e-6 (float exp with ~1 ulp error, float
// lane sums over chunks of 2048 logits, chunk totals in double, float outputs: observed <= 1e-7);
// CUDA 1e-4 (float sums of ~200 terms per thread at 256 threads per row, ~1600 at 32 for V = 50257,
// tree merges, ex2.approx with ~2 ulp plus the rounding of its argument: a bound; gpu-check prints
// what is observed).
#include "core/error.h"
#include "core/mask_sampler.h"
#include "gpu/kernels/device_runtime.h"
#include "gpu/kernels/kernels_torch.h"
#include "gpu/kernels/mask_batch.h"
#include "gpu/kernels/nll_entropy.h"
#include "gpu/kernels/synthetic_inputs.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

#include <cmath>
#include <cstring>
#include <limits>

using namespace maskscope;
using namespace maskscope::kernels;

namespace {

constexpr double kReferenceTolerance = 1e-12;
constexpr double kCpuTolerance = 1e-6;
constexpr double kCudaTolerance = 1e-4;
constexpr float kInf = std::numeric_limits<float>::infinity();

double relativeError(double actual, double expected) {
    if (std::isnan(expected) || std::isnan(actual)) return std::isnan(expected) == std::isnan(actual) ? 0.0 : INFINITY;
    return std::abs(actual - expected) / std::max(1.0, std::abs(expected));
}

std::vector<std::uint16_t> toBFloat16(const std::vector<float>& values) {
    std::vector<std::uint16_t> out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) out[i] = floatToBFloat16(values[i]);
    return out;
}

// LibTorch in double: NLL (0 for ignored rows) and entropy with p log p = 0 where p = 0.
std::pair<torch::Tensor, torch::Tensor> libtorchNllEntropy(const std::vector<float>& logits, std::int64_t rows,
                                                           std::int64_t vocab,
                                                           const std::vector<std::int64_t>& targets) {
    const auto x = torch::from_blob(const_cast<float*>(logits.data()), {rows, vocab}).to(torch::kFloat64);
    const auto y = torch::from_blob(const_cast<std::int64_t*>(targets.data()), {rows}, torch::kInt64);
    const auto logp = torch::log_softmax(x, 1);  // [N, V]
    const auto picked = -logp.gather(1, y.clamp_min(0).unsqueeze(1)).squeeze(1);
    const auto nll = torch::where(y < 0, torch::zeros_like(picked), picked);
    const auto p = logp.exp();
    const auto entropy = -torch::where(p > 0, p * logp, torch::zeros_like(p)).sum(1);
    return {nll, entropy};
}

struct Outputs {
    std::vector<float> nll, entropy;
};

Outputs runCpu(const LogitsView& view, const std::vector<std::int64_t>& targets) {
    Outputs out{std::vector<float>(view.rows), std::vector<float>(view.rows)};
    nllEntropyCpu(view, targets.data(), out.nll.data(), out.entropy.data());
    return out;
}

// Masks of the batch through the CPU path; soft weighting solved on the host first.
struct BatchMasks {
    std::vector<double> t;
    std::vector<float> p, pSecond;
    std::vector<std::uint8_t> logical, syntactic;
    std::vector<double> softT;
    std::vector<float> softP, softPSecond;

    BatchMasks(const synthetic::HostBatch& batch)
        : t(batch.records()), p(batch.tokens()), pSecond(batch.tokens()), logical(batch.tokens()),
          syntactic(batch.tokens()) {}
    MaskBatchOutput output() { return {t.data(), p.data(), pSecond.data(), logical.data(), syntactic.data()}; }
};

MaskBatchView batchView(const synthetic::NamedPolicy& named, const synthetic::HostBatch& batch, BatchMasks& masks) {
    MaskBatchView view = batch.view();
    if (named.policy.weighting == Weighting::Soft) {
        masks.softT.resize(batch.records());
        masks.softP.resize(batch.tokens());
        masks.softPSecond.resize(batch.tokens());
        softProbabilities(named.policy, named.step, view, batch.density, masks.softT, masks.softP, masks.softPSecond);
        view.t = masks.softT.data();
        view.p = masks.softP.data();
        view.pSecond = masks.softPSecond.data();
    }
    return view;
}

}  // namespace

class TestGpuKernels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void nllEntropyCpuMatchesLibTorch_data() {
        QTest::addColumn<qint64>("rows");
        QTest::addColumn<qint64>("vocab");
        QTest::addColumn<double>("scale");
        QTest::addColumn<bool>("bfloat16");
        // makeLogits gives rows of every kind (1e4 spikes, -1e4 floors, equal, -inf, dominant).
        QTest::newRow("V=1") << qint64(20) << qint64(1) << 1.0 << false;
        QTest::newRow("V=2") << qint64(20) << qint64(2) << 5.0 << false;
        QTest::newRow("V=257") << qint64(48) << qint64(257) << 3.0 << false;
        QTest::newRow("V=257 bf16") << qint64(48) << qint64(257) << 3.0 << true;
        QTest::newRow("V=4099 large scale") << qint64(32) << qint64(4099) << 30.0 << false;
        QTest::newRow("V=50257") << qint64(16) << qint64(50257) << 2.0 << false;
        QTest::newRow("V=50257 bf16") << qint64(16) << qint64(50257) << 2.0 << true;
    }

    void nllEntropyCpuMatchesLibTorch() {
        QFETCH(qint64, rows);
        QFETCH(qint64, vocab);
        QFETCH(double, scale);
        QFETCH(bool, bfloat16);
        auto logits = synthetic::makeLogits(rows, vocab, vocab, scale, 41 + vocab);
        const auto targets = synthetic::makeTargets(rows, vocab, 7);
        const auto bits = toBFloat16(logits);
        if (bfloat16)  // the oracle sees exactly the values the bfloat16 path reads
            for (std::size_t i = 0; i < logits.size(); ++i) logits[i] = bfloat16ToFloat(bits[i]);
        const LogitsView view{bfloat16 ? static_cast<const void*>(bits.data()) : logits.data(),
                              bfloat16 ? LogitsType::BFloat16 : LogitsType::Float32, rows, vocab, 0};
        const auto [expectedNll, expectedEntropy] = libtorchNllEntropy(logits, rows, vocab, targets);
        const auto cpu = runCpu(view, targets);
        std::vector<double> referenceNll(rows), referenceEntropy(rows);
        nllEntropyReference(view, targets.data(), referenceNll.data(), referenceEntropy.data());
        double worstCpu = 0.0, worstReference = 0.0;
        for (qint64 r = 0; r < rows; ++r) {
            const double nll = expectedNll[r].item<double>(), entropy = expectedEntropy[r].item<double>();
            worstCpu = std::max({worstCpu, relativeError(cpu.nll[r], nll), relativeError(cpu.entropy[r], entropy)});
            worstReference = std::max({worstReference, relativeError(referenceNll[r], nll),
                                       relativeError(referenceEntropy[r], entropy)});
        }
        qInfo("worst error: reference %.3g, CPU path %.3g", worstReference, worstCpu);
        QVERIFY2(worstReference <= kReferenceTolerance, qPrintable(QStringLiteral("reference error %1").arg(worstReference)));
        QVERIFY2(worstCpu <= kCpuTolerance, qPrintable(QStringLiteral("CPU path error %1").arg(worstCpu)));
    }

    void nllEntropyEdgeCases() {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        // Rows of V = 4: plain, NaN logit, +inf logit, all -inf, one -inf, equal logits.
        const std::vector<float> logits = {1, 2, 3, 4,    1, nan, 3, 4,    1, kInf, 3, 4,
                                           -kInf, -kInf, -kInf, -kInf,     -kInf, 0, 0, 0,    7, 7, 7, 7};
        const std::vector<std::int64_t> targets = {4, -100, 0, 0, 0, 2};  // row 0: invalid target
        const LogitsView view{logits.data(), LogitsType::Float32, 6, 4, 0};
        const auto cpu = runCpu(view, targets);
        std::vector<double> nll(6), entropy(6);
        nllEntropyReference(view, targets.data(), nll.data(), entropy.data());
        for (int r = 0; r < 6; ++r) QCOMPARE(std::isnan(cpu.entropy[r]), std::isnan(entropy[r]));
        QVERIFY(std::isnan(cpu.nll[0]) && std::isnan(nll[0]));  // invalid target
        QVERIFY(!std::isnan(cpu.entropy[0]));                    // the entropy does not need it
        QCOMPARE(cpu.nll[1], 0.0f);                              // ignored, even with a NaN logit
        QCOMPARE(nll[1], 0.0);
        QVERIFY(std::isnan(cpu.entropy[1]) && std::isnan(cpu.nll[2]) && std::isnan(cpu.entropy[2]));
        QVERIFY(std::isnan(cpu.nll[3]) && std::isnan(cpu.entropy[3]));  // no distribution
        QVERIFY(std::abs(cpu.entropy[4] - std::log(3.0)) < 1e-6);        // -inf: probability 0
        QVERIFY(std::isinf(cpu.nll[4]) && std::isinf(nll[4]));           // ... and the target's
        QVERIFY(std::abs(cpu.entropy[5] - std::log(4.0)) < 1e-6);
        QVERIFY(std::abs(cpu.nll[5] - std::log(4.0)) < 1e-6);

        // V = 1: certain prediction.
        const std::vector<float> single = {3.5f, -1e4f};
        const auto one = runCpu({single.data(), LogitsType::Float32, 2, 1, 0}, {0, 0});
        QCOMPARE(one.nll[0], 0.0f);
        QCOMPARE(one.entropy[1], 0.0f);
    }

    void nllEntropyStridedRowsEqualDense() {
        const std::int64_t rows = 9, vocab = 1001, stride = 1003;
        const auto dense = synthetic::makeLogits(rows, vocab, vocab, 2.0, 3);
        std::vector<float> strided(rows * stride, -123.0f);
        for (std::int64_t r = 0; r < rows; ++r) std::copy_n(dense.begin() + r * vocab, vocab, strided.begin() + r * stride);
        const auto targets = synthetic::makeTargets(rows, vocab, 4);
        const auto a = runCpu({dense.data(), LogitsType::Float32, rows, vocab, 0}, targets);
        // Rows 1003 floats apart start off 16-byte boundaries (the CUDA kernel's unaligned head).
        const auto b = runCpu({strided.data(), LogitsType::Float32, rows, vocab, stride}, targets);
        for (std::int64_t r = 0; r < rows; ++r) {
            QCOMPARE(a.nll[r], b.nll[r]);
            QCOMPARE(a.entropy[r], b.entropy[r]);
        }
    }

    void nllEntropyRejectsBadViews() {
        const std::vector<float> logits(8, 0.0f);
        const std::vector<std::int64_t> targets(2, 0);
        std::vector<float> out(2);
        QVERIFY_THROWS_EXCEPTION(UsageError, nllEntropyCpu({logits.data(), LogitsType::Float32, 2, 4, 3}, targets.data(),
                                                           out.data(), out.data()));
        QVERIFY_THROWS_EXCEPTION(UsageError, nllEntropyCpu({logits.data(), LogitsType::Float32, 2, 0, 0}, targets.data(),
                                                           out.data(), out.data()));
        QVERIFY_THROWS_EXCEPTION(UsageError, nllEntropyCpu({logits.data(), LogitsType::Float32, -1, 4, 0}, targets.data(),
                                                           out.data(), out.data()));
    }

    void torchGlueNllEntropyOnCpu() {
        torch::manual_seed(5);
        const auto logits = torch::randn({2, 300, 7}) * 4;               // [B, V, L]: not contiguous along V below
        const auto rows = logits.transpose(1, 2);                         // [B, L, V]
        auto targets = torch::randint(0, 300, {2, 7}, torch::kInt64);
        targets.index_put_({1, 3}, -100);
        for (const auto type : {torch::kFloat32, torch::kBFloat16, torch::kFloat64}) {
            const auto input = rows.to(type);
            const auto fused = fusedNllEntropy(input, targets);
            QCOMPARE(fused.nll.sizes().vec(), std::vector<std::int64_t>({2, 7}));
            const auto logp = torch::log_softmax(input.to(torch::kFloat64), -1);
            const auto nll = torch::where(targets < 0, torch::zeros({}, torch::kFloat64),
                                          -logp.gather(-1, targets.clamp_min(0).unsqueeze(-1)).squeeze(-1));
            const auto entropy = -(logp.exp() * logp).sum(-1);
            QVERIFY(torch::allclose(fused.nll.to(torch::kFloat64), nll, 0.0, kCpuTolerance * 10));
            QVERIFY(torch::allclose(fused.entropy.to(torch::kFloat64), entropy, 0.0, kCpuTolerance * 10));
        }
        QVERIFY_THROWS_EXCEPTION(UsageError, fusedNllEntropy(torch::zeros({3, 4}), torch::zeros({2}, torch::kInt64)));
    }

    void batchSamplerMatchesMaskSampler_data() {
        QTest::addColumn<int>("index");
        const auto policies = synthetic::policies();
        for (int i = 0; i < static_cast<int>(policies.size()); ++i)
            QTest::newRow(policies[i].name.c_str()) << i;
    }

    void batchSamplerMatchesMaskSampler() {
        QFETCH(int, index);
        const auto named = synthetic::policies()[index];
        const auto batch = synthetic::makeBatch(300, 700, 21 + index, named.policy.processed);
        BatchMasks masks(batch);
        sampleMasksCpu(named.policy, named.step, batchView(named, batch, masks), masks.output());
        const MaskSampler sampler(named.policy);
        for (std::int64_t r = 0; r < batch.records(); ++r) {
            const std::size_t begin = batch.offsets[r], n = batch.offsets[r + 1] - begin;
            const RecordMasks expected = sampler.draw(batch.ids[r], named.step, {batch.maskable.data() + begin, n},
                                                      {batch.hub.data() + begin, n}, {batch.density.data() + begin, n});
            QVERIFY2(std::memcmp(&expected.t, &masks.t[r], sizeof(double)) == 0, qPrintable(QString::number(r)));
            QVERIFY(std::memcmp(expected.p.data(), masks.p.data() + begin, n * 4) == 0);
            QVERIFY(std::memcmp(expected.pSecond.data(), masks.pSecond.data() + begin, n * 4) == 0);
            QVERIFY(std::memcmp(expected.logical.data(), masks.logical.data() + begin, n) == 0);
            QVERIFY(std::memcmp(expected.syntactic.data(), masks.syntactic.data() + begin, n) == 0);
        }
    }

    void batchSamplerRejectsBadInput() {
        auto batch = synthetic::makeBatch(20, 50, 1, 1.0);
        BatchMasks masks(batch);
        MaskPolicy policy;
        batch.offsets[5] = batch.offsets[4] - 1;
        QVERIFY_THROWS_EXCEPTION(UsageError, sampleMasksCpu(policy, 0, batch.view(), masks.output()));
        batch = synthetic::makeBatch(20, 50, 1, 1.0);
        policy.weighting = Weighting::Soft;
        QVERIFY_THROWS_EXCEPTION(UsageError, sampleMasksCpu(policy, 0, batch.view(), masks.output()));
        policy.weighting = Weighting::Binary;
        MaskBatchOutput noLogical = masks.output();
        noLogical.logical = nullptr;
        QVERIFY_THROWS_EXCEPTION(UsageError, sampleMasksCpu(policy, 0, batch.view(), noLogical));
        policy.w = -1.0;
        QVERIFY_THROWS_EXCEPTION(UsageError, sampleMasksCpu(policy, 0, batch.view(), masks.output()));
    }

    void torchGlueSamplerOnCpu() {
        const auto named = synthetic::policies()[6];
        const auto batch = synthetic::makeBatch(40, 300, 2, named.policy.processed);
        BatchMasks masks(batch);
        sampleMasksCpu(named.policy, named.step, batch.view(), masks.output());
        const auto u8 = torch::TensorOptions().dtype(torch::kUInt8);
        MaskBatchTensors tensors;
        tensors.offsets = torch::tensor(batch.offsets, torch::kInt64);
        tensors.maskable = torch::from_blob(const_cast<std::uint8_t*>(batch.maskable.data()), {batch.tokens()}, u8).to(torch::kBool);
        tensors.hub = torch::from_blob(const_cast<std::uint8_t*>(batch.hub.data()), {batch.tokens()}, u8);
        tensors.recordKeys = torch::from_blob(const_cast<std::uint64_t*>(batch.keys.data()), {batch.records()}, torch::kInt64);
        tensors.processed = torch::from_blob(const_cast<std::uint8_t*>(batch.processed.data()), {batch.records()}, u8);
        const auto out = sampleMasks(named.policy, named.step, tensors);
        QVERIFY(std::memcmp(out.t.data_ptr<double>(), masks.t.data(), masks.t.size() * 8) == 0);
        QVERIFY(std::memcmp(out.pSecond.data_ptr<float>(), masks.pSecond.data(), masks.pSecond.size() * 4) == 0);
        QVERIFY(std::memcmp(out.logical.data_ptr<std::uint8_t>(), masks.logical.data(), masks.logical.size()) == 0);
        QVERIFY(std::memcmp(out.syntactic.data_ptr<std::uint8_t>(), masks.syntactic.data(), masks.syntactic.size()) == 0);
    }

    void cudaKernelsMatchCpu() {
        if (!cudaKernelsBuilt()) QSKIP("built without CUDA kernels (no nvcc at configure time)");
        std::string reason;
        if (cudaDeviceCount(&reason) == 0) QSKIP(qPrintable(QStringLiteral("no usable CUDA device: ") + QString::fromStdString(reason)));
        qInfo("%s", cudaDeviceDescription(0).c_str());

        for (const auto& [rows, vocab, stride] : {std::tuple<std::int64_t, std::int64_t, std::int64_t>{64, 1, 1},
                                                  {333, 257, 257}, {40, 32000, 32003}, {20, 50257, 50257}}) {
            const auto logits = synthetic::makeLogits(rows, vocab, stride, 3.0, 9);
            const auto targets = synthetic::makeTargets(rows, vocab, 2);
            for (const bool bfloat16 : {false, true}) {
                const auto bits = toBFloat16(logits);
                const void* host = bfloat16 ? static_cast<const void*>(bits.data()) : logits.data();
                const std::size_t bytes = logits.size() * (bfloat16 ? 2 : 4);
                const LogitsType type = bfloat16 ? LogitsType::BFloat16 : LogitsType::Float32;
                std::vector<double> nll(rows), entropy(rows);
                nllEntropyReference({host, type, rows, vocab, stride}, targets.data(), nll.data(), entropy.data());
                DeviceBuffer deviceLogits(bytes), deviceTargets(rows * 8), deviceNll(rows * 4), deviceEntropy(rows * 4);
                deviceLogits.upload(host, bytes);
                deviceTargets.upload(targets.data(), rows * 8);
                for (const int variant : {0, 32, 256, 1024}) {
                    nllEntropyCuda({deviceLogits.data(), type, rows, vocab, stride}, deviceTargets.as<std::int64_t>(),
                                   deviceNll.as<float>(), deviceEntropy.as<float>(), nullptr, variant);
                    std::vector<float> gotNll(rows), gotEntropy(rows);
                    deviceNll.download(gotNll.data(), rows * 4);
                    deviceEntropy.download(gotEntropy.data(), rows * 4);
                    for (std::int64_t r = 0; r < rows; ++r) {
                        QVERIFY(relativeError(gotNll[r], nll[r]) <= kCudaTolerance);
                        QVERIFY(relativeError(gotEntropy[r], entropy[r]) <= kCudaTolerance);
                    }
                }
            }
        }

        for (const auto& named : synthetic::policies()) {
            const auto batch = synthetic::makeBatch(400, 1500, 77, named.policy.processed);
            BatchMasks expected(batch);
            const MaskBatchView hostView = batchView(named, batch, expected);
            sampleMasksCpu(named.policy, named.step, hostView, expected.output());
            const std::size_t records = batch.records(), tokens = batch.tokens();
            DeviceBuffer offsets((records + 1) * 8), maskable(tokens), hub(tokens), keys(records * 8), processed(records),
                t(records * 8), p(tokens * 4), pSecond(tokens * 4), outT(records * 8), outP(tokens * 4),
                outPSecond(tokens * 4), logical(tokens), syntactic(tokens);
            offsets.upload(batch.offsets.data(), (records + 1) * 8);
            maskable.upload(batch.maskable.data(), tokens);
            hub.upload(batch.hub.data(), tokens);
            keys.upload(batch.keys.data(), records * 8);
            processed.upload(batch.processed.data(), records);
            MaskBatchView view{static_cast<std::int64_t>(records), offsets.as<std::int64_t>(), maskable.as<std::uint8_t>(),
                               hub.as<std::uint8_t>(), keys.as<std::uint64_t>(), processed.as<std::uint8_t>()};
            if (hostView.p) {
                t.upload(hostView.t, records * 8);
                p.upload(hostView.p, tokens * 4);
                pSecond.upload(hostView.pSecond, tokens * 4);
                view.t = t.as<double>();
                view.p = p.as<float>();
                view.pSecond = pSecond.as<float>();
            }
            sampleMasksCuda(named.policy, named.step, view,
                            {outT.as<double>(), outP.as<float>(), outPSecond.as<float>(), logical.as<std::uint8_t>(),
                             syntactic.as<std::uint8_t>()});
            BatchMasks got(batch);
            outT.download(got.t.data(), records * 8);
            outP.download(got.p.data(), tokens * 4);
            outPSecond.download(got.pSecond.data(), tokens * 4);
            logical.download(got.logical.data(), tokens);
            syntactic.download(got.syntactic.data(), tokens);
            QVERIFY2(std::memcmp(got.t.data(), expected.t.data(), records * 8) == 0, named.name.c_str());
            QVERIFY2(std::memcmp(got.p.data(), expected.p.data(), tokens * 4) == 0, named.name.c_str());
            QVERIFY2(std::memcmp(got.pSecond.data(), expected.pSecond.data(), tokens * 4) == 0, named.name.c_str());
            QVERIFY2(got.logical == expected.logical, named.name.c_str());
            QVERIFY2(got.syntactic == expected.syntactic, named.name.c_str());
        }
    }
};

QTEST_APPLESS_MAIN(TestGpuKernels)
#include "test_gpu_kernels.moc"
