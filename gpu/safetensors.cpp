#include "safetensors.h"

#include "core/atomic_file.h"
#include "core/error.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <bit>
#include <set>
#include <unordered_map>

namespace maskscope {
namespace {

static_assert(std::endian::native == std::endian::little,
              "safetensors data is little-endian; this build copies bytes as they are");

// The dtypes of core/safetensors_header.h as torch scalar types.
struct DTypeInfo {
    const char* name;
    torch::ScalarType type;
};

constexpr DTypeInfo kDTypes[] = {
    {"F64", torch::kFloat64}, {"F32", torch::kFloat32}, {"F16", torch::kFloat16}, {"BF16", torch::kBFloat16},
    {"I64", torch::kInt64},   {"I32", torch::kInt32},   {"I16", torch::kInt16},   {"I8", torch::kInt8},
    {"U8", torch::kUInt8},    {"BOOL", torch::kBool},
};

const DTypeInfo* dtypeByName(const std::string& name) {
    for (const auto& info : kDTypes)
        if (name == info.name) return &info;
    return nullptr;
}

const DTypeInfo* dtypeByType(torch::ScalarType type) {
    for (const auto& info : kDTypes)
        if (type == info.type) return &info;
    return nullptr;
}

std::string shapeText(const std::vector<std::int64_t>& shape) { return safetensorsShapeText(shape); }

std::string tensorLabel(const std::string& name) { return "tensor '" + name + "'"; }

// Tensor metadata for the header writer, the data copied to the CPU as contiguous bytes.
struct PreparedTensor {
    const std::string* name;
    const DTypeInfo* dtype;
    std::uint64_t elementBytes;
    torch::Tensor data;  // contiguous, CPU
};

}  // namespace

const torch::Tensor* SafetensorsContents::find(const std::string& name) const {
    for (const auto& item : tensors)
        if (item.name == name) return &item.tensor;
    return nullptr;
}

void writeSafetensors(const std::string& path, const std::vector<NamedTensor>& tensors, const SafetensorsMetadata& metadata) {
    std::vector<PreparedTensor> prepared;
    std::set<std::string> names;
    prepared.reserve(tensors.size());
    for (const auto& item : tensors) {
        if (item.name.empty() || item.name == kSafetensorsMetadataKey)
            throw UsageError("safetensors: invalid tensor name '" + item.name + "'");
        if (!names.insert(item.name).second) throw UsageError("safetensors: tensor name '" + item.name + "' used twice");
        if (!item.tensor.defined()) throw UsageError("safetensors: tensor '" + item.name + "' is undefined");
        const DTypeInfo* dtype = dtypeByType(item.tensor.scalar_type());
        if (dtype == nullptr)
            throw UsageError("safetensors: tensor '" + item.name + "' has unsupported dtype " +
                             std::string(c10::toString(item.tensor.scalar_type())));
        prepared.push_back({&item.name, dtype, safetensorsDTypeBytes(dtype->name), item.tensor.detach().to(torch::kCPU).contiguous()});
    }

    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header[kSafetensorsMetadataKey] = metadata;
    std::uint64_t offset = 0;
    for (const auto& item : prepared) {
        const std::uint64_t bytes = static_cast<std::uint64_t>(item.data.numel()) * item.elementBytes;
        header[*item.name] = {{"dtype", item.dtype->name},
                              {"shape", item.data.sizes().vec()},
                              {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string headerText = header.dump();
    // Pad with spaces so that the data area starts 8-byte aligned, as the reference writer does.
    headerText.append((8 - headerText.size() % 8) % 8, ' ');

    std::string contents;
    contents.reserve(8 + headerText.size() + offset);
    for (int i = 0; i < 8; ++i) contents.push_back(static_cast<char>((headerText.size() >> (8 * i)) & 0xff));
    contents += headerText;
    for (const auto& item : prepared)
        contents.append(static_cast<const char*>(item.data.data_ptr()), item.data.numel() * item.elementBytes);
    writeFileAtomically(path, contents);
}

SafetensorsContents readSafetensors(const std::string& path) {
    SafetensorsReader reader(path);
    const SafetensorsHeader& header = reader.header();
    SafetensorsContents contents;
    contents.metadata = header.metadata;
    contents.tensors.reserve(header.entries.size());
    for (const auto& entry : header.entries) {
        auto tensor = torch::empty(entry.shape, torch::TensorOptions().dtype(dtypeByName(entry.dtype)->type));
        reader.readData(entry, tensor.data_ptr());
        contents.tensors.push_back({entry.name, std::move(tensor)});
    }
    return contents;
}

void saveModuleWeights(const std::string& path, const torch::nn::Module& module, SafetensorsMetadata metadata) {
    std::vector<NamedTensor> tensors;
    for (const auto& item : module.named_parameters(/*recurse=*/true)) tensors.push_back({item.key(), item.value()});
    for (const auto& item : module.named_buffers(/*recurse=*/true)) tensors.push_back({item.key(), item.value()});
    metadata["format"] = "pt";
    metadata["maskscope_weights_version"] = std::to_string(kWeightsFormatVersion);
    writeSafetensors(path, tensors, metadata);
}

SafetensorsMetadata loadModuleWeights(const std::string& path, torch::nn::Module& module) {
    SafetensorsContents contents = readSafetensors(path);
    std::unordered_map<std::string, torch::Tensor*> fromFile;
    for (auto& item : contents.tensors) fromFile[item.name] = &item.tensor;

    std::vector<std::pair<torch::Tensor, torch::Tensor*>> assignments;  // (model tensor, file tensor)
    std::set<std::string> expected;
    const auto plan = [&](const std::string& name, const torch::Tensor& target) {
        expected.insert(name);
        const auto found = fromFile.find(name);
        if (found == fromFile.end())
            throw InputError(path, 0, tensorLabel(name) + " missing (the file has " + std::to_string(contents.tensors.size()) +
                                          " tensors; is it a checkpoint of this model?)");
        const torch::Tensor& source = *found->second;
        if (!source.sizes().equals(target.sizes()))
            throw InputError(path, 0, tensorLabel(name) + " has shape " + shapeText(source.sizes().vec()) +
                                          ", model expects " + shapeText(target.sizes().vec()));
        const bool convertible = source.scalar_type() == target.scalar_type() ||
                                 (torch::isFloatingType(source.scalar_type()) && torch::isFloatingType(target.scalar_type()));
        if (!convertible)
            throw InputError(path, 0, tensorLabel(name) + " has dtype " + dtypeByType(source.scalar_type())->name +
                                          ", model expects " + std::string(c10::toString(target.scalar_type())));
        assignments.emplace_back(target, found->second);
    };
    for (const auto& item : module.named_parameters(/*recurse=*/true)) plan(item.key(), item.value());
    for (const auto& item : module.named_buffers(/*recurse=*/true)) plan(item.key(), item.value());
    for (const auto& item : contents.tensors)
        if (!expected.count(item.name))
            throw InputError(path, 0, "unexpected " + tensorLabel(item.name) + ": the model has no tensor of that name");

    torch::NoGradGuard noGrad;
    for (auto& [target, source] : assignments) target.copy_(*source);
    return contents.metadata;
}

}  // namespace maskscope
