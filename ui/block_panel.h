// The block view: how the masks of the current record fall into the blocks of block diffusion.
// A chart of the masked share per block for both samples (collapsed blocks marked, the expected
// ratios dashed) next to a table of every block's statistics. Selecting a block selects its tokens
// in the context, so the record view scrolls to it.
#pragma once

#include <QtWidgets/QWidget>

class QLabel;
class QStackedWidget;
class QTableView;

namespace maskscope::ui {

class BlockChart;
class BlockTableModel;
class InspectionContext;

class BlockPanel : public QWidget {
    Q_OBJECT
public:
    explicit BlockPanel(InspectionContext& context, QWidget* parent = nullptr);

    BlockTableModel* model() const { return m_model; }

private:
    void update();

    InspectionContext& m_context;
    BlockTableModel* m_model = nullptr;
    BlockChart* m_chart = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_placeholder = nullptr;
    QStackedWidget* m_stack = nullptr;
};

}  // namespace maskscope::ui
