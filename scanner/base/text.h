#pragma once
// Byte and text helpers shared by every layer: entropy, binary sniffing, escaping of arbitrary bytes
// for one-line messages and for JSON, hex, human-readable sizes.
//
// Scanned content is bytes, not text: a file may hold invalid UTF-8, NULs or control characters. These
// helpers never assume otherwise, and the escapers always produce valid output for any input.
// All functions are pure and thread-safe.
#include <cstdint>
#include <string>
#include <string_view>

namespace keysnare {

// Shannon entropy of the bytes, in bits per byte (0 for empty input).
double shannon_entropy(std::string_view bytes);

// True when the content looks binary: a NUL byte in the first 8 KiB (git's and ripgrep's heuristic).
bool looks_binary(std::string_view content);

// Length of the longest prefix of `s` that is valid UTF-8 starting at `i`; 0 if the sequence at `i`
// is invalid. Used by the escapers.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// One printable line: valid UTF-8 kept, control characters and invalid bytes written as \xNN.
std::string printable(std::string_view bytes);

// Appends `bytes` as the inside of a JSON string: quotes, backslashes and control characters escaped
// per RFC 8259; invalid UTF-8 bytes written as the six characters \\xNN (a literal backslash), so the
// report stays valid JSON and the original byte is still visible.
void append_json_string(std::string& out, std::string_view bytes);
std::string json_string(std::string_view bytes);  // with the surrounding quotes

std::string hex(std::string_view bytes);
std::string human_bytes(std::uint64_t n);

// Lower-cases ASCII letters only.
std::string ascii_lower(std::string_view s);

}  // namespace keysnare
