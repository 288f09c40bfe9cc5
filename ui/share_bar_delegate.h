// Draws a share in [0, 1] (the model's value role) as a horizontal bar behind the cell's text, in
// a given colour; used for the masked-share and hub-coverage columns of the block table.
#pragma once

#include <QtGui/QColor>
#include <QtWidgets/QStyledItemDelegate>

namespace maskscope::ui {

class ShareBarDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    ShareBarDelegate(int valueRole, QColor color, QObject* parent = nullptr);
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int m_valueRole;
    QColor m_color;
};

}  // namespace maskscope::ui
