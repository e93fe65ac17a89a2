#include "values/scalar_unit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

namespace toscac::values {
namespace {

using K = UnitKind;

std::string Number(long double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e30L) {
    std::snprintf(buf, sizeof buf, "%.0Lf", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6Lg", v);
  }
  return buf;
}

struct Case {
  UnitKind kind;
  std::string text;
  std::string want;  // "<amount> <unit> = <base>", or "error: " and the message
};

std::string Run(const Case& c) {
  std::string why;
  std::optional<Quantity> q = ParseQuantity(c.kind, c.text, &why);
  if (!q) return "error: " + why;
  return Number(q->amount) + " " + std::string(q->unit) + " = " + Number(q->base);
}

void RunAll(const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(Run(c), c.want) << UnitKindName(c.kind) << " " << c.text;
}

TEST(ScalarUnitTest, EverySizeUnit) {
  RunAll({
      {K::kSize, "2 B", "2 B = 2"},
      {K::kSize, "2 kB", "2 kB = 2000"},
      {K::kSize, "2 KiB", "2 KiB = 2048"},
      {K::kSize, "2 MB", "2 MB = 2000000"},
      {K::kSize, "2 MiB", "2 MiB = 2097152"},
      {K::kSize, "2 GB", "2 GB = 2000000000"},
      {K::kSize, "2 GiB", "2 GiB = 2147483648"},
      {K::kSize, "2 TB", "2 TB = 2000000000000"},
      {K::kSize, "2 TiB", "2 TiB = 2199023255552"},
  });
}

TEST(ScalarUnitTest, EveryTimeUnit) {
  RunAll({
      {K::kTime, "2 d", "2 d = 172800000000000"},
      {K::kTime, "2 h", "2 h = 7200000000000"},
      {K::kTime, "2 m", "2 m = 120000000000"},
      {K::kTime, "2 s", "2 s = 2000000000"},
      {K::kTime, "2 ms", "2 ms = 2000000"},
      {K::kTime, "2 us", "2 us = 2000"},
      {K::kTime, "2 ns", "2 ns = 2"},
  });
}

TEST(ScalarUnitTest, EveryFrequencyUnit) {
  RunAll({
      {K::kFrequency, "2 Hz", "2 Hz = 2"},
      {K::kFrequency, "2 kHz", "2 kHz = 2000"},
      {K::kFrequency, "2 MHz", "2 MHz = 2000000"},
      {K::kFrequency, "2 GHz", "2 GHz = 2000000000"},
  });
}

TEST(ScalarUnitTest, EveryBitrateUnit) {
  RunAll({
      {K::kBitrate, "2 bps", "2 bps = 2"},
      {K::kBitrate, "2 Kbps", "2 Kbps = 2000"},
      {K::kBitrate, "2 Kibps", "2 Kibps = 2048"},
      {K::kBitrate, "2 Mbps", "2 Mbps = 2000000"},
      {K::kBitrate, "2 Mibps", "2 Mibps = 2097152"},
      {K::kBitrate, "2 Gbps", "2 Gbps = 2000000000"},
      {K::kBitrate, "2 Gibps", "2 Gibps = 2147483648"},
      {K::kBitrate, "2 Tbps", "2 Tbps = 2000000000000"},
      {K::kBitrate, "2 Tibps", "2 Tibps = 2199023255552"},
      {K::kBitrate, "2 Bps", "2 Bps = 16"},
      {K::kBitrate, "2 KBps", "2 KBps = 16000"},
      {K::kBitrate, "2 KiBps", "2 KiBps = 16384"},
      {K::kBitrate, "2 MBps", "2 MBps = 16000000"},
      {K::kBitrate, "2 MiBps", "2 MiBps = 16777216"},
      {K::kBitrate, "2 GBps", "2 GBps = 16000000000"},
      {K::kBitrate, "2 GiBps", "2 GiBps = 17179869184"},
      {K::kBitrate, "2 TBps", "2 TBps = 16000000000000"},
      {K::kBitrate, "2 TiBps", "2 TiBps = 17592186044416"},
  });
}

TEST(ScalarUnitTest, CaseInsensitiveExceptBitrate) {
  const std::string kBitrateUnits =
      " (known units: bps, Kbps, Kibps, Mbps, Mibps, Gbps, Gibps, Tbps, Tibps, Bps, KBps, KiBps, "
      "MBps, MiBps, GBps, GiBps, TBps, TiBps)";
  RunAll({
      {K::kSize, "1 kb", "1 kB = 1000"},
      {K::kSize, "1 KB", "1 kB = 1000"},
      {K::kSize, "1 kib", "1 KiB = 1024"},
      {K::kSize, "1 b", "1 B = 1"},
      {K::kTime, "1 MS", "1 ms = 1000000"},
      {K::kTime, "1 M", "1 m = 60000000000"},
      {K::kTime, "1 D", "1 d = 86400000000000"},
      {K::kFrequency, "1 ghz", "1 GHz = 1000000000"},
      {K::kFrequency, "1 KHZ", "1 kHz = 1000"},
      {K::kBitrate, "1 kbps",
       "error: unknown unit 'kbps'; bitrate units are case-sensitive" + kBitrateUnits},
      {K::kBitrate, "1 mbps",
       "error: unknown unit 'mbps'; bitrate units are case-sensitive" + kBitrateUnits},
      {K::kBitrate, "1 BPS",
       "error: unknown unit 'BPS'; bitrate units are case-sensitive" + kBitrateUnits},
  });
}

TEST(ScalarUnitTest, Numbers) {
  RunAll({
      {K::kSize, "1.5 GiB", "1.5 GiB = 1610612736"},
      {K::kSize, ".5 kB", "0.5 kB = 500"},
      {K::kSize, "5. kB", "5 kB = 5000"},
      {K::kSize, "+2 kB", "2 kB = 2000"},
      {K::kSize, "1e3 B", "1000 B = 1000"},
      {K::kSize, "1E-3 MB", "0.001 MB = 1000"},
      {K::kSize, "2.5e+2 kB", "250 kB = 250000"},
      {K::kSize, "007 B", "7 B = 7"},
      {K::kSize, "0 B", "0 B = 0"},
      {K::kSize, "-0 B", "0 B = 0"},
      {K::kSize, "0.1 B", "0.1 B = 0.1"},
      {K::kTime, "1.5e-3 s", "0.0015 s = 1500000"},
      {K::kTime, "-5 s", "-5 s = -5000000000"},
  });
}

TEST(ScalarUnitTest, Spaces) {
  RunAll({
      {K::kSize, "4GB", "4 GB = 4000000000"},
      {K::kSize, "4   GB", "4 GB = 4000000000"},
      {K::kSize, "4\tGB", "4 GB = 4000000000"},
      {K::kSize, " 4 GB", "error: the number is missing"},
      {K::kSize, "4 GB ",
       "error: unknown unit 'GB ' (known units: B, kB, KiB, MB, MiB, GB, GiB, "
       "TB, TiB)"},
  });
}

TEST(ScalarUnitTest, Errors) {
  const std::string kSizeUnits = " (known units: B, kB, KiB, MB, MiB, GB, GiB, TB, TiB)";
  RunAll({
      {K::kSize, "", "error: the number is missing"},
      {K::kSize, "GB", "error: the number is missing"},
      {K::kSize, ".GB", "error: the number is missing"},
      {K::kSize, "-", "error: the number is missing"},
      {K::kSize, "4", "error: the unit is missing"},
      {K::kSize, "4 ", "error: the unit is missing"},
      {K::kSize, "4 GX", "error: unknown unit 'GX'" + kSizeUnits},
      {K::kSize, "4 GB extra", "error: unknown unit 'GB extra'" + kSizeUnits},
      {K::kSize, "4.5.6 GB", "error: unknown unit '.6 GB'" + kSizeUnits},
      {K::kSize, "4e GB", "error: unknown unit 'e GB'" + kSizeUnits},
      {K::kSize, "-1 B", "error: a size cannot be negative"},
      {K::kSize, "-0.5 kB", "error: a size cannot be negative"},
      {K::kFrequency, "-1 Hz", "error: a frequency cannot be negative"},
      {K::kBitrate, "-1 bps", "error: a bitrate cannot be negative"},
      {K::kSize, "1e99999 B", "error: the number is too large"},
      {K::kTime, "4 sec", "error: unknown unit 'sec' (known units: d, h, m, s, ms, us, ns)"},
      {K::kFrequency, "4 Hertz", "error: unknown unit 'Hertz' (known units: Hz, kHz, MHz, GHz)"},
  });
}

TEST(ScalarUnitTest, ExactBaseValues) {
  std::string why;
  auto base = [&why](UnitKind k, std::string_view text) {
    std::optional<Quantity> q = ParseQuantity(k, text, &why);
    EXPECT_TRUE(q) << text << ": " << why;
    return q ? q->base : -1;
  };
  EXPECT_EQ(base(K::kSize, "0.1 GB"), base(K::kSize, "100 MB"));
  EXPECT_EQ(base(K::kSize, "0.3 GB"), base(K::kSize, "300 MB"));
  EXPECT_EQ(base(K::kSize, "1.1 TB"), base(K::kSize, "1100 GB"));
  EXPECT_EQ(base(K::kTime, "0.001 s"), base(K::kTime, "1 ms"));
  EXPECT_EQ(base(K::kTime, "0.000000001 s"), base(K::kTime, "1 ns"));
  EXPECT_EQ(base(K::kTime, "1.5 d"), base(K::kTime, "36 h"));
  EXPECT_EQ(base(K::kFrequency, "2.4 GHz"), base(K::kFrequency, "2400 MHz"));
  EXPECT_EQ(base(K::kBitrate, "0.5 KiBps"), base(K::kBitrate, "4 Kibps"));
  // Too many digits for an exact mantissa: still read, to long double precision.
  EXPECT_NEAR(static_cast<double>(base(K::kTime, "12345678901234567890123 ns") / 1e22L),
              1.2345678901234567, 1e-15);
  EXPECT_NEAR(static_cast<double>(base(K::kTime, "0.12345678901234567890123 s")), 123456789.01,
              0.01);
}

TEST(ScalarUnitTest, Tables) {
  EXPECT_EQ(BaseUnit(K::kSize), "B");
  EXPECT_EQ(BaseUnit(K::kTime), "ns");
  EXPECT_EQ(BaseUnit(K::kFrequency), "Hz");
  EXPECT_EQ(BaseUnit(K::kBitrate), "bps");
  EXPECT_EQ(Units(K::kFrequency), (std::vector<std::string_view>{"Hz", "kHz", "MHz", "GHz"}));
  EXPECT_EQ(Units(K::kTime).size(), 7u);
  EXPECT_EQ(Units(K::kSize).size(), 9u);
  EXPECT_EQ(Units(K::kBitrate).size(), 18u);
  EXPECT_EQ(UnitKindName(K::kBitrate), "scalar-unit.bitrate");
}

}  // namespace
}  // namespace toscac::values
