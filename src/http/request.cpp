#include "http/request.h"

#include <cstdlib>

namespace peony::http {
namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// q-value of one Accept-Language entry ("en-US;q=0.8" → 0.8); 1 when absent, 0 when unparsable.
double QValue(std::string_view params) {
  while (!params.empty()) {
    const size_t semi = params.find(';');
    std::string_view p = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() >= 2 && LowerAscii(p[0]) == 'q' && p[1] == '=') {
      std::string value(p.substr(2));
      char* end = nullptr;
      const double q = std::strtod(value.c_str(), &end);
      if (end == value.c_str() || q < 0) return 0;
      return q > 1 ? 1 : q;
    }
  }
  return 1;
}

// "en", "en-US", "EN_gb" have language "en"; "eng" does not.
bool HasLanguage(std::string_view tag, std::string_view language) {
  return tag.size() >= 2 && EqualsIgnoreCase(tag.substr(0, 2), language) &&
         (tag.size() == 2 || tag[2] == '-' || tag[2] == '_');
}

}  // namespace

std::string_view MethodName(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

bool IsUnsafe(Method m) {
  return m == Method::kPost || m == Method::kPut || m == Method::kPatch || m == Method::kDelete ||
         m == Method::kOther;
}

void Headers::Add(std::string_view name, std::string_view value) {
  std::string lower(name);
  for (char& c : lower) c = LowerAscii(c);
  items_.emplace_back(std::move(lower), std::string(value));
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& [n, v] : items_) {
    if (EqualsIgnoreCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  // Several Cookie headers are allowed (HTTP/2 proxies split them); look through all of them.
  for (const auto& [header, value] : headers.all()) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t semi = rest.find(';');
      std::string_view pair = Trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos || Trim(pair.substr(0, eq)) != name) continue;
      std::string_view v = Trim(pair.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
  }
  return std::nullopt;
}

bool PrefersEnglish(const Request& req) {
  auto header = req.headers.Get("accept-language");
  if (!header) return false;
  std::string_view rest = *header;
  double best_q = 0;
  bool english = false;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view entry = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const size_t semi = entry.find(';');
    std::string_view tag = Trim(entry.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1 : QValue(entry.substr(semi + 1));
    const bool is_en = HasLanguage(tag, "en");
    const bool is_zh = HasLanguage(tag, "zh");
    if ((is_en || is_zh) && q > best_q) {
      best_q = q;
      english = is_en;
    }
  }
  return english;
}

}  // namespace peony::http
