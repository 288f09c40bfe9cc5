// Text layout of one tokenized record for the record view, built for speed on 100k-token records.
//
// The record is shown as text: a header line for the prompt, the prompt's lines, a blank line, a
// header line for the response and the response's lines. Each token is shown as its original text
// (the bytes [begin, end) of the prompt or response it covers), not as its sentencepiece piece, so
// newlines and indentation read as in the source. A token's text is cut into fragments at newlines;
// a newline is a narrow fragment of its own (drawn as a marker, so a masked newline is visible),
// tabs expand to spaces up to the next tab stop (4 columns), other control characters show as '·'.
// A token that covers no bytes gets an empty fragment at its position.
//
// Two stages:
//   build()  once per record and font: characters, fragments and their x offsets from the start
//            of their source line, measured from a per-character advance cache (ASCII tokens are
//            read straight from the UTF-8 bytes, other tokens decoded one by one);
//   wrap()   once per width: cuts source lines into visual lines at fragment boundaries. Linear in
//            the number of fragments and allocation-free after the first call.
// The view then paints only the visual lines it shows, each line's text in one drawText call.
#pragma once

#include "core/record.h"

#include <QtCore/QString>
#include <QtGui/QFont>
#include <QtGui/QFontMetricsF>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace maskscope::ui {

class RecordLayout {
public:
    struct Fragment {
        std::uint32_t token = 0;   // index of the token in the record
        float x = 0.0f;            // left edge, from the start of its source line
        float width = 0.0f;
        std::uint32_t text = 0;    // first character in text()
        std::uint32_t length = 0;  // characters; 0 for a newline marker or an empty token
        bool newline = false;      // stands for a '\n'
    };

    enum class LineKind : std::uint8_t { Header, Text, Blank };

    // A visual line.
    struct Line {
        std::uint32_t fragmentBegin = 0;
        std::uint32_t fragmentEnd = 0;
        float xShift = 0.0f;          // subtract from a fragment's x to get its x in this line
        std::uint32_t sourceLine = 0; // 1-based line number in its segment; 0 for header and blank lines
        bool continuation = false;    // wraps the previous line
        LineKind kind = LineKind::Text;
        std::uint8_t segment = 0;     // 0 prompt, 1 response
    };

    // Lays out `record` in `font`; wrap() must follow before lines() is used.
    void build(const TokenizedRecord& record, const QFont& font);
    // Cuts source lines into visual lines no wider than `width` (a fragment wider than `width`
    // gets a line of its own).
    void wrap(double width);
    void clear();

    bool empty() const { return m_lines.empty(); }
    double lineHeight() const { return m_lineHeight; }
    double ascent() const { return m_ascent; }
    double characterWidth() const { return m_characterWidth; }
    double wrapWidth() const { return m_wrapWidth; }
    std::uint32_t largestSourceLine() const { return m_largestSourceLine; }

    const QString& text() const { return m_text; }
    const std::vector<Fragment>& fragments() const { return m_fragments; }
    const std::vector<Line>& lines() const { return m_lines; }
    std::size_t tokenCount() const { return m_tokenFragment.size(); }

    // The characters of a visual line (all of its fragments).
    QString lineText(const Line& line) const;
    // The visual line that holds the first fragment of `token`; nullopt for an unknown token.
    std::optional<std::size_t> lineOfToken(std::size_t token) const;
    // The first fragment of `token`.
    std::uint32_t firstFragment(std::size_t token) const { return m_tokenFragment[token]; }
    // The token whose fragment covers x (relative to the line's text start) in visual line `line`,
    // or -1. Empty fragments are never hit.
    long long tokenAt(std::size_t line, double x) const;

private:
    double advance(char16_t c, const QFontMetricsF& metrics);
    void addSegment(const TokenizedRecord& record, std::size_t first, std::size_t last, std::uint8_t segment,
                    const QFontMetricsF& metrics);

    // A source line: a range of fragments, or a header/blank line.
    struct SourceLine {
        std::uint32_t fragmentBegin = 0;
        std::uint32_t fragmentEnd = 0;
        std::uint32_t number = 0;
        LineKind kind = LineKind::Text;
        std::uint8_t segment = 0;
    };

    QString m_text;
    std::u16string m_chars;  // m_text while build() runs (appending to it is cheaper); kept for its capacity
    std::vector<Fragment> m_fragments;
    std::vector<SourceLine> m_sourceLines;
    std::vector<Line> m_lines;
    std::vector<std::uint32_t> m_tokenFragment;
    std::vector<float> m_advanceCache;  // per UTF-16 code unit of the BMP; < 0: not measured yet
    QFont m_cachedFont;
    double m_lineHeight = 0.0;
    double m_ascent = 0.0;
    double m_characterWidth = 0.0;
    double m_wrapWidth = -1.0;
    std::uint32_t m_largestSourceLine = 0;
};

}  // namespace maskscope::ui
