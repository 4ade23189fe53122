// Errors as values: every fallible operation in Peony returns Result<T>.
//
// An Error carries a *kind* from a small fixed set (what the caller should do about it; mapped to
// an HTTP status once, in http/), a stable *code* such as "auth.invalid_credentials" (never
// renamed; each module lists its codes in its errors.h), a message in Chinese and in English, and
// optional details.
//
//   Result<User> LoadUser(Conn& c, int64_t id);
//   PEONY_TRY(auto user, LoadUser(conn, id));   // returns the error to the caller if there is one
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <utility>
#include <variant>

namespace peony {

enum class ErrorKind {
  kInvalidArgument,     // the request is malformed or a value is invalid (400/422)
  kUnauthenticated,     // no or bad credentials (401)
  kPermissionDenied,    // authenticated but not allowed (403)
  kNotFound,            // (404)
  kConflict,            // unique key taken, version mismatch: redo the read-modify-write (409)
  kFailedPrecondition,  // state does not allow it now, do not retry until it changes (409/423)
  kTooLarge,            // payload over a limit (413)
  kRateLimited,         // (429)
  kUnavailable,         // transient: retry later (503)
  kInternal,            // a bug or an unexpected failure of a dependency (500)
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;        // stable, "module.snake_case"
  std::string message_zh;  // shown to people; never contains personal data
  std::string message_en;
  boost::json::value details;  // null or an object, e.g. {"fields":{"phone":"..."}}
  int http_status = 0;         // 0: derived from kind; set only where a status is part of the API

  const std::string& Message(bool english) const { return english ? message_en : message_zh; }
  Error&& WithDetails(boost::json::value d) && {
    details = std::move(d);
    return std::move(*this);
  }
  Error&& WithStatus(int status) && {
    http_status = status;
    return std::move(*this);
  }
};

// Convenience constructor: MakeError(ErrorKind::kNotFound, "user.not_found", "用户不存在", "User
// not found").
inline Error MakeError(ErrorKind kind, std::string code, std::string zh, std::string en) {
  return Error{kind, std::move(code), std::move(zh), std::move(en), nullptr, 0};
}

// An internal error whose message is safe to show (no details of the failure leak to clients; the
// technical description goes to the log through `internal_detail`).
Error InternalError(std::string internal_detail);

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : e_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { return e_; }
  Error&& error() && { return std::move(e_); }

 private:
  Error e_;
  bool ok_ = true;
};

using Status = Result<void>;
inline Status Ok() { return {}; }

// The outcome of a Result without its value.
template <class T>
Status StatusOf(Result<T> r) {
  if (!r.ok()) return std::move(r).error();
  return Ok();
}

}  // namespace peony

#define PEONY_CONCAT_INNER_(a, b) a##b
#define PEONY_CONCAT_(a, b) PEONY_CONCAT_INNER_(a, b)

// PEONY_TRY(auto x, expr): evaluates expr (a Result<T>); on error returns it from the enclosing
// function, else binds the value to `x`.
#define PEONY_TRY(decl, expr) PEONY_TRY_IMPL_(PEONY_CONCAT_(peony_try_, __LINE__), decl, expr)
#define PEONY_TRY_IMPL_(tmp, decl, expr)        \
  auto tmp = (expr);                            \
  if (!tmp.ok()) return std::move(tmp).error(); \
  decl = std::move(tmp).value()

// PEONY_CHECK(expr): for Result<void>/Status; returns the error if there is one.
#define PEONY_CHECK(expr)                                                         \
  do {                                                                            \
    auto peony_check_status_ = (expr);                                            \
    if (!peony_check_status_.ok()) return std::move(peony_check_status_).error(); \
  } while (0)
