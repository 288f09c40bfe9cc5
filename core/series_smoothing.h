// Smoothing of scalar series for run charts: TensorBoard's debiased exponential moving average, so
// a smoothed loss in MaskScope shows the same numbers as TensorBoard's scalars dashboard with the
// same slider value.
//
// The behaviour matched is TensorBoard's `classicSmoothing` (tensorboard/webapp/widgets/
// line_chart_v2/data_transformer.ts, the time-series dashboard) and the identical
// `resmoothDataset` of the older vz_line_chart2/line-chart.ts, both read at tensorflow/tensorboard
// commit 412c86e54f5611fff1237f175f13dd490a9246a4:
//
//   weight    NaN or +-inf -> 0, then clamped to [0, 1]
//   constant  when every value == the first (IEEE equality, so a series starting with NaN never
//             is), the values are returned unchanged (TensorBoard issue #786: no rounding drift)
//   last = 0, numAccum = 0; for each value v:
//     v not finite   -> output v; last and numAccum are left as they are
//     otherwise      -> last = last * weight + (1 - weight) * v; numAccum++;
//                       debias = weight == 1 ? 1 : 1 - weight^numAccum; output last / debias
//
// (With weight 1 the output is 0 for every finite value, as in TensorBoard; the UI's slider stops
// below 1.) The series is smoothed whole, in the order given; x values play no part.
#pragma once

#include <span>
#include <vector>

namespace maskscope {

// The smoothed series, one output per input value (see above). Linear time, no allocation
// beyond the result.
std::vector<double> smoothDebiasedEma(std::span<const double> values, double weight);

// The same into `out`, which must have values.size() elements (UsageError otherwise); `out` may
// be `values` itself.
void smoothDebiasedEma(std::span<const double> values, double weight, std::span<double> out);

}  // namespace maskscope
