// Input values from --inputs files and -i name=value, checked against the topology's inputs.
#include "check/values.h"
#include "eval/eval.h"
#include "util/spelling.h"
#include "yaml/loader.h"

namespace toscac::eval {

using diag::Code;

namespace {

class InputReader {
 public:
  InputReader(check::Model& model, InputValues& out)
      : model_(model), program_(model.ctx.program), out_(out) {}

  void ReadFile(const std::string& path) {
    std::string text;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
      program_.diags.Report(Code::F001, diag::Location{program_.sources.Add(path, ""), 0, 0, 0},
                            "cannot read input values '" + path + "'");
      return;
    }
    char buffer[1 << 16];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
    std::fclose(f);
    const ir::Node* root = Parse(path, std::move(text));
    if (root == nullptr) return;
    if (!root->IsMap()) {
      program_.diags.Report(
          Code::S101, root->location,
          "expected a map of input names to values, got " + std::string(yaml::Describe(*root)));
      return;
    }
    for (const yaml::Entry& e : root->entries()) {
      if (!e.key->IsScalar()) continue;
      Give(ir::Name{std::string(e.key->value()), e.key->location}, e.value);
    }
  }

  // name=value: the value is read as YAML, so -i port=80 is a number and -i tag="80" a string.
  void ReadPair(const std::string& pair) {
    std::size_t eq = pair.find('=');
    diag::FileId id = program_.sources.Add("<-i " + pair + ">", pair);
    if (eq == std::string::npos || eq == 0) {
      program_.diags.Report(Code::I703,
                            diag::Location{id, 1, 1, static_cast<std::uint32_t>(pair.size() + 1)},
                            "expected name=value after -i, got '" + pair + "'");
      return;
    }
    std::string value = pair.substr(eq + 1);
    const ir::Node* node = Parse("<-i " + pair.substr(0, eq) + ">", value.empty() ? "''" : value);
    if (node == nullptr) return;
    Give(ir::Name{pair.substr(0, eq), diag::Location{id, 1, 1, static_cast<std::uint32_t>(eq + 1)}},
         node);
  }

  void Check() {
    check::Scope scope;
    for (const auto& [name, def] : model_.ctx.inputs) {
      if (types::IsSecret(model_.types, *def)) continue;  // the agents get it, at run time
      auto it = out_.values.find(name);
      if (it != out_.values.end()) {
        model_.values.CheckValue(*it->second, *def, scope);
        continue;
      }
      if (def->default_value != nullptr || def->value != nullptr || !def->required.value_or(true)) {
        continue;
      }
      program_.diags
          .Report(Code::I702, def->location, "input '" + name + "' is required and has no default")
          .AddNote("give it a value with --inputs FILE or -i " + name + "=VALUE");
    }
  }

 private:
  const ir::Node* Parse(const std::string& name, std::string text) {
    diag::FileId id = program_.sources.Add(name, std::move(text));
    auto doc = std::make_shared<yaml::Document>();
    if (!yaml::Load(program_.sources, id, yaml::Limits{}, *doc, program_.diags)) return nullptr;
    const ir::Node* root = doc->root();
    out_.documents.push_back(std::move(doc));
    return root;
  }

  void Give(const ir::Name& name, const ir::Node* value) {
    if (model_.ctx.inputs.count(name.text) == 0) {
      auto& d = program_.diags.Report(Code::I701, name.location,
                                      "the template has no input '" + name.text + "'");
      std::vector<std::string_view> names;
      for (const auto& [n, def] : model_.ctx.inputs) names.push_back(n);
      std::string near = util::Suggest(name.text, names);
      if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
      return;
    }
    const ir::PropertyDef& def = *model_.ctx.inputs.at(name.text);
    if (types::IsSecret(model_.types, def)) {
      // Reported at the declaration: where the value was given would show the value.
      program_.diags
          .Report(Code::I704, def.location,
                  "input '" + name.text +
                      "' is a secret: the compiler does not take its value (--inputs, -i)")
          .AddNote(
              "give it to the agents at run time (toscac up --secrets FILE); it never "
              "reaches a manifest");
      return;
    }
    out_.values[name.text] = value;  // later ones win
  }

  check::Model& model_;
  load::Program& program_;
  InputValues& out_;
};

}  // namespace

bool ReadInputs(check::Model& model, const std::vector<std::string>& files,
                const std::vector<std::string>& pairs, InputValues& out) {
  std::size_t errors = model.ctx.program.diags.ErrorCount();
  InputReader reader(model, out);
  for (const std::string& f : files) reader.ReadFile(f);
  for (const std::string& p : pairs) reader.ReadPair(p);
  reader.Check();
  return model.ctx.program.diags.ErrorCount() == errors;
}

}  // namespace toscac::eval
