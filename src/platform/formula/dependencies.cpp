// One iterative depth-first walk gives both answers: a field turns black (done) only after every
// formula field it reads, so the black order is an evaluation order, and meeting a grey field
// (still on the path) closes a cycle.
#include "platform/formula/dependencies.h"

#include <string_view>

#include "platform/formula/errors.h"

namespace peony::formula {
namespace {

enum class Color { kWhite, kGrey, kBlack };

struct Frame {
  const std::string* name;
  const std::vector<std::string>* deps;
  size_t next = 0;
};

// Fills `order`; returns the first cycle met.
std::optional<std::vector<std::string>> Walk(const DependencyGraph& graph,
                                             std::vector<std::string>* order) {
  std::map<std::string_view, Color> color;
  std::vector<Frame> path;
  for (const auto& [root, root_deps] : graph) {
    if (color[root] != Color::kWhite) continue;
    color[root] = Color::kGrey;
    path.push_back(Frame{&root, &root_deps});
    while (!path.empty()) {
      Frame& top = path.back();
      if (top.next == top.deps->size()) {
        color[*top.name] = Color::kBlack;
        order->push_back(*top.name);
        path.pop_back();
        continue;
      }
      const std::string& dep = (*top.deps)[top.next++];
      const auto it = graph.find(dep);
      if (it == graph.end()) continue;  // a plain field
      Color& c = color[it->first];
      if (c == Color::kGrey) {
        std::vector<std::string> cycle;
        size_t from = path.size();
        while (from > 0 && *path[from - 1].name != dep) --from;
        for (size_t i = from - 1; i < path.size(); ++i) cycle.push_back(*path[i].name);
        cycle.push_back(dep);
        return cycle;
      }
      if (c == Color::kWhite) {
        c = Color::kGrey;
        path.push_back(Frame{&it->first, &it->second});  // `top` is not used after this
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<std::string>> DetectCycle(const DependencyGraph& graph) {
  std::vector<std::string> order;
  return Walk(graph, &order);
}

Result<std::vector<std::string>> EvaluationOrder(const DependencyGraph& graph) {
  std::vector<std::string> order;
  if (auto cycle = Walk(graph, &order)) return errors::Cycle(*cycle);
  return order;
}

}  // namespace peony::formula
