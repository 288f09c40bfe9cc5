// The CPU implementations of nll_entropy.h: the double-precision reference and the one-pass path.
#include "gpu/kernels/nll_entropy.h"

#include "core/error.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace maskscope::kernels {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Row r of the view as float, converting bfloat16 through `buffer` (vocab entries).
class RowReader {
public:
    explicit RowReader(const LogitsView& view)
        : m_view(view), m_stride(view.rowStride > 0 ? view.rowStride : view.vocab) {
        if (view.type == LogitsType::BFloat16) m_buffer.resize(static_cast<std::size_t>(view.vocab));
    }

    const float* row(std::int64_t r) {
        if (m_view.type == LogitsType::Float32) return static_cast<const float*>(m_view.data) + r * m_stride;
        const auto* bits = static_cast<const std::uint16_t*>(m_view.data) + r * m_stride;
        for (std::size_t j = 0; j < m_buffer.size(); ++j) m_buffer[j] = bfloat16ToFloat(bits[j]);
        return m_buffer.data();
    }

private:
    const LogitsView& m_view;
    std::int64_t m_stride;
    std::vector<float> m_buffer;
};

// Four floats, and four int32, as GCC/Clang vector extensions: explicit SIMD that compiles to
// SSE2 on any x86-64 and to NEON on Arm.
using Floats = float __attribute__((vector_size(16)));
using Ints = std::int32_t __attribute__((vector_size(16)));
constexpr int kLanes = 4;

inline Floats loadFloats(const float* p) {
    Floats v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// exp(x) for x <= 0, branch-free: range reduction x = n ln2 + r with |r| <= ln2 / 2 (n by the
// 1.5 * 2^23 rounding trick, no float-to-int conversion), a degree-6 polynomial for exp(r)
// (Cephes' expf coefficients, ~1 ulp), 2^n built in the exponent bits. x < -87 (and -inf) give 0,
// below float's normal range.
inline Floats expNonPositive(Floats x) {
    constexpr float kRound = 12582912.0f;  // 1.5 * 2^23
    constexpr float kLog2e = 1.44269504088896341f;
    constexpr float kLn2High = 0.693359375f, kLn2Low = -2.12194440e-4f;
    const Floats zero = {};
    const Ints underflow = x < -87.0f;
    x = underflow ? zero : x;
    const Floats shifted = x * kLog2e + kRound;
    const Ints n = std::bit_cast<Ints>(shifted) - std::bit_cast<std::int32_t>(kRound);
    const Floats nf = shifted - kRound;
    const Floats r = (x - nf * kLn2High) - nf * kLn2Low;
    Floats poly = r * 1.9875691500e-4f + 1.3981999507e-3f;
    poly = poly * r + 8.3334519073e-3f;
    poly = poly * r + 4.1665795894e-2f;
    poly = poly * r + 1.6666665459e-1f;
    poly = poly * r + 5.0000001201e-1f;
    poly = poly * r * r + r + 1.0f;
    const Ints exponent = (n + 127) << 23;
    const Floats value = poly * std::bit_cast<Floats>(exponent);
    return underflow ? zero : value;
}

float scalarExpNonPositive(float x) {
    Floats v = {};
    v[0] = x;
    return expNonPositive(v)[0];
}

// The online state of one row: maximum m and S, T in double (see the header). Each chunk (in L1)
// is read twice: for its maximum, then for its sums in float lanes, whose totals go to double.
struct OnlineRow {
    double m = -std::numeric_limits<double>::infinity();
    double s = 0.0;
    double t = 0.0;
    bool invalid = false;  // a NaN or +inf logit was seen

    void add(const float* x, std::int64_t count) {
        constexpr float kLargest = std::numeric_limits<float>::max();
        const std::int64_t body = count - count % kLanes;
        // Pass 1: the chunk's maximum, and whether every value is <= FLT_MAX (not NaN, not +inf).
        Floats laneMax = {};
        laneMax -= std::numeric_limits<float>::infinity();
        Ints laneOk = {};
        laneOk -= 1;  // all bits set: true
        for (std::int64_t i = 0; i < body; i += kLanes) {
            const Floats v = loadFloats(x + i);
            laneMax = laneMax < v ? v : laneMax;
            laneOk &= v <= kLargest;
        }
        float chunkMax = -std::numeric_limits<float>::infinity();
        bool bad = false;
        for (int j = 0; j < kLanes; ++j) {
            chunkMax = std::max(chunkMax, laneMax[j]);
            bad |= laneOk[j] == 0;
        }
        for (std::int64_t i = body; i < count; ++i) {
            chunkMax = std::max(chunkMax, x[i]);
            bad |= !(x[i] <= kLargest);
        }
        if (bad) {
            invalid = true;
            return;
        }
        if (chunkMax == -std::numeric_limits<float>::infinity()) return;  // probability 0 throughout
        if (chunkMax > m) {
            if (s > 0.0) {
                const double d = m - chunkMax;
                const double e = std::exp(d);
                t = e * (t + d * s);
                s *= e;
            }
            m = chunkMax;
        }
        // Pass 2: S and T of the chunk relative to m (exact in float: m is one of the logits).
        const float mf = static_cast<float>(m);
        const Floats zero = {};
        Floats laneS = {}, laneT = {};
        for (std::int64_t i = 0; i < body; i += kLanes) {
            const Floats d = loadFloats(x + i) - mf;
            const Floats e = expNonPositive(d);
            const Floats term = e * d;  // NaN where d = -inf and e = 0: dropped
            laneS += e;
            laneT += e > 0.0f ? term : zero;
        }
        double chunkS = 0.0, chunkT = 0.0;
        for (int j = 0; j < kLanes; ++j) {
            chunkS += laneS[j];
            chunkT += laneT[j];
        }
        for (std::int64_t i = body; i < count; ++i) {
            const float d = x[i] - mf;
            const float e = scalarExpNonPositive(d);
            chunkS += e;
            chunkT += e > 0.0f ? static_cast<double>(e) * d : 0.0;
        }
        s += chunkS;
        t += chunkT;
    }
};

double targetNll(const float* row, std::int64_t vocab, std::int64_t target, double m, double logS) {
    if (target < 0) return 0.0;
    if (target >= vocab) return kNaN;
    return logS - (static_cast<double>(row[target]) - m);
}

}  // namespace

float bfloat16ToFloat(std::uint16_t bits) { return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16); }

std::uint16_t floatToBFloat16(float value) {
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
    if (std::isnan(value)) return static_cast<std::uint16_t>((bits >> 16) | 0x40);  // stay a quiet NaN
    const std::uint32_t rounding = 0x7fff + ((bits >> 16) & 1);
    return static_cast<std::uint16_t>((bits + rounding) >> 16);
}

void validate(const LogitsView& logits) {
    if (logits.rows < 0 || logits.vocab < 0 || logits.rowStride < 0)
        throw UsageError("logits: negative size (rows " + std::to_string(logits.rows) + ", vocab " +
                         std::to_string(logits.vocab) + ", row stride " + std::to_string(logits.rowStride) + ")");
    if (logits.rows > 0 && logits.vocab == 0) throw UsageError("logits: a vocabulary of 0 tokens has no distribution");
    if (logits.rowStride != 0 && logits.rowStride < logits.vocab)
        throw UsageError("logits: row stride " + std::to_string(logits.rowStride) + " is smaller than the vocabulary (" +
                         std::to_string(logits.vocab) + ")");
    if (logits.rows > 0 && logits.data == nullptr) throw UsageError("logits: no data");
}

void nllEntropyReference(const LogitsView& logits, const std::int64_t* targets, double* nll, double* entropy) {
    validate(logits);
    RowReader reader(logits);
    const std::int64_t vocab = logits.vocab;
    for (std::int64_t r = 0; r < logits.rows; ++r) {
        const float* row = reader.row(r);
        double m = -std::numeric_limits<double>::infinity();
        bool invalid = false;
        for (std::int64_t j = 0; j < vocab; ++j) {
            m = std::max(m, static_cast<double>(row[j]));
            invalid |= !(row[j] <= std::numeric_limits<float>::max());
        }
        if (invalid || m == -std::numeric_limits<double>::infinity()) {
            entropy[r] = kNaN;
            nll[r] = targets[r] < 0 ? 0.0 : kNaN;
            continue;
        }
        // Centred on m (lse - m = log sum exp(l - m)): with logits near 1e4, sum p_j l_j would lose
        // n eps |l| ~ 1e-8 to rounding in double; sum p_j (l_j - m) does not.
        double sum = 0.0;
        for (std::int64_t j = 0; j < vocab; ++j) sum += std::exp(row[j] - m);
        const double logSum = std::log(sum);
        double expected = 0.0;  // sum p_j (l_j - m), with p_j (l_j - m) = 0 where p_j = 0 (l_j = -inf)
        for (std::int64_t j = 0; j < vocab; ++j) {
            const double p = std::exp(row[j] - m - logSum);
            if (p > 0.0) expected += p * (row[j] - m);
        }
        entropy[r] = logSum - expected;
        const std::int64_t y = targets[r];
        nll[r] = y < 0 ? 0.0 : (y >= vocab ? kNaN : logSum - (row[y] - m));
    }
}

void nllEntropyCpu(const LogitsView& logits, const std::int64_t* targets, float* nll, float* entropy) {
    validate(logits);
    RowReader reader(logits);
    constexpr std::int64_t kChunk = 2048;  // 8 KB of float: both passes over a chunk hit L1
    for (std::int64_t r = 0; r < logits.rows; ++r) {
        const float* row = reader.row(r);
        OnlineRow state;
        for (std::int64_t j = 0; j < logits.vocab && !state.invalid; j += kChunk)
            state.add(row + j, std::min(kChunk, logits.vocab - j));
        if (state.invalid || !(state.s > 0.0)) {
            entropy[r] = std::numeric_limits<float>::quiet_NaN();
            nll[r] = targets[r] < 0 ? 0.0f : std::numeric_limits<float>::quiet_NaN();
            continue;
        }
        const double logS = std::log(state.s);
        nll[r] = static_cast<float>(targetNll(row, logits.vocab, targets[r], state.m, logS));
        entropy[r] = static_cast<float>(logS - state.t / state.s);
    }
}

}  // namespace maskscope::kernels
