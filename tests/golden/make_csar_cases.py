#!/usr/bin/env python3
"""Writes the input.csar of every golden case about TOSCA Cloud Service Archives.

The archives, hostile ones included (zip slip, bombs, corrupt data), are checked in next to
their expected output; this script is how they were made. Their bytes are fixed: every entry
dated 1980-01-01, Unix permissions 0644, stored or deflated at level 9.

Usage: make_csar_cases.py [--cases DIR]   rewrite the archives (default: cases/ next to here)
       make_csar_cases.py --check         fail when a checked-in archive differs from its recipe
"""
import argparse
import io
import os
import struct
import sys
import warnings
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
HDR = "tosca_definitions_version: tosca_simple_yaml_1_3\n"
META = ("TOSCA-Meta-File-Version: 1.1\nCSAR-Version: 1.1\nCreated-By: toscac tests\n"
        "Entry-Definitions: %s\n")
APP = HDR + """imports:
  - ../types/types.yaml
topology_template:
  node_templates:
    server:
      type: tosca.nodes.Compute
    app:
      type: example.App
      requirements:
        - host: server
      interfaces:
        Standard:
          operations:
            create: ../scripts/create.sh
"""
TYPES = HDR + """node_types:
  example.App:
    derived_from: tosca.nodes.SoftwareComponent
"""
SIMPLE = HDR + """topology_template:
  node_templates:
    server:
      type: tosca.nodes.Compute
"""


def zip_bytes(entries, deflate=False, link=()):
    """entries: [(name, text)] in the order written; `link` names entries marked as symlinks."""
    out = io.BytesIO()
    warnings.filterwarnings("ignore", "Duplicate name")
    with zipfile.ZipFile(out, "w") as z:
        for name, text in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.create_system = 3
            mode = 0o120777 if name in link else 0o100644
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            data = text.encode("utf-8") if isinstance(text, str) else text
            z.writestr(info, data, compresslevel=9 if deflate else None)
    return out.getvalue()


def valid_layout():
    return [("TOSCA-Metadata/TOSCA.meta", META % "definitions/app.yaml"),
            ("definitions/app.yaml", APP),
            ("scripts/create.sh", "#!/bin/sh\necho created\n"),
            ("types/types.yaml", TYPES)]


def lying_sizes(data, name, declared):
    """Rewrites the uncompressed size of entry `name`, in its local and central headers."""
    data = bytearray(data)
    raw = name.encode()
    for sig, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30),
                                              (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (pos := data.find(sig, start)) >= 0:
            start = pos + 4
            (n,) = struct.unpack_from("<H", data, pos + name_len_at)
            if bytes(data[pos + name_at:pos + name_at + n]) == raw:
                struct.pack_into("<I", data, pos + size_at, declared)
    return bytes(data)


def flip_data(data, name):
    """Corrupts the first bytes of an entry's compressed data (its CRC no longer matches)."""
    data = bytearray(data)
    pos = data.find(b"PK\x03\x04")  # the first local header
    while pos >= 0:
        n, m = struct.unpack_from("<HH", data, pos + 26)
        if bytes(data[pos + 30:pos + 30 + n]) == name.encode():
            at = pos + 30 + n + m
            for i in range(at, at + 8):
                data[i] ^= 0xFF
            break
        pos = data.find(b"PK\x03\x04", pos + 4)
    return bytes(data)


def bad_location_layout():
    app = HDR + """topology_template:
  node_templates:
    server:
      type: tosca.nodes.Compute
      propertes: {}
"""
    return [("TOSCA-Metadata/TOSCA.meta", META % "definitions/app.yaml"),
            ("definitions/app.yaml", app)]


def cases():
    big = "# " + "x" * (4 << 20) + "\n"
    deflated = zip_bytes([("app.yaml", SIMPLE)], deflate=True)
    return {
        "csar-valid-with-metadata": zip_bytes(valid_layout()),
        "csar-valid-without-metadata": zip_bytes([("app.yaml", SIMPLE)]),
        "csar-error-location": zip_bytes(bad_location_layout()),
        "F003-csar-missing-import": zip_bytes([("app.yaml", HDR + "imports:\n  - types.yaml\n")]),
        "F010-csar-not-a-zip": b"this is not a zip archive\n",
        "F010-csar-truncated": zip_bytes(valid_layout())[:200],
        "F010-csar-corrupt-entry": flip_data(deflated, "app.yaml"),
        "F011-csar-zip-slip": zip_bytes([("app.yaml", SIMPLE), ("../../evil.sh", "rm -rf ~\n")]),
        "F011-csar-absolute-entry": zip_bytes([("app.yaml", SIMPLE), ("/etc/cron.d/x", "x\n")]),
        "F011-csar-backslash-entry": zip_bytes([("app.yaml", SIMPLE), ("..\\..\\evil.bat", "x\n")]),
        "F011-csar-drive-entry": zip_bytes([("app.yaml", SIMPLE), ("C:/evil.bat", "x\n")]),
        "F011-csar-duplicate-entry": zip_bytes([("app.yaml", SIMPLE), ("app.yaml", HDR)]),
        "F011-csar-symlink-entry": zip_bytes([("app.yaml", SIMPLE), ("passwd", "/etc/passwd")],
                                             link=("passwd",)),
        "F012-csar-bomb-ratio": zip_bytes([("app.yaml", SIMPLE), ("big.yaml", big)],
                                          deflate=True),
        "F012-csar-lying-size": lying_sizes(zip_bytes([("app.yaml", SIMPLE)], deflate=True),
                                            "app.yaml", 20),
        "F013-csar-several-root-yamls": zip_bytes([("a.yaml", SIMPLE), ("b.yaml", SIMPLE),
                                                   ("c.yml", SIMPLE)]),
        "F014-csar-malformed-meta": zip_bytes([
            ("TOSCA-Metadata/TOSCA.meta",
             "TOSCA-Meta-File-Version: 1.1\nCSAR-Version 1.1\nEntry-Definitions: app.yaml\n"),
            ("app.yaml", SIMPLE)]),
        "F015-csar-wrong-entry": zip_bytes([
            ("TOSCA-Metadata/TOSCA.meta", META % "definitions/ap.yaml"),
            ("definitions/app.yaml", SIMPLE)]),
        "F016-csar-import-leaves-archive": zip_bytes([
            ("TOSCA-Metadata/TOSCA.meta", META % "definitions/app.yaml"),
            ("definitions/app.yaml", HDR + "imports:\n  - ../../outside.yaml\n")]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=os.path.join(HERE, "cases"))
    parser.add_argument("--check", action="store_true")
    opts = parser.parse_args()
    stale = []
    for name, data in sorted(cases().items()):
        path = os.path.join(opts.cases, name, "input.csar")
        if opts.check:
            if not os.path.exists(path) or open(path, "rb").read() != data:
                stale.append(name)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    for name in stale:
        print("stale or missing: %s/input.csar (run make_csar_cases.py)" % name)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
