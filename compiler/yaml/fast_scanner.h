#pragma once
// A fast reader for the YAML that TOSCA files are nearly always written in, tried before
// libyaml (docs/architecture.md explains why). libyaml spends about 180 instructions
// per byte; this reader about a tenth of that, which is most of what a small `toscac validate`
// spends beyond starting the process.
//
// It knows a subset and gives up on everything else, leaving the text to libyaml:
//   - printable characters and "\n" only (no tabs, no "\r", no other line break), one document
//     whose root is a block map starting in column 1, no directives, no "---" or "...";
//   - block maps and sequences (sequences under a key at the key's indentation too), keys that
//     are plain or quoted scalars on one line;
//   - plain scalars, over several lines too; quoted scalars on one line with the common
//     escapes; a plain or quoted scalar on the line after its key or '-'; literal and folded
//     block scalars (| |- |+ > >- >+) without an indentation indicator;
//   - flow sequences and maps on one line, of scalars and flow collections;
//   - anchors and aliases in block context; comments.
// Whatever it accepts it must read exactly as libyaml does: the same events, values, styles
// and marks. The tests compare the two on every sample and corpus file, and a fuzz target
// (fuzz/fuzz_fastyaml.cc) on mutations of them.
//
//   if (!FastScan(text, sink)) { /* discard what sink built; read the text with libyaml */ }
#include <string_view>

#include "yaml/events.h"

namespace toscac::yaml {

// Feeds `sink` the events of `text` (a byte order mark already removed) and returns true, or
// returns false as soon as the text leaves the subset above; `sink` has then seen some of the
// events, not all. Never reports an error: libyaml's reading of the same text does.
bool FastScan(std::string_view text, EventSink& sink);

// FastScan for a text known to hold only printable ASCII and "\n" (the loader checks every
// file's bytes first), without checking its characters again.
bool FastScanAscii(std::string_view text, EventSink& sink);

}  // namespace toscac::yaml
