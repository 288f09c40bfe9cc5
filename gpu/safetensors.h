// safetensors files (https://huggingface.co/docs/safetensors): the checkpoint format shared with
// the Python ecosystem, as torch tensors.
//
// The layout and the validation of the header (nothing in a file is trusted; every inconsistency
// is an InputError naming the file and the problem, before any tensor memory is allocated) live
// in core/safetensors_header.h, which also declares SafetensorsHeader, SafetensorsEntry,
// SafetensorsMetadata and readSafetensorsHeader().
#pragma once

#include "core/safetensors_header.h"

#include <torch/nn/module.h>
#include <torch/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace maskscope {

// Version of the weight files written by saveModuleWeights(), stored in the metadata.
inline constexpr int kWeightsFormatVersion = 1;

struct NamedTensor {
    std::string name;
    torch::Tensor tensor;
};

struct SafetensorsContents {
    std::vector<NamedTensor> tensors;  // CPU tensors in data-offset order
    SafetensorsMetadata metadata;

    // Null when no tensor has that name.
    const torch::Tensor* find(const std::string& name) const;
};

// Supported dtypes: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL.
// Writes atomically (temporary file in the same directory, fsync, rename); tensors on any
// device, any layout. Throws UsageError for an empty, duplicate or reserved name or an
// unsupported dtype, and InputError when the file cannot be written.
void writeSafetensors(const std::string& path, const std::vector<NamedTensor>& tensors,
                      const SafetensorsMetadata& metadata = {});

// Reads a whole file into CPU tensors.
SafetensorsContents readSafetensors(const std::string& path);

// Every parameter and buffer of `module` under its state-dict name (e.g. "layers.0.attn.q_proj.weight").
// The metadata gains "format": "pt" and "maskscope_weights_version".
void saveModuleWeights(const std::string& path, const torch::nn::Module& module, SafetensorsMetadata metadata = {});

// Loads a file written by saveModuleWeights() (or any safetensors file with the same names) into
// `module`. The file must hold exactly the module's tensors with the same shapes; floating point
// tensors are converted to the parameter's dtype and device. Everything is checked before the
// first parameter changes, so a rejected file leaves the module as it was. InputError names the
// file and the first problem, e.g. "model.safetensors: tensor 'layers.0.attn.q_proj.weight' has
// shape [64,128], model expects [128,128]". Returns the file's metadata.
SafetensorsMetadata loadModuleWeights(const std::string& path, torch::nn::Module& module);

}  // namespace maskscope
