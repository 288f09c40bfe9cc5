#include "distributed.h"

#include "gradient_sync.h"

#include "core/error.h"

#include <torch/torch.h>

#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/Types.hpp>
#include <torch/csrc/distributed/c10d/Work.hpp>
#ifdef MASKSCOPE_HAVE_GLOO
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef MASKSCOPE_HAVE_NCCL
#ifndef USE_C10D_NCCL
#define USE_C10D_NCCL
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <utility>

namespace maskscope {
namespace {

std::optional<std::string> processEnvironment(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

// A whole decimal integer in [minimum, maximum], else UsageError naming the variable.
long long parseInteger(const std::string& name, const std::string& text, long long minimum, long long maximum,
                       const std::string& what) {
    errno = 0;
    char* end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || end == nullptr || *end != '\0' || errno == ERANGE || value < minimum || value > maximum)
        throw UsageError("data parallel: " + name + "='" + text + "' is not " + what);
    return value;
}

bool isLoopback(const std::string& address) {
    return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

std::string seconds(std::chrono::milliseconds timeout) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", static_cast<double>(timeout.count()) / 1000.0);
    return text;
}

// The collectives used here, over the concrete process group type (ProcessGroupGloo derives from
// ProcessGroup in LibTorch 1.13 and from Backend in 2.x; both have these virtual functions).
class Collectives {
public:
    virtual ~Collectives() = default;
    virtual c10::intrusive_ptr<c10d::Work> allreduce(std::vector<at::Tensor>& tensors, c10d::ReduceOp op) = 0;
    virtual c10::intrusive_ptr<c10d::Work> broadcast(std::vector<at::Tensor>& tensors, int root) = 0;
};

template <typename Group>
class GroupCollectives final : public Collectives {
public:
    explicit GroupCollectives(c10::intrusive_ptr<Group> group) : m_group(std::move(group)) {}
    c10::intrusive_ptr<c10d::Work> allreduce(std::vector<at::Tensor>& tensors, c10d::ReduceOp op) override {
        c10d::AllreduceOptions options;
        options.reduceOp = op;
        return m_group->allreduce(tensors, options);
    }
    c10::intrusive_ptr<c10d::Work> broadcast(std::vector<at::Tensor>& tensors, int root) override {
        c10d::BroadcastOptions options;
        options.rootRank = root;
        return m_group->broadcast(tensors, options);
    }

private:
    c10::intrusive_ptr<Group> m_group;
};

}  // namespace

std::optional<DistributedEnvironment> readDistributedEnvironment(const EnvironmentLookup& lookupOrNull) {
    const EnvironmentLookup lookup = lookupOrNull ? lookupOrNull : EnvironmentLookup(processEnvironment);
    const auto worldText = lookup("WORLD_SIZE");
    const auto rankText = lookup("RANK");
    DistributedEnvironment env;
    if (!worldText || worldText->empty()) {
        if (rankText && !rankText->empty() && *rankText != "0")
            throw UsageError("data parallel: RANK=" + *rankText + " is set but WORLD_SIZE is not");
        return std::nullopt;
    }
    env.worldSize = static_cast<int>(parseInteger("WORLD_SIZE", *worldText, 1, 1 << 20, "a positive integer"));
    if (!rankText || rankText->empty()) {
        if (env.worldSize == 1) return std::nullopt;
        throw UsageError("data parallel: WORLD_SIZE=" + *worldText + " but RANK is not set (each process needs "
                         "RANK=0.." + std::to_string(env.worldSize - 1) + ")");
    }
    env.rank = static_cast<int>(parseInteger("RANK", *rankText, 0, 1 << 20, "a rank (0, 1, ...)"));
    if (env.rank >= env.worldSize)
        throw UsageError("data parallel: RANK=" + *rankText + " is not below WORLD_SIZE=" + *worldText);
    if (env.worldSize == 1) return std::nullopt;

    const auto local = lookup("LOCAL_RANK");
    env.localRank = local && !local->empty()
                        ? static_cast<int>(parseInteger("LOCAL_RANK", *local, 0, 1 << 20, "a rank (0, 1, ...)"))
                        : env.rank;
    const auto address = lookup("MASTER_ADDR");
    if (!address || address->empty())
        throw UsageError("data parallel: WORLD_SIZE=" + *worldText +
                         " but MASTER_ADDR is not set (the host of rank 0, e.g. 127.0.0.1)");
    env.masterAddr = *address;
    const auto port = lookup("MASTER_PORT");
    if (!port || port->empty())
        throw UsageError("data parallel: WORLD_SIZE=" + *worldText + " but MASTER_PORT is not set (a free TCP "
                         "port on " + env.masterAddr + ")");
    env.masterPort = static_cast<std::uint16_t>(parseInteger("MASTER_PORT", *port, 1, 65535, "a TCP port (1..65535)"));
    if (const auto timeout = lookup("MASKSCOPE_DIST_TIMEOUT"); timeout && !timeout->empty())
        env.timeout = std::chrono::milliseconds(
            1000 * parseInteger("MASKSCOPE_DIST_TIMEOUT", *timeout, 1, 7 * 24 * 3600, "a number of seconds >= 1"));
    if (const auto backend = lookup("MASKSCOPE_DIST_BACKEND"); backend && !backend->empty()) {
        if (*backend != "auto" && *backend != "gloo" && *backend != "nccl")
            throw UsageError("data parallel: MASKSCOPE_DIST_BACKEND='" + *backend + "' is not auto, gloo or nccl");
        env.backend = *backend;
    }
    if (const auto interface = lookup("GLOO_SOCKET_IFNAME"); interface) env.socketInterface = *interface;
    return env;
}

bool distributedHasNccl() {
#ifdef MASKSCOPE_HAVE_NCCL
    return true;
#else
    return false;
#endif
}

std::string deviceForRank(const std::string& device, const DistributedEnvironment& environment) {
    if (device == "cuda") return "cuda:" + std::to_string(environment.localRank);
    return device;
}

struct DataParallelGroup::Impl {
    DistributedEnvironment env;
    std::string backendName;
    torch::Device device{torch::kCPU};
    c10::intrusive_ptr<c10d::Store> store;
    std::unique_ptr<Collectives> group;

    std::string where() const {
        return "rank " + std::to_string(env.rank) + " of " + std::to_string(env.worldSize) + " (" + backendName +
               ", " + env.masterAddr + ":" + std::to_string(env.masterPort) + ")";
    }
    // Waits for a collective; a failure (a rank died, the timeout passed) becomes one clear error.
    void wait(const c10::intrusive_ptr<c10d::Work>& work, const char* operation) const {
        try {
            work->wait(env.timeout);
        } catch (const std::exception& error) {
            throw std::runtime_error("data parallel: " + std::string(operation) + " failed on " + where() +
                                     " (another rank stopped or did not answer within MASKSCOPE_DIST_TIMEOUT = " +
                                     seconds(env.timeout) + "): " + firstLine(error.what()));
        }
    }
    static std::string firstLine(const std::string& text) {
        const auto end = text.find('\n');
        return end == std::string::npos ? text : text.substr(0, end);
    }
    void allreduce(torch::Tensor& tensor, c10d::ReduceOp op, const char* operation) {
        std::vector<at::Tensor> tensors{tensor};
        wait(group->allreduce(tensors, op), operation);
    }
};

DataParallelGroup::DataParallelGroup(const DistributedEnvironment& environment, const std::string& device)
    : m_impl(std::make_shared<Impl>()) {
    Impl& impl = *m_impl;
    impl.env = environment;
    impl.device = torch::Device(device);
    const bool nccl = impl.env.backend == "nccl" || (impl.env.backend == "auto" && impl.device.is_cuda() &&
                                                      distributedHasNccl());
    if (nccl && !distributedHasNccl())
        throw UsageError("data parallel: MASKSCOPE_DIST_BACKEND=nccl, but this build's LibTorch has no NCCL "
                         "(use gloo)");
    if (nccl && !impl.device.is_cuda())
        throw UsageError("data parallel: NCCL reduces CUDA tensors only; --device is " + device);
    impl.backendName = nccl ? "nccl" : "gloo";

    c10d::TCPStoreOptions storeOptions;
    storeOptions.port = impl.env.masterPort;
    storeOptions.isServer = impl.env.rank == 0;
    storeOptions.numWorkers = static_cast<std::size_t>(impl.env.worldSize);
    storeOptions.waitWorkers = true;
    storeOptions.timeout = impl.env.timeout;
    try {
        impl.store = c10::make_intrusive<c10d::TCPStore>(impl.env.masterAddr, storeOptions);
    } catch (const std::exception& error) {
        throw std::runtime_error(
            "data parallel: " + impl.where() + " could not " +
            (impl.env.rank == 0 ? "serve the rendezvous store or gather the other ranks"
                                : "reach the rendezvous store of rank 0") +
            " within MASKSCOPE_DIST_TIMEOUT = " + seconds(impl.env.timeout) + ": " + Impl::firstLine(error.what()));
    }
    try {
        if (nccl) {
#ifdef MASKSCOPE_HAVE_NCCL
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = impl.env.timeout;
            impl.group = std::make_unique<GroupCollectives<c10d::ProcessGroupNCCL>>(
                c10::make_intrusive<c10d::ProcessGroupNCCL>(impl.store, impl.env.rank, impl.env.worldSize, options));
#endif
        } else {
#ifndef MASKSCOPE_HAVE_GLOO
            throw UsageError("data parallel: this build's LibTorch has no c10d Gloo (install libgloo-dev and "
                             "reconfigure)");
#else
            auto options = c10d::ProcessGroupGloo::Options::create(impl.env.timeout);
            if (!impl.env.socketInterface.empty())
                options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(impl.env.socketInterface));
            else if (isLoopback(impl.env.masterAddr))
                options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
            else
                options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
            options->threads = 1;  // one collective at a time; the trainer waits for it
            impl.group = std::make_unique<GroupCollectives<c10d::ProcessGroupGloo>>(
                c10::make_intrusive<c10d::ProcessGroupGloo>(impl.store, impl.env.rank, impl.env.worldSize, options));
#endif
        }
    } catch (const UsageError&) {
        throw;
    } catch (const std::exception& error) {
        throw std::runtime_error("data parallel: " + impl.where() + " could not connect to the other ranks within " +
                                 "MASKSCOPE_DIST_TIMEOUT = " + seconds(impl.env.timeout) + ": " +
                                 Impl::firstLine(error.what()));
    }
}

DataParallelGroup::~DataParallelGroup() = default;

int DataParallelGroup::rank() const { return m_impl->env.rank; }
int DataParallelGroup::worldSize() const { return m_impl->env.worldSize; }
const std::string& DataParallelGroup::backend() const { return m_impl->backendName; }

namespace {

// True on every rank when `flag` is true on at least one.
bool anyRankOf(DataParallelGroup::Impl& impl, bool flag) {
    auto value = torch::full({1}, flag ? 1 : 0, torch::TensorOptions().dtype(torch::kInt32)).to(impl.device);
    impl.allreduce(value, c10d::ReduceOp::MAX, "agreeing on a flag");
    return value.to(torch::kCPU).item<std::int32_t>() != 0;
}

void requireIdenticalParametersOf(DataParallelGroup::Impl& impl, const std::vector<torch::Tensor>& tensors) {
    torch::NoGradGuard noGrad;
    // Sum and position-weighted sum of every tensor in float64: a permutation or a changed value
    // changes at least one of them.
    auto checksum = torch::zeros({2 * static_cast<std::int64_t>(tensors.size()) + 1},
                                 torch::TensorOptions().dtype(torch::kFloat64));
    auto* c = checksum.data_ptr<double>();
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        if (!tensors[i].defined()) continue;
        const auto values = tensors[i].detach().to(torch::kCPU, torch::kFloat64).reshape({-1});
        const auto weights = torch::arange(1, values.numel() + 1, torch::kFloat64) / static_cast<double>(values.numel());
        c[2 * i] = values.sum().item<double>();
        c[2 * i + 1] = (values * weights).sum().item<double>();
    }
    auto own = checksum.clone();
    std::vector<at::Tensor> one{checksum.to(impl.device)};
    impl.wait(impl.group->broadcast(one, 0), "the parameter check");
    const bool differs = !torch::equal(one.front().to(torch::kCPU), own);
    if (anyRankOf(impl, differs))
        throw std::runtime_error("data parallel: the parameters differ between the ranks (" + impl.where() +
                                 (differs ? " differs from rank 0" : "; another rank differs from rank 0") + ")");
}

// The trainer's hook over a group's connection.
class GroupGradientSync final : public GradientSync {
public:
    explicit GroupGradientSync(std::shared_ptr<DataParallelGroup::Impl> group) : m_group(std::move(group)) {}
    int rank() const override;
    int worldSize() const override;
    void synchronise(std::vector<torch::Tensor>& gradients) override;
    void sumStatistics(torch::Tensor& values) override;
    void requireIdenticalParameters(const std::vector<torch::Tensor>& parameters) override;

private:
    std::shared_ptr<DataParallelGroup::Impl> m_group;
};

}  // namespace

std::shared_ptr<GradientSync> DataParallelGroup::gradientSync() const {
    return std::make_shared<GroupGradientSync>(m_impl);
}

int GroupGradientSync::rank() const { return m_group->env.rank; }
int GroupGradientSync::worldSize() const { return m_group->env.worldSize; }

void GroupGradientSync::synchronise(std::vector<torch::Tensor>& gradients) {
    torch::NoGradGuard noGrad;
    DataParallelGroup::Impl& impl = *m_group;
    // Which gradients exist must agree across ranks, or the flattened buffers would not line up.
    auto defined = torch::empty({static_cast<std::int64_t>(gradients.size())}, torch::kInt32);
    auto* flags = defined.data_ptr<std::int32_t>();
    for (std::size_t i = 0; i < gradients.size(); ++i) flags[i] = gradients[i].defined() ? 1 : 0;
    if (!gradients.empty()) {
        auto onDevice = defined.to(impl.device);
        impl.allreduce(onDevice, c10d::ReduceOp::SUM, "comparing the gradient lists");
        const auto counts = onDevice.to(torch::kCPU);
        const auto* count = counts.data_ptr<std::int32_t>();
        for (std::size_t i = 0; i < gradients.size(); ++i)
            if (count[i] != 0 && count[i] != impl.env.worldSize)
                throw std::runtime_error("data parallel: gradient " + std::to_string(i) + " exists on " +
                                         std::to_string(count[i]) + " of " + std::to_string(impl.env.worldSize) +
                                         " ranks (every rank must compute the same parameters)");
    }

    // One buffer per (dtype, device), in the order of first appearance, so that every rank builds
    // the same buffers.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
    for (std::size_t i = 0; i < gradients.size(); ++i) {
        if (!gradients[i].defined()) continue;
        const std::string key = std::string(c10::toString(gradients[i].scalar_type())) + "@" +
                                gradients[i].device().str();
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
        if (it == groups.end()) groups.push_back({key, {i}});
        else it->second.push_back(i);
    }
    for (const auto& [key, members] : groups) {
        std::vector<torch::Tensor> flat;
        flat.reserve(members.size());
        for (const std::size_t i : members) flat.push_back(gradients[i].reshape({-1}));
        auto buffer = torch::cat(flat);
        impl.allreduce(buffer, c10d::ReduceOp::SUM, "the gradient allreduce");
        std::int64_t offset = 0;
        for (const std::size_t i : members) {
            torch::Tensor& gradient = gradients[i];
            const std::int64_t n = gradient.numel();
            gradient.copy_(buffer.narrow(0, offset, n).view(gradient.sizes()));
            offset += n;
        }
    }
}

void GroupGradientSync::requireIdenticalParameters(const std::vector<torch::Tensor>& parameters) {
    requireIdenticalParametersOf(*m_group, parameters);
}

void GroupGradientSync::sumStatistics(torch::Tensor& values) {
    torch::NoGradGuard noGrad;
    if (!values.defined() || values.numel() == 0) return;
    auto buffer = values.is_contiguous() ? values : values.contiguous();
    m_group->allreduce(buffer, c10d::ReduceOp::SUM, "the statistics allreduce");
    if (!buffer.is_same(values)) values.copy_(buffer);
}

void DataParallelGroup::broadcastParameters(std::vector<torch::Tensor>& tensors) {
    torch::NoGradGuard noGrad;
    for (auto& tensor : tensors) {
        if (!tensor.defined()) continue;
        std::vector<at::Tensor> one{tensor.is_contiguous() ? tensor : tensor.contiguous()};
        m_impl->wait(m_impl->group->broadcast(one, 0), "the parameter broadcast");
        if (!one.front().is_same(tensor)) tensor.copy_(one.front());
    }
}

void DataParallelGroup::requireIdenticalParameters(const std::vector<torch::Tensor>& tensors) {
    requireIdenticalParametersOf(*m_impl, tensors);
}

bool DataParallelGroup::anyRank(bool flag) { return anyRankOf(*m_impl, flag); }

std::shared_ptr<DataParallelGroup> joinDataParallelFromEnvironment(std::string& device) {
    const auto environment = readDistributedEnvironment();
    if (!environment) return nullptr;
    device = deviceForRank(device, *environment);
    return std::make_shared<DataParallelGroup>(*environment, device);
}

}  // namespace maskscope
