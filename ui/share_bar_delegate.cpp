#include "ui/share_bar_delegate.h"

#include <QtGui/QPainter>

#include <algorithm>

namespace maskscope::ui {

ShareBarDelegate::ShareBarDelegate(int valueRole, QColor color, QObject* parent)
    : QStyledItemDelegate(parent), m_valueRole(valueRole), m_color(color) {}

void ShareBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QVariant value = index.data(m_valueRole);
    if (value.isValid()) {
        const double share = std::clamp(value.toDouble(), 0.0, 1.0);
        QColor fill = m_color;
        fill.setAlpha(70);
        const QRect cell = option.rect.adjusted(2, 3, -2, -3);
        painter->fillRect(QRect(cell.left(), cell.top(), int(cell.width() * share), cell.height()), fill);
    }
    QStyledItemDelegate::paint(painter, option, index);
}

}  // namespace maskscope::ui
