// Density sources: each gives every token of a tokenized record an information-density score in
// [0,1] (prompt tokens always 0). Sources are created by name through an open registry so that
// model-based sources (gpu/) can register themselves next to the rule-based ones.
#pragma once

#include "record.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace maskscope {

class AnnotationSet;

// What a source may need besides the record. Pointers are borrowed and must outlive the source.
struct DensityContext {
    const AnnotationSet* annotations = nullptr;
    std::map<std::string, std::string> params;  // source-specific options, e.g. {"k","4"}
};

class DensitySource {
public:
    virtual ~DensitySource() = default;
    virtual std::string name() const = 0;
    // One score per token of `record`, each in [0,1]; prompt tokens get 0.
    virtual std::vector<float> score(const TokenizedRecord& record) const = 0;
};

using DensityFactory = std::function<std::unique_ptr<DensitySource>(const DensityContext&)>;

// Every member function may be called from any thread.
class DensityRegistry {
public:
    // The process-wide registry, with the built-in sources (rules:code, rules:math, annotations, blend)
    // already registered.
    static DensityRegistry& instance();

    // Registers `factory` under `name`; adding a name again replaces its entry. Throws UsageError
    // for an empty name or an empty factory.
    void add(const std::string& name, std::string description, DensityFactory factory);
    bool contains(const std::string& name) const;
    // Throws UsageError naming the known sources when `name` is unknown; the factory itself may
    // throw UsageError for params or a context it cannot use.
    std::unique_ptr<DensitySource> create(const std::string& name, const DensityContext& context) const;
    // (name, description) of every registered source, sorted by name.
    std::vector<std::pair<std::string, std::string>> list() const;

private:
    struct Entry {
        std::string description;
        DensityFactory factory;
    };
    mutable std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
};

// Turns per-byte scores of a segment into per-token scores: each token takes the maximum score
// over the bytes it covers (a token that touches a hub byte belongs to the hub).
// `byteScores` covers the response text; tokens before `record.promptTokens` get 0. A token that
// covers no byte (begin >= end, or a range past the end of `byteScores`, which is clipped) gets 0;
// scores are clamped to [0,1] and NaN counts as 0.
std::vector<float> tokenScoresFromBytes(const TokenizedRecord& record, const std::vector<float>& byteScores);

}  // namespace maskscope
