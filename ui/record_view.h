// The record view: the prompt and response of one record as text, every token coloured by its
// information density, hub spans outlined, and the masked tokens of the logical and/or syntactic
// sample hatched with a bar beneath (toggle: logical / syntactic / side by side). Tooltips give
// each token's piece, id, byte offsets, density, p_i and mask state.
//
// Only what is visible is painted: the layout (RecordLayout) is built once per record and wrapped
// once per width, and paint() walks just the visual lines inside the viewport, so a 100k-token
// record scrolls as smoothly as a short one. tokenAt() and tokenRect() expose the mapping between
// tokens and viewport positions (used by tests and future editing panels).
//
// Density tracks (setDensityTracks): parallel thin bands under every text line, one per track
// (e.g. the inspection's source, the annotation, model:surprisal), each token's band coloured by
// that track's value on the density scale; the record panel's legend names them top to bottom.
#pragma once

#include "ui/density_tracks.h"
#include "ui/record_layout.h"
#include "ui/ui_types.h"
#include "ui/view_colors.h"

#include <QtWidgets/QAbstractScrollArea>

namespace maskscope::ui {

class RecordView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit RecordView(QWidget* parent = nullptr);
    ~RecordView() override;

    // Shows `inspection`; null shows message() instead. When the new inspection has the same text
    // and tokens as the shown one (only masks or density changed), layout and scroll position stay.
    void setInspection(InspectionHandle inspection);
    InspectionHandle inspection() const { return m_inspection; }
    // Shown centred when there is no inspection (why there is nothing to show).
    void setMessage(const QString& message);
    QString message() const { return m_message; }

    void setDisplay(SampleDisplay display);
    SampleDisplay display() const { return m_display; }
    // Token positions where a diffusion block starts get a tick; 0 hides the ticks.
    void setBlockSize(std::size_t blockSize);
    // Highlights `range` and scrolls its first token into view.
    void setSelection(TokenRange range);
    TokenRange selection() const { return m_selection; }
    void scrollToToken(std::size_t token);
    // Annotation overlay: tokens a person marked as hubs (one entry per token, nonzero = marked)
    // get a thick underline, and the suggestion under review a dashed frame. Empty hides both.
    void setAnnotationOverlay(std::vector<std::uint8_t> annotated, TokenRange suggestion);
    // Density tracks drawn under every text line, top to bottom in this order; each track holds one
    // value per token of the shown inspection (a track of another length is not drawn). Empty, or
    // setTracksVisible(false), shows none.
    void setDensityTracks(DensityTracks tracks);
    const DensityTracks& densityTracks() const { return m_tracks; }
    void setTracksVisible(bool visible);
    bool tracksVisible() const { return m_tracksVisible; }
    // Tracks drawn now (visible, and matching the inspection's token count).
    std::size_t shownTrackCount() const;
    // Height of one visual line: the text plus its track bands.
    double rowHeight() const;
    // Height of one track band.
    static constexpr double kTrackHeight = 4.0;
    // The response byte offset (a character boundary) nearest to `point`, or -1 when `point` does
    // not lie on a response token. Used by the character-level (Alt-drag) selection.
    long long responseByteAt(const QPoint& point) const;

    // The token drawn at `point` (viewport coordinates; outside the viewport, the text that would be
    // drawn there), or -1.
    long long tokenAt(const QPoint& point) const;
    // Where the first fragment of `token` is drawn in column `column` (viewport coordinates; may
    // lie outside the viewport). Empty when the token is unknown.
    QRectF tokenRect(std::size_t token, int column = 0) const;
    int columnCount() const { return m_display == SampleDisplay::SideBySide ? 2 : 1; }
    // Height of the sample band at the top of the viewport; text scrolls beneath it.
    int bandHeight() const { return static_cast<int>(geometry().band); }
    QString toolTipFor(std::size_t token) const;
    const RecordLayout& layout() const { return m_layout; }

    // Paints the part of the viewport inside `clip` (viewport coordinates) with `painter`.
    void paint(QPainter& painter, const QRect& clip) const;
    // Writes what the viewport shows to a PNG or SVG file (by extension). Returns an error message,
    // or an empty string on success.
    QString exportView(const QString& path) const;

Q_SIGNALS:
    void tokenClicked(long long token);
    // A drag selected these tokens (the selection snaps to whole tokens).
    void tokensSelected(maskscope::ui::TokenRange range);
    // An Alt-drag selected these exact response bytes (emitted after tokensSelected with the
    // tokens that cover them).
    void bytesSelected(maskscope::ui::ByteRange range);
    void hoveredTokenChanged(long long token);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Geometry {
        double band = 0.0;         // height of the sample header band at the top
        double top = 0.0;          // padding above the first line
        double margin = 0.0;       // left and right
        double gap = 0.0;          // between side-by-side columns
        double columnWidth = 0.0;
        double gutter = 0.0;       // line-number gutter of each column
        int columns = 1;
        double columnLeft(int column) const { return margin + column * (columnWidth + gap); }
        double textLeft(int column) const { return columnLeft(column) + gutter; }
        double textWidth() const { return std::max(40.0, columnWidth - gutter - 4.0); }
    };

    Geometry geometry() const;
    void rebuildLayout();
    void rewrap();
    void updateScrollRange();
    double lineTop(std::size_t line, const Geometry& geometry) const;
    MaskSample sampleOfColumn(int column) const;
    void paintBand(QPainter& painter, const Geometry& g) const;
    void paintLine(QPainter& painter, const Geometry& g, int column, std::size_t line, double y) const;
    void paintTracks(QPainter& painter, const Geometry& g, int column, std::size_t line, double y) const;
    void paintMessage(QPainter& painter, const QString& text) const;
    QString sectionTitle(std::uint8_t segment) const;
    void setHovered(long long token);
    void extendDrag(const QPoint& point);

    RecordLayout m_layout;
    InspectionHandle m_inspection;
    QString m_message;
    SampleDisplay m_display = SampleDisplay::Logical;
    std::size_t m_blockSize = 0;
    TokenRange m_selection;
    long long m_hovered = -1;
    std::vector<std::uint8_t> m_annotated;
    TokenRange m_suggestion;
    // Drag selection: the token (and, for Alt-drag, the byte) where the left button went down.
    long long m_dragToken = -1;
    long long m_dragByte = -1;
    bool m_dragBytes = false;
    QFont m_textFont;
    DensityColorTable m_densityColors;
    DensityTracks m_tracks;
    bool m_tracksVisible = true;
};

}  // namespace maskscope::ui
