// The "blend" density source: a weighted mean of other sources (rules, annotations, model:*),
//
//   d_i = clamp( sum_j w_j * d_j,i / sum_j w_j , 0, 1 ),   NaN from a member counts as 0,
//
// so a blend of sources in [0,1] stays in [0,1] and a single member with any positive weight gives
// that member's scores unchanged. Prompt tokens get 0 (every member gives them 0 already).
//
// Params:
//   "sources"      the members and their weights, "NAME=W,NAME=W" (e.g. "rules:code=0.5,model:surprisal=0.5");
//                  a member without "=W" weighs 1. Weights are finite and >= 0, their sum > 0; a name
//                  appears once; "blend" cannot be a member of itself.
//   "NAME.KEY"     handed to member NAME as its param KEY (e.g. "rules:code.language" = "python").
//   any other KEY  handed to every model:* member (they share checkpoint, tokenizer, k, device, ...),
//                  and to no other member (rule sources accept only their own params).
// The context's annotation set is handed to every member.
#pragma once

#include "density_source.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace maskscope {

struct BlendMember {
    std::string source;
    double weight = 1.0;
};

// Parses "NAME=W,NAME=W". Throws UsageError quoting `spec` for an empty member, a weight that is
// not a finite number >= 0, a repeated name, "blend" as a member, or weights summing to 0. Names
// are not looked up here (see makeBlendDensity).
std::vector<BlendMember> parseBlendSpec(std::string_view spec);

// True when `text` is a blend spec rather than a source name (it holds '=' or ',').
bool isBlendSpec(std::string_view text);

// Creates the source registered as "blend". Throws UsageError for a missing or bad "sources"
// param, naming the spec, and for an unknown member (with the known sources), and whatever a
// member's own factory throws for its params.
std::unique_ptr<DensitySource> makeBlendDensity(const DensityContext& context);

}  // namespace maskscope
