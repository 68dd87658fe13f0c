#!/usr/bin/env python3
"""A writer that behaves like the Go reference (proglog internal/log) towards the files, for tests.

It takes no lock. It opens <base>.store with O_RDWR|O_CREAT|O_APPEND and writes frames through a
4 KiB buffer, grows <base>.index to MaxIndexBytes and maps it shared, writing each 12-byte entry into
the mapping: exactly what /proc shows of the reference (open files, a shared writable mapping).

usage: foreign_writer.py DIR [--records N] [--max-index-bytes B] [--read-only]
Appends N records (value "record <i>") to segment 0 of the new directory DIR, flushes all but the
last frame, prints "ready <pid>" and waits until its standard input closes (or SIGINT, SIGTERM), then exits
without closing the log cleanly (the index keeps its zero tail, as after a crash).
With --read-only it only opens the files of an existing DIR read-only and waits (a reader).
"""
import mmap
import os
import signal
import struct
import sys


# The one encoder of Record frames in the repository's scripts (Fixtures/generate.py).
sys.dont_write_bytecode = True  # the tests leave nothing in the checkout
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Fixtures"))
from generate import record as encode  # noqa: E402


def record(value, offset):
    payload = encode(value, offset)
    return struct.pack(">Q", len(payload)) + payload


def main():
    args = sys.argv[1:]
    directory = args[0]
    records = int(args[args.index("--records") + 1]) if "--records" in args else 5
    max_index = int(args[args.index("--max-index-bytes") + 1]) if "--max-index-bytes" in args else 1024
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda *_: os._exit(0))
    held = []
    if "--read-only" in args:
        for name in sorted(os.listdir(directory)):
            held.append(os.open(os.path.join(directory, name), os.O_RDONLY))
    else:
        os.makedirs(directory, exist_ok=True)
        store = os.open(os.path.join(directory, "0.store"), os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        index = os.open(os.path.join(directory, "0.index"), os.O_RDWR | os.O_CREAT, 0o644)
        os.ftruncate(index, max_index)
        mapping = mmap.mmap(index, max_index, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        position = 0
        buffered = b""
        for i in range(records):
            frame = record(("record %d" % i).encode(), i)
            if i < records - 1:
                os.write(store, buffered + frame)  # flushed
                buffered = b""
            else:
                buffered += frame  # still in the writer's buffer: the entry is pending
            mapping[12 * i:12 * i + 12] = struct.pack(">IQ", i, position)
            position += len(frame)
        held += [store, index, mapping]
    print("ready %d" % os.getpid(), flush=True)
    sys.stdin.read()


main()
