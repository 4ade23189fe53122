// Dependencies between the formula fields of one entity. The catalog builds a graph from each
// formula field's BoundFormula::dependencies, refuses a definition that closes a cycle
// (formula.cycle) and evaluates formula fields on save in EvaluationOrder.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace peony::formula {

// Formula field name → the names of the fields it reads. Names that are not keys are plain fields
// (or formula fields not defined yet) and end a path.
using DependencyGraph = std::map<std::string, std::vector<std::string>, std::less<>>;

// A cycle as a path that starts and ends with the same field ({"a", "b", "a"}; {"a", "a"} for a
// formula that reads itself), or nullopt when there is none. Deterministic: the first cycle met
// visiting fields in name order. Iterative: any graph size is fine.
std::optional<std::vector<std::string>> DetectCycle(const DependencyGraph& graph);

// Every key of `graph`, each after the formula fields it depends on (deterministic).
// Error formula.cycle (details.cycle: the path) when there is a cycle.
Result<std::vector<std::string>> EvaluationOrder(const DependencyGraph& graph);

}  // namespace peony::formula
