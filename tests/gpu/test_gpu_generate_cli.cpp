// `maskscope-cli generate` and `maskscope-cli eval` driven as a user would, on a tiny model trained
// for a few steps in a temporary run: output format, the denoising trajectory, determinism with a
// seed, the held-out split of the run, the summary line, and clear errors (exit 1 naming the file)
// for a missing or corrupt checkpoint and a tokenizer that does not fit the model. The answer
// comparison (gpu/answer_match.h: whitespace normalisation, GSM8K final numbers) is tested directly.
#include "core/error.h"
#include "gpu/answer_match.h"
#include "gpu/checkpoint.h"
#include "gpu/generation.h"
#include "gpu/training_data.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <filesystem>

using namespace maskscope;
namespace fs = std::filesystem;

namespace {

const QString kCli = QStringLiteral(MASKSCOPE_CLI);
const QString kCorpus = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl");
const QString kTokenizer = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model");

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCli(const QStringList& args, int timeoutMs = 120000) {
    QProcess process;
    process.start(kCli, args);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

QList<QJsonObject> readJsonLines(const QString& path) {
    QFile file(path);
    QList<QJsonObject> out;
    if (!file.open(QIODevice::ReadOnly)) return out;
    for (const QByteArray& line : file.readAll().split('\n'))
        if (!line.isEmpty()) out.push_back(QJsonDocument::fromJson(line).object());
    return out;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class GenerateCliTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void generateFromAPrompt();
    void generateFromACorpus();
    void seedMakesItDeterministic();
    void evalOnTheHeldOutSplit();
    void evalAllWithFinalNumbers();
    void badCheckpointsAreNamed();
    void usageErrors();
    void answerComparison();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QStringList generateArgs(const QString& out, const QStringList& extra) const {
        return QStringList{QStringLiteral("generate"), QStringLiteral("--checkpoint"), m_checkpoint,
                           QStringLiteral("--out"), out} +
               extra;
    }
    QTemporaryDir m_dir;
    QString m_run;
    QString m_checkpoint;
};

void GenerateCliTest::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_run = path(QStringLiteral("run"));
    const Run train = runCli({QStringLiteral("train"), QStringLiteral("--corpus"), kCorpus, QStringLiteral("--tokenizer"),
                           kTokenizer, QStringLiteral("--preset"), QStringLiteral("tiny"), QStringLiteral("--steps"),
                           QStringLiteral("3"), QStringLiteral("--batch"), QStringLiteral("2"), QStringLiteral("--eval-fraction"),
                           QStringLiteral("0.1"), QStringLiteral("--eval-records"), QStringLiteral("2"),
                           QStringLiteral("--out"), m_run});
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    m_checkpoint = m_run + QStringLiteral("/checkpoints/step_3");
    QVERIFY(QFile::exists(m_checkpoint + QStringLiteral("/config.json")));
}

void GenerateCliTest::generateFromAPrompt() {
    const QString out = path(QStringLiteral("prompt.jsonl"));
    const Run run = runCli(generateArgs(out, {QStringLiteral("--prompt"), QStringLiteral("Solve for x: 2x + 29 = 41."),
                                           QStringLiteral("--gen-length"), QStringLiteral("20"),
                                           QStringLiteral("--block-length"), QStringLiteral("8"),
                                           QStringLiteral("--steps-per-block"), QStringLiteral("4")}));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QList<QJsonObject> lines = readJsonLines(out);
    QCOMPARE(lines.size(), 1);
    const QJsonObject& line = lines.front();
    for (const char* key : {"id", "prompt", "generated", "ids", "unmask_step", "prompt_tokens", "gen_length", "steps"})
        QVERIFY2(line.contains(QLatin1String(key)), key);
    QCOMPARE(line[QStringLiteral("prompt")].toString(), QStringLiteral("Solve for x: 2x + 29 = 41."));
    QCOMPARE(line[QStringLiteral("ids")].toArray().size(), 20);
    QCOMPARE(line[QStringLiteral("gen_length")].toInt(), 20);
    QVERIFY(line[QStringLiteral("prompt_tokens")].toInt() > 0);
    // Blocks of 8, 8 and 4 tokens, 4 steps each: 12 steps; each step commits tokensPerStep tokens.
    QCOMPARE(line[QStringLiteral("steps")].toInt(), 12);
    const QJsonArray steps = line[QStringLiteral("unmask_step")].toArray();
    QCOMPARE(steps.size(), 20);
    std::vector<int> perStep(12, 0);
    for (int i = 0; i < 20; ++i) {
        const int step = steps[i].toInt();
        QVERIFY2(step >= 0 && step < 12, qPrintable(QString::number(step)));
        QVERIFY2(step / 4 == i / 8, "a position was unmasked outside its block's steps");
        ++perStep[static_cast<std::size_t>(step)];
    }
    const std::vector<std::int64_t> full = tokensPerStep(8, 4), last = tokensPerStep(4, 4);
    for (int s = 0; s < 12; ++s)
        QCOMPARE(perStep[static_cast<std::size_t>(s)], static_cast<int>(s < 8 ? full[s % 4] : last[s % 4]));
}

void GenerateCliTest::generateFromACorpus() {
    const QString out = path(QStringLiteral("corpus.jsonl"));
    const Run run = runCli(generateArgs(out, {QStringLiteral("--corpus"), kCorpus, QStringLiteral("--limit"),
                                           QStringLiteral("3"), QStringLiteral("--gen-length"), QStringLiteral("8"),
                                           QStringLiteral("--layout"), QStringLiteral("block")}));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QList<QJsonObject> lines = readJsonLines(out);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0][QStringLiteral("id")].toString(), QStringLiteral("code-0000"));
    QCOMPARE(lines[1][QStringLiteral("id")].toString(), QStringLiteral("math-0001"));
    QVERIFY(lines[1][QStringLiteral("prompt")].toString().startsWith(QStringLiteral("Solve for x")));
    QVERIFY(!QFile::exists(out + QStringLiteral(".partial")));
}

void GenerateCliTest::seedMakesItDeterministic() {
    const QStringList sampling{QStringLiteral("--corpus"), kCorpus, QStringLiteral("--limit"), QStringLiteral("2"),
                               QStringLiteral("--gen-length"), QStringLiteral("16"), QStringLiteral("--temperature"),
                               QStringLiteral("1.0"), QStringLiteral("--remasking"), QStringLiteral("random"),
                               QStringLiteral("--block-length"), QStringLiteral("8"), QStringLiteral("--steps-per-block"),
                               QStringLiteral("4")};
    const QString a = path(QStringLiteral("seed7a.jsonl")), b = path(QStringLiteral("seed7b.jsonl")),
                  c = path(QStringLiteral("seed8.jsonl"));
    QCOMPARE(runCli(generateArgs(a, sampling + QStringList{QStringLiteral("--seed"), QStringLiteral("7")})).exitCode, 0);
    QCOMPARE(runCli(generateArgs(b, sampling + QStringList{QStringLiteral("--seed"), QStringLiteral("7")})).exitCode, 0);
    QCOMPARE(runCli(generateArgs(c, sampling + QStringList{QStringLiteral("--seed"), QStringLiteral("8")})).exitCode, 0);
    QVERIFY(!readAll(a).isEmpty());
    QCOMPARE(readAll(a), readAll(b));
    QVERIFY(readAll(a) != readAll(c));  // 32 tokens sampled at T = 1 from a barely trained model
}

void GenerateCliTest::evalOnTheHeldOutSplit() {
    const QString out = path(QStringLiteral("eval.jsonl"));
    const Run run = runCli({QStringLiteral("eval"), QStringLiteral("--checkpoint"), m_run, QStringLiteral("--corpus"),
                         kCorpus, QStringLiteral("--limit"), QStringLiteral("3"), QStringLiteral("--block-length"),
                         QStringLiteral("16"), QStringLiteral("--steps-per-block"), QStringLiteral("4"),
                         QStringLiteral("--out"), out});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QList<QJsonObject> lines = readJsonLines(out);
    QCOMPARE(lines.size(), 4);
    int matches = 0;
    for (int i = 0; i < 3; ++i) {
        const QJsonObject& line = lines[i];
        // The run held out 10% by id hash: every evaluated record is one of them.
        QVERIFY(isEvalRecord(line[QStringLiteral("id")].toString().toStdString(), 0.1));
        QVERIFY(line[QStringLiteral("match")].isBool());
        QVERIFY(line.contains(QStringLiteral("reference")));
        QVERIFY(line[QStringLiteral("gen_length")].toInt() > 0);  // the reference's length
        matches += line[QStringLiteral("match")].toBool() ? 1 : 0;
    }
    const QJsonObject& summary = lines.back();
    QVERIFY(summary[QStringLiteral("summary")].toBool());
    QCOMPARE(summary[QStringLiteral("count")].toInt(), 3);
    QCOMPARE(summary[QStringLiteral("matches")].toInt(), matches);
    QCOMPARE(summary[QStringLiteral("accuracy")].toDouble(), matches / 3.0);
    QCOMPARE(summary[QStringLiteral("split")].toString(), QStringLiteral("heldout"));
    QCOMPARE(summary[QStringLiteral("eval_fraction")].toDouble(), 0.1);
    QCOMPARE(summary[QStringLiteral("step")].toInt(), 3);
    QVERIFY2(run.out.contains(QStringLiteral("\"accuracy\"")), qPrintable(run.out));
}

void GenerateCliTest::evalAllWithFinalNumbers() {
    const QString out = path(QStringLiteral("eval-all.jsonl"));
    const Run run = runCli({QStringLiteral("eval"), QStringLiteral("--checkpoint"), m_checkpoint, QStringLiteral("--corpus"),
                         kCorpus, QStringLiteral("--split"), QStringLiteral("all"), QStringLiteral("--limit"),
                         QStringLiteral("2"), QStringLiteral("--gen-length"), QStringLiteral("8"), QStringLiteral("--match"),
                         QStringLiteral("final-number"), QStringLiteral("--out"), out});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QList<QJsonObject> lines = readJsonLines(out);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0][QStringLiteral("id")].toString(), QStringLiteral("code-0000"));
    QCOMPARE(lines[1][QStringLiteral("reference_number")].toString(), QStringLiteral("6"));  // "\boxed{6}."
    QVERIFY(lines[1].contains(QStringLiteral("predicted_number")));
    QCOMPARE(lines.back()[QStringLiteral("match")].toString(), QStringLiteral("final-number"));
}

void GenerateCliTest::badCheckpointsAreNamed() {
    const QStringList prompt{QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--gen-length"),
                             QStringLiteral("4")};
    const QString out = path(QStringLiteral("bad.jsonl"));
    // Missing.
    Run run = runCli({QStringLiteral("generate"), QStringLiteral("--checkpoint"), path(QStringLiteral("nowhere")),
                   QStringLiteral("--out"), out, QStringLiteral("--prompt"), QStringLiteral("x")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("nowhere")), qPrintable(run.err));

    // Corrupt weights: a copy with model.safetensors cut short.
    const QString corrupt = path(QStringLiteral("corrupt"));
    fs::copy(m_checkpoint.toStdString(), corrupt.toStdString(), fs::copy_options::recursive);
    const std::string weights = (corrupt + QStringLiteral("/model.safetensors")).toStdString();
    fs::resize_file(weights, fs::file_size(weights) / 2);
    run = runCli(QStringList{QStringLiteral("generate"), QStringLiteral("--checkpoint"), corrupt, QStringLiteral("--out"), out} +
              prompt);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("model.safetensors")), qPrintable(run.err));
    QVERIFY(!QFile::exists(out));

    // A tokenizer whose vocabulary does not fit the model: --tokenizer, and a swapped copy.
    const QString small = path(QStringLiteral("small.model"));
    QCOMPARE(runCli({QStringLiteral("tokenizer"), QStringLiteral("train"), QStringLiteral("--corpus"), kCorpus,
                  QStringLiteral("--vocab-size"), QStringLiteral("500"), QStringLiteral("--out"), small})
                 .exitCode,
             0);
    run = runCli(generateArgs(out, prompt + QStringList{QStringLiteral("--tokenizer"), small}));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("small.model")) && run.err.contains(QStringLiteral("vocabulary")),
             qPrintable(run.err));
    // The same tokenizer under another name is accepted.
    const QString same = path(QStringLiteral("same.model"));
    QVERIFY(QFile::copy(kTokenizer, same));
    QCOMPARE(runCli(generateArgs(out, prompt + QStringList{QStringLiteral("--tokenizer"), same})).exitCode, 0);
    QVERIFY(QFile::remove(out));
    // A run whose checkpoint's tokenizer copy was replaced.
    const QString swapped = path(QStringLiteral("swapped"));
    fs::copy(m_run.toStdString(), swapped.toStdString(), fs::copy_options::recursive);
    fs::copy_file(small.toStdString(), (swapped + QStringLiteral("/checkpoints/step_3/tokenizer.model")).toStdString(),
                  fs::copy_options::overwrite_existing);
    run = runCli(QStringList{QStringLiteral("generate"), QStringLiteral("--checkpoint"), swapped, QStringLiteral("--out"), out} +
                 prompt);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("tokenizer.model")) && run.err.contains(QStringLiteral("replaced")),
             qPrintable(run.err));
    QVERIFY(!QFile::exists(out));
}

void GenerateCliTest::usageErrors() {
    const QString out = path(QStringLiteral("usage.jsonl"));
    QCOMPARE(runCli(generateArgs(out, {})).exitCode, 2);  // neither --prompt nor --corpus
    QCOMPARE(runCli(generateArgs(out, {QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--corpus"), kCorpus}))
                 .exitCode,
             2);
    const Run tooLong = runCli(generateArgs(out, {QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--gen-length"),
                                               QStringLiteral("100000")}));
    QCOMPARE(tooLong.exitCode, 2);
    QVERIFY2(tooLong.err.contains(QStringLiteral("context")), qPrintable(tooLong.err));
    QCOMPARE(runCli(generateArgs(out, {QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--remasking"),
                                    QStringLiteral("sometimes")}))
                 .exitCode,
             2);
    QCOMPARE(runCli({QStringLiteral("eval"), QStringLiteral("--checkpoint"), m_checkpoint, QStringLiteral("--corpus"), kCorpus,
                  QStringLiteral("--match"), QStringLiteral("fuzzy"), QStringLiteral("--out"), out})
                 .exitCode,
             2);
    QVERIFY(!QFile::exists(out));
}

void GenerateCliTest::answerComparison() {
    QCOMPARE(normalizeAnswer("  a \n\t b  ", "whitespace"), std::string("a b"));
    QCOMPARE(normalizeAnswer(" a ", "none"), std::string(" a "));
    QVERIFY(answersMatch("def f():\n    return 1\n", "def f(): return 1", "exact", "whitespace"));
    QVERIFY(!answersMatch("def f():\n    return 1\n", "def f(): return 1", "exact", "none"));
    QCOMPARE(finalNumber("She has 3 apples and buys 4.\n#### 1,234").value(), std::string("1234"));
    QCOMPARE(finalNumber("x = 12 / 2 = 6.\nThe answer is \\boxed{6}.").value(), std::string("6"));
    QCOMPARE(finalNumber("#### -7 apples, not 8").value(), std::string("-7"));
    QCOMPARE(finalNumber("2.50 dollars").value(), std::string("2.50"));
    QVERIFY(!finalNumber("no digits here").has_value());
    QVERIFY(answersMatch("so the total is 42.0", "Add them.\n#### 42", "final-number", "whitespace"));
    QVERIFY(!answersMatch("so the total is 41", "#### 42", "final-number", "whitespace"));
    QVERIFY(!answersMatch("nothing", "#### 42", "final-number", "whitespace"));
    QVERIFY_THROWS_EXCEPTION(maskscope::UsageError, answersMatch("a", "a", "fuzzy", "none"));
}

QTEST_GUILESS_MAIN(GenerateCliTest)
#include "test_gpu_generate_cli.moc"
