// The template files compiled into the binary: generated at build time from templates/ of the
// source tree by cmake/embed_templates.cmake (see CMakeLists.txt). Internal to platform/templates.
#pragma once

#include <span>
#include <string_view>

namespace peony::templates::internal {

struct EmbeddedFile {
  std::string_view path;  // relative to templates/: "medical-aesthetics/entities.json"
  std::string_view text;  // the file's bytes (UTF-8 JSON)
};

// Every file, sorted by path; the data lives for the whole program.
std::span<const EmbeddedFile> EmbeddedFiles();

}  // namespace peony::templates::internal
