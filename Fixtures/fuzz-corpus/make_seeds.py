#!/usr/bin/env python3
"""Writes the seed corpora of the LogFuzz targets `directory` and `render` from the fixtures.

    python3 Fixtures/fuzz-corpus/make_seeds.py

`records/` holds hand-picked files and is not rebuilt. Files named `crash-*` are inputs that once
crashed a target (each also has a test); they stay, so that every fuzz run replays them. The formats are documented in
Sources/LogFuzz/DirectoryArchive.swift and Sources/LogFuzz/RenderFuzzTarget.swift.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)

# Indexes into DirectoryFuzzTarget.events: j j Tab Tab Tab Tab ] j ! j Enter G y : 9 Enter ? Escape.
BROWSE = bytes([0, 0, 4, 4, 4, 4, 11, 0, 18, 0, 6, 8, 21, 23, 28, 6, 17, 19])


def archive(directory):
    out = bytearray()
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if os.path.isdir(path):
            kind, content = 1, b""
        else:
            with open(path, "rb") as f:
                content = f.read()
            if len(content) > 0xFFFF:
                return None
            kind = 0
        encoded = name.encode()
        out += bytes([kind, len(encoded)]) + encoded + len(content).to_bytes(2, "big") + content
    return bytes(out) + b"\xff" + BROWSE


def write_corpus(name, seeds):
    """Rewrites the seeds of one corpus; `crash-*` files (inputs that once crashed) are kept."""
    target = os.path.join(HERE, name)
    os.makedirs(target, exist_ok=True)
    for old in os.listdir(target):
        if not old.startswith("crash-"):
            os.remove(os.path.join(target, old))
    for seed_name, data in sorted(seeds.items()):
        with open(os.path.join(target, seed_name), "wb") as f:
            f.write(data)


def directory_seeds():
    seeds = {}
    for group in ("damaged", "golden"):
        root = os.path.join(FIXTURES, group)
        for name in sorted(os.listdir(root)):
            path = os.path.join(root, name)
            if os.path.isdir(path):
                data = archive(path)
                if data is not None:
                    seeds[f"{group}-{name}"] = data
    return seeds


def render_seeds():
    manifest = json.load(open(os.path.join(FIXTURES, "golden", "small.manifest.json")))
    values = {
        "json": b'{"user":"ada","tags":["a","b"],"n":-1.5e3,"ok":true,"nested":{"x":null}}',
        "text": "caf\u00e9 \u2014 \u6f22\u5b57 \U0001F600 tab\there\nnewline".encode(),
        "binary": bytes(range(256)),
        "empty": b"",
        "record-proto": bytes.fromhex(manifest["records"][5]["record_proto_hex"]),
        "golden-value": bytes.fromhex(manifest["records"][20]["value_hex"]),
    }
    # First two bytes: the screen size (width 8 + b0 % 200, height 4 + b1 % 70).
    return {f"{name}-{w}x{h}": bytes([w - 8, h - 4]) + value
            for name, value in values.items() for (w, h) in ((100, 30), (30, 8))}


if __name__ == "__main__":
    write_corpus("directory", directory_seeds())
    write_corpus("render", render_seeds())
