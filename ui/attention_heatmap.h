// Drawing of attention probes (core/attention_probe_file.h): the perceptual colour map, the
// layer x head grid of thumbnails, and the enlarged, labelled heatmap of one head.
//
// Heatmap convention: rows are queries (the token that attends), columns are keys (the token
// attended to); the view says so in its axis titles. Hub tokens are drawn bold in the hub colour
// and marked by a tick band on both axes; masked positions of x_t by a band in the mask colour.
// Under block diffusion both axes run over [x_t | x_0] and the two halves are labelled.
#pragma once

#include "core/attention_probe_file.h"

#include <QtCore/QVector>
#include <QtGui/QImage>
#include <QtWidgets/QWidget>

#include <array>
#include <memory>
#include <optional>

namespace maskscope::ui {

using AttentionProbeHandle = std::shared_ptr<const AttentionProbe>;

// Viridis (perceptually uniform, readable in grey and by most colour-blind readers): t in [0, 1]
// from dark violet to yellow; NaN gives a neutral grey.
QRgb attentionColor(float t);
const std::array<QRgb, 256>& attentionColorTable();

// The largest finite weight of the probe (or of one head), at least a tiny positive number so
// that it can divide; the colour scale of a view runs over [0, scale].
float attentionScale(const AttentionProbe& probe);
float attentionScale(const AttentionProbe& probe, int layer, int head);

// One head colour-mapped over [0, scale]; with more than `maxSide` queries or keys, each pixel
// shows the largest weight of the cells it covers (so that narrow stripes stay visible).
QImage attentionImage(const AttentionProbe& probe, int layer, int head, float scale, int maxSide);

// A token piece as an axis label: line breaks, tabs and other control characters made visible,
// an empty piece shown as "∅", long pieces elided to `maxChars` characters.
QString attentionTokenLabel(const std::string& piece, int maxChars = 14);

// The layer x head grid of thumbnails with "layer N" row headers and "head M" column headers.
// Clicking a thumbnail (or Enter on the focused one) emits headActivated.
class AttentionThumbnailGrid : public QWidget {
    Q_OBJECT
public:
    explicit AttentionThumbnailGrid(QWidget* parent = nullptr);

    // `images` row-major: index layer * heads + head. `scale` is the shared top of the colour scale.
    void setThumbnails(int layers, int heads, QVector<QImage> images, float scale);
    void clear();

    int layers() const { return m_layers; }
    int heads() const { return m_heads; }
    float scale() const { return m_scale; }
    const QImage& thumbnail(int layer, int head) const;
    // Where a thumbnail is drawn, in widget coordinates.
    QRect thumbnailRect(int layer, int head) const;
    QString rowHeader(int layer) const;
    QString columnHeader(int head) const;

    int thumbnailSize() const { return m_thumbnailSize; }
    void setThumbnailSize(int pixels);
    // The thumbnail size (within [48, 200]) at which the whole grid fits into `available`.
    int thumbnailSizeFor(QSize available) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

Q_SIGNALS:
    void headActivated(int layer, int head);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Head {
        int layer = -1;
        int head = -1;
        bool valid() const { return layer >= 0; }
    };
    Head headAt(QPoint position) const;
    int rowHeaderWidth() const;
    int columnHeaderHeight() const;

    int m_layers = 0;
    int m_heads = 0;
    QVector<QImage> m_images;
    float m_scale = 1.0f;
    int m_thumbnailSize = 76;
    Head m_hover;
    Head m_focus{0, 0};
};

// One head enlarged: every cell colour-mapped over [0, the head's largest weight], token pieces
// on both axes, a colour bar and a legend. In fit mode the cells fill the widget; zooming gives
// cells a fixed size (put the widget in a resizable QScrollArea to scroll).
class AttentionHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit AttentionHeatmap(QWidget* parent = nullptr);

    void setProbe(AttentionProbeHandle probe, int layer, int head);
    void clear();

    const AttentionProbeHandle& probe() const { return m_probe; }
    int layer() const { return m_layer; }
    int head() const { return m_head; }
    int rows() const;      // queries
    int columns() const;   // keys
    float scale() const { return m_scale; }

    // What the view shows (for tests and accessibility).
    QString rowAxisTitle() const;
    QString columnAxisTitle() const;
    QString rowLabel(int row) const;
    QString columnLabel(int column) const;
    float valueAt(int row, int column) const;
    bool isHubRow(int row) const;
    bool isHubColumn(int column) const;
    bool isMaskedRow(int row) const;
    bool isMaskedColumn(int column) const;
    // "x_t (noisy)" or "x_0 (clean)" under block diffusion, else empty.
    QString halfTitle(int index) const;
    QString toolTipFor(int row, int column) const;

    // Geometry of the current layout.
    QRect cellRect(int row, int column) const;
    std::optional<QPoint> cellAt(QPoint position) const;  // (x = column, y = row)
    double cellSize() const;

    bool isFitMode() const { return m_fit; }
    void setFitMode();
    void zoomIn();
    void zoomOut();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Layout {
        int titleThickness = 0;   // axis titles
        int halfThickness = 0;    // x_t / x_0 band (block layout only)
        int rowLabelWidth = 0;
        int columnLabelHeight = 0;
        int bandThickness = 0;    // hub + mask tick bands
        int legendHeight = 0;
        int left = 0;             // matrix origin
        int top = 0;
        double cell = 1.0;
    };
    Layout layout() const;
    Layout layoutFor(QSize size) const;
    void rebuild();
    void setHover(std::optional<QPoint> cell);
    int labelStep(double cell) const;

    AttentionProbeHandle m_probe;
    int m_layer = -1;
    int m_head = -1;
    float m_scale = 1.0f;
    QImage m_image;               // one pixel per cell
    QStringList m_labels;         // per token position
    int m_labelExtent = 0;        // widest label in pixels (bold font)
    bool m_fit = true;
    double m_zoomCell = 16.0;
    std::optional<QPoint> m_hover;
};

}  // namespace maskscope::ui
