#include "ui/corpus_table_model.h"

#include "ui/inspection_context.h"
#include "ui/view_colors.h"

#include <QtCore/QLocale>
#include <QtGui/QGuiApplication>
#include <QtGui/QPalette>

#include <algorithm>
#include <cmath>
#include <limits>

namespace maskscope::ui {

namespace {

bool sameStatistics(const InspectionSettings& a, const InspectionSettings& b) {
    return a.densitySource == b.densitySource && a.hubs.rule == b.hubs.rule && a.hubs.value == b.hubs.value &&
           a.hubs.maxGap == b.hubs.maxGap && a.hubs.minSpan == b.hubs.minSpan;
}

QString ellipsis() { return QStringLiteral("\u2026"); }

}  // namespace

const RowStats* CorpusTableModel::Store::find(quint64 row) const {
    const quint64 page = row / kPageRows;
    if (page >= m_pages.size() || !m_pages[page]) return nullptr;
    const Page& p = *m_pages[page];
    const quint64 slot = row % kPageRows;
    return p.present[slot] ? &p.rows[slot] : nullptr;
}

void CorpusTableModel::Store::put(RowStats stats) {
    const quint64 page = stats.row / kPageRows;
    if (page >= m_pages.size()) m_pages.resize(page + 1);
    if (!m_pages[page]) m_pages[page] = std::make_unique<Page>();
    const quint64 slot = stats.row % kPageRows;
    m_pages[page]->present[slot] = true;
    m_pages[page]->rows[slot] = std::move(stats);
}

CorpusTableModel::CorpusTableModel(InspectionContext& context, QObject* parent)
    : QAbstractTableModel(parent), m_context(context) {
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(0);
    connect(&m_requestTimer, &QTimer::timeout, this, &CorpusTableModel::flushRequests);
    connect(&m_service, &RowStatsService::rowsReady, this, &CorpusTableModel::onRowsReady);
    connect(&m_service, &RowStatsService::sweepProgress, this, &CorpusTableModel::sweepProgress);
    connect(&m_service, &RowStatsService::sweepFinished, this, &CorpusTableModel::sweepFinished);
    connect(&m_service, &RowStatsService::pendingChanged, this, &CorpusTableModel::settledChanged);
    connect(&context, &InspectionContext::corpusChanged, this, &CorpusTableModel::resetAll);
    connect(&context, &InspectionContext::tokenizerChanged, this, &CorpusTableModel::restartStatistics);
    connect(&context, &InspectionContext::annotationsChanged, this, &CorpusTableModel::restartStatistics);
    connect(&context, &InspectionContext::settingsChanged, this, [this]() {
        if (!sameStatistics(m_statsSettings, m_context.settings())) {
            restartStatistics();
        } else if (rowCount() > 0) {
            Q_EMIT dataChanged(index(0, Processed), index(rowCount() - 1, Processed));
        }
    });
    resetAll();
}

CorpusTableModel::~CorpusTableModel() = default;

int CorpusTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_corpus) return 0;
    // QAbstractItemModel counts rows in int; a corpus beyond 2^31 entries shows its first 2^31 - 1.
    return static_cast<int>(std::min<quint64>(m_corpus->entryCount(), std::numeric_limits<int>::max()));
}

int CorpusTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const RowStats* CorpusTableModel::stats(quint64 row) const { return m_store.find(row); }

void CorpusTableModel::computeAll() {
    if (m_corpus) m_service.setSweep(true);
}

void CorpusTableModel::resetAll() {
    beginResetModel();
    m_corpus = m_context.corpus();
    m_store.clear();
    m_known = 0;
    m_toRequest.clear();
    m_requested.clear();
    m_statsSettings = m_context.settings();
    m_service.reset({m_corpus, m_context.tokenizer(), m_context.annotations(), m_statsSettings});
    if (m_corpus && m_corpus->entryCount() <= kAutoSweepRows) m_service.setSweep(true);
    endResetModel();
    Q_EMIT settledChanged();
}

void CorpusTableModel::restartStatistics() {
    m_store.clear();
    m_known = 0;
    m_toRequest.clear();
    m_requested.clear();
    m_statsSettings = m_context.settings();
    m_service.reset({m_corpus, m_context.tokenizer(), m_context.annotations(), m_statsSettings});
    if (m_corpus && m_corpus->entryCount() <= kAutoSweepRows) m_service.setSweep(true);
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    Q_EMIT settledChanged();
}

void CorpusTableModel::onRowsReady(const QVector<RowStats>& rows) {
    qint64 rangeBegin = -1;
    qint64 rangeEnd = -1;
    auto flush = [&]() {
        if (rangeBegin >= 0 && rangeBegin < rowCount())
            Q_EMIT dataChanged(index(int(rangeBegin), 0), index(int(std::min<qint64>(rangeEnd, rowCount() - 1)),
                                                                 ColumnCount - 1));
    };
    for (const RowStats& stats : rows) {
        const auto row = static_cast<qint64>(stats.row);
        if (!m_store.find(stats.row)) ++m_known;
        m_store.put(stats);
        if (row == rangeEnd + 1 && rangeBegin >= 0) {
            rangeEnd = row;
        } else {
            flush();
            rangeBegin = rangeEnd = row;
        }
    }
    flush();
}

void CorpusTableModel::flushRequests() {
    if (m_toRequest.empty()) return;
    std::vector<quint64> rows;
    rows.swap(m_toRequest);
    m_service.request(rows);
}

QVariant CorpusTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto row = static_cast<quint64>(index.row());
    const RowStats* stats = m_store.find(row);
    if (!stats && m_requested.insert(row).second) {
        m_toRequest.push_back(row);
        if (!m_requestTimer.isActive()) m_requestTimer.start();
    }
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return display(stats, row, column);
    case SortRole: return sortValue(stats, row, column);
    case EntryRole: return QVariant::fromValue<quint64>(row);
    case BadRole: return stats && stats->bad();
    case KnownRole: return stats != nullptr;
    case Qt::TextAlignmentRole:
        if (column == Id) return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (stats && stats->bad()) return errorTextColor(QGuiApplication::palette());
        return {};
    case Qt::ToolTipRole:
        if (!stats) return tr("Not computed yet");
        if (stats->bad()) return tr("Line %1: %2").arg(stats->line).arg(QString::fromStdString(stats->error));
        if (!stats->densityError.empty()) return QString::fromStdString(stats->densityError);
        return tr("Record %1, line %2, id %3").arg(row + 1).arg(stats->line).arg(QString::fromStdString(stats->id));
    default: return {};
    }
}

QVariant CorpusTableModel::display(const RowStats* stats, quint64 row, int column) const {
    if (column == Number) return QString::number(row + 1);
    if (!stats) return ellipsis();
    auto count = [](qint32 value) { return value < 0 ? QStringLiteral("\u2013") : QString::number(value); };
    switch (column) {
    case Id:
        if (stats->bad()) return tr("bad line");  // the reason is in the tooltip and the bad-line list
        return QString::fromStdString(stats->id);
    case PromptTokens: return stats->bad() ? QString() : count(stats->promptTokens);
    case ResponseTokens: return stats->bad() ? QString() : count(stats->responseTokens);
    case Hubs: return stats->bad() ? QString() : count(stats->hubTokens);
    case DensityMean:
        if (stats->bad()) return QString();
        return std::isnan(stats->densityMean) ? QStringLiteral("\u2013") : QLocale().toString(stats->densityMean, 'f', 3);
    case Processed:
        if (stats->bad()) return QString();
        return isProcessed(stats->id, m_context.settings().policy.processed) ? tr("yes") : tr("no");
    default: return {};
    }
}

QVariant CorpusTableModel::sortValue(const RowStats* stats, quint64 row, int column) const {
    if (column == Number) return QVariant::fromValue<quint64>(row);
    if (!stats) return {};
    switch (column) {
    case Id: return stats->bad() ? QString() : QString::fromStdString(stats->id);
    case PromptTokens: return stats->promptTokens;
    case ResponseTokens: return stats->responseTokens;
    case Hubs: return stats->hubTokens;
    case DensityMean: return std::isnan(stats->densityMean) ? -1.0 : double(stats->densityMean);
    case Processed:
        if (stats->bad()) return -1;
        return isProcessed(stats->id, m_context.settings().policy.processed) ? 1 : 0;
    default: return {};
    }
}

QVariant CorpusTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Number: return tr("#");
        case Id: return tr("Id");
        case PromptTokens: return tr("Prompt");
        case ResponseTokens: return tr("Response");
        case Hubs: return tr("Hubs");
        case DensityMean: return tr("Density");
        case Processed: return tr("Processed");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Number: return tr("Entry number in the file (1-based)");
        case Id: return tr("Record id: the \"id\" field, else \"task_id\", else line-N; for a bad line, why it was rejected");
        case PromptTokens: return tr("Prompt tokens (never masked)");
        case ResponseTokens: return tr("Response tokens: the maskable set S");
        case Hubs: return tr("Hub tokens (C = 1) under the current density source and hub settings");
        case DensityMean: return tr("Mean information density over the response tokens");
        case Processed: return tr("Whether the record gets priority masking under the processed fraction");
        default: return {};
        }
    }
    return {};
}

}  // namespace maskscope::ui
