#include "unit/platform/formula/case_file.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace peony::formula::testing {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

FieldInfo FieldFromJson(const boost::json::object& o) {
  FieldInfo f;
  f.name = std::string(o.at("name").as_string());
  if (o.contains("label")) f.label = std::string(o.at("label").as_string());
  const std::string type(o.at("type").as_string());
  if (type == "subform") {
    f.is_subform = true;
    for (const auto& c : o.at("columns").as_array())
      f.columns.push_back(FieldFromJson(c.as_object()));
  } else if (!ParseValueType(type, &f.type)) {
    throw std::runtime_error("fields.json: unknown type " + type);
  }
  return f;
}

std::vector<Case> ParseCases(const std::string& file, const std::string& text) {
  std::vector<Case> cases;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  Case current;
  bool open = false;
  auto close = [&] {
    if (!open) return;
    const int outcomes = current.has_expect + !current.error.empty() + !current.eval_error.empty();
    if (current.problem.empty() && current.expr.empty()) current.problem = "no expr";
    if (current.problem.empty() && outcomes != 1) {
      current.problem = "needs exactly one of expect, error, eval_error";
    }
    cases.push_back(current);
    current = Case{};
    open = false;
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      close();
      continue;
    }
    if (line[0] == '#') continue;
    if (!open) {
      open = true;
      current.file = file;
      current.line = line_no;
    }
    const size_t colon = line.find(':');
    if (colon == std::string::npos) {
      current.problem = "line " + std::to_string(line_no) + ": expected 'key: value'";
      continue;
    }
    const std::string key = line.substr(0, colon);
    std::string value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    static const std::map<std::string, std::string Case::*> kKeys = {
        {"expr", &Case::expr},       {"record", &Case::record},
        {"today", &Case::today},     {"now", &Case::now},
        {"tz", &Case::tz},           {"expect", &Case::expect},
        {"error", &Case::error},     {"eval_error", &Case::eval_error},
        {"type", &Case::type},       {"deps", &Case::deps},
        {"clock", &Case::clock},     {"expected", &Case::expected},
        {"message", &Case::message}, {"message_zh", &Case::message_zh},
    };
    const auto it = kKeys.find(key);
    if (it == kKeys.end()) {
      current.problem = "line " + std::to_string(line_no) + ": unknown key " + key;
      continue;
    }
    current.*(it->second) = value;
    if (key == "expect") current.has_expect = true;
  }
  close();
  return cases;
}

}  // namespace

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.file << ".test:" << c.line << "  " << c.expr;
}

std::string CasesDir() {
  if (const char* env = std::getenv("PEONY_FORMULA_CASES")) return env;
  const fs::path beside = fs::path(__FILE__).parent_path() / "cases";
  if (beside.is_absolute()) return beside.string();
  // A relative __FILE__ (a build run from elsewhere): look upwards from the working directory.
  std::error_code ec;
  for (fs::path dir = fs::current_path(ec); !dir.empty(); dir = dir.parent_path()) {
    if (fs::is_directory(dir / beside, ec)) return (dir / beside).string();
    if (dir == dir.parent_path()) break;
  }
  return beside.string();
}

std::vector<Case> LoadCases() {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(CasesDir(), ec)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const fs::path& path : files) {
    auto more = ParseCases(path.stem().string(), ReadFile(path));
    cases.insert(cases.end(), more.begin(), more.end());
  }
  if (cases.empty()) {
    Case missing;
    missing.file = "missing";
    missing.problem = "no .test files in " + CasesDir();
    cases.push_back(missing);
  }
  return cases;
}

const FieldList& CaseFields() {
  static const FieldList fields = [] {
    const boost::json::value doc =
        boost::json::parse(ReadFile(fs::path(CasesDir()) / "fields.json"));
    std::vector<FieldInfo> list;
    for (const auto& f : doc.as_array()) list.push_back(FieldFromJson(f.as_object()));
    return FieldList(std::move(list));
  }();
  return fields;
}

}  // namespace peony::formula::testing
