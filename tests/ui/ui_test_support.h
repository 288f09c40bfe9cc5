// Shared set-up of the ui test suites: the demo corpus and tokenizer, and waiting for the
// InspectionContext to finish its background work.
#pragma once

#include "ui/inspection_context.h"

#include "core/corpus_reader.h"
#include "core/tokenizer.h"

#include <QtCore/QString>
#include <QtTest/QtTest>

#include <memory>

namespace maskscope::test {

inline QString demoCorpusPath() { return QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl"); }
inline QString demoTokenizerPath() { return QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model"); }

inline std::shared_ptr<const Corpus> openCorpus(const QString& path) {
    return std::make_shared<const Corpus>(Corpus::open(path.toStdString()));
}

inline std::shared_ptr<const Tokenizer> loadDemoTokenizer() {
    return std::make_shared<const Tokenizer>(Tokenizer::load(demoTokenizerPath().toStdString()));
}

// Waits until the context's inspection is Ready (or Failed); returns whether it is Ready.
inline bool waitForInspection(const ui::InspectionContext& context, int timeoutMs = 20000) {
    using State = ui::InspectionContext::InspectionState;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        const State state = context.inspectionState();
        if (state == State::Ready) return true;
        if (state == State::Failed || state == State::Unavailable) return false;
        QTest::qWait(5);
    }
    return false;
}

}  // namespace maskscope::test
