#include "ui/record_layout.h"

#include <algorithm>
#include <cmath>

namespace maskscope::ui {

namespace {

constexpr int kTabColumns = 4;
constexpr char16_t kControlGlyph = u'\u00b7';  // shown for control characters other than \t and \n

}  // namespace

void RecordLayout::clear() {
    m_text.clear();
    m_fragments.clear();
    m_sourceLines.clear();
    m_lines.clear();
    m_tokenFragment.clear();
    m_wrapWidth = -1.0;
    m_largestSourceLine = 0;
}

double RecordLayout::advance(char16_t c, const QFontMetricsF& metrics) {
    float& cached = m_advanceCache[c];
    if (cached < 0.0f) cached = static_cast<float>(metrics.horizontalAdvance(QChar(c)));
    return cached;
}

void RecordLayout::build(const TokenizedRecord& record, const QFont& font) {
    clear();
    if (m_advanceCache.empty() || !(font == m_cachedFont)) {
        m_advanceCache.assign(0x10000, -1.0f);
        m_cachedFont = font;
    }
    const QFontMetricsF metrics(font);
    // Room below the descenders for the 3-pixel mask bar.
    m_lineHeight = std::ceil(metrics.height()) + 5.0;
    m_ascent = metrics.ascent() + 1.0;
    m_characterWidth = metrics.horizontalAdvance(QLatin1Char('0'));
    m_tokenFragment.assign(record.size(), 0);
    m_fragments.reserve(record.size() + record.size() / 8);
    m_chars.clear();
    m_chars.reserve(record.record.prompt.size() + record.record.response.size());

    m_sourceLines.push_back({0, 0, 0, LineKind::Header, 0});
    addSegment(record, 0, record.promptTokens, 0, metrics);
    m_sourceLines.push_back({0, 0, 0, LineKind::Blank, 0});
    m_sourceLines.push_back({0, 0, 0, LineKind::Header, 1});
    addSegment(record, record.promptTokens, record.size(), 1, metrics);
    m_text = QString(reinterpret_cast<const QChar*>(m_chars.data()), static_cast<qsizetype>(m_chars.size()));
    // Header and blank lines sit between text lines: give them the position of the next fragment so
    // that visual lines stay sorted by fragment index.
    auto next = static_cast<std::uint32_t>(m_fragments.size());
    for (auto it = m_sourceLines.rbegin(); it != m_sourceLines.rend(); ++it) {
        if (it->kind == LineKind::Text) next = it->fragmentBegin;
        else it->fragmentBegin = it->fragmentEnd = next;
    }
}

void RecordLayout::addSegment(const TokenizedRecord& record, std::size_t first, std::size_t last,
                              std::uint8_t segment, const QFontMetricsF& metrics) {
    const std::string& source = segment == 0 ? record.record.prompt : record.record.response;
    const double space = advance(u' ', metrics);
    const double tabStop = kTabColumns * space;
    const double newlineWidth = std::max(space, advance(u'\u21b5', metrics));

    std::uint32_t lineNumber = 1;
    SourceLine line{static_cast<std::uint32_t>(m_fragments.size()), 0, lineNumber, LineKind::Text, segment};
    double x = 0.0;
    auto closeLine = [&]() {
        line.fragmentEnd = static_cast<std::uint32_t>(m_fragments.size());
        m_sourceLines.push_back(line);
        m_largestSourceLine = std::max(m_largestSourceLine, line.number);
        line = SourceLine{line.fragmentEnd, 0, ++lineNumber, LineKind::Text, segment};
        x = 0.0;
    };

    // Lays out the UTF-16 code units [units, units + count) of token `index` (its text as shown).
    // Instantiated for plain bytes (an ASCII token, read straight from `source`) and for the
    // decoded text of any other token.
    auto layOut = [&](const auto* units, std::size_t count, std::uint32_t index) {
        Fragment open{index, static_cast<float>(x), 0.0f, static_cast<std::uint32_t>(m_chars.size()), 0, false};
        auto flush = [&]() {
            if (open.length == 0) return;
            open.width = static_cast<float>(x - open.x);
            m_fragments.push_back(open);
        };
        for (std::size_t i = 0; i < count; ++i) {
            const auto c = static_cast<char16_t>(units[i]);
            if (c == u'\n') {
                flush();
                m_fragments.push_back({index, static_cast<float>(x), static_cast<float>(newlineWidth),
                                       static_cast<std::uint32_t>(m_chars.size()), 0, true});
                closeLine();
                open = Fragment{index, 0.0f, 0.0f, static_cast<std::uint32_t>(m_chars.size()), 0, false};
                continue;
            }
            if (c == u'\t') {
                const double target = (std::floor(x / tabStop + 1e-6) + 1.0) * tabStop;
                const int spaces = std::max(1, static_cast<int>(std::lround((target - x) / space)));
                m_chars.append(static_cast<std::size_t>(spaces), u' ');
                open.length += static_cast<std::uint32_t>(spaces);
                x += spaces * space;
                continue;
            }
            if (QChar::isHighSurrogate(c) && i + 1 < count) {
                const char16_t pair[2] = {c, static_cast<char16_t>(units[i + 1])};
                m_chars.append(pair, 2);
                open.length += 2;
                x += metrics.horizontalAdvance(QString(reinterpret_cast<const QChar*>(pair), 2));
                ++i;
                continue;
            }
            const char16_t shown = (c < 0x20 || c == 0x7f) ? kControlGlyph : c;
            m_chars.push_back(shown);
            open.length += 1;
            x += advance(shown, metrics);
        }
        flush();
    };

    QString decoded;  // the text of the current non-ASCII token; reused
    for (std::size_t t = first; t < last; ++t) {
        const Token& token = record.tokens[t];
        const auto index = static_cast<std::uint32_t>(t);
        m_tokenFragment[t] = static_cast<std::uint32_t>(m_fragments.size());
        const std::size_t begin = std::min<std::size_t>(token.begin, source.size());
        const std::size_t end = std::min<std::size_t>(std::max(token.end, token.begin), source.size());
        if (begin >= end) {
            m_fragments.push_back({index, static_cast<float>(x), 0.0f, static_cast<std::uint32_t>(m_chars.size()), 0,
                                   false});
            continue;
        }
        // Most tokens are ASCII: their bytes are their UTF-16 code units, no decoding needed.
        const auto* bytes = reinterpret_cast<const unsigned char*>(source.data() + begin);
        const std::size_t length = end - begin;
        bool ascii = true;
        for (std::size_t i = 0; i < length && ascii; ++i) ascii = bytes[i] < 0x80;
        if (ascii) {
            layOut(bytes, length, index);
        } else {
            // Decoded per token, as a token's bytes need not hold whole UTF-8 characters (byte
            // fallback): an incomplete sequence shows as U+FFFD.
            decoded = QString::fromUtf8(reinterpret_cast<const char*>(bytes), static_cast<qsizetype>(length));
            layOut(reinterpret_cast<const char16_t*>(decoded.utf16()), static_cast<std::size_t>(decoded.size()), index);
        }
    }
    // The last line, unless the segment ended with a newline (then it is empty).
    line.fragmentEnd = static_cast<std::uint32_t>(m_fragments.size());
    if (line.fragmentEnd > line.fragmentBegin || lineNumber == 1) {
        m_sourceLines.push_back(line);
        m_largestSourceLine = std::max(m_largestSourceLine, line.number);
    }
}

void RecordLayout::wrap(double width) {
    m_wrapWidth = width;
    m_lines.clear();
    m_lines.reserve(m_sourceLines.size() + m_sourceLines.size() / 4);
    for (const SourceLine& source : m_sourceLines) {
        Line line;
        line.kind = source.kind;
        line.segment = source.segment;
        line.sourceLine = source.number;
        line.fragmentBegin = source.fragmentBegin;
        line.fragmentEnd = source.fragmentEnd;
        if (source.kind != LineKind::Text || source.fragmentBegin == source.fragmentEnd) {
            m_lines.push_back(line);
            continue;
        }
        line.xShift = m_fragments[source.fragmentBegin].x;
        for (std::uint32_t f = source.fragmentBegin; f < source.fragmentEnd; ++f) {
            const Fragment& fragment = m_fragments[f];
            if (f > line.fragmentBegin && fragment.x + fragment.width - line.xShift > width) {
                line.fragmentEnd = f;
                m_lines.push_back(line);
                line.fragmentBegin = f;
                line.xShift = fragment.x;
                line.continuation = true;
            }
        }
        line.fragmentEnd = source.fragmentEnd;
        m_lines.push_back(line);
    }
}

QString RecordLayout::lineText(const Line& line) const {
    if (line.fragmentBegin >= line.fragmentEnd) return {};
    const Fragment& first = m_fragments[line.fragmentBegin];
    const Fragment& last = m_fragments[line.fragmentEnd - 1];
    return m_text.mid(first.text, last.text + last.length - first.text);
}

std::optional<std::size_t> RecordLayout::lineOfToken(std::size_t token) const {
    if (token >= m_tokenFragment.size() || m_lines.empty()) return std::nullopt;
    const std::uint32_t fragment = m_tokenFragment[token];
    // The last line whose fragments start at or before `fragment` and that contains it.
    auto it = std::upper_bound(m_lines.begin(), m_lines.end(), fragment,
                               [](std::uint32_t f, const Line& line) { return f < line.fragmentBegin; });
    // Text lines partition the fragments, so the last non-empty line before `it` holds it.
    while (it != m_lines.begin()) {
        --it;
        if (it->fragmentBegin < it->fragmentEnd) {
            if (fragment < it->fragmentEnd) return static_cast<std::size_t>(it - m_lines.begin());
            return std::nullopt;
        }
    }
    return std::nullopt;
}

long long RecordLayout::tokenAt(std::size_t lineIndex, double x) const {
    if (lineIndex >= m_lines.size()) return -1;
    const Line& line = m_lines[lineIndex];
    if (line.kind != LineKind::Text || line.fragmentBegin >= line.fragmentEnd) return -1;
    const double target = x + line.xShift;
    // First fragment whose right edge lies beyond target.
    auto begin = m_fragments.begin() + line.fragmentBegin;
    auto end = m_fragments.begin() + line.fragmentEnd;
    auto it = std::upper_bound(begin, end, target,
                               [](double value, const Fragment& f) { return value < f.x + f.width; });
    // Right edges never decrease along a line, and an empty fragment's right edge is its left edge,
    // so `it` is never empty and is hit exactly when target lies past its left edge.
    if (it != end && target >= it->x) return it->token;
    return -1;
}

}  // namespace maskscope::ui
