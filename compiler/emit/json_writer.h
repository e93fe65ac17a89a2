#pragma once
// A streaming JSON writer: the bytes JsonText (manifest.h) gives for the same document, written
// as the document is walked, with no Json tree in between. Building a manifest as Json and then
// dumping it spent most of the emit phase in malloc and free.
//
//   JsonWriter w;
//   w.BeginObject();
//   w.Key("node");
//   w.String("web");
//   w.Key("ports");
//   w.BeginArray();
//   w.Int(80);
//   w.EndArray();
//   w.EndObject();
//   w.Finish() == "{\n  \"node\": \"web\",\n  \"ports\": [\n    80\n  ]\n}\n"
//
// Strings and numbers are written as nlohmann's serializer writes them (it writes the rare
// cases itself: strings that need escaping or hold non-ASCII bytes, floating-point numbers).
// The caller keeps keys unique and in order; Key must be followed by exactly one value.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "emit/manifest.h"

namespace toscac::emit {

class JsonWriter {
 public:
  JsonWriter();
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);

  void String(std::string_view s);
  void Int(std::int64_t n);
  void Bool(bool b);
  void Null();
  void Value(const Json& value);
  // A string, or null when `s` is empty.
  void StringOrNull(std::string_view s);

  // The document with its trailing newline, valid until the writer is used again, which starts
  // a new document.
  std::string_view Finish();
  // The same, handed over without a copy: the writer's own buffer (the index of 20,000 nodes is
  // 14 MB, and a copy of it was the compiler's peak of memory). The writer starts afresh.
  std::string FinishString();
  // Room for `n` more bytes, for a caller who knows about how large the document will be.
  void Reserve(std::size_t n) { Room(n); }

 private:
  struct Serializer;
  void Separate();  // before a value: the comma, newline and indentation it needs
  void Quoted(std::string_view s);
  void Serialize(const Json& value);
  void Indent(std::size_t depth);
  template <typename Integer>
  void Digits(Integer n);

  // The text so far is a plain buffer: std::string's append checked more than it copied.
  void Room(std::size_t n) {
    if (capacity_ - size_ < n) Grow(n);
  }
  void Grow(std::size_t n);
  void Put(char c) {
    Room(1);
    buffer_[size_++] = c;
  }
  void Put(std::string_view s) {
    Room(s.size());
    std::memcpy(buffer_.data() + size_, s.data(), s.size());
    size_ += s.size();
  }

  std::string buffer_;  // its size is the capacity: the text is its first size_ bytes
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::vector<char> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
  std::string scratch_;                     // what nlohmann's serializer wrote
  std::unique_ptr<Serializer> serializer_;  // writing into scratch_
};

// An object's members as `object[key] = value` on Json leaves them: a key set twice keeps its
// first place and takes its last value. Keys are not copied: they must outlive the Members.
class Members {
 public:
  void Set(const std::string& key, Json value);
  void Erase(const std::string& key);
  bool Empty() const { return members_.empty(); }
  // Writes them as an object.
  void Write(JsonWriter& w) const;

 private:
  std::vector<std::pair<const std::string*, Json>> members_;
};

}  // namespace toscac::emit
