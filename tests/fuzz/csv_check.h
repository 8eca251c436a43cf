#pragma once
// A strict RFC 4180 reader for the report fuzz target: splits a CSV document into records and counts
// their fields, refusing anything the RFC does not allow.
//
//   std::vector<std::size_t> widths;   // fields per record
//   std::string why;
//   if (!csv_records(doc, widths, &why)) ...
//
// Rules: records end with CRLF (the last one too); a field is either unquoted (no '"', CR or LF) or
// quoted ('"' … '"', with '""' for a quote, CR and LF allowed inside); a quoted field is followed by
// ',' or the record's CRLF. Pure function; thread-safe.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace keysnare::fuzz {

inline bool csv_records(std::string_view doc, std::vector<std::size_t>& widths, std::string* why = nullptr) {
  const auto fail = [&](std::size_t at, const char* what) {
    if (why) *why = "offset " + std::to_string(at) + ": " + what;
    return false;
  };
  widths.clear();
  std::size_t i = 0, fields = 1;
  bool record_open = false;
  while (i < doc.size()) {
    record_open = true;
    if (doc[i] == '"') {
      ++i;
      while (true) {
        if (i >= doc.size()) return fail(i, "unterminated quoted field");
        if (doc[i] == '"') {
          if (i + 1 < doc.size() && doc[i + 1] == '"') {
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
      if (i < doc.size() && doc[i] != ',' && doc[i] != '\r') return fail(i, "bytes after a quoted field");
    } else {
      while (i < doc.size() && doc[i] != ',' && doc[i] != '\r') {
        if (doc[i] == '"') return fail(i, "quote inside an unquoted field");
        if (doc[i] == '\n') return fail(i, "bare LF inside an unquoted field");
        ++i;
      }
    }
    if (i >= doc.size()) return fail(i, "last record without CRLF");
    if (doc[i] == ',') {
      ++i;
      ++fields;
      continue;
    }
    // CR: must be the record's CRLF.
    if (i + 1 >= doc.size() || doc[i + 1] != '\n') return fail(i, "bare CR");
    i += 2;
    widths.push_back(fields);
    fields = 1;
    record_open = false;
  }
  if (record_open) return fail(i, "last record without CRLF");
  return true;
}

}  // namespace keysnare::fuzz
