#include "graph/render.h"

#include <graphviz/gvc.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "graph/agraph.h"
#include "graph/build.h"

namespace toscac::graph {
namespace {

// The Graphviz format for a file name, or "" when its extension is not one we draw.
std::string FormatFor(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (ext == ".svg" || ext == ".png" || ext == ".pdf") return ext.substr(1);
  return "";
}

// Graphviz's messages, one line, for an error: "Error: trouble in init_rank\n..." -> first line.
std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "Graphviz reported no reason" : line;
}

struct FreeContext {
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};

// Lays out `g` and renders it into memory. Rendering to memory, not to the file, because
// Graphviz 2.43 calls exit() when it cannot open its output file.
bool Draw(Agraph_t* g, const std::string& format, std::string* image, std::string* error) {
  CaptureMessages messages;
  std::unique_ptr<GVC_t, FreeContext> gvc(gvContext());
  if (gvc == nullptr) {
    *error = "cannot start Graphviz";
    return false;
  }
  if (gvLayout(gvc.get(), g, "dot") != 0) {
    *error = "Graphviz cannot lay out the graph: " + FirstLine(messages.text());
    return false;
  }
  char* data = nullptr;
  unsigned int length = 0;
  int rc = gvRenderData(gvc.get(), g, format.c_str(), &data, &length);
  if (rc == 0 && data != nullptr) image->assign(data, length);
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), g);
  if (rc != 0 || image->empty()) {
    *error = "Graphviz cannot render " + format + ": " + FirstLine(messages.text());
    return false;
  }
  return true;
}

bool WriteFile(const std::string& path, const std::string& bytes, std::string* error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(bytes.data(), std::streamsize(bytes.size()));
  if (out.flush()) return true;
  *error = "cannot write '" + path + "': " + std::strerror(errno);
  return false;
}

}  // namespace

bool RenderImage(const resolve::Topology& t, const DotOptions& o, const std::string& path,
                 std::string* error) {
  std::string ignored;
  if (error == nullptr) error = &ignored;
  try {
    std::string format = FormatFor(path);
    if (format.empty()) {
      std::string ext = std::filesystem::path(path).extension().string();
      *error = "unknown image format '" + ext + "' for '" + path +
               "' (expected .svg, .png or .pdf)";
      return false;
    }
    Graph g("topology");
    if (!BuildGraph(t, o, g)) {
      *error = "Graphviz cannot build the graph";
      return false;
    }
    std::string image;
    return Draw(g.get(), format, &image, error) && WriteFile(path, image, error);
  } catch (const std::exception& e) {
    *error = std::string("cannot render '") + path + "': " + e.what();
    return false;
  } catch (...) {
    *error = "cannot render '" + path + "'";
    return false;
  }
}

}  // namespace toscac::graph
