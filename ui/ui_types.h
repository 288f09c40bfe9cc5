// Value types the panels share and hand across threads: read-only handles to the loaded documents
// and to the inspection of the current record. Handles are shared pointers to const objects, so a
// worker thread can keep using a corpus or tokenizer that the user has since replaced.
#pragma once

#include "core/annotations.h"
#include "core/corpus_reader.h"
#include "core/inspection.h"
#include "core/tokenizer.h"

#include <QtCore/QMetaType>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace maskscope::ui {

using CorpusHandle = std::shared_ptr<const Corpus>;
using TokenizerHandle = std::shared_ptr<const Tokenizer>;
using AnnotationsHandle = std::shared_ptr<const AnnotationSet>;
using InspectionHandle = std::shared_ptr<const RecordInspection>;

// A range of token indices [begin, end) of the current record; empty when begin == end.
struct TokenRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool empty() const { return begin >= end; }
    friend bool operator==(const TokenRange&, const TokenRange&) = default;
};

// A character-level selection in the current record's response: UTF-8 byte offsets [begin, end)
// (the unit of annotation spans); empty when begin == end.
struct ByteRange {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    bool empty() const { return begin >= end; }
    friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// How the record view shows the two samples of Complementary Priority Masking.
enum class SampleDisplay { Logical, Syntactic, SideBySide };

}  // namespace maskscope::ui

Q_DECLARE_METATYPE(maskscope::ui::CorpusHandle)
Q_DECLARE_METATYPE(maskscope::ui::TokenizerHandle)
Q_DECLARE_METATYPE(maskscope::ui::AnnotationsHandle)
Q_DECLARE_METATYPE(maskscope::ui::InspectionHandle)
