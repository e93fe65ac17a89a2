#include "diag/source_manager.h"

namespace toscac::diag {

FileId SourceManager::Add(std::string name, std::string text) {
  File& f = files_.emplace_back(File{std::move(name), std::move(text), {}, {}});
  f.text = f.owned;  // a deque never moves its elements
  return static_cast<FileId>(files_.size());
}

FileId SourceManager::AddStatic(std::string name, std::string_view text) {
  files_.push_back(File{std::move(name), {}, text, {}});
  return static_cast<FileId>(files_.size());
}

const SourceManager::File* SourceManager::Get(FileId id) const {
  if (id == kNoFile || id > files_.size()) return nullptr;
  return &files_[id - 1];
}

std::string_view SourceManager::Name(FileId id) const {
  const File* f = Get(id);
  return f ? std::string_view(f->name) : std::string_view("<unknown>");
}

std::string_view SourceManager::Text(FileId id) const {
  const File* f = Get(id);
  return f ? f->text : std::string_view();
}

std::string_view SourceManager::LineText(FileId id, std::uint32_t line) const {
  const File* f = Get(id);
  if (!f || line == 0) return {};
  // Line starts are computed on first use: most files never need a caret line.
  auto& starts = const_cast<std::vector<std::size_t>&>(f->line_starts);
  if (starts.empty()) {
    starts.push_back(0);
    for (std::size_t i = 0; i < f->text.size(); ++i) {
      if (f->text[i] == '\n') starts.push_back(i + 1);
    }
  }
  if (line > starts.size()) return {};
  std::size_t begin = starts[line - 1];
  std::size_t end = line < starts.size() ? starts[line] - 1 : f->text.size();
  if (end > begin && f->text[end - 1] == '\r') --end;
  if (begin > end) return {};
  return f->text.substr(begin, end - begin);
}

}  // namespace toscac::diag
