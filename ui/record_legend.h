// The legend of the record view: the density colour scale and what the outlines, hatching, bars and
// wedges mean. Drawn with the same colour functions as the view, so it matches in light and dark
// palettes; wraps into more rows when the panel is narrow.
#pragma once

#include <QtWidgets/QWidget>

#include <vector>

namespace maskscope::ui {

class RecordLegend : public QWidget {
    Q_OBJECT
public:
    explicit RecordLegend(QWidget* parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    enum class Kind { Density, Hub, LogicalMask, SyntacticMask, Prompt, BlockStart };
    struct Entry {
        Kind kind;
        QString label;
        int width;  // swatch and label
    };
    std::vector<Entry> entries() const;
    int rowHeight() const;
    int rowsForWidth(int width) const;
};

}  // namespace maskscope::ui
