// `toscac explain CODE` prints docs/diagnostics.md's section of the code, embedded at build time.
#include "diag/explain.h"

#include <gtest/gtest.h>

#include "diag/diagnostic.h"

namespace toscac::diag {
namespace {

// Every code of the table has an explanation with a wrong and a right example (the docs-codes
// test checks the same of the document; this checks what reaches the binary).
TEST(Explain, EveryCodeHasAWrongAndARightExample) {
  for (const CodeInfo& info : AllCodes()) {
    SCOPED_TRACE(std::string(info.name));
    std::optional<std::string> text = Explain(info.name);
    ASSERT_TRUE(text.has_value());
    EXPECT_TRUE(text->starts_with(std::string(info.name) + " (")) << *text;
    EXPECT_NE(text->find(info.summary), std::string::npos);
    EXPECT_NE(text->find("Wrong"), std::string::npos) << *text;
    EXPECT_NE(text->find("Right"), std::string::npos) << *text;
    EXPECT_EQ(text->find("```"), std::string::npos) << *text;
    EXPECT_TRUE(text->ends_with("\n") && !text->ends_with("\n\n")) << *text;
  }
}

TEST(Explain, UnknownCodes) {
  EXPECT_FALSE(Explain("T999").has_value());
  EXPECT_FALSE(Explain("t201").has_value());
  EXPECT_FALSE(Explain("").has_value());
}

constexpr std::string_view kDoc = R"(# Diagnostics

### F003

An imported file cannot be read.

Wrong:
```yaml
H
# b.yaml, a comment and not a heading
imports:

  - missing.yaml
H   # a comment
```
Right: import a file that exists.

## Y: YAML

### Y001

The file is not YAML.
)";

TEST(Explain, ASectionForATerminal) {
  EXPECT_EQ(Explain("F003", kDoc),
            "F003 (error): an imported file cannot be found or read\n"
            "\n"
            "An imported file cannot be read.\n"
            "\n"
            "Wrong:\n"
            "    tosca_definitions_version: tosca_simple_yaml_1_3\n"
            "    # b.yaml, a comment and not a heading\n"
            "    imports:\n"
            "\n"
            "      - missing.yaml\n"
            "    tosca_definitions_version: tosca_simple_yaml_1_3   # a comment\n"
            "Right: import a file that exists.\n");
  EXPECT_EQ(Explain("Y001", kDoc),
            "Y001 (error): the file is not well-formed YAML\n\nThe file is not YAML.\n");
  // In the table, but not in this document.
  EXPECT_FALSE(Explain("Y002", kDoc).has_value());
}

}  // namespace
}  // namespace toscac::diag
