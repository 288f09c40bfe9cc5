#include "desktop_screenshot.h"

#include "ui/main_window.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QFileInfo>
#include <QtGui/QPixmap>

#include <cstdio>

namespace maskscope::app {

namespace {

// Polls this often, and requires this many settled polls in a row before grabbing, so that queued
// results and the repaint they cause have been processed.
constexpr int kPollMs = 50;
constexpr int kSettledPolls = 4;

}  // namespace

ScreenshotTaker::ScreenshotTaker(ui::MainWindow& window, QString path, int timeoutSeconds, QObject* parent)
    : QObject(parent), m_window(window), m_path(std::move(path)), m_timeoutMs(timeoutSeconds * 1000) {
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &ScreenshotTaker::poll);
    connect(&window, &ui::MainWindow::errorReported, this, [this](const QString& message) {
        finish(1, QCoreApplication::translate("Screenshot", "maskscope: %1").arg(message));
    });
}

void ScreenshotTaker::start() {
    m_clock.start();
    m_timer.start();
}

void ScreenshotTaker::poll() {
    if (m_finished) return;
    if (m_clock.elapsed() > m_timeoutMs) {
        finish(1, QCoreApplication::translate("Screenshot",
                                              "maskscope: gave up after %1 s: the files did not finish loading.")
                      .arg(m_timeoutMs / 1000));
        return;
    }
    bool settled = m_window.isSettled();
    for (const auto& check : m_checks) settled = settled && check();
    m_settledPolls = settled ? m_settledPolls + 1 : 0;
    if (m_settledPolls < kSettledPolls) return;
    const QPixmap picture = m_window.grab();
    if (picture.isNull() || !picture.save(m_path, "PNG")) {
        finish(1, QCoreApplication::translate("Screenshot", "maskscope: cannot write the screenshot %1.").arg(m_path));
        return;
    }
    finish(0, QCoreApplication::translate("Screenshot", "maskscope: wrote %1 (%2 x %3)")
                  .arg(QFileInfo(m_path).absoluteFilePath())
                  .arg(picture.width())
                  .arg(picture.height()));
}

void ScreenshotTaker::finish(int exitCode, const QString& message) {
    if (m_finished) return;
    m_finished = true;
    m_timer.stop();
    std::FILE* stream = exitCode == 0 ? stdout : stderr;
    std::fprintf(stream, "%s\n", message.toLocal8Bit().constData());
    std::fflush(stream);
    // Queued, so that it also ends an event loop that has not started yet.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [exitCode]() { QCoreApplication::exit(exitCode); }, Qt::QueuedConnection);
}

}  // namespace maskscope::app
