#include "ui/record_view.h"

#include <QtCore/QLocale>
#include <QtGui/QFontDatabase>
#include <QtGui/QHelpEvent>
#include <QtGui/QImage>
#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>
#include <QtSvg/QSvgGenerator>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QToolTip>

#include <algorithm>
#include <cmath>

namespace maskscope::ui {

namespace {

constexpr double kMargin = 8.0;
constexpr double kColumnGap = 18.0;
constexpr double kTopPadding = 4.0;
constexpr double kBottomPadding = 12.0;

std::size_t countMasked(const std::vector<std::uint8_t>& mask, std::size_t from) {
    std::size_t n = 0;
    for (std::size_t i = from; i < mask.size(); ++i) n += mask[i] ? 1 : 0;
    return n;
}

// The piece as sentencepiece writes it, with invisible characters made visible.
QString visiblePiece(const std::string& piece) {
    QString text = QString::fromStdString(piece);
    text.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    text.replace(QLatin1Char('\t'), QStringLiteral("\\t"));
    return text;
}

}  // namespace

RecordView::RecordView(QWidget* parent) : QAbstractScrollArea(parent) {
    setObjectName(QStringLiteral("recordView"));
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    viewport()->setBackgroundRole(QPalette::Base);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_textFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_textFont.setPointSizeF(std::max(m_textFont.pointSizeF(), font().pointSizeF()));
    m_textFont.setKerning(false);
    m_textFont.setStyleHint(QFont::Monospace);
    m_densityColors = densityColorTable(palette());
}

RecordView::~RecordView() = default;

void RecordView::setInspection(InspectionHandle inspection) {
    const InspectionHandle previous = m_inspection;
    m_inspection = std::move(inspection);
    const bool sameText = previous && m_inspection && previous->tokens.size() == m_inspection->tokens.size() &&
                          previous->tokens.promptTokens == m_inspection->tokens.promptTokens &&
                          previous->tokens.record.prompt == m_inspection->tokens.record.prompt &&
                          previous->tokens.record.response == m_inspection->tokens.record.response &&
                          std::equal(previous->tokens.tokens.begin(), previous->tokens.tokens.end(),
                                     m_inspection->tokens.tokens.begin(), [](const Token& a, const Token& b) {
                                         return a.begin == b.begin && a.end == b.end && a.id == b.id;
                                     });
    if (!sameText) {
        m_hovered = -1;
        if (!m_inspection || !previous || previous->tokens.record.id != m_inspection->tokens.record.id)
            m_selection = {};
        rebuildLayout();
        verticalScrollBar()->setValue(0);
    }
    viewport()->update();
}

void RecordView::setMessage(const QString& message) {
    m_message = message;
    if (!m_inspection) viewport()->update();
}

void RecordView::setDisplay(SampleDisplay display) {
    if (display == m_display) return;
    const long long anchor = tokenAt(QPoint(int(geometry().textLeft(0)) + 1, int(geometry().band + kTopPadding) + 1));
    m_display = display;
    rewrap();
    if (anchor >= 0) scrollToToken(static_cast<std::size_t>(anchor));
    viewport()->update();
}

void RecordView::setBlockSize(std::size_t blockSize) {
    m_blockSize = blockSize;
    viewport()->update();
}

void RecordView::setSelection(TokenRange range) {
    m_selection = range;
    if (!range.empty()) scrollToToken(range.begin);
    viewport()->update();
}

RecordView::Geometry RecordView::geometry() const {
    Geometry g;
    const double lineHeight = m_layout.empty() ? QFontMetricsF(m_textFont).height() + 2.0 : m_layout.lineHeight();
    g.band = lineHeight + 8.0;
    g.top = kTopPadding;
    g.margin = kMargin;
    g.gap = kColumnGap;
    g.columns = columnCount();
    const double width = viewport()->width();
    g.columnWidth = std::max(80.0, (width - 2 * kMargin - (g.columns - 1) * kColumnGap) / g.columns);
    const double digits = std::max(2.0, std::floor(std::log10(std::max<double>(m_layout.largestSourceLine(), 1))) + 1);
    const double characterWidth = m_layout.empty() ? QFontMetricsF(m_textFont).horizontalAdvance(QLatin1Char('0'))
                                                   : m_layout.characterWidth();
    g.gutter = digits * characterWidth + 12.0;
    return g;
}

void RecordView::rebuildLayout() {
    if (!m_inspection) {
        m_layout.clear();
        updateScrollRange();
        return;
    }
    m_layout.build(m_inspection->tokens, m_textFont);
    rewrap();
}

void RecordView::rewrap() {
    if (m_inspection) m_layout.wrap(geometry().textWidth());
    updateScrollRange();
}

void RecordView::updateScrollRange() {
    const Geometry g = geometry();
    const double content = m_layout.empty() ? 0.0 : g.top + m_layout.lines().size() * rowHeight() + kBottomPadding;
    const double page = std::max(1.0, viewport()->height() - g.band);
    QScrollBar* bar = verticalScrollBar();
    bar->setRange(0, static_cast<int>(std::max(0.0, std::ceil(content - page))));
    bar->setPageStep(static_cast<int>(page));
    bar->setSingleStep(static_cast<int>(std::max(1.0, rowHeight())));
}

double RecordView::lineTop(std::size_t line, const Geometry& g) const {
    return g.band + g.top + static_cast<double>(line) * rowHeight() - verticalScrollBar()->value();
}

MaskSample RecordView::sampleOfColumn(int column) const {
    switch (m_display) {
    case SampleDisplay::Logical: return MaskSample::Logical;
    case SampleDisplay::Syntactic: return MaskSample::Syntactic;
    case SampleDisplay::SideBySide: return column == 0 ? MaskSample::Logical : MaskSample::Syntactic;
    }
    return MaskSample::Logical;
}

void RecordView::scrollToToken(std::size_t token) {
    const auto line = m_layout.lineOfToken(token);
    if (!line) return;
    const Geometry g = geometry();
    const double top = g.top + static_cast<double>(*line) * rowHeight();
    const double page = viewport()->height() - g.band;
    const int value = verticalScrollBar()->value();
    if (top < value || top + rowHeight() > value + page)
        verticalScrollBar()->setValue(static_cast<int>(top - page / 3));
}

long long RecordView::tokenAt(const QPoint& point) const {
    if (!m_inspection || m_layout.empty()) return -1;
    const Geometry g = geometry();
    if (point.y() >= 0 && point.y() < g.band) return -1;  // the sample band; above it lies scrolled-off text
    const int column = (g.columns == 2 && point.x() >= g.columnLeft(1) - g.gap / 2) ? 1 : 0;
    const double y = point.y() - g.band - g.top + verticalScrollBar()->value();
    if (y < 0) return -1;
    const auto line = static_cast<std::size_t>(y / rowHeight());
    if (y - static_cast<double>(line) * rowHeight() >= m_layout.lineHeight()) return -1;  // on the track bands
    return m_layout.tokenAt(line, point.x() - g.textLeft(column));
}

QRectF RecordView::tokenRect(std::size_t token, int column) const {
    if (!m_inspection || token >= m_layout.tokenCount()) return {};
    const auto line = m_layout.lineOfToken(token);
    if (!line) return {};
    const Geometry g = geometry();
    const RecordLayout::Fragment& fragment = m_layout.fragments()[m_layout.firstFragment(token)];
    const RecordLayout::Line& visual = m_layout.lines()[*line];
    return QRectF(g.textLeft(std::clamp(column, 0, g.columns - 1)) + fragment.x - visual.xShift, lineTop(*line, g),
                  fragment.width, m_layout.lineHeight());
}

QString RecordView::toolTipFor(std::size_t token) const {
    if (!m_inspection || token >= m_inspection->tokens.size()) return {};
    const RecordInspection& r = *m_inspection;
    const Token& t = r.tokens.tokens[token];
    const bool response = r.tokens.isResponse(token);
    QStringList lines;
    lines << tr("Token %1: \u201c%2\u201d (id %3)").arg(token).arg(visiblePiece(t.piece)).arg(t.id);
    lines << (response ? tr("Response bytes [%1, %2)") : tr("Prompt bytes [%1, %2)")).arg(t.begin).arg(t.end);
    if (!response) {
        lines << tr("Prompt token: never masked");
        return lines.join(QLatin1Char('\n'));
    }
    const QLocale locale;
    lines << tr("Density: %1").arg(locale.toString(r.density[token], 'f', 3));
    lines << (r.hubs.indicator[token] ? tr("Hub: yes") : tr("Hub: no"));
    if (token < r.masks.p.size()) lines << tr("p (logical): %1").arg(locale.toString(r.masks.p[token], 'f', 4));
    if (token < r.masks.pSecond.size()) lines << tr("p (syntactic): %1").arg(locale.toString(r.masks.pSecond[token], 'f', 4));
    auto state = [](const std::vector<std::uint8_t>& mask, std::size_t i) {
        return i < mask.size() && mask[i] ? tr("masked") : tr("kept");
    };
    lines << tr("Logical sample: %1").arg(state(r.masks.logical, token));
    lines << tr("Syntactic sample: %1").arg(state(r.masks.syntactic, token));
    if (m_blockSize > 0) lines << tr("Block %1").arg(token / m_blockSize);
    for (const DensityTrack& track : m_tracks) {
        if (token < track.values.size() && track.values.size() == r.tokens.size())
            lines << tr("Track %1: %2").arg(track.name, locale.toString(track.values[token], 'f', 3));
    }
    return lines.join(QLatin1Char('\n'));
}

void RecordView::paintEvent(QPaintEvent* event) {
    QPainter painter(viewport());
    paint(painter, event->rect());
}

void RecordView::paint(QPainter& painter, const QRect& clip) const {
    painter.fillRect(clip, palette().color(QPalette::Base));
    if (!m_inspection) {
        paintMessage(painter, m_message);
        return;
    }
    const Geometry g = geometry();
    const double lineHeight = rowHeight();
    const auto& lines = m_layout.lines();
    const double scroll = verticalScrollBar()->value();
    const double firstY = std::max(0.0, clip.top() - g.band - g.top + scroll);
    const auto first = static_cast<std::size_t>(firstY / lineHeight);
    const double lastY = std::max(0.0, clip.bottom() - g.band - g.top + scroll);
    const auto last = std::min(lines.size(), static_cast<std::size_t>(lastY / lineHeight) + 1);
    painter.save();
    painter.setClipRect(QRectF(0, g.band, viewport()->width(), viewport()->height() - g.band));
    painter.setFont(m_textFont);
    for (int column = 0; column < g.columns; ++column) {
        for (std::size_t line = first; line < last; ++line) {
            const double y = lineTop(line, g);
            paintLine(painter, g, column, line, y);
            if (shownTrackCount() > 0) paintTracks(painter, g, column, line, y + m_layout.lineHeight());
        }
    }
    if (g.columns == 2) {
        const double x = g.columnLeft(1) - g.gap / 2;
        painter.setPen(QPen(palette().color(QPalette::Mid), 1));
        painter.drawLine(QPointF(x, g.band), QPointF(x, viewport()->height()));
    }
    painter.restore();
    paintBand(painter, g);
}

void RecordView::paintBand(QPainter& painter, const Geometry& g) const {
    const RecordInspection& r = *m_inspection;
    const QRectF band(0, 0, viewport()->width(), g.band);
    painter.fillRect(band, palette().color(QPalette::AlternateBase));
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(band.bottomLeft(), band.bottomRight());
    QFont bold = font();
    bold.setBold(true);
    const std::size_t responseTokens = r.tokens.size() - r.tokens.promptTokens;
    for (int column = 0; column < g.columns; ++column) {
        const MaskSample sample = sampleOfColumn(column);
        const bool logical = sample == MaskSample::Logical;
        const std::size_t masked = countMasked(logical ? r.masks.logical : r.masks.syntactic, r.tokens.promptTokens);
        const QColor color = maskColor(sample, palette());
        const QRectF swatch(g.columnLeft(column), (g.band - 12) / 2, 18, 12);
        painter.fillRect(swatch, palette().color(QPalette::Base));
        painter.fillRect(swatch, QBrush(color, Qt::BDiagPattern));
        painter.fillRect(QRectF(swatch.left(), swatch.bottom() - 3, swatch.width(), 3), color);
        painter.setFont(bold);
        painter.setPen(palette().color(QPalette::WindowText));
        const QString title = logical ? tr("Logical sample") : tr("Syntactic sample");
        const QRectF textRect(swatch.right() + 6, 0, g.columnWidth - swatch.width() - 6, g.band);
        painter.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft, title);
        const double titleWidth = QFontMetricsF(bold).horizontalAdvance(title);
        painter.setFont(font());
        const double t = logical ? r.masks.t : 1.0 - r.masks.t;
        const QString expected = QLocale().toString(t, 'f', 2);
        QString detail = g.columns == 1 ? tr("%1 of %2 tokens masked \u00b7 expected %3")
                                              .arg(masked)
                                              .arg(responseTokens)
                                              .arg(expected)
                                        : tr("%1/%2 masked \u00b7 expected %3").arg(masked).arg(responseTokens).arg(expected);
        if (!r.masks.processed) detail += tr(" (unprocessed record: uniform masking)");
        const QRectF detailRect = textRect.adjusted(titleWidth + 10, 0, 0, 0);
        painter.drawText(detailRect, Qt::AlignVCenter | Qt::AlignLeft,
                         QFontMetricsF(font()).elidedText(detail, Qt::ElideRight, detailRect.width()));
    }
}

QString RecordView::sectionTitle(std::uint8_t segment) const {
    const RecordInspection& r = *m_inspection;
    if (segment == 0) {
        if (r.tokens.promptTokens == 0) return tr("Prompt (empty)");
        return tr("Prompt \u00b7 %n token(s) \u00b7 context, never masked", nullptr, int(r.tokens.promptTokens));
    }
    const int response = int(r.tokens.size() - r.tokens.promptTokens);
    return tr("Response \u00b7 %n token(s) \u00b7 maskable", nullptr, response) +
           tr(" \u00b7 %n hub token(s)", nullptr, int(r.hubs.count())) +
           tr(" in %n span(s)", nullptr, int(r.hubs.spans.size()));
}

void RecordView::paintLine(QPainter& painter, const Geometry& g, int column, std::size_t lineIndex, double y) const {
    const RecordLayout::Line& line = m_layout.lines()[lineIndex];
    const double lineHeight = m_layout.lineHeight();
    const QPalette& pal = palette();
    const double left = g.textLeft(column);
    if (line.kind == RecordLayout::LineKind::Blank) return;
    if (line.kind == RecordLayout::LineKind::Header) {
        QFont bold = m_textFont;
        bold.setBold(true);
        painter.setFont(bold);
        painter.setPen(pal.color(QPalette::PlaceholderText));
        const QRectF rect(g.columnLeft(column), y, g.columnWidth, lineHeight);
        const QString title = sectionTitle(line.segment);
        painter.drawText(rect, Qt::AlignVCenter | Qt::AlignLeft,
                         QFontMetricsF(bold).elidedText(title, Qt::ElideRight, rect.width()));
        painter.setFont(m_textFont);
        return;
    }
    const RecordInspection& r = *m_inspection;
    const auto& fragments = m_layout.fragments();
    const MaskSample sample = sampleOfColumn(column);
    const std::vector<std::uint8_t>& mask = sample == MaskSample::Logical ? r.masks.logical : r.masks.syntactic;
    const QColor masked = maskColor(sample, pal);
    QColor hatchColor = masked;
    hatchColor.setAlpha(120);  // light enough to read the text through
    const QBrush hatch(hatchColor, Qt::BDiagPattern);
    const QColor prompt = promptBackground(pal);
    QColor selection = pal.color(QPalette::Highlight);
    selection.setAlpha(90);

    // Line number in the gutter, on the first visual line of a source line.
    if (!line.continuation) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(QRectF(g.columnLeft(column), y, g.gutter - 8, lineHeight), Qt::AlignVCenter | Qt::AlignRight,
                         QString::number(line.sourceLine));
    }
    // Backgrounds: density, prompt, selection; then masks.
    for (std::uint32_t f = line.fragmentBegin; f < line.fragmentEnd; ++f) {
        const RecordLayout::Fragment& fragment = fragments[f];
        if (fragment.width <= 0.0f) continue;
        const QRectF rect(left + fragment.x - line.xShift, y, fragment.width, lineHeight);
        const std::uint32_t token = fragment.token;
        if (!r.tokens.isResponse(token)) {
            painter.fillRect(rect, prompt);
            continue;
        }
        const float density = std::clamp(r.density[token], 0.0f, 1.0f);
        if (density > 0.0f) painter.fillRect(rect, m_densityColors[static_cast<std::size_t>(std::lround(density * 255))]);
        if (!m_selection.empty() && token >= m_selection.begin && token < m_selection.end)
            painter.fillRect(rect, selection);
        if (token < mask.size() && mask[token]) {
            painter.fillRect(rect, hatch);
            painter.fillRect(QRectF(rect.left(), rect.bottom() - 3, rect.width(), 3), masked);
        }
    }
    // Hub outlines around runs of hub tokens.
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(hubOutlineColor(pal), 1.6));
    double runLeft = -1.0;
    double runRight = -1.0;
    auto closeRun = [&]() {
        if (runLeft >= 0.0) painter.drawRoundedRect(QRectF(runLeft + 0.8, y + 0.8, runRight - runLeft - 1.6, lineHeight - 1.6), 2, 2);
        runLeft = -1.0;
    };
    for (std::uint32_t f = line.fragmentBegin; f < line.fragmentEnd; ++f) {
        const RecordLayout::Fragment& fragment = fragments[f];
        const bool hub = r.tokens.isResponse(fragment.token) && r.hubs.indicator[fragment.token];
        if (!hub) {
            if (fragment.width > 0.0f) closeRun();
            continue;
        }
        const double x0 = left + fragment.x - line.xShift;
        if (runLeft < 0.0) runLeft = x0;
        runRight = x0 + fragment.width;
    }
    closeRun();
    // Annotation overlay: a person's hub tokens underlined, the suggestion under review framed.
    if (!m_annotated.empty() || !m_suggestion.empty()) {
        const QColor annotated = hubOutlineColor(pal);
        QPen dashed(pal.color(QPalette::Text), 1.4, Qt::DashLine);
        for (std::uint32_t f = line.fragmentBegin; f < line.fragmentEnd; ++f) {
            const RecordLayout::Fragment& fragment = fragments[f];
            if (fragment.width <= 0.0f) continue;
            const QRectF rect(left + fragment.x - line.xShift, y, fragment.width, lineHeight);
            if (fragment.token < m_annotated.size() && m_annotated[fragment.token])
                painter.fillRect(QRectF(rect.left(), rect.bottom() - 6.5, rect.width(), 2.5), annotated);
            if (fragment.token >= m_suggestion.begin && fragment.token < m_suggestion.end) {
                painter.setPen(dashed);
                painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5));
            }
        }
    }
    // Block starts: a small wedge on the top edge where a block begins; then the hovered token.
    if (m_blockSize > 0) {
        painter.setPen(Qt::NoPen);
        QColor wedge = pal.color(QPalette::WindowText);
        wedge.setAlpha(170);
        painter.setBrush(wedge);
        for (std::uint32_t f = line.fragmentBegin; f < line.fragmentEnd; ++f) {
            const RecordLayout::Fragment& fragment = fragments[f];
            if (fragment.token == 0 || fragment.token % m_blockSize != 0 || m_layout.firstFragment(fragment.token) != f)
                continue;
            const double x = left + fragment.x - line.xShift;
            const QPointF points[] = {{x - 3.5, y}, {x + 3.5, y}, {x, y + 5.0}};
            painter.drawPolygon(points, 3);
        }
        painter.setBrush(Qt::NoBrush);
    }
    if (m_hovered >= 0) {
        painter.setPen(QPen(pal.color(QPalette::Text), 1));
        for (std::uint32_t f = line.fragmentBegin; f < line.fragmentEnd; ++f) {
            const RecordLayout::Fragment& fragment = fragments[f];
            if (static_cast<long long>(fragment.token) != m_hovered || fragment.width <= 0.0f) continue;
            painter.drawRect(QRectF(left + fragment.x - line.xShift + 0.5, y + 0.5, fragment.width - 1, lineHeight - 1));
        }
    }
    // The text of the whole line in one call, then the newline markers.
    QColor text = pal.color(QPalette::Text);
    if (line.segment == 0) text = pal.color(QPalette::PlaceholderText);
    painter.setPen(text);
    if (line.fragmentBegin < line.fragmentEnd) {
        const RecordLayout::Fragment& first = fragments[line.fragmentBegin];
        painter.drawText(QPointF(left + first.x - line.xShift, y + m_layout.ascent()), m_layout.lineText(line));
        const RecordLayout::Fragment& last = fragments[line.fragmentEnd - 1];
        if (last.newline) {
            painter.setPen(pal.color(QPalette::PlaceholderText));
            painter.drawText(QPointF(left + last.x - line.xShift, y + m_layout.ascent()), QStringLiteral("\u21b5"));
        }
    }
}

void RecordView::setDensityTracks(DensityTracks tracks) {
    const std::size_t before = shownTrackCount();
    m_tracks = std::move(tracks);
    if (shownTrackCount() != before) updateScrollRange();
    viewport()->update();
}

void RecordView::setTracksVisible(bool visible) {
    if (visible == m_tracksVisible) return;
    m_tracksVisible = visible;
    updateScrollRange();
    viewport()->update();
}

std::size_t RecordView::shownTrackCount() const {
    if (!m_tracksVisible || !m_inspection) return 0;
    return static_cast<std::size_t>(std::count_if(m_tracks.begin(), m_tracks.end(), [this](const DensityTrack& track) {
        return track.values.size() == m_inspection->tokens.size();
    }));
}

double RecordView::rowHeight() const {
    const std::size_t tracks = shownTrackCount();
    return m_layout.lineHeight() + (tracks > 0 ? static_cast<double>(tracks) * kTrackHeight + 2.0 : 0.0);
}

void RecordView::paintTracks(QPainter& painter, const Geometry& g, int column, std::size_t lineIndex, double y) const {
    const RecordLayout::Line& line = m_layout.lines()[lineIndex];
    if (line.kind != RecordLayout::LineKind::Text) return;
    const RecordInspection& r = *m_inspection;
    const auto& fragments = m_layout.fragments();
    const double left = g.textLeft(column);
    QColor rail = palette().color(QPalette::Mid);
    rail.setAlpha(60);
    double top = y + 1.0;
    for (const DensityTrack& track : m_tracks) {
        if (track.values.size() != r.tokens.size()) continue;
        for (std::uint32_t f = line.fragmentBegin; f < line.fragmentEnd; ++f) {
            const RecordLayout::Fragment& fragment = fragments[f];
            if (fragment.width <= 0.0f) continue;
            const QRectF rect(left + fragment.x - line.xShift, top, fragment.width, kTrackHeight - 1.0);
            if (!r.tokens.isResponse(fragment.token)) continue;
            const float raw = track.values[fragment.token];
            const float value = std::isfinite(raw) ? std::clamp(raw, 0.0f, 1.0f) : 0.0f;
            painter.fillRect(rect, value > 0.0f ? m_densityColors[static_cast<std::size_t>(std::lround(value * 255))] : rail);
        }
        top += kTrackHeight;
    }
}

void RecordView::paintMessage(QPainter& painter, const QString& text) const {
    if (text.isEmpty()) return;
    painter.setPen(palette().color(QPalette::PlaceholderText));
    QFont large = font();
    large.setPointSizeF(large.pointSizeF() * 1.15);
    painter.setFont(large);
    painter.drawText(viewport()->rect().adjusted(40, 40, -40, -40), Qt::AlignCenter | Qt::TextWordWrap, text);
}

QString RecordView::exportView(const QString& path) const {
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(viewport()->size());
        generator.setViewBox(viewport()->rect());
        generator.setTitle(tr("MaskScope record view"));
        QPainter painter;
        if (!painter.begin(&generator)) return tr("Cannot write %1.").arg(path);
        paint(painter, viewport()->rect());
        painter.end();
        return {};
    }
    QImage image(viewport()->size() * devicePixelRatioF(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatioF());
    QPainter painter(&image);
    paint(painter, viewport()->rect());
    painter.end();
    if (!image.save(path)) return tr("Cannot write %1 (use a .png or .svg file name).").arg(path);
    return {};
}

void RecordView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    const Geometry g = geometry();
    if (m_inspection && std::abs(g.textWidth() - m_layout.wrapWidth()) > 0.5) {
        const long long anchor = tokenAt(QPoint(int(g.textLeft(0)) + 1, int(g.band + g.top) + 1));
        rewrap();
        if (anchor >= 0) scrollToToken(static_cast<std::size_t>(anchor));
    } else {
        updateScrollRange();
    }
}

void RecordView::scrollContentsBy(int, int) { viewport()->update(); }

bool RecordView::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const long long token = tokenAt(help->pos());
        if (token < 0) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), toolTipFor(static_cast<std::size_t>(token)), viewport());
        }
        return true;
    }
    if (event->type() == QEvent::Leave) setHovered(-1);
    return QAbstractScrollArea::viewportEvent(event);
}

void RecordView::mouseMoveEvent(QMouseEvent* event) {
    setHovered(tokenAt(event->position().toPoint()));
    if (event->buttons().testFlag(Qt::LeftButton)) extendDrag(event->position().toPoint());
    QAbstractScrollArea::mouseMoveEvent(event);
}

void RecordView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        const QPoint point = event->position().toPoint();
        const long long token = tokenAt(point);
        m_dragToken = token;
        m_dragBytes = event->modifiers().testFlag(Qt::AltModifier);
        m_dragByte = m_dragBytes ? responseByteAt(point) : -1;
        if (token >= 0) Q_EMIT tokenClicked(token);
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void RecordView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && m_dragToken >= 0) {
        extendDrag(event->position().toPoint());
        m_dragToken = -1;
        m_dragByte = -1;
    }
    QAbstractScrollArea::mouseReleaseEvent(event);
}

void RecordView::extendDrag(const QPoint& point) {
    if (!m_inspection || m_dragToken < 0) return;
    const long long token = tokenAt(point);
    if (token < 0) return;
    if (m_dragBytes && m_dragByte >= 0) {
        const long long byte = responseByteAt(point);
        if (byte < 0 || byte == m_dragByte) return;
        const ByteRange bytes{static_cast<std::uint32_t>(std::min(m_dragByte, byte)),
                              static_cast<std::uint32_t>(std::max(m_dragByte, byte))};
        // The tokens that share a byte with the range, for the highlight.
        const TokenizedRecord& record = m_inspection->tokens;
        TokenRange covering{record.size(), 0};
        for (std::size_t i = record.promptTokens; i < record.size(); ++i) {
            const Token& t = record.tokens[i];
            if (t.begin < bytes.end && t.end > bytes.begin) {
                covering.begin = std::min(covering.begin, i);
                covering.end = std::max(covering.end, i + 1);
            }
        }
        if (covering.empty()) return;
        Q_EMIT tokensSelected(covering);
        Q_EMIT bytesSelected(bytes);
        return;
    }
    const auto first = static_cast<std::size_t>(std::min(m_dragToken, token));
    const auto last = static_cast<std::size_t>(std::max(m_dragToken, token));
    Q_EMIT tokensSelected({first, last + 1});
}

long long RecordView::responseByteAt(const QPoint& point) const {
    const long long token = tokenAt(point);
    if (token < 0 || !m_inspection->tokens.isResponse(static_cast<std::size_t>(token))) return -1;
    const TokenizedRecord& record = m_inspection->tokens;
    const Token& t = record.tokens[static_cast<std::size_t>(token)];
    const std::string& response = record.record.response;
    const std::size_t begin = std::min<std::size_t>(t.begin, response.size());
    const std::size_t end = std::min<std::size_t>(std::max(t.begin, t.end), response.size());
    const QRectF rect = tokenRect(static_cast<std::size_t>(token), columnCount() == 2 && point.x() >= viewport()->width() / 2 ? 1 : 0);
    // Character starts inside the token (UTF-8 lead bytes), then the token's end.
    std::vector<std::size_t> starts;
    for (std::size_t i = begin; i < end; ++i) {
        if ((static_cast<unsigned char>(response[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    starts.push_back(end);
    const bool sameLine = point.y() >= rect.top() && point.y() < rect.bottom();
    if (!sameLine || rect.width() <= 0.0 || starts.size() < 2) return static_cast<long long>(end);
    const double fraction = std::clamp((point.x() - rect.left()) / rect.width(), 0.0, 1.0);
    const auto index = static_cast<std::size_t>(std::lround(fraction * double(starts.size() - 1)));
    return static_cast<long long>(starts[std::min(index, starts.size() - 1)]);
}

void RecordView::setAnnotationOverlay(std::vector<std::uint8_t> annotated, TokenRange suggestion) {
    if (annotated == m_annotated && suggestion == m_suggestion) return;
    m_annotated = std::move(annotated);
    m_suggestion = suggestion;
    viewport()->update();
}

void RecordView::setHovered(long long token) {
    if (token == m_hovered) return;
    m_hovered = token;
    viewport()->update();
    Q_EMIT hoveredTokenChanged(token);
}

void RecordView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) m_densityColors = densityColorTable(palette());
    if (event->type() == QEvent::FontChange) {
        m_textFont.setPointSizeF(std::max(m_textFont.pointSizeF(), font().pointSizeF()));
        rebuildLayout();
    }
    QAbstractScrollArea::changeEvent(event);
}

}  // namespace maskscope::ui
