// The --screenshot mode: waits until the main window has loaded everything it was given (corpus
// indexed and checked, statistics of the visible rows, the first record inspected and shown),
// renders the window once with grab() and saves the PNG. Exits the event loop with 0 on success
// and 1 on any error (a file that fails to load, a timeout, a PNG that cannot be written), after
// printing why on stderr.
#pragma once

#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QTimer>

#include <functional>
#include <vector>

namespace maskscope::ui {
class MainWindow;
}

namespace maskscope::app {

class ScreenshotTaker : public QObject {
    Q_OBJECT
public:
    ScreenshotTaker(ui::MainWindow& window, QString path, int timeoutSeconds, QObject* parent = nullptr);
    void start();
    // Another condition the window must meet before the picture is taken (e.g. runs read).
    void addSettledCheck(std::function<bool()> check) { m_checks.push_back(std::move(check)); }

private:
    void poll();
    void finish(int exitCode, const QString& message);

    ui::MainWindow& m_window;
    QString m_path;
    int m_timeoutMs;
    int m_settledPolls = 0;
    bool m_finished = false;
    QTimer m_timer;
    QElapsedTimer m_clock;
    std::vector<std::function<bool()>> m_checks;
};

}  // namespace maskscope::app
