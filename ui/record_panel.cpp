#include "ui/record_panel.h"

#include "ui/density_tracks.h"
#include "ui/inspection_context.h"
#include "ui/record_legend.h"
#include "ui/record_view.h"
#include "ui/view_colors.h"

#include <QtCore/QLocale>
#include <QtWidgets/QButtonGroup>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

namespace maskscope::ui {

RecordPanel::RecordPanel(InspectionContext& context, QWidget* parent)
    : QWidget(parent), m_context(context), m_view(new RecordView(this)), m_legend(new RecordLegend(this)) {
    setObjectName(QStringLiteral("recordPanel"));
    m_previous = new QToolButton(this);
    m_previous->setArrowType(Qt::LeftArrow);
    m_previous->setToolTip(tr("Previous record (Alt+Left)"));
    m_previous->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_next = new QToolButton(this);
    m_next->setArrowType(Qt::RightArrow);
    m_next->setToolTip(tr("Next record (Alt+Right)"));
    m_next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    connect(m_previous, &QToolButton::clicked, this,
            [this]() { m_context.setCurrentRecord(std::max<qint64>(0, m_context.currentRecord() - 1)); });
    connect(m_next, &QToolButton::clicked, this, [this]() { m_context.setCurrentRecord(m_context.currentRecord() + 1); });

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("recordTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("recordStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_displayGroup = new QButtonGroup(this);
    auto* bar = new QHBoxLayout;
    bar->setSpacing(4);
    bar->addWidget(m_previous);
    bar->addWidget(m_next);
    bar->addSpacing(6);
    bar->addWidget(m_title);
    bar->addSpacing(8);
    bar->addWidget(m_status, 1);
    const std::pair<SampleDisplay, QString> modes[] = {
        {SampleDisplay::Logical, tr("Logical")},
        {SampleDisplay::Syntactic, tr("Syntactic")},
        {SampleDisplay::SideBySide, tr("Side by side")},
    };
    for (const auto& [mode, text] : modes) {
        auto* button = new QToolButton(this);
        button->setText(text);
        button->setCheckable(true);
        button->setAutoRaise(false);
        button->setChecked(mode == SampleDisplay::Logical);
        m_displayGroup->addButton(button, int(mode));
        bar->addWidget(button);
    }
    m_displayGroup->button(int(SampleDisplay::Logical))
        ->setToolTip(tr("Show the masks of the logical sample (hubs masked preferentially)"));
    m_displayGroup->button(int(SampleDisplay::Syntactic))
        ->setToolTip(tr("Show the masks of the syntactic sample (the complement: glue masked)"));
    m_displayGroup->button(int(SampleDisplay::SideBySide))->setToolTip(tr("Show both samples next to each other"));
    connect(m_displayGroup, &QButtonGroup::idClicked, this,
            [this](int id) { m_view->setDisplay(static_cast<SampleDisplay>(id)); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 2);
    layout->setSpacing(3);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    m_trackLegend = new QLabel(this);
    m_trackLegend->setObjectName(QStringLiteral("trackLegend"));
    m_trackLegend->setWordWrap(true);
    m_trackLegend->setForegroundRole(QPalette::PlaceholderText);
    m_trackLegend->hide();
    layout->addWidget(m_trackLegend);
    layout->addWidget(m_legend);

    DensityTrackService& tracks = context.densityTracks();
    connect(&tracks, &DensityTrackService::tracksReady, this, [this](qint64 record) {
        if (record == m_context.currentRecord()) updateTracks();
    });
    connect(&tracks, &DensityTrackService::stateChanged, this, &RecordPanel::updateTracks);

    connect(&context, &InspectionContext::inspectionChanged, this, &RecordPanel::updateInspection);
    connect(&context, &InspectionContext::currentRecordChanged, this, &RecordPanel::updateTitle);
    connect(&context, &InspectionContext::corpusChanged, this, &RecordPanel::updateTitle);
    connect(&context, &InspectionContext::settingsChanged, this,
            [this]() { m_view->setBlockSize(m_context.settings().blockSize); });
    connect(&context, &InspectionContext::selectedTokensChanged, m_view, &RecordView::setSelection);
    connect(m_view, &RecordView::tokenClicked, this, [this](long long token) {
        const auto index = static_cast<std::size_t>(token);
        m_context.setSelectedTokens({index, index + 1});
    });
    connect(m_view, &RecordView::tokensSelected, &context, &InspectionContext::setSelectedTokens);
    connect(m_view, &RecordView::bytesSelected, &context, &InspectionContext::setSelectedBytes);
    m_view->setBlockSize(context.settings().blockSize);
    updateInspection();
}

void RecordPanel::setDisplay(SampleDisplay display) {
    m_displayGroup->button(int(display))->setChecked(true);
    m_view->setDisplay(display);
}

SampleDisplay RecordPanel::display() const { return m_view->display(); }

bool RecordPanel::isSettled() const {
    using State = InspectionContext::InspectionState;
    const State state = m_context.inspectionState();
    if (state == State::Pending) return false;
    if (m_context.densityTracks().state() == DensityTrackService::State::Computing) return false;
    return state != State::Ready || m_view->inspection() == m_context.inspection();
}

void RecordPanel::updateInspection() {
    using State = InspectionContext::InspectionState;
    const State state = m_context.inspectionState();
    if (state == State::Ready || (state == State::Pending && m_context.inspection())) {
        m_view->setInspection(m_context.inspection());
    } else if (state != State::Pending) {
        m_view->setInspection({});
        m_view->setMessage(m_context.inspectionMessage());
    }
    QPalette pal = m_status->palette();
    pal.setColor(QPalette::WindowText, state == State::Failed ? errorTextColor(palette())
                                                              : palette().color(QPalette::PlaceholderText));
    m_status->setPalette(pal);
    switch (state) {
    case State::Pending: m_status->setText(tr("computing\u2026")); break;
    case State::Failed: m_status->setText(m_context.inspectionMessage()); break;
    case State::Unavailable: m_status->clear(); break;
    case State::Ready: {
        const RecordInspection& r = *m_context.inspection();
        m_status->setText(tr("step %1 \u00b7 t = %2 \u00b7 %3")
                              .arg(r.step)
                              .arg(QLocale().toString(r.masks.t, 'f', 3))
                              .arg(r.masks.processed ? tr("processed") : tr("unprocessed (uniform)")));
        break;
    }
    }
    m_status->setToolTip(m_status->text());
    updateTitle();
    updateTracks();
}

void RecordPanel::setTracksVisible(bool visible) {
    m_view->setTracksVisible(visible);
    updateTracks();
}

bool RecordPanel::tracksVisible() const { return m_view->tracksVisible(); }

QString RecordPanel::trackLegendText() const { return m_trackLegend->isHidden() ? QString() : m_trackLegend->text(); }

void RecordPanel::updateTracks() {
    const DensityTrackService& service = m_context.densityTracks();
    const InspectionHandle inspection = m_view->inspection();
    DensityTracks tracks;
    const DensityTracksHandle computed =
        inspection && m_context.inspectionState() == InspectionContext::InspectionState::Ready
            ? service.tracks(m_context.currentRecord())
            : DensityTracksHandle();
    if (computed && !computed->empty()) {
        // The inspection's own source leads, so the others read against it.
        tracks.push_back({QString::fromStdString(m_context.settings().densitySource), inspection->density});
        tracks.insert(tracks.end(), computed->begin(), computed->end());
    }
    m_view->setDensityTracks(tracks);
    QString legend;
    if (m_view->tracksVisible() && !service.trackNames().isEmpty()) {
        QStringList names;
        for (const DensityTrack& track : tracks) names << track.name;
        switch (service.state()) {
        case DensityTrackService::State::Computing:
            legend = names.isEmpty() ? tr("Density tracks: computing %1…").arg(service.trackNames().join(tr(", ")))
                                     : tr("Density tracks, top to bottom: %1 (updating…)").arg(names.join(tr(" · ")));
            break;
        case DensityTrackService::State::Failed:
            legend = tr("Density tracks failed: %1").arg(service.message());
            break;
        default:
            if (!names.isEmpty()) legend = tr("Density tracks, top to bottom: %1").arg(names.join(tr(" · ")));
        }
    }
    m_trackLegend->setText(legend);
    m_trackLegend->setToolTip(legend);
    m_trackLegend->setVisible(!legend.isEmpty());
}

void RecordPanel::updateTitle() {
    const CorpusHandle corpus = m_context.corpus();
    const qint64 record = m_context.currentRecord();
    m_previous->setEnabled(corpus && record > 0);
    m_next->setEnabled(corpus && record >= 0 && record + 1 < static_cast<qint64>(corpus->entryCount()));
    if (!corpus || record < 0) {
        m_title->setText(tr("No record"));
        return;
    }
    // The id is known once the current record's inspection has arrived.
    const InspectionHandle inspection = m_context.inspection();
    const bool ready = m_context.inspectionState() == InspectionContext::InspectionState::Ready;
    const QString id = ready && inspection ? QString::fromStdString(inspection->tokens.record.id) : QString();
    const QString position = tr("Record %1/%2").arg(record + 1).arg(corpus->entryCount());
    m_title->setText(id.isEmpty() ? position : tr("%1 \u00b7 %2").arg(position, id));
}

}  // namespace maskscope::ui
