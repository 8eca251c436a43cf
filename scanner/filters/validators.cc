#include "filters/validators.h"

#include <array>
#include <cstdint>

namespace keysnare {
namespace {

std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}

// GitHub's and npm's token checksum: CRC32 of the 30 random characters, base62, 6 characters.
ValidationResult checksum_token(std::string_view secret, std::size_t prefix_len) {
  if (secret.size() != prefix_len + 36) return {false, ""};
  const std::string_view body = secret.substr(prefix_len, 30);
  const std::string_view check = secret.substr(prefix_len + 30, 6);
  return {base62_checksum(crc32(body)) == check, ""};
}

ValidationResult github_crc32(std::string_view s) {
  const auto us = s.find('_');
  if (us == std::string_view::npos) return {false, ""};
  return checksum_token(s, us + 1);
}

ValidationResult npm_crc32(std::string_view s) {
  if (!s.starts_with("npm_")) return {false, ""};
  return checksum_token(s, 4);
}

// AWS key ids: 4-char prefix, then base32; bits 1..40 of the decoded 10 bytes after the prefix are the
// account id (a documented-by-research layout, stable since 2019).
ValidationResult aws_account_id(std::string_view s) {
  if (s.size() != 20) return {false, ""};
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::uint64_t acc = 0;
  std::string_view body = s.substr(4, 12);  // 12 chars = 60 bits, enough for the 48 we need
  for (char c : body) {
    const auto v = alphabet.find(c);
    if (v == std::string_view::npos) return {false, ""};
    acc = (acc << 5) | v;
  }
  const std::uint64_t first6 = acc >> 12;           // the first 48 bits
  const std::uint64_t account = (first6 & 0x7FFFFFFFFF80ull) >> 7;
  char buf[40];
  std::snprintf(buf, sizeof buf, "aws account %012llu", static_cast<unsigned long long>(account));
  return {true, buf};
}

bool looks_json_object(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s.size() >= 2 && s.front() == '{' && s.back() == '}';
}

ValidationResult jwt(std::string_view s) {
  const auto d1 = s.find('.');
  if (d1 == std::string_view::npos) return {false, ""};
  const auto d2 = s.find('.', d1 + 1);
  if (d2 == std::string_view::npos) return {false, ""};
  std::string header, payload;
  if (!base64_decode(s.substr(0, d1), header, true)) return {false, ""};
  if (!base64_decode(s.substr(d1 + 1, d2 - d1 - 1), payload, true)) return {false, ""};
  if (!looks_json_object(header) || !looks_json_object(payload)) return {false, ""};
  if (header.find("\"alg\"") == std::string::npos) return {false, ""};
  return {true, ""};
}

ValidationResult pem_base64(std::string_view s) {
  // Accept real newlines and the literal "\n" escapes of PEM inside JSON or .env values.
  std::string text;
  text.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 'n' || s[i + 1] == 'r')) {
      text += '\n';
      ++i;
    } else {
      text += s[i];
    }
  }
  std::string body;
  std::size_t pos = 0;
  bool in_body = false;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    pos = nl + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.starts_with("-----BEGIN")) {
      in_body = true;
      continue;
    }
    if (line.starts_with("-----END")) break;
    if (!in_body || line.empty() || line.find(':') != std::string_view::npos) continue;  // headers
    // OpenPGP armour checksum line "=abcd"
    if (line.front() == '=' && line.size() == 5) continue;
    body.append(line);
  }
  if (body.size() < 16) return {false, ""};
  std::string decoded;
  return {base64_decode(body, decoded, false), ""};
}

ValidationResult pypi_macaroon(std::string_view s) {
  if (!s.starts_with("pypi-")) return {false, ""};
  std::string decoded;
  std::string_view b = s.substr(5);
  // Decode a prefix: macaroon v2 starts with a version byte then a location field "pypi.org".
  b = b.substr(0, b.size() - b.size() % 4);
  if (!base64_decode(b.substr(0, std::min<std::size_t>(b.size(), 64)), decoded, true)) return {false, ""};
  return {decoded.find("pypi.org") != std::string::npos, ""};
}

ValidationResult openai_marker(std::string_view s) {
  return {s.find("T3BlbkFJ") != std::string_view::npos, ""};
}

struct Entry {
  std::string_view name;
  ValidatorFn fn;
};
constexpr Entry kValidators[] = {
    {"github-crc32", github_crc32}, {"npm-crc32", npm_crc32},         {"aws-account-id", aws_account_id},
    {"jwt", jwt},                   {"pem-base64", pem_base64},       {"pypi-macaroon", pypi_macaroon},
    {"openai-marker", openai_marker},
};

}  // namespace

std::uint32_t crc32(std::string_view bytes) {
  static const auto table = make_crc_table();
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string base62_checksum(std::uint32_t crc) {
  static constexpr char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  do {
    out.insert(out.begin(), digits[crc % 62]);
    crc /= 62;
  } while (crc > 0);
  while (out.size() < 6) out.insert(out.begin(), '0');
  return out;
}

bool base64_decode(std::string_view in, std::string& out, bool url_alphabet) {
  auto value = [&](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == (url_alphabet ? '-' : '+')) return 62;
    if (c == (url_alphabet ? '_' : '/')) return 63;
    return -1;
  };
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return false;
  out.clear();
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const int v = value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return true;
}

ValidatorFn find_validator(std::string_view name) {
  for (const auto& e : kValidators)
    if (e.name == name) return e.fn;
  return nullptr;
}

std::vector<std::string> validator_names() {
  std::vector<std::string> out;
  for (const auto& e : kValidators) out.emplace_back(e.name);
  return out;
}

}  // namespace keysnare
