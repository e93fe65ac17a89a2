#include "emit/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <utility>

namespace toscac::emit {

namespace {

constexpr std::size_t kIndentStep = 2;

// Printable ASCII other than the quote and the backslash: written as is by nlohmann too.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c <= 0x7f; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

// Eight bytes at a time: nonzero when one of them may not be plain (never zero when one is
// not). Most of a manifest's bytes are strings, and a byte at a time was a tenth of the phase.
std::uint64_t MaybeNotPlain(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  auto below = [&](std::uint64_t x, std::uint64_t n) { return (x - n * kOnes) & ~x & kHigh; };
  return (word & kHigh) | below(word, 0x20) | below(word ^ ('"' * kOnes), 1) |
         below(word ^ ('\\' * kOnes), 1);
}

bool Plain(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (MaybeNotPlain(word) != 0) break;
  }
  for (; i < s.size(); ++i) {
    if (!kPlain[static_cast<unsigned char>(s[i])]) return false;
  }
  return true;
}

}  // namespace

// nlohmann's own serializer, for what it alone knows how to write byte for byte.
struct JsonWriter::Serializer {
  explicit Serializer(std::string& out)
      : s(nlohmann::detail::output_adapter<char>(out), ' ', Json::error_handler_t::replace) {}
  nlohmann::detail::serializer<Json> s;
};

JsonWriter::JsonWriter() : serializer_(std::make_unique<Serializer>(scratch_)) {}

JsonWriter::~JsonWriter() = default;

void JsonWriter::Grow(std::size_t n) {
  std::size_t capacity = std::max({capacity_ * 2, size_ + n, std::size_t{4096}});
  buffer_.resize(size_);  // only the text is copied
  buffer_.resize(capacity);
  capacity_ = capacity;
}

void JsonWriter::Indent(std::size_t depth) {
  Room(depth * kIndentStep);
  std::memset(buffer_.data() + size_, ' ', depth * kIndentStep);
  size_ += depth * kIndentStep;
}

template <typename Integer>
void JsonWriter::Digits(Integer n) {
  char buf[24];
  Put(std::string_view(buf, std::to_chars(buf, buf + sizeof buf, n).ptr - buf));
}

// nlohmann writes what JsonWriter does not itself; into scratch_, then copied.
void JsonWriter::Serialize(const Json& value) {
  scratch_.clear();
  serializer_->s.dump(value, true, false, kIndentStep,
                      static_cast<unsigned>(empty_.size() * kIndentStep));
  Put(scratch_);
}

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;  // the document itself
  if (empty_.back()) {
    Put('\n');
    empty_.back() = false;
  } else {
    Put(",\n");
  }
  Indent(empty_.size());
}

void JsonWriter::Quoted(std::string_view s) {
  if (!Plain(s)) return Serialize(Json(std::string(s)));
  Room(s.size() + 2);
  char* at = buffer_.data() + size_;
  at[0] = '"';
  std::memcpy(at + 1, s.data(), s.size());
  at[s.size() + 1] = '"';
  size_ += s.size() + 2;
}

void JsonWriter::BeginObject() {
  Separate();
  Put('{');
  empty_.push_back(true);
}

void JsonWriter::EndObject() {
  bool empty = empty_.back();
  empty_.pop_back();
  if (!empty) {
    Put('\n');
    Indent(empty_.size());
  }
  Put('}');
}

void JsonWriter::BeginArray() {
  Separate();
  Put('[');
  empty_.push_back(true);
}

void JsonWriter::EndArray() {
  bool empty = empty_.back();
  empty_.pop_back();
  if (!empty) {
    Put('\n');
    Indent(empty_.size());
  }
  Put(']');
}

void JsonWriter::Key(std::string_view key) {
  Separate();
  Quoted(key);
  Put(": ");
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  Separate();
  Quoted(s);
}

void JsonWriter::Int(std::int64_t n) {
  Separate();
  Digits(n);
}

void JsonWriter::Bool(bool b) {
  Separate();
  Put(b ? "true" : "false");
}

void JsonWriter::Null() {
  Separate();
  Put("null");
}

void JsonWriter::StringOrNull(std::string_view s) {
  if (s.empty()) {
    Null();
    return;
  }
  String(s);
}

void JsonWriter::Value(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return Null();
    case Json::value_t::boolean:
      return Bool(value.get<bool>());
    case Json::value_t::number_integer:
      return Int(value.get<std::int64_t>());
    case Json::value_t::number_unsigned:
      Separate();
      return Digits(value.get<std::uint64_t>());
    case Json::value_t::string:
      return String(value.get_ref<const std::string&>());
    case Json::value_t::object:
      BeginObject();
      for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
        Key(std::string_view(key));
        Value(member);
      }
      return EndObject();
    case Json::value_t::array:
      BeginArray();
      for (const Json& item : value.get_ref<const Json::array_t&>()) Value(item);
      return EndArray();
    default:  // floating-point numbers, binary values
      Separate();
      Serialize(value);
  }
}

std::string_view JsonWriter::Finish() {
  Put('\n');
  std::string_view text(buffer_.data(), size_);
  size_ = 0;
  empty_.clear();
  after_key_ = false;
  return text;
}

std::string JsonWriter::FinishString() {
  std::size_t size = Finish().size();
  buffer_.resize(size);
  capacity_ = 0;
  return std::exchange(buffer_, std::string());
}

void Members::Set(const std::string& key, Json value) {
  for (auto& [name, existing] : members_) {
    if (*name != key) continue;
    existing = std::move(value);
    return;
  }
  members_.emplace_back(&key, std::move(value));
}

void Members::Erase(const std::string& key) {
  std::erase_if(members_, [&](const auto& member) { return *member.first == key; });
}

void Members::Write(JsonWriter& w) const {
  w.BeginObject();
  for (const auto& [name, value] : members_) {
    w.Key(*name);
    w.Value(value);
  }
  w.EndObject();
}

}  // namespace toscac::emit
