// JsonWriter writes the bytes JsonText gives for the same document: each test builds the
// document both ways, as an ordered_json and through the writer, and compares the bytes.
#include "emit/json_writer.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "emit/manifest.h"

namespace toscac::testing {
namespace {

using emit::Json;
using emit::JsonWriter;

// Every control character, the quote, the backslash, DEL, non-ASCII UTF-8 (é, an emoji) and
// bytes that are not UTF-8 (a lone continuation byte, a cut sequence, 0xFF).
std::string Awkward() {
  std::string s = "quote \" backslash \\ slash / ";
  for (int c = 0x00; c <= 0x1f; ++c) s += static_cast<char>(c);
  s += "\x7f caf\xc3\xa9 \xf0\x9f\x98\x80 bad \x80 cut \xc3 ff \xff end";
  return s;
}

// Writes `value` through the writer's streaming calls, as the emitter does.
void Stream(JsonWriter& w, const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      w.BeginObject();
      for (const auto& [key, member] : value.items()) {
        w.Key(key);
        Stream(w, member);
      }
      return w.EndObject();
    case Json::value_t::array:
      w.BeginArray();
      for (const Json& item : value) Stream(w, item);
      return w.EndArray();
    case Json::value_t::string:
      return w.String(value.get_ref<const std::string&>());
    case Json::value_t::number_integer:
      return w.Int(value.get<std::int64_t>());
    case Json::value_t::boolean:
      return w.Bool(value.get<bool>());
    case Json::value_t::null:
      return w.Null();
    default:
      return w.Value(value);
  }
}

std::string Streamed(const Json& doc) {
  JsonWriter w;
  Stream(w, doc);
  return std::string(w.Finish());
}

std::string ThroughValue(const Json& doc) {
  JsonWriter w;
  w.Value(doc);
  return std::string(w.Finish());
}

TEST(JsonWriter, HeaderExample) {
  JsonWriter w;
  w.BeginObject();
  w.Key("node");
  w.String("web");
  w.Key("ports");
  w.BeginArray();
  w.Int(80);
  w.EndArray();
  w.EndObject();
  std::string_view text = w.Finish();
  EXPECT_EQ(text, "{\n  \"node\": \"web\",\n  \"ports\": [\n    80\n  ]\n}\n");
  EXPECT_EQ(text, emit::JsonText(Json{{"node", "web"}, {"ports", Json::array({80})}}));
}

TEST(JsonWriter, EmptyContainers) {
  JsonWriter w;
  w.BeginObject();
  w.EndObject();
  EXPECT_EQ(w.Finish(), "{}\n");
  EXPECT_EQ(emit::JsonText(Json::object()), "{}\n");
  w.BeginArray();
  w.EndArray();
  EXPECT_EQ(w.Finish(), "[]\n");
  EXPECT_EQ(emit::JsonText(Json::array()), "[]\n");
}

TEST(JsonWriter, NestedEmptyContainers) {
  Json doc = Json::object();
  doc["object"] = Json::object();
  doc["array"] = Json::array();
  doc["list"] = Json::array({Json::object(), Json::array(), Json::array({Json::array()}), 1});
  doc["deep"] = Json{{"a", Json::object()}, {"b", Json::array({Json::object()})}};

  JsonWriter w;
  w.BeginObject();
  w.Key("object");
  w.BeginObject();
  w.EndObject();
  w.Key("array");
  w.BeginArray();
  w.EndArray();
  w.Key("list");
  w.BeginArray();
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.BeginArray();
  w.BeginArray();
  w.EndArray();
  w.EndArray();
  w.Int(1);
  w.EndArray();
  w.Key("deep");
  w.BeginObject();
  w.Key("a");
  w.BeginObject();
  w.EndObject();
  w.Key("b");
  w.BeginArray();
  w.BeginObject();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndObject();
  EXPECT_EQ(w.Finish(), emit::JsonText(doc));
  EXPECT_EQ(ThroughValue(doc), emit::JsonText(doc));
}

TEST(JsonWriter, StringsThatNeedEscaping) {
  const std::vector<std::string> strings = {
      "\"",
      "\\",
      "\"\\\"",
      "tab\there",
      std::string(1, '\0'),
      std::string("a\0b", 3),
      "\x7f",
      "caf\xc3\xa9",
      "\xf0\x9f\x98\x80",
      "\xff",
      "\x80",
      "\xc3",
      "ok \xe2\x82",
      Awkward(),
  };
  for (const std::string& s : strings) {
    SCOPED_TRACE(::testing::PrintToString(s));
    JsonWriter w;
    w.String(s);
    EXPECT_EQ(w.Finish(), emit::JsonText(Json(s)));
    EXPECT_EQ(Streamed(Json::array({s, s})), emit::JsonText(Json::array({s, s})));
  }
  for (int c = 0x00; c <= 0x1f; ++c) {
    std::string s(1, static_cast<char>(c));
    SCOPED_TRACE(c);
    JsonWriter w;
    w.String(s);
    EXPECT_EQ(w.Finish(), emit::JsonText(Json(s)));
  }
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacter) {
  JsonWriter w;
  w.String(
      "a\xff"
      "b");
  std::string_view text = w.Finish();
  EXPECT_EQ(text,
            "\"a\xef\xbf\xbd"
            "b\"\n");
  EXPECT_EQ(text, emit::JsonText(Json("a\xff"
                                      "b")));
}

TEST(JsonWriter, KeysThatNeedEscaping) {
  Json doc = Json::object();
  doc["\""] = 1;
  doc["\\"] = 2;
  doc[std::string(1, '\0')] = 3;
  doc["\x1f\x7f"] = 4;
  doc["caf\xc3\xa9 \xf0\x9f\x98\x80"] = 5;
  doc["bad \xff\x80 \xc3"] = 6;
  doc[Awkward()] = Json{{Awkward(), Awkward()}};
  EXPECT_EQ(Streamed(doc), emit::JsonText(doc));
  EXPECT_EQ(ThroughValue(doc), emit::JsonText(doc));
}

// The writer checks eight bytes at a time whether a string needs nlohmann: every byte value, at
// every place in and around those words, in a value and in a key.
TEST(JsonWriter, EveryByteAtEveryOffset) {
  for (int byte = 0; byte <= 0xff; ++byte) {
    for (std::size_t at = 0; at < 18; ++at) {
      std::string s(18, 'a');
      s[at] = static_cast<char>(byte);
      SCOPED_TRACE(::testing::Message() << "byte " << byte << " at " << at);
      Json doc = Json::object();
      doc[s] = s;
      JsonWriter w;
      w.BeginObject();
      w.Key(s);
      w.String(s);
      w.EndObject();
      ASSERT_EQ(w.Finish(), emit::JsonText(doc));
    }
  }
}

TEST(JsonWriter, Integers) {
  const std::vector<std::int64_t> numbers = {
      0,
      1,
      -1,
      42,
      -42,
      1000000007,
      -9876543210,
      std::numeric_limits<std::int64_t>::min(),
      std::numeric_limits<std::int64_t>::max(),
  };
  for (std::int64_t n : numbers) {
    SCOPED_TRACE(n);
    JsonWriter w;
    w.Int(n);
    EXPECT_EQ(w.Finish(), emit::JsonText(Json(n)));
    EXPECT_EQ(ThroughValue(Json(n)), emit::JsonText(Json(n)));
  }
  Json doc = Json::array();
  for (std::int64_t n : numbers) doc.push_back(n);
  EXPECT_EQ(Streamed(doc), emit::JsonText(doc));
}

TEST(JsonWriter, ValueUnsigned) {
  const std::vector<std::uint64_t> numbers = {
      0,
      7,
      std::uint64_t{std::numeric_limits<std::int64_t>::max()},
      std::uint64_t{std::numeric_limits<std::int64_t>::max()} + 1,
      std::numeric_limits<std::uint64_t>::max(),
  };
  Json doc = Json::object();
  for (std::uint64_t n : numbers) {
    Json value(n);
    ASSERT_EQ(value.type(), Json::value_t::number_unsigned);
    SCOPED_TRACE(n);
    EXPECT_EQ(ThroughValue(value), emit::JsonText(value));
    doc[std::to_string(n)] = value;
  }
  EXPECT_EQ(Streamed(doc), emit::JsonText(doc));
}

TEST(JsonWriter, ValueFloats) {
  const std::vector<double> numbers = {
      0.1,
      1e300,
      -0.0,
      0.0,
      3.0,
      -2.5,
      1e-300,
      123456789.125,
      std::numeric_limits<double>::min(),
      std::numeric_limits<double>::denorm_min(),
      std::numeric_limits<double>::max(),
      std::numeric_limits<double>::lowest(),
      std::numeric_limits<double>::infinity(),  // nlohmann writes null
      std::numeric_limits<double>::quiet_NaN(),
  };
  Json doc = Json::array();
  for (double d : numbers) {
    SCOPED_TRACE(d);
    EXPECT_EQ(ThroughValue(Json(d)), emit::JsonText(Json(d)));
    doc.push_back(d);
  }
  EXPECT_EQ(Streamed(doc), emit::JsonText(doc));
  EXPECT_EQ(ThroughValue(Json(-0.0)), "-0.0\n");
  EXPECT_EQ(ThroughValue(Json(3.0)), "3.0\n");
}

TEST(JsonWriter, ValueScalarsAndNesting) {
  Json doc = Json::object();
  doc["yes"] = true;
  doc["no"] = false;
  doc["nothing"] = nullptr;
  doc["text"] = "plain";
  doc["odd"] = Awkward();
  doc["list"] = Json::array({1, -2, 3.5, "x", nullptr, true, Json::object(), Json::array()});
  doc["object"] = Json{{"inner", Json{{"deeper", Json::array({Json{{"k", "v"}}, 2u})}}}};
  EXPECT_EQ(ThroughValue(doc), emit::JsonText(doc));
  for (const auto& [key, value] : doc.items()) {
    SCOPED_TRACE(key);
    EXPECT_EQ(ThroughValue(value), emit::JsonText(value));
  }

  // Value in the middle of a streamed document, at depth, after a key and in an array.
  JsonWriter w;
  w.BeginObject();
  w.Key("a");
  w.Int(1);
  w.Key("doc");
  w.Value(doc);
  w.Key("list");
  w.BeginArray();
  w.Value(doc["list"]);
  w.Value(doc["object"]);
  w.Value(Json(0.5));
  w.EndArray();
  w.EndObject();
  Json outer =
      Json{{"a", 1}, {"doc", doc}, {"list", Json::array({doc["list"], doc["object"], 0.5})}};
  EXPECT_EQ(w.Finish(), emit::JsonText(outer));
}

TEST(JsonWriter, StringOrNull) {
  JsonWriter w;
  w.StringOrNull("");
  EXPECT_EQ(w.Finish(), emit::JsonText(Json(nullptr)));
  w.StringOrNull("x");
  EXPECT_EQ(w.Finish(), emit::JsonText(Json("x")));

  w.BeginObject();
  w.Key("empty");
  w.StringOrNull("");
  w.Key("x");
  w.StringOrNull("x");
  w.EndObject();
  EXPECT_EQ(w.Finish(), emit::JsonText(Json{{"empty", nullptr}, {"x", "x"}}));
}

TEST(JsonWriter, FinishStartsANewDocument) {
  Json first = Json::object();
  for (int i = 0; i < 500; ++i) first["key " + std::to_string(i)] = Json::array({i, Awkward()});
  Json second = Json{{"b", Json::array({1, 2})}};

  JsonWriter w;
  Stream(w, first);
  EXPECT_EQ(std::string(w.Finish()), emit::JsonText(first));
  Stream(w, second);
  EXPECT_EQ(w.Finish(), emit::JsonText(second));
  Stream(w, Json(3));
  EXPECT_EQ(w.Finish(), "3\n");
}

TEST(JsonWriter, FinishStringHandsOverTheDocument) {
  Json first = Json::object();
  for (int i = 0; i < 500; ++i) first["key " + std::to_string(i)] = Json::array({i, Awkward()});

  JsonWriter w;
  w.Reserve(100);  // less than the document: the buffer still grows
  Stream(w, first);
  EXPECT_EQ(w.FinishString(), emit::JsonText(first));
  Stream(w, Json{{"b", Json::array({1, 2})}});  // the writer starts afresh
  EXPECT_EQ(w.FinishString(), emit::JsonText(Json{{"b", Json::array({1, 2})}}));
  w.Reserve(1 << 16);
  Stream(w, Json(3));
  EXPECT_EQ(w.Finish(), "3\n");
}

// Random small documents ---------------------------------------------------------------------

class Random {
 public:
  explicit Random(std::uint32_t seed) : rng_(seed) {}

  int Below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool OneIn(int n) { return Below(n) == 0; }

  // Pieces from an alphabet of bytes (control characters, quotes, non-ASCII, not UTF-8), up to
  // 40 of them so that the eight-bytes-at-a-time path is walked too.
  std::string Text() {
    static const std::vector<std::string_view> kPieces = {
        "a",
        "b",
        "z",
        "0",
        " ",
        "/",
        "key",
        "web-01",
        "\"",
        "\\",
        std::string_view("\0", 1),
        "\n",
        "\t",
        "\r",
        "\b",
        "\f",
        "\x01",
        "\x1b",
        "\x1f",
        "\x7f",
        "\xc3\xa9",
        "\xe2\x82\xac",
        "\xf0\x9f\x98\x80",
        "\xc3",
        "\xe2\x82",
        "\xf0\x9f",
        "\x80",
        "\xbf",
        "\xff",
        "\xfe",
        "\xc0\xaf",
        "\xed\xa0\x80",
    };
    int length = OneIn(4) ? Below(41) : Below(6);
    bool plain = OneIn(2);  // most manifest strings are plain ASCII
    std::string s;
    for (int i = 0; i < length; ++i)
      s += kPieces[Below(plain ? 8 : static_cast<int>(kPieces.size()))];
    return s;
  }

  std::int64_t Integer() {
    switch (Below(4)) {
      case 0:
        return std::numeric_limits<std::int64_t>::min() + Below(3);
      case 1:
        return std::numeric_limits<std::int64_t>::max() - Below(3);
      case 2:
        return Below(201) - 100;
      default:
        return static_cast<std::int64_t>(rng_64_());
    }
  }

  double Float() {
    static const std::vector<double> kSpecial = {0.1, 1e300, -0.0, 3.0, 0.0, -1.5, 1e-7, 2.5e15};
    if (OneIn(2)) return kSpecial[Below(static_cast<int>(kSpecial.size()))];
    if (OneIn(2)) return std::uniform_real_distribution<double>(-1e6, 1e6)(rng_);
    return std::bit_cast<double>(rng_64_());  // NaN and infinity included: null both ways
  }

  // A container at the top, containers likelier near it, only scalars from depth 4 on.
  Json Document(int depth) {
    if (depth == 0 || (depth < 4 && OneIn(2))) return Container(depth);
    return Scalar();
  }

  Json Container(int depth) {
    if (OneIn(2)) {
      Json array = Json::array();
      for (int n = Below(6); n > 0; --n) array.push_back(Document(depth + 1));
      return array;
    }
    Json object = Json::object();  // a key drawn twice keeps its first place, as in Members
    for (int n = Below(6); n > 0; --n) object[Text()] = Document(depth + 1);
    return object;
  }

  Json Scalar() {
    switch (Below(7)) {
      case 0:
        return nullptr;
      case 1:
        return OneIn(2);
      case 2:
        return Integer();
      case 3:
        return std::numeric_limits<std::uint64_t>::max() - Below(1000);
      case 4:
        return Float();
      default:
        return Text();
    }
  }

  // Writes `value` with a random mix of the writer's calls: streamed, or handed to Value whole.
  void Write(JsonWriter& w, const Json& value) {
    if (OneIn(5)) return w.Value(value);
    switch (value.type()) {
      case Json::value_t::object:
        w.BeginObject();
        for (const auto& [key, member] : value.items()) {
          w.Key(key);
          Write(w, member);
        }
        return w.EndObject();
      case Json::value_t::array:
        w.BeginArray();
        for (const Json& item : value) Write(w, item);
        return w.EndArray();
      case Json::value_t::string: {
        const std::string& s = value.get_ref<const std::string&>();
        if (!s.empty() && OneIn(2)) return w.StringOrNull(s);
        return w.String(s);
      }
      case Json::value_t::null:
        if (OneIn(2)) return w.StringOrNull("");
        return w.Null();
      default:
        return Stream(w, value);
    }
  }

 private:
  std::mt19937 rng_;
  std::mt19937_64 rng_64_{20261122};
};

TEST(JsonWriter, RandomDocuments) {
  Random random(12345);
  JsonWriter w;  // one writer for every document, as the emitter uses it
  std::size_t bytes = 0;
  for (int i = 0; i < 4000; ++i) {
    // Mostly containers; some bare scalars, which are documents too.
    Json doc = random.OneIn(10) ? random.Scalar() : random.Document(0);
    random.Write(w, doc);
    std::string_view text = w.Finish();
    std::string expected = emit::JsonText(doc);
    bytes += expected.size();
    if (text == expected) continue;
    ADD_FAILURE() << "document " << i << " differs\nexpected:\n"
                  << ::testing::PrintToString(expected) << "\nwritten:\n"
                  << ::testing::PrintToString(std::string(text));
    return;
  }
  EXPECT_GT(bytes, std::size_t{1} << 20) << "the documents are smaller than meant";
}

}  // namespace
}  // namespace toscac::testing
