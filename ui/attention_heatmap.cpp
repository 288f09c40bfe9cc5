#include "ui/attention_heatmap.h"

#include "ui/view_colors.h"

#include <QtGui/QHelpEvent>
#include <QtGui/QKeyEvent>
#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>
#include <QtGui/QWheelEvent>
#include <QtWidgets/QToolTip>

#include <algorithm>
#include <cmath>

namespace maskscope::ui {
namespace {

constexpr int kMargin = 8;
constexpr int kBand = 5;           // width of one tick band
constexpr double kMinCell = 1.0;
constexpr double kMaxCell = 64.0;
constexpr int kMaxImageSide = 2048;  // longer probes are drawn max-pooled, cell by cell once zoomed in

// matplotlib's viridis at t = 0, 0.1, ..., 1.
constexpr QRgb kViridis[] = {0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
                             0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725};
constexpr QRgb kNaNColor = 0x808080;

std::array<QRgb, 256> makeTable() {
    std::array<QRgb, 256> table{};
    constexpr int anchors = int(std::size(kViridis));
    for (int i = 0; i < 256; ++i) {
        const double position = double(i) / 255.0 * double(anchors - 1);
        const int low = std::min(int(position), anchors - 2);
        const double f = position - double(low);
        const auto mix = [&](int shift) {
            const double a = double((kViridis[low] >> shift) & 0xff);
            const double b = double((kViridis[low + 1] >> shift) & 0xff);
            return int(std::lround(a + (b - a) * f));
        };
        table[std::size_t(i)] = qRgb(mix(16), mix(8), mix(0));
    }
    return table;
}

int colorIndex(float value, float scale) {
    const float t = value / scale;
    return int(std::lround(std::clamp(t, 0.0f, 1.0f) * 255.0f));
}

QRgb cellColor(float value, float scale) {
    if (!std::isfinite(value)) return qRgb(qRed(kNaNColor), qGreen(kNaNColor), qBlue(kNaNColor));
    return attentionColorTable()[std::size_t(colorIndex(value, scale))];
}

float largestFinite(const float* begin, const float* end) {
    float best = 0.0f;
    for (const float* value = begin; value != end; ++value)
        if (std::isfinite(*value) && *value > best) best = *value;
    return best;
}

QString formatWeight(float value) {
    if (!std::isfinite(value)) return QStringLiteral("NaN");
    return QString::number(double(value), 'g', 4);
}

// Black or white, whichever reads better on `background`.
QColor textOn(QRgb background) {
    const double luminance = 0.2126 * qRed(background) + 0.7152 * qGreen(background) + 0.0722 * qBlue(background);
    return luminance > 140.0 ? QColor(Qt::black) : QColor(Qt::white);
}

}  // namespace

// --- colour map and images ---

QRgb attentionColor(float t) {
    if (!std::isfinite(t)) return qRgb(qRed(kNaNColor), qGreen(kNaNColor), qBlue(kNaNColor));
    return attentionColorTable()[std::size_t(colorIndex(t, 1.0f))];
}

const std::array<QRgb, 256>& attentionColorTable() {
    static const std::array<QRgb, 256> table = makeTable();
    return table;
}

float attentionScale(const AttentionProbe& probe) {
    const float best = largestFinite(probe.weights.data(), probe.weights.data() + probe.weights.size());
    return best > 0.0f ? best : 1.0f;
}

float attentionScale(const AttentionProbe& probe, int layer, int head) {
    const float* data = probe.head(layer, head);
    const float best = largestFinite(data, data + probe.queries * probe.keys);
    return best > 0.0f ? best : 1.0f;
}

QImage attentionImage(const AttentionProbe& probe, int layer, int head, float scale, int maxSide) {
    const auto rows = int(probe.queries);
    const auto columns = int(probe.keys);
    if (rows <= 0 || columns <= 0 || layer < 0 || layer >= probe.layers || head < 0 || head >= probe.heads) return {};
    const int height = std::min(rows, std::max(1, maxSide));
    const int width = std::min(columns, std::max(1, maxSide));
    QImage image(width, height, QImage::Format_RGB32);
    const float* data = probe.head(layer, head);
    for (int y = 0; y < height; ++y) {
        const int rowBegin = int(std::int64_t(y) * rows / height);
        const int rowEnd = std::max(rowBegin + 1, int(std::int64_t(y + 1) * rows / height));
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const int columnBegin = int(std::int64_t(x) * columns / width);
            const int columnEnd = std::max(columnBegin + 1, int(std::int64_t(x + 1) * columns / width));
            float value = -1.0f;
            bool finite = false;
            for (int r = rowBegin; r < rowEnd; ++r)
                for (int c = columnBegin; c < columnEnd; ++c) {
                    const float v = data[std::size_t(r) * std::size_t(columns) + std::size_t(c)];
                    if (std::isfinite(v)) {
                        finite = true;
                        value = std::max(value, v);
                    }
                }
            line[x] = finite ? cellColor(value, scale) : cellColor(NAN, scale);
        }
    }
    return image;
}

QString attentionTokenLabel(const std::string& piece, int maxChars) {
    if (piece.empty()) return QStringLiteral("\u2205");
    const QString text = QString::fromUtf8(piece.data(), qsizetype(piece.size()));
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\n': out += QStringLiteral("\u21b5"); break;
        case '\r': out += QStringLiteral("\u240d"); break;
        case '\t': out += QStringLiteral("\u21e5"); break;
        case ' ': out += QStringLiteral("\u2423"); break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\x%1").arg(int(c.unicode()), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    if (maxChars > 1 && out.size() > maxChars) out = out.left(maxChars - 1) + QStringLiteral("\u2026");
    return out;
}

// --- the grid ---

AttentionThumbnailGrid::AttentionThumbnailGrid(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Attention of every layer and head"));
}

void AttentionThumbnailGrid::setThumbnails(int layers, int heads, QVector<QImage> images, float scale) {
    m_layers = std::max(0, layers);
    m_heads = std::max(0, heads);
    m_images = std::move(images);
    m_images.resize(qsizetype(m_layers) * m_heads);
    m_scale = scale;
    if (m_focus.layer >= m_layers || m_focus.head >= m_heads) m_focus = {0, 0};
    m_hover = {};
    updateGeometry();
    adjustSize();
    update();
}

void AttentionThumbnailGrid::clear() { setThumbnails(0, 0, {}, 1.0f); }

const QImage& AttentionThumbnailGrid::thumbnail(int layer, int head) const {
    static const QImage none;
    if (layer < 0 || layer >= m_layers || head < 0 || head >= m_heads) return none;
    return m_images[qsizetype(layer) * m_heads + head];
}

QString AttentionThumbnailGrid::rowHeader(int layer) const { return tr("layer %1").arg(layer); }
QString AttentionThumbnailGrid::columnHeader(int head) const { return tr("head %1").arg(head); }

void AttentionThumbnailGrid::setThumbnailSize(int pixels) {
    m_thumbnailSize = std::clamp(pixels, 16, 512);
    updateGeometry();
    adjustSize();
    update();
}

int AttentionThumbnailGrid::thumbnailSizeFor(QSize available) const {
    if (m_layers == 0 || m_heads == 0) return m_thumbnailSize;
    const int width = (available.width() - 2 * kMargin - rowHeaderWidth() - 4) / m_heads - 8;
    const int height = (available.height() - 2 * kMargin - columnHeaderHeight() - 4) / m_layers - 8;
    return std::clamp(std::min(width, height), 48, 200);
}

int AttentionThumbnailGrid::rowHeaderWidth() const {
    return fontMetrics().horizontalAdvance(rowHeader(std::max(0, m_layers - 1))) + 12;
}

int AttentionThumbnailGrid::columnHeaderHeight() const { return fontMetrics().height() + 8; }

QRect AttentionThumbnailGrid::thumbnailRect(int layer, int head) const {
    const int pitch = m_thumbnailSize + 8;
    return {kMargin + rowHeaderWidth() + head * pitch, kMargin + columnHeaderHeight() + layer * pitch,
            m_thumbnailSize, m_thumbnailSize};
}

QSize AttentionThumbnailGrid::sizeHint() const {
    if (m_layers == 0 || m_heads == 0) return {200, 100};
    const QRect last = thumbnailRect(m_layers - 1, m_heads - 1);
    return {last.right() + kMargin + 4, last.bottom() + kMargin + 4};
}

AttentionThumbnailGrid::Head AttentionThumbnailGrid::headAt(QPoint position) const {
    if (m_layers == 0 || m_heads == 0) return {};
    const int pitch = m_thumbnailSize + 8;
    const int x = position.x() - kMargin - rowHeaderWidth();
    const int y = position.y() - kMargin - columnHeaderHeight();
    if (x < 0 || y < 0) return {};
    const int head = x / pitch;
    const int layer = y / pitch;
    if (head >= m_heads || layer >= m_layers || !thumbnailRect(layer, head).contains(position)) return {};
    return {layer, head};
}

void AttentionThumbnailGrid::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QPalette& pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Base));
    if (m_layers == 0 || m_heads == 0) return;
    painter.setPen(pal.color(QPalette::Text));
    const int headerHeight = columnHeaderHeight();
    for (int head = 0; head < m_heads; ++head) {
        const QRect cell = thumbnailRect(0, head);
        painter.drawText(QRect(cell.left() - 4, kMargin, cell.width() + 8, headerHeight), Qt::AlignCenter,
                         columnHeader(head));
    }
    for (int layer = 0; layer < m_layers; ++layer) {
        const QRect cell = thumbnailRect(layer, 0);
        painter.drawText(QRect(kMargin, cell.top(), rowHeaderWidth() - 8, cell.height()),
                         Qt::AlignRight | Qt::AlignVCenter, rowHeader(layer));
    }
    for (int layer = 0; layer < m_layers; ++layer)
        for (int head = 0; head < m_heads; ++head) {
            const QRect target = thumbnailRect(layer, head);
            const QImage& image = thumbnail(layer, head);
            if (image.isNull()) painter.fillRect(target, pal.color(QPalette::Mid));
            else painter.drawImage(target, image);  // nearest neighbour: no smoothing hint
        }
    const auto outline = [&](const Head& head, const QColor& color, qreal width) {
        if (!head.valid() || head.layer >= m_layers || head.head >= m_heads) return;
        painter.setPen(QPen(color, width));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRectF(thumbnailRect(head.layer, head.head)).adjusted(-2, -2, 2, 2));
    };
    if (hasFocus()) outline(m_focus, pal.color(QPalette::Highlight), 2.0);
    outline(m_hover, pal.color(QPalette::Text), 1.0);
}

void AttentionThumbnailGrid::mouseMoveEvent(QMouseEvent* event) {
    const Head head = headAt(event->position().toPoint());
    if (head.layer != m_hover.layer || head.head != m_hover.head) {
        m_hover = head;
        setCursor(head.valid() ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void AttentionThumbnailGrid::mouseReleaseEvent(QMouseEvent* event) {
    const Head head = headAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && head.valid()) {
        m_focus = head;
        update();
        Q_EMIT headActivated(head.layer, head.head);
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void AttentionThumbnailGrid::leaveEvent(QEvent* event) {
    m_hover = {};
    update();
    QWidget::leaveEvent(event);
}

void AttentionThumbnailGrid::keyPressEvent(QKeyEvent* event) {
    if (m_layers == 0 || m_heads == 0) return QWidget::keyPressEvent(event);
    Head next = m_focus;
    switch (event->key()) {
    case Qt::Key_Left: next.head = std::max(0, next.head - 1); break;
    case Qt::Key_Right: next.head = std::min(m_heads - 1, next.head + 1); break;
    case Qt::Key_Up: next.layer = std::max(0, next.layer - 1); break;
    case Qt::Key_Down: next.layer = std::min(m_layers - 1, next.layer + 1); break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space: Q_EMIT headActivated(m_focus.layer, m_focus.head); return;
    default: return QWidget::keyPressEvent(event);
    }
    m_focus = next;
    update();
}

bool AttentionThumbnailGrid::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const Head head = headAt(help->pos());
        if (head.valid())
            QToolTip::showText(help->globalPos(), tr("Layer %1, head %2: click to enlarge").arg(head.layer).arg(head.head),
                               this, thumbnailRect(head.layer, head.head));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

// --- the heatmap ---

AttentionHeatmap::AttentionHeatmap(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setAccessibleName(tr("Attention heatmap"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void AttentionHeatmap::setProbe(AttentionProbeHandle probe, int layer, int head) {
    m_probe = std::move(probe);
    m_layer = layer;
    m_head = head;
    if (m_probe && (layer < 0 || layer >= m_probe->layers || head < 0 || head >= m_probe->heads)) m_probe.reset();
    rebuild();
}

void AttentionHeatmap::clear() {
    m_probe.reset();
    m_layer = m_head = -1;
    rebuild();
}

void AttentionHeatmap::rebuild() {
    m_labels.clear();
    m_image = QImage();
    m_hover.reset();
    m_labelExtent = 0;
    if (m_probe) {
        m_scale = attentionScale(*m_probe, m_layer, m_head);
        m_image = attentionImage(*m_probe, m_layer, m_head, m_scale, kMaxImageSide);
        QFont bold = font();
        bold.setBold(true);
        const QFontMetrics metrics(bold);
        for (const auto& piece : m_probe->pieces) {
            m_labels << attentionTokenLabel(piece);
            m_labelExtent = std::max(m_labelExtent, metrics.horizontalAdvance(m_labels.back()));
        }
    } else {
        m_scale = 1.0f;
    }
    updateGeometry();
    update();
}

int AttentionHeatmap::rows() const { return m_probe ? int(m_probe->queries) : 0; }
int AttentionHeatmap::columns() const { return m_probe ? int(m_probe->keys) : 0; }

QString AttentionHeatmap::rowAxisTitle() const { return tr("Query (rows): the token that attends"); }
QString AttentionHeatmap::columnAxisTitle() const { return tr("Key (columns): the token attended to"); }

QString AttentionHeatmap::rowLabel(int row) const {
    if (!m_probe || row < 0 || row >= rows()) return {};
    return m_labels.value(qsizetype(m_probe->position(row)));
}

QString AttentionHeatmap::columnLabel(int column) const {
    if (!m_probe || column < 0 || column >= columns()) return {};
    return m_labels.value(qsizetype(m_probe->position(column)));
}

float AttentionHeatmap::valueAt(int row, int column) const {
    if (!m_probe || row < 0 || row >= rows() || column < 0 || column >= columns()) return NAN;
    return m_probe->weight(m_layer, m_head, row, column);
}

bool AttentionHeatmap::isHubRow(int row) const {
    return m_probe && row >= 0 && row < rows() && m_probe->hub[std::size_t(m_probe->position(row))] != 0;
}
bool AttentionHeatmap::isHubColumn(int column) const {
    return m_probe && column >= 0 && column < columns() && m_probe->hub[std::size_t(m_probe->position(column))] != 0;
}
// Only x_t has masked positions; the clean half x_0 shows every token.
bool AttentionHeatmap::isMaskedRow(int row) const {
    return m_probe && row >= 0 && row < rows() && !m_probe->isCleanHalf(row) &&
           m_probe->masked[std::size_t(m_probe->position(row))] != 0;
}
bool AttentionHeatmap::isMaskedColumn(int column) const {
    return m_probe && column >= 0 && column < columns() && !m_probe->isCleanHalf(column) &&
           m_probe->masked[std::size_t(m_probe->position(column))] != 0;
}

QString AttentionHeatmap::halfTitle(int index) const {
    if (!m_probe || !m_probe->isBlock()) return {};
    return m_probe->isCleanHalf(index) ? tr("x_0 (clean)") : tr("x_t (noisy)");
}

QString AttentionHeatmap::toolTipFor(int row, int column) const {
    if (!m_probe || row < 0 || row >= rows() || column < 0 || column >= columns()) return {};
    const auto describe = [&](int index, bool masked, bool hub) {
        QStringList marks;
        if (m_probe->isBlock()) marks << (m_probe->isCleanHalf(index) ? tr("x_0") : tr("x_t"));
        if (masked) marks << tr("masked");
        if (hub) marks << tr("hub");
        const QString piece = attentionTokenLabel(m_probe->pieces[std::size_t(m_probe->position(index))], 40);
        const QString position = QString::number(m_probe->position(index));
        return marks.isEmpty() ? tr("%1 \u201c%2\u201d").arg(position, piece)
                               : tr("%1 \u201c%2\u201d (%3)").arg(position, piece, marks.join(QStringLiteral(", ")));
    };
    return tr("Query %1\nKey %2\nWeight %3")
        .arg(describe(row, isMaskedRow(row), isHubRow(row)), describe(column, isMaskedColumn(column), isHubColumn(column)),
             formatWeight(valueAt(row, column)));
}

int AttentionHeatmap::labelStep(double cell) const {
    const double line = fontMetrics().height();
    return cell >= line * 0.9 ? 1 : int(std::ceil(line / std::max(cell, 0.01)));
}

AttentionHeatmap::Layout AttentionHeatmap::layoutFor(QSize size) const {
    const QFontMetrics metrics = fontMetrics();
    Layout out;
    out.titleThickness = metrics.height() + 6;
    out.halfThickness = m_probe && m_probe->isBlock() ? metrics.height() + 6 : 0;
    const int labels = std::min(m_labelExtent, metrics.averageCharWidth() * 16) + 8;
    out.rowLabelWidth = labels;
    out.columnLabelHeight = labels;
    out.bandThickness = 2 * kBand + 4;
    out.legendHeight = 2 * metrics.height() + 24;
    out.left = kMargin + out.titleThickness + out.halfThickness + out.rowLabelWidth + out.bandThickness;
    out.top = kMargin + out.titleThickness + out.halfThickness + out.columnLabelHeight + out.bandThickness;
    const int r = std::max(1, rows());
    const int c = std::max(1, columns());
    if (m_fit) {
        const double width = double(size.width() - out.left - kMargin) / c;
        const double height = double(size.height() - out.top - out.legendHeight) / r;
        out.cell = std::clamp(std::min(width, height), kMinCell, 40.0);
    } else {
        out.cell = m_zoomCell;
    }
    return out;
}

AttentionHeatmap::Layout AttentionHeatmap::layout() const { return layoutFor(size()); }

double AttentionHeatmap::cellSize() const { return layout().cell; }

QSize AttentionHeatmap::sizeHint() const {
    const Layout l = layoutFor({0, 0});
    const double cell = m_fit ? std::clamp(560.0 / std::max(1, std::max(rows(), columns())), kMinCell, 28.0) : m_zoomCell;
    return {l.left + int(std::ceil(cell * std::max(1, columns()))) + kMargin,
            l.top + int(std::ceil(cell * std::max(1, rows()))) + l.legendHeight};
}

QSize AttentionHeatmap::minimumSizeHint() const {
    const Layout l = layoutFor({0, 0});
    if (m_fit) return {l.left + std::max(1, columns()) + kMargin, l.top + std::max(1, rows()) + l.legendHeight};
    return sizeHint();
}

void AttentionHeatmap::setFitMode() {
    m_fit = true;
    updateGeometry();
    update();
}

void AttentionHeatmap::zoomIn() {
    const double current = cellSize();
    m_zoomCell = std::clamp(std::floor(current * 1.5) + 1.0, kMinCell, kMaxCell);
    m_fit = false;
    updateGeometry();
    update();
}

void AttentionHeatmap::zoomOut() {
    const double current = cellSize();
    m_zoomCell = std::clamp(std::floor(current / 1.5), kMinCell, kMaxCell);
    m_fit = false;
    updateGeometry();
    update();
}

QRect AttentionHeatmap::cellRect(int row, int column) const {
    const Layout l = layout();
    const int x0 = l.left + int(std::floor(column * l.cell));
    const int x1 = l.left + int(std::floor((column + 1) * l.cell));
    const int y0 = l.top + int(std::floor(row * l.cell));
    const int y1 = l.top + int(std::floor((row + 1) * l.cell));
    return {x0, y0, std::max(1, x1 - x0), std::max(1, y1 - y0)};
}

std::optional<QPoint> AttentionHeatmap::cellAt(QPoint position) const {
    if (!m_probe) return std::nullopt;
    const Layout l = layout();
    const double x = (position.x() - l.left) / l.cell;
    const double y = (position.y() - l.top) / l.cell;
    if (x < 0 || y < 0 || x >= columns() || y >= rows()) return std::nullopt;
    return QPoint(int(x), int(y));
}

void AttentionHeatmap::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    const QPalette& pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Base));
    if (!m_probe) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No head selected."));
        return;
    }
    const Layout l = layout();
    const int r = rows();
    const int c = columns();
    const QRect matrix(l.left, l.top, int(std::floor(c * l.cell)), int(std::floor(r * l.cell)));
    const QColor text = pal.color(QPalette::Text);
    const QColor hub = hubOutlineColor(pal);
    const QColor mask = maskColor(MaskSample::Logical, pal);
    const QFontMetrics metrics = fontMetrics();
    QFont bold = font();
    bold.setBold(true);
    QFont italic = font();
    italic.setItalic(true);
    const auto cellIn = [&](int row, int column) {
        const int x0 = l.left + int(std::floor(column * l.cell));
        const int x1 = l.left + int(std::floor((column + 1) * l.cell));
        const int y0 = l.top + int(std::floor(row * l.cell));
        const int y1 = l.top + int(std::floor((row + 1) * l.cell));
        return QRect(x0, y0, std::max(1, x1 - x0), std::max(1, y1 - y0));
    };

    // Only the rows and columns in the exposed area are drawn (a zoomed heatmap of a long probe
    // is far larger than the screen).
    const QRect exposed = event->rect();
    const auto firstIndex = [&](int pixel, int origin, int count) {
        return std::clamp(int(std::floor((pixel - origin) / l.cell)) - 1, 0, count);
    };
    const auto endIndex = [&](int pixel, int origin, int count) {
        return std::clamp(int(std::ceil((pixel - origin) / l.cell)) + 1, 0, count);
    };
    const int rowBegin = firstIndex(exposed.top(), l.top, r);
    const int rowEnd = endIndex(exposed.bottom() + 1, l.top, r);
    const int columnBegin = firstIndex(exposed.left(), l.left, c);
    const int columnEnd = endIndex(exposed.right() + 1, l.left, c);

    // The matrix: the visible part of the image (one pixel per cell, or per block of cells for
    // very long probes), scaled without smoothing.
    const bool pooled = m_image.width() < c || m_image.height() < r;
    const qint64 visibleCells = qint64(rowEnd - rowBegin) * (columnEnd - columnBegin);
    if (pooled && visibleCells <= 512 * 512) {
        for (int row = rowBegin; row < rowEnd; ++row)
            for (int column = columnBegin; column < columnEnd; ++column)
                painter.fillRect(cellIn(row, column), QColor(cellColor(valueAt(row, column), m_scale)));
    } else if (rowBegin < rowEnd && columnBegin < columnEnd) {
        const double sx = double(m_image.width()) / c;
        const double sy = double(m_image.height()) / r;
        const QRect topLeft = cellIn(rowBegin, columnBegin);
        const QRect bottomRight = cellIn(rowEnd - 1, columnEnd - 1);
        painter.drawImage(QRectF(QPointF(topLeft.topLeft()), QPointF(bottomRight.bottomRight() + QPoint(1, 1))), m_image,
                          QRectF(columnBegin * sx, rowBegin * sy, (columnEnd - columnBegin) * sx, (rowEnd - rowBegin) * sy));
    }

    // Values inside the cells when they fit.
    const QString sample = QStringLiteral("0.00");
    if (l.cell >= metrics.horizontalAdvance(sample) + 4 && l.cell >= metrics.height() + 2) {
        for (int row = rowBegin; row < rowEnd; ++row)
            for (int column = columnBegin; column < columnEnd; ++column) {
                const float value = valueAt(row, column);
                painter.setPen(textOn(cellColor(value, m_scale)));
                painter.drawText(cellIn(row, column), Qt::AlignCenter,
                                 std::isfinite(value) ? QString::number(double(value), 'f', 2) : QStringLiteral("\u2013"));
            }
    }

    // Block layout: separators between the halves.
    if (m_probe->isBlock()) {
        const int half = int(m_probe->tokenCount());
        painter.setPen(QPen(pal.color(QPalette::Base), 2));
        const int x = cellIn(0, half).left();
        const int y = cellIn(half, 0).top();
        painter.drawLine(x, matrix.top(), x, matrix.bottom() + 1);
        painter.drawLine(matrix.left(), y, matrix.right() + 1, y);
    }

    // Tick bands: hub (outer) and masked (inner) on both axes.
    const int rowHubX = l.left - l.bandThickness;
    const int rowMaskX = rowHubX + kBand + 2;
    const int columnHubY = l.top - l.bandThickness;
    const int columnMaskY = columnHubY + kBand + 2;
    for (int row = rowBegin; row < rowEnd; ++row) {
        const QRect cell = cellIn(row, 0);
        if (isHubRow(row)) painter.fillRect(QRect(rowHubX, cell.top(), kBand, cell.height()), hub);
        if (isMaskedRow(row)) painter.fillRect(QRect(rowMaskX, cell.top(), kBand, cell.height()), mask);
    }
    for (int column = columnBegin; column < columnEnd; ++column) {
        const QRect cell = cellIn(0, column);
        if (isHubColumn(column)) painter.fillRect(QRect(cell.left(), columnHubY, cell.width(), kBand), hub);
        if (isMaskedColumn(column)) painter.fillRect(QRect(cell.left(), columnMaskY, cell.width(), kBand), mask);
    }

    // Token labels: every labelStep-th one when the cells are smaller than a line.
    const int step = labelStep(l.cell);
    const int rowLabelRight = rowHubX - 4;
    const auto labelFont = [&](bool isHub, bool isMasked) -> const QFont& {
        if (isHub) return bold;
        if (isMasked) return italic;
        return font();
    };
    for (int row = rowBegin - rowBegin % step; row < rowEnd; row += step) {
        const QRect cell = cellIn(row, 0);
        const bool isHub = isHubRow(row);
        painter.setFont(labelFont(isHub, isMaskedRow(row)));
        painter.setPen(isHub ? hub : text);
        const QRect box(rowLabelRight - l.rowLabelWidth + 4, cell.center().y() - metrics.height() / 2, l.rowLabelWidth - 4,
                        metrics.height());
        painter.drawText(box, Qt::AlignRight | Qt::AlignVCenter,
                         painter.fontMetrics().elidedText(rowLabel(row), Qt::ElideRight, box.width()));
    }
    const int columnLabelBottom = columnHubY - 4;
    for (int column = columnBegin - columnBegin % step; column < columnEnd; column += step) {
        const QRect cell = cellIn(0, column);
        const bool isHub = isHubColumn(column);
        painter.setFont(labelFont(isHub, isMaskedColumn(column)));
        painter.setPen(isHub ? hub : text);
        painter.save();
        painter.translate(cell.center().x() + metrics.height() / 2.0 - metrics.descent(), columnLabelBottom);
        painter.rotate(-90);
        const QRect box(0, -metrics.height() + metrics.descent(), l.columnLabelHeight - 4, metrics.height());
        painter.drawText(box, Qt::AlignLeft | Qt::AlignVCenter,
                         painter.fontMetrics().elidedText(columnLabel(column), Qt::ElideRight, box.width()));
        painter.restore();
    }
    painter.setFont(font());

    // Half titles under block diffusion.
    if (m_probe->isBlock()) {
        const int half = int(m_probe->tokenCount());
        const QColor band = pal.color(QPalette::AlternateBase);
        painter.setPen(text);
        for (int part = 0; part < 2; ++part) {
            const int first = part * half;
            const QRect a = cellIn(first, first);
            const QRect b = cellIn(first + half - 1, first + half - 1);
            // Columns: above the labels.
            const QRect top(a.left(), kMargin + l.titleThickness, b.right() - a.left() + 1, l.halfThickness - 2);
            painter.fillRect(top, band);
            painter.drawText(top, Qt::AlignCenter, halfTitle(first));
            // Rows: left of the labels, rotated.
            const QRect side(kMargin + l.titleThickness, a.top(), l.halfThickness - 2, b.bottom() - a.top() + 1);
            painter.fillRect(side, band);
            painter.save();
            painter.translate(side.left(), side.bottom());
            painter.rotate(-90);
            painter.drawText(QRect(0, 0, side.height(), side.width()), Qt::AlignCenter, halfTitle(first));
            painter.restore();
        }
    }

    // Axis titles.
    QFont titleFont = font();
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.setPen(text);
    painter.drawText(QRect(matrix.left(), kMargin, std::max(matrix.width(), 200), l.titleThickness),
                     Qt::AlignLeft | Qt::AlignVCenter, columnAxisTitle() + QStringLiteral("  \u2192"));
    painter.save();
    painter.translate(kMargin, matrix.top() + std::max(matrix.height(), 200));
    painter.rotate(-90);
    painter.drawText(QRect(0, 0, std::max(matrix.height(), 200), l.titleThickness), Qt::AlignLeft | Qt::AlignVCenter,
                     rowAxisTitle() + QStringLiteral("  \u2192"));
    painter.restore();
    painter.setFont(font());

    // Hovered cell.
    if (m_hover) {
        painter.setPen(QPen(pal.color(QPalette::Highlight), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(cellIn(m_hover->y(), m_hover->x()).adjusted(-1, -1, 1, 1));
    }

    // Legend: colour bar over [0, scale], then the marks.
    const int legendTop = matrix.bottom() + 12;
    const int barWidth = std::clamp(matrix.width(), 120, 240);
    const QRect bar(matrix.left(), legendTop, barWidth, 10);
    for (int x = 0; x < bar.width(); ++x) {
        const float t = float(x) / float(std::max(1, bar.width() - 1));
        painter.fillRect(QRect(bar.left() + x, bar.top(), 1, bar.height()), QColor(attentionColor(t)));
    }
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawRect(bar.adjusted(0, 0, -1, -1));
    painter.setPen(text);
    const int labelTop = bar.bottom() + 2;
    painter.drawText(QRect(bar.left(), labelTop, bar.width(), metrics.height()), Qt::AlignLeft, QStringLiteral("0"));
    painter.drawText(QRect(bar.left(), labelTop, bar.width(), metrics.height()), Qt::AlignRight, formatWeight(m_scale));
    painter.drawText(QRect(bar.left(), labelTop, bar.width(), metrics.height()), Qt::AlignHCenter, tr("attention weight"));
    int x = bar.right() + 18;
    const auto legendItem = [&](const QColor& color, const QString& label) {
        painter.fillRect(QRect(x, bar.top(), kBand * 2, bar.height()), color);
        painter.setPen(text);
        const int width = metrics.horizontalAdvance(label);
        painter.drawText(QRect(x + kBand * 2 + 6, bar.top() - 3, width + 4, metrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                         label);
        x += kBand * 2 + 6 + width + 18;
    };
    legendItem(hub, tr("hub token (bold)"));
    legendItem(mask, tr("masked position of x_t (italic)"));
}

void AttentionHeatmap::setHover(std::optional<QPoint> cell) {
    if (cell == m_hover) return;
    m_hover = cell;
    update();
}

void AttentionHeatmap::mouseMoveEvent(QMouseEvent* event) {
    setHover(cellAt(event->position().toPoint()));
    QWidget::mouseMoveEvent(event);
}

void AttentionHeatmap::leaveEvent(QEvent* event) {
    setHover(std::nullopt);
    QWidget::leaveEvent(event);
}

void AttentionHeatmap::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        if (event->angleDelta().y() > 0) zoomIn();
        else if (event->angleDelta().y() < 0) zoomOut();
        event->accept();
        return;
    }
    QWidget::wheelEvent(event);
}

void AttentionHeatmap::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) rebuild();
    QWidget::changeEvent(event);
}

bool AttentionHeatmap::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (const auto cell = cellAt(help->pos()))
            QToolTip::showText(help->globalPos(), toolTipFor(cell->y(), cell->x()), this, cellRect(cell->y(), cell->x()));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

}  // namespace maskscope::ui
