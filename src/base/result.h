// Result<T>: a value or an Error whose message a user can act on.
//
// Errors are values in jiedao: no exception crosses a layer, and no function
// reports failure with a bool and a line on stderr. A message names the thing
// that failed (file, line, byte offset) and what to do about it.
//
// Thread safety: a Result is a plain value; distinct objects may be used from
// distinct threads without synchronisation.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace jiedao {

// What kind of failure an Error is, for the caller to decide by: serve/answer.h maps every kind
// to one HTTP status, and the server's own faults (is_server_fault) are hidden from a client.
// Wrapping an error keeps its kind: Error{context + e.message, e.kind}.
enum class ErrorKind {
  kInvalid,      // the input is at fault (the default)
  kConflict,     // the input clashes with what exists (a report id in use)
  kTooLarge,     // the input is over a limit
  kUnsupported,  // not a kind of input that is read (a symbolic link, a device, a FIFO)
  kNotFound,     // what was named is not there (a file)
  kIO,           // the machine failed: a full disk, a failing store
  kCorrupt,      // stored data is damaged or is not what it should be (a database that is not one)
  kUnavailable,  // not now: the store is busy or was replaced, descriptors ran out; retry or restart
};

// Whether the server, not its client, is at fault: its message names server paths and stays in
// the log.
inline bool is_server_fault(ErrorKind kind) {
  return kind == ErrorKind::kIO || kind == ErrorKind::kCorrupt || kind == ErrorKind::kUnavailable;
}

struct Error {
  std::string message;
  ErrorKind kind = ErrorKind::kInvalid;
};

template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit on purpose
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit on purpose

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }

  // REQUIRES: !ok()
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// The value of a Result that has nothing to return but may fail: Result<Done>.
struct Done {};

}  // namespace jiedao
