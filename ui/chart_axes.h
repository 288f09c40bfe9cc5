// Axis ticks and labels of the series charts: "nice" tick intervals (1, 2 or 5 times a power of
// ten) on linear axes, and a log scale drawn as log10 of the values on a linear category axis
// labelled in the values (Qt's QLogValueAxis labels powers of the base only).
#pragma once

class QCategoryAxis;
class QValueAxis;

namespace maskscope::ui {

// A tick interval of 1, 2 or 5 times a power of ten giving about `ticks` intervals over `span`.
double niceInterval(double span, double ticks);

// Sets a dynamic-tick axis to [low, high] with ticks every `interval`, with as many decimals as
// the ticks need.
void setValueAxis(QValueAxis& axis, double low, double high, double interval);

// The log axis over [10^low, 10^high] (`low`, `high`: log10 of the values), at most `maxTicks`
// labels.
void setLogAxis(QCategoryAxis& axis, double low, double high, double maxTicks);

}  // namespace maskscope::ui
