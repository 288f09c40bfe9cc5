// The corpus panel: every entry of the corpus file in a sortable, filterable table (statistics
// computed lazily in the background), find in records (Ctrl+F), go to a record (Ctrl+G), and the
// list of bad lines. Selecting a row makes it the context's current record; the panel follows the
// current record when another panel changes it.
#pragma once

#include <QtWidgets/QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class QToolButton;

namespace maskscope::ui {

class BadLineModel;
class CorpusFilterModel;
class CorpusSearch;
class CorpusTableModel;
class InspectionContext;

class CorpusPanel : public QWidget {
    Q_OBJECT
public:
    explicit CorpusPanel(InspectionContext& context, QWidget* parent = nullptr);
    ~CorpusPanel() override;

    // Puts the keyboard focus into the find field (Ctrl+F).
    void focusFind();
    // Asks for a record number or id and makes it current (Ctrl+G).
    void askGoToRecord();
    // Goes to record `text`: a 1-based number, or else an exact id (searched in the background).
    void goToRecord(const QString& text);

    // True when every visible row's statistics have arrived.
    bool isSettled() const;

    CorpusTableModel* tableModel() const { return m_model; }
    CorpusFilterModel* filterModel() const { return m_filter; }
    BadLineModel* badLineModel() const { return m_badLines; }
    QTableView* tableView() const { return m_table; }

Q_SIGNALS:
    void settledChanged();

private:
    void buildLayout();
    void findNext(bool backward);
    void showCurrentRecord(qint64 record);
    void updateSummary();
    void refreshOrder();
    void showBadLineTable(bool show);
    void fitNumberColumn();

    InspectionContext& m_context;
    CorpusTableModel* m_model = nullptr;
    CorpusFilterModel* m_filter = nullptr;
    BadLineModel* m_badLines = nullptr;
    CorpusSearch* m_search = nullptr;
    QLineEdit* m_idFilter = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QToolButton* m_computeAll = nullptr;
    QLineEdit* m_find = nullptr;
    QTableView* m_table = nullptr;
    QTableView* m_badTable = nullptr;
    QLabel* m_badTitle = nullptr;
    QWidget* m_badBox = nullptr;
    QLabel* m_summary = nullptr;
    QTimer* m_refreshTimer = nullptr;
    quint64 m_sweepDone = 0;
    quint64 m_sweepTotal = 0;
    bool m_following = false;  // true while the table follows a context change
};

}  // namespace maskscope::ui
