#pragma once
// Result<T>: a value or a one-line error message, returned across module boundaries instead of
// throwing. The message names the file and the problem ("rules/ai.yaml:12: rule x: bad regex"), never
// a secret.
//
//   Result<Config> r = load_config(path);
//   if (!r) { diag.error(r.error()); return; }
//   use(*r);
//
// Copyable and movable when T is. Not thread-safe beyond that of T.
#include <string>
#include <utility>
#include <variant>

namespace keysnare {

struct Error {
  std::string message;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const std::string& error() const { return std::get<1>(v_).message; }

  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  T&& operator*() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Status: a Result with no value.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace keysnare
