// The central panel: the current record (RecordView) with its navigation bar (previous / next
// record, which sample to show) and the legend. Follows the InspectionContext: shows its inspection,
// highlights its token selection, and sets the selection when a token is clicked. When density
// tracks are computed (DensityTrackService: annotations, model sources), the view draws them under
// every line, led by the inspection's own source, and a legend line names them top to bottom.
#pragma once

#include "ui/ui_types.h"

#include <QtWidgets/QWidget>

class QButtonGroup;
class QLabel;
class QToolButton;

namespace maskscope::ui {

class InspectionContext;
class RecordLegend;
class RecordView;

class RecordPanel : public QWidget {
    Q_OBJECT
public:
    explicit RecordPanel(InspectionContext& context, QWidget* parent = nullptr);

    RecordView* view() const { return m_view; }
    void setDisplay(SampleDisplay display);
    SampleDisplay display() const;
    // True when the view shows the context's current inspection and its density tracks (nothing is
    // being computed).
    bool isSettled() const;
    // Shows or hides the density tracks (View > Density Tracks).
    void setTracksVisible(bool visible);
    bool tracksVisible() const;
    // The legend line naming the tracks ("Tracks: ..."); empty when none are shown.
    QString trackLegendText() const;

private:
    void updateInspection();
    void updateTitle();
    void updateTracks();

    InspectionContext& m_context;
    RecordView* m_view = nullptr;
    RecordLegend* m_legend = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_trackLegend = nullptr;
    QToolButton* m_previous = nullptr;
    QToolButton* m_next = nullptr;
    QButtonGroup* m_displayGroup = nullptr;
};

}  // namespace maskscope::ui
