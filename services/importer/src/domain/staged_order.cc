#include "domain/staged_order.h"

#include <algorithm>

namespace factflow::importer::domain {
namespace {

bool AnyError(const std::vector<Issue>& issues) {
  return std::any_of(issues.begin(), issues.end(),
                     [](const Issue& issue) { return issue.severity == Severity::kError; });
}

}  // namespace

bool StagedLine::has_error() const { return AnyError(issues); }

bool StagedOrder::valid() const {
  return !AnyError(issues) && std::none_of(lines.begin(), lines.end(),
                                           [](const StagedLine& line) { return line.has_error(); });
}

}  // namespace factflow::importer::domain
