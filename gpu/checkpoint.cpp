#include "checkpoint.h"

#include "model_config.h"
#include "optimizer_state.h"
#include "safetensors.h"

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/tokenizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace maskscope {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStepPrefix = "step_";
constexpr const char* kTemporaryPrefix = ".tmp-";
constexpr const char* kTrashPrefix = ".trash-";
constexpr const char* kReplacedPrefix = ".old-";

std::string systemReason(int error) { return std::error_code(error, std::generic_category()).message(); }

// fsync of a directory, so that the renames and creations inside it survive a power loss.
void syncDirectory(const fs::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw InputError(directory.string(), 0, "cannot open the directory to sync it: " + systemReason(errno));
    const int result = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (result != 0) throw InputError(directory.string(), 0, "cannot sync the directory: " + systemReason(error));
}

void renameOrThrow(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0)
        throw InputError(to.string(), 0, "cannot rename " + from.string() + " to it: " + systemReason(errno));
}

std::optional<std::uint64_t> stepOfName(const std::string& name) {
    if (name.rfind(kStepPrefix, 0) != 0) return std::nullopt;
    const std::string digits = name.substr(std::string(kStepPrefix).size());
    if (digits.empty() || digits.size() > 19 || !std::all_of(digits.begin(), digits.end(), ::isdigit))
        return std::nullopt;
    return std::stoull(digits);
}

std::string readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "cannot open the file for reading");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw InputError(path, 0, "read error");
    return text.str();
}

// Removes a directory tree by first renaming it to a trash name: no step_N is ever half-deleted.
void discard(const fs::path& directory) {
    const fs::path trash = directory.parent_path() / (kTrashPrefix + directory.filename().string());
    std::error_code error;
    fs::remove_all(trash, error);
    if (::rename(directory.c_str(), trash.c_str()) != 0) return;
    fs::remove_all(trash, error);
}

}  // namespace

void requireTokenizerFitsModel(const Tokenizer& tokenizer, const ModelConfig& config, const std::string& configSource) {
    if (tokenizer.maskId() != config.maskTokenId || tokenizer.vocabSize() > config.vocabSize)
        throw InputError(tokenizer.path(), 0,
                         "the tokenizer has " + std::to_string(tokenizer.vocabSize()) + " pieces and mask id " +
                             std::to_string(tokenizer.maskId()) + ", but the model (" + configSource +
                             ") has vocab_size " + std::to_string(config.vocabSize) + " and mask_token_id " +
                             std::to_string(config.maskTokenId) + ": it was trained with another tokenizer");
}

std::vector<std::pair<std::uint64_t, std::string>> listCheckpoints(const std::string& checkpointsDir) {
    std::vector<std::pair<std::uint64_t, std::string>> found;
    std::error_code error;
    if (!fs::is_directory(checkpointsDir, error)) return found;
    for (const auto& entry : fs::directory_iterator(checkpointsDir, error)) {
        if (!entry.is_directory(error)) continue;
        if (const auto step = stepOfName(entry.path().filename().string()))
            found.emplace_back(*step, entry.path().string());
    }
    std::sort(found.begin(), found.end());
    return found;
}

std::optional<std::string> latestCheckpoint(const std::string& checkpointsDir) {
    const auto all = listCheckpoints(checkpointsDir);
    if (all.empty()) return std::nullopt;
    return all.back().second;
}

void cleanCheckpointLeftovers(const std::string& checkpointsDir) {
    std::error_code error;
    if (!fs::is_directory(checkpointsDir, error)) return;
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(checkpointsDir, error)) entries.push_back(entry.path());
    for (const auto& path : entries) {
        const std::string name = path.filename().string();
        if (name.rfind(kReplacedPrefix, 0) == 0) {
            // An interrupted replacement moved step_N aside before the new one was in place.
            const fs::path original = path.parent_path() / name.substr(std::string(kReplacedPrefix).size());
            if (!fs::exists(original, error)) {
                if (::rename(path.c_str(), original.c_str()) == 0) continue;
            }
            fs::remove_all(path, error);
        } else if (name.rfind(kTemporaryPrefix, 0) == 0 || name.rfind(kTrashPrefix, 0) == 0) {
            fs::remove_all(path, error);
        }
    }
}

std::string writeCheckpoint(const std::string& checkpointsDir, DiffusionTransformer& model,
                            const torch::optim::AdamW& optimizer, const TrainerState& state,
                            const std::string& tokenizerPath, const CheckpointWriteOptions& options) {
    const fs::path parent(checkpointsDir);
    std::error_code error;
    fs::create_directories(parent, error);
    if (error) throw InputError(checkpointsDir, 0, "cannot create the checkpoint directory: " + error.message());
    cleanCheckpointLeftovers(checkpointsDir);

    const std::string name = kStepPrefix + std::to_string(state.step);
    const fs::path final = parent / name;
    const fs::path temporary = parent / (kTemporaryPrefix + name + "." + std::to_string(::getpid()));
    fs::remove_all(temporary, error);
    if (!fs::create_directory(temporary, error) || error)
        throw InputError(temporary.string(), 0, "cannot create the temporary checkpoint directory: " + error.message());

    const auto stage = [&](const std::string& what) {
        if (options.afterStage) options.afterStage(what);
    };
    try {
        writeModelConfig((temporary / kCheckpointConfigFile).string(), model->config());
        stage(kCheckpointConfigFile);
        saveModuleWeights((temporary / kCheckpointWeightsFile).string(), *model,
                          {{"step", std::to_string(state.step)}});
        stage(kCheckpointWeightsFile);
        saveOptimizerState((temporary / kCheckpointOptimizerFile).string(), optimizer, *model);
        stage(kCheckpointOptimizerFile);
        writeFileAtomically((temporary / kCheckpointTokenizerFile).string(), readWholeFile(tokenizerPath));
        stage(kCheckpointTokenizerFile);
        writeFileAtomically((temporary / kCheckpointStateFile).string(), trainerStateToJson(state));
        stage(kCheckpointStateFile);
        syncDirectory(temporary);
        stage("synced");

        if (fs::exists(final, error)) {
            const fs::path aside = parent / (kReplacedPrefix + name);
            fs::remove_all(aside, error);
            renameOrThrow(final, aside);
            renameOrThrow(temporary, final);
            fs::remove_all(aside, error);
        } else {
            renameOrThrow(temporary, final);
        }
        syncDirectory(parent);
        stage("renamed");
    } catch (...) {
        fs::remove_all(temporary, error);
        throw;
    }

    const auto all = listCheckpoints(checkpointsDir);
    const std::size_t keep = static_cast<std::size_t>(std::max(options.keep, 1));
    for (std::size_t i = 0; i + keep < all.size(); ++i)
        if (all[i].second != final.string()) discard(all[i].second);
    return final.string();
}

LoadedCheckpoint loadCheckpoint(const std::string& directory, const torch::Device& device) {
    const fs::path dir(directory);
    std::error_code error;
    if (!fs::is_directory(dir, error)) throw InputError(directory, 0, "no checkpoint directory here");
    for (const char* file : {kCheckpointConfigFile, kCheckpointWeightsFile, kCheckpointStateFile, kCheckpointTokenizerFile})
        if (!fs::exists(dir / file, error))
            throw InputError((dir / file).string(), 0, "missing: the checkpoint is incomplete");

    LoadedCheckpoint loaded;
    loaded.directory = directory;
    const std::string configPath = (dir / kCheckpointConfigFile).string();
    loaded.config = readModelConfig(configPath);
    loaded.state = readTrainerState((dir / kCheckpointStateFile).string());
    loaded.tokenizerPath = (dir / kCheckpointTokenizerFile).string();
    requireTokenizerFitsModel(Tokenizer::load(loaded.tokenizerPath), loaded.config, configPath);

    loaded.model = DiffusionTransformer(loaded.config);
    loaded.model->to(device);
    const SafetensorsMetadata metadata = loadModuleWeights((dir / kCheckpointWeightsFile).string(), *loaded.model);
    if (const auto step = metadata.find("step"); step != metadata.end() && step->second != std::to_string(loaded.state.step))
        throw InputError((dir / kCheckpointWeightsFile).string(), 0,
                         "holds the weights of step " + step->second + ", but trainer_state.json says step " +
                             std::to_string(loaded.state.step));
    return loaded;
}

}  // namespace maskscope
