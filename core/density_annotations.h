// The "annotations" density source: scores come from hub spans stored in an annotation file
// (AnnotationSet), e.g. imported from an LLM annotator or marked by hand.
#pragma once

#include "density_source.h"

#include <memory>

namespace maskscope {

// Creates the source registered as "annotations". A response token scores 1.0 when its byte
// range [begin, end) overlaps a span of its record (shares at least one byte with it), else 0.0;
// prompt tokens score 0, and so does every token of a record without annotations.
//
// score() throws InputError, naming the annotation file, when a record's annotation was made for
// a different response text (its text_hash does not match) or a span does not fit the response
// (past its end, or inside a UTF-8 character): the offsets would point at the wrong text.
//
// Throws UsageError when `context.annotations` is null. The set is borrowed and must outlive the
// source.
std::unique_ptr<DensitySource> makeAnnotationDensity(const DensityContext& context);

}  // namespace maskscope
