// The DOT of `toscac graph` and the in-process images: exact text for small topologies, names
// that stress Graphviz's quoting, determinism, and `dot -Tsvg` reading all of it silently.
#include "graph/dot.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "graph/agraph.h"
#include "graph/build.h"
#include "graph/render.h"
#include "topology_builder.h"

namespace toscac::graph {
namespace {

namespace fs = std::filesystem;
using resolve::Family;
using resolve::Topology;
using testing::TopologyBuilder;

constexpr char kHostedOn[] = "tosca.relationships.HostedOn";

// An application on a web server on a compute node.
Topology Stack() {
  return TopologyBuilder()
      .Node("app", "tosca.nodes.WebApplication", "web")
      .Node("server", "tosca.nodes.Compute")
      .Node("web", "tosca.nodes.WebServer", "server")
      .Edge("app", "host", "web", "host", Family::kHostedOn, kHostedOn)
      .Edge("web", "host", "server", "host", Family::kHostedOn, kHostedOn)
      .Waves({{"server"}, {"web"}, {"app"}});
}

// One edge of every style: two components on a VM, one depending on the other and connecting
// to a database; the VM attached to a volume.
Topology Families() {
  return TopologyBuilder()
      .Node("api", "tosca.nodes.SoftwareComponent", "vm")
      .Node("cache", "tosca.nodes.SoftwareComponent", "vm")
      .Node("db", "tosca.nodes.Database.MySQL")
      .Node("disk", "tosca.nodes.Storage.BlockStorage")
      .Node("vm", "tosca.nodes.Compute")
      .Edge("api", "host", "vm", "host", Family::kHostedOn, kHostedOn)
      .Edge("api", "dependency", "cache", "feature", Family::kDependsOn,
            "tosca.relationships.DependsOn")
      .Edge("api", "database", "db", "database_endpoint", Family::kConnectsTo,
            "tosca.relationships.ConnectsTo")
      .Edge("cache", "host", "vm", "host", Family::kHostedOn, kHostedOn)
      .Edge("vm", "local_storage", "disk", "attachment", Family::kAttachesTo,
            "tosca.relationships.AttachesTo")
      .Waves({{"db", "disk"}, {"vm"}, {"cache"}, {"api"}});
}

// Names that need quoting, or that Graphviz 2.43 cannot write back as they are.
Topology Hostile() {
  return TopologyBuilder()
      .Node("%anon", "tosca.nodes.Root")
      .Node("-1.5", "tosca.nodes.Root", "web server")
      .Node("a->b; {c}", "my.types.Odd\\", "web server")
      .Node("ends\\", "tosca.nodes.Root")
      .Node("ends\\\\", "tosca.nodes.Root")
      .Node("line\nbreak", "tosca.nodes.Root", "ends\\")
      .Node("line\\\nbreak", "tosca.nodes.Root")
      .Node(std::string("nul\0byte", 8), "tosca.nodes.Root")
      .Node("node", "tosca.nodes.Root", "say \"hi\\\"")
      .Node("say \"hi\\\"", "tosca.nodes.Compute")
      .Node("web server", "tosca.nodes.WebServer", "say \"hi\\\"")
      .Node("Überweb ☃", "tosca.nodes.WebApplication", "web server")
      .Edge("-1.5", "host", "web server", "host", Family::kHostedOn, kHostedOn)
      .Edge("a->b; {c}", "host", "web server", "host", Family::kHostedOn, kHostedOn)
      .Edge("line\nbreak", "host", "ends\\", "host", Family::kHostedOn, kHostedOn)
      .Edge("node", "host", "say \"hi\\\"", "host", Family::kHostedOn, kHostedOn)
      .Edge("node", "needs \"it\"\\", std::string("nul\0byte", 8), "cap\\", Family::kOther)
      .Edge("web server", "host", "say \"hi\\\"", "host", Family::kHostedOn, kHostedOn)
      .Edge("Überweb ☃", "host", "web server", "host", Family::kHostedOn, kHostedOn)
      .Edge("Überweb ☃", "db", "%anon", "ünï \\n", Family::kConnectsTo)
      .Waves({{"%anon", "ends\\", "ends\\\\", "line\\\nbreak", std::string("nul\0byte", 8),
               "say \"hi\\\""},
              {"line\nbreak", "node", "web server"},
              {"-1.5", "a->b; {c}", "Überweb ☃"}});
}

// Waves that no edge links: b depends on nothing, c only on a.
Topology Unlinked() {
  return TopologyBuilder()
      .Node("a", "tosca.nodes.Root")
      .Node("b", "tosca.nodes.Root")
      .Node("c", "tosca.nodes.Root")
      .Edge("c", "dependency", "a", "feature", Family::kDependsOn)
      .Waves({{"a"}, {"b"}, {"c"}});
}

// Hosts in a circle (the resolver reports the cycle; there are no waves): a and b host each
// other, c sits on the circle, d on itself.
Topology HostLoops() {
  return TopologyBuilder()
      .Node("a", "tosca.nodes.Root", "b")
      .Node("b", "tosca.nodes.Root", "a")
      .Node("c", "tosca.nodes.Root", "a")
      .Node("d", "tosca.nodes.Root", "d")
      .Edge("a", "host", "b", "host", Family::kHostedOn)
      .Edge("b", "host", "a", "host", Family::kHostedOn)
      .Edge("c", "host", "a", "host", Family::kHostedOn)
      .Edge("d", "host", "d", "host", Family::kHostedOn)
      .Waves({});
}

// What `dot -Tsvg` says about `dot_text` on standard error, with its exit status; "" and 0 when
// all is well.
struct DotRun {
  int status = 0;
  std::string messages;
};

DotRun RunDot(const std::string& dot_text) {
  fs::path input =
      fs::path(::testing::TempDir()) / ("toscac_dot_test_" + std::to_string(getpid()) + ".dot");
  std::ofstream(input, std::ios::binary) << dot_text;
  std::string command = "dot -Tsvg '" + input.string() + "' 2>&1 >/dev/null";
  DotRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) run.messages += buffer;
  run.status = pclose(pipe);
  fs::remove(input);
  return run;
}

bool HaveDot() { return fs::exists("/usr/bin/dot"); }

// The pinned texts.
constexpr char kStackDot[] =
    "digraph topology {\n"
    "\tnode [shape=box,\n"
    "\t\tstyle=rounded\n"
    "\t];\n"
    "\tsubgraph cluster_server {\n"
    "\t\tgraph [color=grey60,\n"
    "\t\t\tstyle=rounded\n"
    "\t\t];\n"
    "\t\tsubgraph cluster_web {\n"
    "\t\t\tgraph [color=grey60,\n"
    "\t\t\t\tstyle=rounded\n"
    "\t\t\t];\n"
    "\t\t\tapp\t[label=\"app\\nWebApplication\",\n"
    "\t\t\t\ttooltip=\"tosca.nodes.WebApplication\"];\n"
    "\t\t\tweb\t[label=\"web\\nWebServer\",\n"
    "\t\t\t\ttooltip=\"tosca.nodes.WebServer\"];\n"
    "\t\t}\n"
    "\t\tserver\t[label=\"server\\nCompute\",\n"
    "\t\t\ttooltip=\"tosca.nodes.Compute\"];\n"
    "\t}\n"
    "\tapp -> web\t[style=bold,\n"
    "\t\ttooltip=\"host -> host (tosca.relationships.HostedOn)\"];\n"
    "\tweb -> server\t[style=bold,\n"
    "\t\ttooltip=\"host -> host (tosca.relationships.HostedOn)\"];\n"
    "}\n";

constexpr char kStackWavesDot[] =
    "digraph topology {\n"
    "\tgraph [newrank=true];\n"
    "\tnode [shape=box,\n"
    "\t\tstyle=rounded\n"
    "\t];\n"
    "\tsubgraph cluster_server {\n"
    "\t\tgraph [color=grey60,\n"
    "\t\t\tstyle=rounded\n"
    "\t\t];\n"
    "\t\tsubgraph cluster_web {\n"
    "\t\t\tgraph [color=grey60,\n"
    "\t\t\t\tstyle=rounded\n"
    "\t\t\t];\n"
    "\t\t\tapp\t[label=\"app\\nWebApplication\",\n"
    "\t\t\t\ttooltip=\"tosca.nodes.WebApplication\"];\n"
    "\t\t\tweb\t[label=\"web\\nWebServer\",\n"
    "\t\t\t\ttooltip=\"tosca.nodes.WebServer\"];\n"
    "\t\t}\n"
    "\t\tserver\t[label=\"server\\nCompute\",\n"
    "\t\t\ttooltip=\"tosca.nodes.Compute\"];\n"
    "\t}\n"
    "\t{\n"
    "\t\tgraph [rank=same];\n"
    "\t\tserver;\n"
    "\t}\n"
    "\t{\n"
    "\t\tgraph [rank=same];\n"
    "\t\tweb;\n"
    "\t}\n"
    "\t{\n"
    "\t\tgraph [rank=same];\n"
    "\t\tapp;\n"
    "\t}\n"
    "\tapp -> web\t[style=bold,\n"
    "\t\ttooltip=\"host -> host (tosca.relationships.HostedOn)\"];\n"
    "\tweb -> server\t[style=bold,\n"
    "\t\ttooltip=\"host -> host (tosca.relationships.HostedOn)\"];\n"
    "}\n";

constexpr char kFamiliesDot[] =
    "digraph topology {\n"
    "\tnode [shape=box,\n"
    "\t\tstyle=rounded\n"
    "\t];\n"
    "\tsubgraph cluster_vm {\n"
    "\t\tgraph [color=grey60,\n"
    "\t\t\tstyle=rounded\n"
    "\t\t];\n"
    "\t\tapi\t[label=\"api\\nSoftwareComponent\",\n"
    "\t\t\ttooltip=\"tosca.nodes.SoftwareComponent\"];\n"
    "\t\tcache\t[label=\"cache\\nSoftwareComponent\",\n"
    "\t\t\ttooltip=\"tosca.nodes.SoftwareComponent\"];\n"
    "\t\tvm\t[label=\"vm\\nCompute\",\n"
    "\t\t\ttooltip=\"tosca.nodes.Compute\"];\n"
    "\t}\n"
    "\tapi -> cache\t[style=dashed,\n"
    "\t\ttooltip=\"dependency -> feature (tosca.relationships.DependsOn)\"];\n"
    "\tdb\t[label=\"db\\nMySQL\",\n"
    "\t\ttooltip=\"tosca.nodes.Database.MySQL\"];\n"
    "\tapi -> db\t[label=database_endpoint,\n"
    "\t\ttooltip=\"database -> database_endpoint (tosca.relationships.ConnectsTo)\"];\n"
    "\tapi -> vm\t[style=bold,\n"
    "\t\ttooltip=\"host -> host (tosca.relationships.HostedOn)\"];\n"
    "\tcache -> vm\t[style=bold,\n"
    "\t\ttooltip=\"host -> host (tosca.relationships.HostedOn)\"];\n"
    "\tdisk\t[label=\"disk\\nBlockStorage\",\n"
    "\t\ttooltip=\"tosca.nodes.Storage.BlockStorage\"];\n"
    "\tvm -> disk\t[label=local_storage,\n"
    "\t\tstyle=dotted,\n"
    "\t\ttooltip=\"local_storage -> attachment (tosca.relationships.AttachesTo)\"];\n"
    "}\n";

constexpr char kInvisibleDot[] =
    "digraph topology {\n"
    "\tgraph [newrank=true];\n"
    "\tnode [shape=box,\n"
    "\t\tstyle=rounded\n"
    "\t];\n"
    "\t{\n"
    "\t\tgraph [rank=same];\n"
    "\t\ta\t[label=\"a\\nRoot\",\n"
    "\t\t\ttooltip=\"tosca.nodes.Root\"];\n"
    "\t}\n"
    "\t{\n"
    "\t\tgraph [rank=same];\n"
    "\t\tb\t[label=\"b\\nRoot\",\n"
    "\t\t\ttooltip=\"tosca.nodes.Root\"];\n"
    "\t}\n"
    "\t{\n"
    "\t\tgraph [rank=same];\n"
    "\t\tc\t[label=\"c\\nRoot\",\n"
    "\t\t\ttooltip=\"tosca.nodes.Root\"];\n"
    "\t}\n"
    "\tb -> a\t[style=invis];\n"
    "\tc -> a\t[style=dashed,\n"
    "\t\ttooltip=\"dependency -> feature\"];\n"
    "\tc -> b\t[style=invis];\n"
    "}\n";

TEST(DotTest, DrawsAHostingStackAsNestedClusters) { EXPECT_EQ(RenderDot(Stack(), {}), kStackDot); }

TEST(DotTest, RanksTheStackByWave) {
  EXPECT_EQ(RenderDot(Stack(), {.waves = true}), kStackWavesDot);
}

TEST(DotTest, StylesEdgesByRelationshipFamily) {
  EXPECT_EQ(RenderDot(Families(), {}), kFamiliesDot);
}

TEST(DotTest, KeepsConsecutiveWavesInOrderWithoutARealEdge) {
  // Nothing links wave 1 to wave 0: an invisible edge does.
  EXPECT_EQ(RenderDot(Unlinked(), {.waves = true}), kInvisibleDot);
}

TEST(DotTest, IgnoresWavesWhenThereAreNone) {
  Topology t = Stack();
  t.waves.clear();
  EXPECT_EQ(RenderDot(t, {.waves = true}), RenderDot(Stack(), {}));
}

TEST(DotTest, DrawsAHostLoopWithoutClusters) {
  std::string dot = RenderDot(HostLoops(), {.waves = true});
  EXPECT_EQ(dot.find("subgraph"), std::string::npos) << dot;
  EXPECT_NE(dot.find("a -> b"), std::string::npos) << dot;
  EXPECT_NE(dot.find("d -> d"), std::string::npos) << dot;
}

TEST(DotTest, IsDeterministic) {
  std::string first = RenderDot(Families(), {.waves = true});
  // Other graphs in between move cgraph's heap around: the text must not follow it.
  for (int i = 0; i < 3; ++i) RenderDot(Hostile(), {.waves = i % 2 == 0});
  EXPECT_EQ(RenderDot(Families(), {.waves = true}), first);
  EXPECT_EQ(RenderDot(Hostile(), {}), RenderDot(Hostile(), {}));
}

TEST(DotTest, QuotesNamesSoThatGraphvizReadsThemBack) {
  Topology t = Hostile();
  std::string dot = RenderDot(t, {.waves = true});
  ASSERT_FALSE(dot.empty());
  std::vector<std::string> ids = DotIds(t.nodes);
  CaptureMessages quiet;
  Agraph_t* g = agmemread(dot.c_str());
  ASSERT_NE(g, nullptr) << quiet.text() << dot;
  EXPECT_EQ(agnnodes(g), int(t.nodes.size()));
  for (std::size_t i = 0; i < t.nodes.size(); ++i) {
    Agnode_t* n = agnode(g, Chars(ids[i]), 0);
    ASSERT_NE(n, nullptr) << ids[i];
    std::string label =
        EscapeLabel(t.nodes[i].name) + "\\n" + EscapeLabel(ShortType(t.nodes[i].type));
    EXPECT_EQ(agget(n, Chars("label")), label) << ids[i];
    EXPECT_EQ(agget(n, Chars("tooltip")), EscapeLabel(t.nodes[i].type)) << ids[i];
  }
  EXPECT_EQ(agnedges(g), int(t.edges.size()));
  agclose(g);
  EXPECT_EQ(quiet.text(), "");
}

TEST(DotTest, GivesStandInsToNamesGraphvizCannotWriteBack) {
  std::vector<std::string> ids = DotIds(Hostile().nodes);
  std::vector<std::string> expected = {"_%anon",
                                       "-1.5",
                                       "a->b; {c}",
                                       "ends\\\\ (2)",
                                       "ends\\\\",
                                       "line\nbreak",
                                       "line\\\\\nbreak",
                                       "nul\xEF\xBF\xBD"
                                       "byte",
                                       "node",
                                       "say \"hi\\\\\"",
                                       "web server",
                                       "Überweb ☃"};
  EXPECT_EQ(ids, expected);
}

TEST(DotTest, EscapesLabelsAndShortensTypes) {
  EXPECT_EQ(EscapeLabel("a\\nb"), "a\\\\nb");
  EXPECT_EQ(EscapeLabel(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ShortType("tosca.nodes.DBMS.MySQL"), "MySQL");
  EXPECT_EQ(ShortType("Compute"), "Compute");
  EXPECT_EQ(ShortType("tosca:Compute"), "Compute");
  EXPECT_EQ(ShortType("odd."), "odd.");
}

TEST(DotTest, DotReadsEveryGraphSilently) {
  if (!HaveDot()) GTEST_SKIP() << "no /usr/bin/dot";
  for (const Topology& t : {Stack(), Families(), Hostile(), Unlinked(), HostLoops(), Topology()}) {
    for (bool waves : {false, true}) {
      std::string dot = RenderDot(t, {.waves = waves});
      DotRun run = RunDot(dot);
      EXPECT_EQ(run.status, 0) << dot;
      EXPECT_EQ(run.messages, "") << dot;
    }
  }
}

class RenderImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("toscac_render_test_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path dir_;
};

TEST_F(RenderImageTest, WritesSvgPngAndPdf) {
  struct Case {
    std::string file, magic;
  };
  for (const Case& c : {Case{"app.svg", "<?xml"}, Case{"app.png", "\x89PNG"},
                        Case{"app.pdf", "%PDF"}, Case{"APP.SVG", "<?xml"}}) {
    std::string error;
    fs::path path = dir_ / c.file;
    ASSERT_TRUE(RenderImage(Families(), {.waves = true}, path.string(), &error)) << error;
    EXPECT_EQ(error, "");
    std::string bytes = Read(path);
    EXPECT_EQ(bytes.substr(0, c.magic.size()), c.magic) << c.file;
  }
}

TEST_F(RenderImageTest, DrawsHostileNames) {
  std::string error;
  fs::path path = dir_ / "hostile.svg";
  ASSERT_TRUE(RenderImage(Hostile(), {}, path.string(), &error)) << error;
  EXPECT_NE(Read(path).find("Überweb ☃"), std::string::npos);
}

TEST_F(RenderImageTest, NamesTheFormatsItKnows) {
  std::string error;
  EXPECT_FALSE(RenderImage(Stack(), {}, (dir_ / "app.gif").string(), &error));
  EXPECT_EQ(error, "unknown image format '.gif' (expected .svg, .png or .pdf)");
  EXPECT_FALSE(RenderImage(Stack(), {}, (dir_ / "app").string(), &error));
  EXPECT_EQ(error, "no file extension to choose the image format by (expected .svg, .png or .pdf)");
  EXPECT_FALSE(fs::exists(dir_ / "app.gif"));
}

TEST_F(RenderImageTest, SaysWhyItCannotWrite) {
  std::string error;
  EXPECT_FALSE(RenderImage(Stack(), {}, (dir_ / "missing" / "app.svg").string(), &error));
  EXPECT_EQ(error, "no such file or directory");
  EXPECT_FALSE(RenderImage(Stack(), {}, (dir_ / "missing" / "app.svg").string(), nullptr));
}

}  // namespace
}  // namespace toscac::graph
