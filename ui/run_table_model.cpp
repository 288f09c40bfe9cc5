#include "ui/run_table_model.h"

#include "ui/run_monitor.h"
#include "ui/view_colors.h"

#include <QtCore/QDir>
#include <QtCore/QLocale>
#include <QtGui/QFont>
#include <QtGui/QGuiApplication>
#include <QtGui/QPalette>

#include <cmath>
#include <limits>

namespace maskscope::ui {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
const QString kDash = QStringLiteral("\u2013");

QString kindText(RunKind kind) {
    switch (kind) {
    case RunKind::MaskScope: return RunTableModel::tr("MaskScope run");
    case RunKind::TensorBoard: return RunTableModel::tr("TensorBoard event files");
    case RunKind::MetricsJsonl: return RunTableModel::tr("JSONL metrics file");
    }
    return {};
}

}  // namespace

RunTableModel::RunTableModel(RunMonitor& monitor, QObject* parent) : QAbstractTableModel(parent), m_monitor(monitor) {
    m_paths = monitor.runs();
    connect(&monitor, &RunMonitor::runAdded, this, [this](const QString& path) {
        if (m_paths.contains(path)) return;
        const int row = static_cast<int>(m_paths.size());
        beginInsertRows({}, row, row);
        m_paths.append(path);
        endInsertRows();
    });
    connect(&monitor, &RunMonitor::runRemoved, this, [this](const QString& path) {
        const int row = rowOf(path);
        if (row < 0) return;
        beginRemoveRows({}, row, row);
        m_paths.removeAt(row);
        endRemoveRows();
        m_hidden.remove(path);
        m_notes.remove(path);
    });
    connect(&monitor, &RunMonitor::runUpdated, this, &RunTableModel::rowChanged);
    connect(&monitor, &RunMonitor::baselineChanged, this, [this]() {
        // Every row: the old baseline loses its bold font, the new one gets it, and the tooltips
        // comparing with the baseline change.
        if (!m_paths.isEmpty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    });
}

int RunTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_paths.size()); }

int RunTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

void RunTableModel::rowChanged(const QString& path) {
    const int row = rowOf(path);
    if (row >= 0) Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void RunTableModel::setShown(const QString& path, bool shown) {
    const int row = rowOf(path);
    if (row < 0 || isShown(path) == shown) return;
    if (shown) m_hidden.remove(path);
    else m_hidden.insert(path);
    Q_EMIT dataChanged(index(row, Color), index(row, Color), {Qt::CheckStateRole});
    Q_EMIT shownChanged(path, shown);
}

void RunTableModel::setNote(const QString& path, const QString& note) {
    if (m_notes.value(path) == note) return;
    if (note.isEmpty()) m_notes.remove(path);
    else m_notes.insert(path, note);
    rowChanged(path);
}

QString RunTableModel::compactNumber(double value) {
    if (!std::isfinite(value)) return lossText(value);
    const double magnitude = std::abs(value);
    const QLocale locale;
    if (magnitude >= 1e12) return locale.toString(value / 1e12, 'g', 3) + QStringLiteral("T");
    if (magnitude >= 1e9) return locale.toString(value / 1e9, 'g', 3) + QStringLiteral("B");
    if (magnitude >= 1e6) return locale.toString(value / 1e6, 'g', 3) + QStringLiteral("M");
    if (magnitude >= 1e4) return locale.toString(value / 1e3, 'g', 3) + QStringLiteral("k");
    return locale.toString(value, 'g', 4);
}

QString RunTableModel::lossText(double value) {
    if (std::isnan(value)) return QStringLiteral("NaN");
    if (std::isinf(value)) return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QLocale().toString(value, 'g', 5);
}

QString RunTableModel::statusText(RunStatus status) {
    switch (status) {
    case RunStatus::Empty: return tr("waiting for data");
    case RunStatus::Running: return tr("running");
    case RunStatus::Finished: return tr("finished");
    case RunStatus::Stopped: return tr("stopped");
    case RunStatus::Idle: return tr("idle");
    }
    return {};
}

Qt::ItemFlags RunTableModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == Color) flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool RunTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid()) return false;
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return false;
    if (index.column() != Color || role != Qt::CheckStateRole) return false;
    setShown(m_paths[index.row()], value.value<Qt::CheckState>() == Qt::Checked);
    return true;
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const QString& path = m_paths[index.row()];
    const RunSnapshotHandle run = m_monitor.snapshot(path);
    if (!run) return {};
    const RunSummary& summary = run->summary;
    const bool baseline = m_monitor.baseline() == path;
    const QString note = m_notes.value(path);
    const bool showNote = !note.isEmpty() && run->status != RunStatus::Running;
    const int column = index.column();

    switch (role) {
    case PathRole: return path;
    case BaselineRole: return baseline;
    case RunStatusRole: return static_cast<int>(run->status);
    case RunKindRole: return static_cast<int>(run->kind);
    case Qt::CheckStateRole:
        if (column == Color) return isShown(path) ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::DecorationRole:
        if (column == Color) return m_monitor.color(path);
        return {};
    case Qt::FontRole:
        if (baseline) {
            QFont font = QGuiApplication::font();
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole: {
        const QPalette palette = QGuiApplication::palette();
        if (column == Status && (!run->error.isEmpty() || showNote)) return errorTextColor(palette);
        if ((column == LastLoss && summary.lastLoss && !std::isfinite(*summary.lastLoss))) return errorTextColor(palette);
        return {};
    }
    case Qt::TextAlignmentRole:
        if (column >= Step && column <= TokensPerSecond) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (column) {
        case Color: return index.row();  // the order the runs were added
        case Name: return run->name.toLower();
        case Status: return showNote ? note.toLower() : statusText(run->status);
        case Step: return summary.step ? static_cast<double>(*summary.step) : -1.0;
        case Tokens: return summary.tokens.value_or(-1.0);
        case LastLoss: return summary.lastLoss && !std::isnan(*summary.lastLoss) ? *summary.lastLoss : kInfinity;
        case MinLoss: return summary.minLoss.value_or(kInfinity);
        case TokensPerSecond: return summary.tokensPerSecond.value_or(-1.0);
        case Policy: return QString::fromStdString(run->manifest.policy).toLower();
        }
        return {};
    case Qt::DisplayRole:
        switch (column) {
        case Color: return {};
        case Name: return baseline ? tr("%1 (baseline)").arg(run->name) : run->name;
        case Status:
            if (!run->error.isEmpty()) return tr("unreadable: %1").arg(run->error);
            if (showNote) return note;
            return statusText(run->status);
        case Step: {
            if (!summary.step) return kDash;
            const QString step = QLocale().toString(static_cast<qlonglong>(*summary.step));
            if (run->manifest.targetSteps)
                return tr("%1 / %2").arg(step, QLocale().toString(static_cast<qlonglong>(*run->manifest.targetSteps)));
            return step;
        }
        case Tokens: return summary.tokens ? compactNumber(*summary.tokens) : kDash;
        case LastLoss: return summary.lastLoss ? lossText(*summary.lastLoss) : kDash;
        case MinLoss: return summary.minLoss ? lossText(*summary.minLoss) : kDash;
        case TokensPerSecond: return summary.tokensPerSecond ? compactNumber(*summary.tokensPerSecond) : kDash;
        case Policy:
            return run->manifest.policy.empty() ? kDash : QString::fromStdString(run->manifest.policy);
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case Color: return tr("Show this run in the charts");
        case Name: {
            QString tip = tr("%1\n%2").arg(QDir::toNativeSeparators(path), kindText(run->kind));
            if (!run->manifest.preset.empty()) tip += tr("\npreset: %1").arg(QString::fromStdString(run->manifest.preset));
            if (!run->manifest.created.empty()) tip += tr("\ncreated: %1").arg(QString::fromStdString(run->manifest.created));
            return tip;
        }
        case Status: {
            QStringList lines;
            lines << statusText(run->status);
            if (!note.isEmpty()) lines << note;
            if (!run->error.isEmpty()) lines << run->error;
            if (!run->warnings.isEmpty()) {
                lines << tr("%n problem(s) while reading:", nullptr, static_cast<int>(run->warnings.size()));
                for (qsizetype i = std::max<qsizetype>(0, run->warnings.size() - 5); i < run->warnings.size(); ++i)
                    lines << run->warnings[i];
            }
            return lines.join(QLatin1Char('\n'));
        }
        case LastLoss:
        case MinLoss: {
            const std::optional<double> mine = column == MinLoss ? summary.minLoss : summary.lastLoss;
            const QString other = m_monitor.baseline();
            if (!mine || other.isEmpty() || other == path) return {};
            const RunSnapshotHandle base = m_monitor.snapshot(other);
            const std::optional<double> theirs = base ? (column == MinLoss ? base->summary.minLoss : base->summary.lastLoss) : std::nullopt;
            if (!theirs) return {};
            const double delta = *mine - *theirs;
            return tr("%1 vs the baseline (%2)").arg((delta > 0 ? QStringLiteral("+") : QString()) + lossText(delta), lossText(*theirs));
        }
        default: return {};
        }
    default: return {};
    }
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Color: return tr("The run's colour in the charts; the box shows or hides it there");
        case Step: return tr("Last logged step (of the configured steps)");
        case Tokens: return tr("Training tokens seen");
        case LastLoss: return tr("Last training loss");
        case MinLoss: return tr("Lowest finite training loss");
        case TokensPerSecond: return tr("Training throughput at the last logged step");
        case Policy: return tr("Masking policy from run.json");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case Color: return tr("Colour");
    case Name: return tr("Run");
    case Status: return tr("Status");
    case Step: return tr("Step");
    case Tokens: return tr("Tokens");
    case LastLoss: return tr("Last loss");
    case MinLoss: return tr("Min loss");
    case TokensPerSecond: return tr("Tokens/s");
    case Policy: return tr("Masking policy");
    }
    return {};
}

}  // namespace maskscope::ui
