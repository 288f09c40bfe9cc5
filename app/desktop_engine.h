// The engine's part of the desktop app: registers what the LibTorch engine offers the panels (the
// model density sources model:surprisal, model:entropy, model:attention) with the core registry, so
// that ui/ reaches them by name without seeing a tensor. Wiring only.
#pragma once

namespace maskscope::app {

// Registers the engine's density sources; returns false when this build has no engine
// (MASKSCOPE_TORCH=OFF), in which case the app offers no model sources. Call before the main
// window is built: its panels list the registry once.
bool registerEngine();

// Whether the engine sees a CUDA device (a training run may then use --device cuda).
bool engineHasCuda();

}  // namespace maskscope::app
