#include "csar/meta.h"

#include <cctype>
#include <map>
#include <vector>

#include "util/spelling.h"

namespace toscac::csar {

using diag::Code;
using diag::Location;

namespace {

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

Location At(diag::FileId file, std::uint32_t line, std::size_t column, std::size_t width) {
  auto col = static_cast<std::uint32_t>(column);
  return Location{file, line, col,
                  col + static_cast<std::uint32_t>(std::max<std::size_t>(width, 1))};
}

// The lines of the first block, up to the first blank line, without their terminators.
std::vector<std::string_view> FirstBlock(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) break;
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

class MetaReader {
 public:
  MetaReader(diag::FileId file, diag::Diagnostics& diags) : file_(file), diags_(diags) {}

  bool Read(std::string_view text, Meta& meta) {
    std::vector<std::string_view> lines = FirstBlock(text);
    for (std::size_t i = 0; i < lines.size(); ++i)
      Line(lines[i], static_cast<std::uint32_t>(i + 1));
    auto it = values_.find("Entry-Definitions");
    if (it == values_.end()) {
      if (ok_) {
        diags_.Report(Code::F014, Location{file_, 0, 0, 0}, "TOSCA.meta has no Entry-Definitions")
            .AddNote("add a line 'Entry-Definitions: <the main YAML file>' to its first block");
      }
      return false;
    }
    meta.entry_definitions = it->second.value;
    meta.entry_location = it->second.at;
    if (!meta.entry_definitions.empty()) return ok_;
    diags_.Report(Code::F014, it->second.at, "Entry-Definitions is empty");
    return false;
  }

 private:
  struct Value {
    std::string value;
    Location at;
  };

  void Line(std::string_view line, std::uint32_t number) {
    if (line[0] == ' ' && last_ != nullptr) {  // a continuation line
      last_->value += line.substr(1);
      return;
    }
    std::size_t colon = line.find(':');
    std::size_t name_end = 0;
    while (name_end < line.size() && IsNameChar(line[name_end])) ++name_end;
    if (colon == std::string_view::npos || colon == 0 || name_end != colon) {
      diags_.Report(Code::F014, At(file_, number, 1, line.size()),
                    "expected 'Name: value' in TOSCA.meta, found " + Quoted(line));
      ok_ = false;
      last_ = nullptr;
      return;
    }
    std::string name(line.substr(0, colon));
    std::size_t start = line.find_first_not_of(" \t", colon + 1);
    std::string_view value = start == std::string_view::npos ? "" : line.substr(start);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    std::size_t column = start == std::string_view::npos ? colon + 2 : start + 1;
    Location at = At(file_, number, column, value.size());
    auto [it, inserted] = values_.emplace(name, Value{std::string(value), at});
    if (!inserted) {
      diags_.Report(Code::F014, At(file_, number, 1, name.size()), Quoted(name) + " is given twice")
          .AddNote(it->second.at, "first given here");
      ok_ = false;
    }
    last_ = &it->second;
  }

  diag::FileId file_;
  diag::Diagnostics& diags_;
  std::map<std::string, Value> values_;
  Value* last_ = nullptr;
  bool ok_ = true;
};

bool IsYaml(std::string_view name) {
  auto ends = [&](std::string_view s) {
    return name.size() > s.size() && name.substr(name.size() - s.size()) == s;
  };
  return ends(".yaml") || ends(".yml");
}

std::string RootYaml(Archive& archive, const std::string& name, diag::FileId archive_file,
                     diag::Diagnostics& diags) {
  std::vector<std::string> found;
  for (const std::string& entry : archive.Names()) {
    if (entry.find('/') == std::string::npos && IsYaml(entry)) found.push_back(entry);
  }
  if (found.size() == 1) return found[0];
  Location at{archive_file, 0, 0, 0};
  if (found.empty()) {
    diags.Report(Code::F013, at,
                 "archive " + Quoted(name) + " has neither " + std::string(kMetaPath) +
                     " nor a YAML file at its root");
    return "";
  }
  std::string list;
  for (const std::string& f : found) list += (list.empty() ? "" : ", ") + Quoted(f);
  diags
      .Report(Code::F013, at,
              "archive " + Quoted(name) + " has no " + std::string(kMetaPath) + " and " +
                  std::to_string(found.size()) + " YAML files at its root: " + list)
      .AddNote("name the main one in " + std::string(kMetaPath) +
               " ('Entry-Definitions: " + found[0] + "'), or keep one YAML file at the root");
  return "";
}

}  // namespace

bool ReadMeta(std::string_view text, diag::FileId file, diag::Diagnostics& diags, Meta& meta) {
  return MetaReader(file, diags).Read(text, meta);
}

std::string FindEntryDefinitions(Archive& archive, const std::string& name,
                                 diag::FileId archive_file, diag::SourceManager& sources,
                                 diag::Diagnostics& diags) {
  std::string meta_path(kMetaPath);
  if (!archive.Contains(meta_path)) return RootYaml(archive, name, archive_file, diags);
  std::string text, why;
  if (!archive.Read(meta_path, text, why, nullptr)) {
    diags.Report(Code::F010, Location{archive_file, 0, 0, 0},
                 "cannot read " + Quoted(meta_path) + " in archive " + Quoted(name) + ": " + why);
    return "";
  }
  diag::FileId file = sources.Add(DisplayName(name, meta_path), std::move(text));
  Meta meta;
  if (!ReadMeta(sources.Text(file), file, diags, meta)) return "";
  std::string entry = JoinInside("", meta.entry_definitions);
  if (!entry.empty() && archive.Contains(entry)) return entry;
  auto& d = diags.Report(Code::F015, meta.entry_location,
                         "Entry-Definitions names " + Quoted(meta.entry_definitions) +
                             ", which is not a file of the archive");
  std::vector<std::string> names = archive.Names();
  std::vector<std::string_view> candidates(names.begin(), names.end());
  std::string near = util::Suggest(meta.entry_definitions, candidates);
  if (!near.empty()) d.AddNote("did you mean " + Quoted(near) + "?");
  return "";
}

}  // namespace toscac::csar
