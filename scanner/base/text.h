#pragma once
// Byte and text helpers shared by every layer: entropy, binary sniffing, UTF-16 detection and
// transcoding, escaping of arbitrary bytes for one-line messages and for JSON, hex, human-readable sizes.
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

// UTF-16 text (Windows editors, PowerShell, .reg exports) would otherwise look binary (every other byte
// NUL) and go unscanned. The pipeline asks utf16_encoding() first and scans utf16_to_utf8() instead:
// U+000A stays the only line break, so line numbers are those of the original file, and columns
// (counted in code points) are too.
enum class Utf16 { None, LittleEndian, BigEndian };

// The encoding of `content` if it is UTF-16: it starts with a byte order mark (FF FE or FE FF), or,
// without one, its first 4 KiB (at least 16 bytes, an even count) alternate NUL and non-NUL bytes —
// ASCII or Latin-1 text in UTF-16, the only BOM-less UTF-16 that can be told from binary cheaply.
// `has_bom` (optional) says whether a BOM is there (utf16_to_utf8 must then skip 2 bytes).
Utf16 utf16_encoding(std::string_view content, bool* has_bom = nullptr);

// Transcodes UTF-16 code units (no BOM expected: pass the content after it) to UTF-8. Unpaired
// surrogates and a trailing odd byte become U+FFFD, so the output is always valid UTF-8 and never
// longer than 1.5 times the input (+3 bytes).
std::string utf16_to_utf8(std::string_view bytes, Utf16 encoding);

// If `content` is UTF-16 (utf16_encoding), replaces it with its UTF-8 transcoding (BOM dropped) and
// returns true. What the pipeline does to every blob before the binary sniff; a source that works out
// added lines (git diffs) must do the same to both sides so the line numbers agree.
bool transcode_utf16(std::string& content);

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
