#include "base/text.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace keysnare {

double shannon_entropy(std::string_view bytes) {
  if (bytes.empty()) return 0.0;
  std::array<std::uint32_t, 256> counts{};
  for (unsigned char c : bytes) ++counts[c];
  const double n = static_cast<double>(bytes.size());
  double h = 0.0;
  for (auto c : counts) {
    if (c == 0) continue;
    const double p = c / n;
    h -= p * std::log2(p);
  }
  return h;
}

bool looks_binary(std::string_view content) {
  return content.substr(0, 8192).find('\0') != std::string_view::npos;
}

Utf16 utf16_encoding(std::string_view content, bool* has_bom) {
  if (has_bom) *has_bom = false;
  if (content.size() >= 2) {
    const auto b0 = static_cast<unsigned char>(content[0]), b1 = static_cast<unsigned char>(content[1]);
    if (b0 == 0xFF && b1 == 0xFE) {
      if (has_bom) *has_bom = true;
      return Utf16::LittleEndian;
    }
    if (b0 == 0xFE && b1 == 0xFF) {
      if (has_bom) *has_bom = true;
      return Utf16::BigEndian;
    }
  }
  // Without a BOM: NUL exactly at every odd (LE) or every even (BE) offset of the first 4 KiB.
  const std::string_view head = content.substr(0, 4096);
  if (head.size() < 16 || content.size() % 2 != 0) return Utf16::None;
  bool le = true, be = true;
  for (std::size_t i = 0; i < head.size() && (le || be); i += 2) {
    const bool z0 = head[i] == '\0', z1 = head[i + 1] == '\0';
    le = le && !z0 && z1;
    be = be && z0 && !z1;
  }
  return le ? Utf16::LittleEndian : be ? Utf16::BigEndian : Utf16::None;
}

namespace {

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string utf16_to_utf8(std::string_view bytes, Utf16 encoding) {
  constexpr char32_t kReplacement = 0xFFFD;
  const bool be = encoding == Utf16::BigEndian;
  const std::size_t units = bytes.size() / 2;
  const auto unit = [&](std::size_t k) -> char32_t {
    const auto a = static_cast<unsigned char>(bytes[2 * k]), b = static_cast<unsigned char>(bytes[2 * k + 1]);
    return be ? (char32_t{a} << 8) | b : (char32_t{b} << 8) | a;
  };
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2 + 3);
  for (std::size_t k = 0; k < units; ++k) {
    const char32_t u = unit(k);
    if (u >= 0xD800 && u <= 0xDBFF && k + 1 < units) {
      const char32_t v = unit(k + 1);
      if (v >= 0xDC00 && v <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
        ++k;
        continue;
      }
    }
    append_utf8(out, u >= 0xD800 && u <= 0xDFFF ? kReplacement : u);
  }
  if (bytes.size() % 2 != 0) append_utf8(out, kReplacement);
  return out;
}

bool transcode_utf16(std::string& content) {
  bool bom = false;
  const Utf16 enc = utf16_encoding(content, &bom);
  if (enc == Utf16::None) return false;
  content = utf16_to_utf8(std::string_view(content).substr(bom ? 2 : 0), enc);
  return true;
}

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return len;
}

static void append_hex_byte(std::string& out, const char* prefix, unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%s%02X", prefix, c);
  out += buf;
}

std::string printable(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const unsigned char c = bytes[i];
    if (c < 0x20 || c == 0x7F) {
      append_hex_byte(out, "\\x", c);
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(bytes, i);
    if (n == 0) {
      append_hex_byte(out, "\\x", c);
      ++i;
    } else {
      out.append(bytes.substr(i, n));
      i += n;
    }
  }
  return out;
}

void append_json_string(std::string& out, std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    const unsigned char c = bytes[i];
    switch (c) {
      case '"': out += "\\\""; ++i; continue;
      case '\\': out += "\\\\"; ++i; continue;
      case '\n': out += "\\n"; ++i; continue;
      case '\r': out += "\\r"; ++i; continue;
      case '\t': out += "\\t"; ++i; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      append_hex_byte(out, "\\u00", c);
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(bytes, i);
    if (n == 0) {
      append_hex_byte(out, "\\\\x", c);  // JSON text \\xNN: a visible backslash, x, two hex digits
      ++i;
    } else {
      out.append(bytes.substr(i, n));
      i += n;
    }
  }
}

std::string json_string(std::string_view bytes) {
  std::string out = "\"";
  append_json_string(out, bytes);
  out += '"';
  return out;
}

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string human_bytes(std::uint64_t n) {
  static constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024.0 && u < 4) {
    v /= 1024.0;
    ++u;
  }
  char buf[32];
  if (u == 0)
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
  else
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace keysnare
