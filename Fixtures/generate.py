#!/usr/bin/env python3
"""Builds Fixtures/damaged/: one small log directory per kind of damage, each made from the healthy
log Fixtures/golden/small (written by the Go reference) by a precise byte edit; and Fixtures/nodes/:
small clusters of node directories of the replicated service, built from scratch. Rerun it after
changing a recipe; it rewrites both from scratch and is deterministic.

    python3 Fixtures/generate.py

small holds segments 0 (offsets 0-10), 11 (11-33) and 34 (34-49). The raft-* fixtures start instead from
the first two segments of a Raft log the Go service wrote (Fixtures/raft/A-healthy/node-0/raft/log,
Raft indexes 1-54 and 55-114), their indexes cut to their entries. Fixtures/README.md lists what
`logscope check` must report for each directory; Tests/LogInspectionTests/FixtureCheckTests.swift asserts it.
"""
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "golden", "small")
RAFT_SOURCE = os.path.join(HERE, "raft", "A-healthy", "node-0", "raft", "log")
OUT = os.path.join(HERE, "damaged")


def read(d, name):
    with open(os.path.join(d, name), "rb") as f:
        return bytearray(f.read())


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(bytes(data))


def entry(index, slot):
    rel, pos = struct.unpack(">IQ", index[slot * 12:slot * 12 + 12])
    return rel, pos


def set_entry(index, slot, rel=None, pos=None):
    old_rel, old_pos = entry(index, slot)
    index[slot * 12:slot * 12 + 12] = struct.pack(">IQ", old_rel if rel is None else rel, old_pos if pos is None else pos)


def frame_position(d, base, slot):
    return entry(read(d, f"{base}.index"), slot)[1]


def fixture(name, source=SOURCE):
    def register(recipe):
        RECIPES.append((name, recipe, source))
        return recipe
    return register


RECIPES = []


@fixture("healthy")
def healthy(d):
    pass


@fixture("stray-files")
def stray_files(d):
    write(d, "README", b"notes about this log\n")
    write(d, "notes.txt", b"")


@fixture("bad-names")
def bad_names(d):
    write(d, "007.store", b"")
    write(d, "18446744073709551616.index", b"")


@fixture("store-without-index")
def store_without_index(d):
    os.remove(os.path.join(d, "34.index"))


@fixture("index-without-store")
def index_without_store(d):
    os.remove(os.path.join(d, "34.store"))


@fixture("segment-gap")
def segment_gap(d):
    os.remove(os.path.join(d, "11.store"))
    os.remove(os.path.join(d, "11.index"))


@fixture("segment-gap-near-2-to-64")
def segment_gap_near_2_to_64(d):
    # More missing offsets than Int counts: once crashed check, tail and the inspector.
    write(d, "18443488147419103232.store", b"")
    write(d, "18443488147419103232.index", b"")


@fixture("segment-overlap")
def segment_overlap(d):
    write(d, "20.store", b"")
    write(d, "20.index", b"")


@fixture("index-partial-entry")
def index_partial_entry(d):
    write(d, "34.index", read(d, "34.index") + b"\x00\x00\x00\x01\x02")


@fixture("index-zero-tail")
def index_zero_tail(d):
    index = read(d, "34.index")
    write(d, "34.index", index + bytes(1024 - len(index)))


@fixture("index-relative-offset")
def index_relative_offset(d):
    index = read(d, "11.index")
    set_entry(index, 5, rel=99)
    write(d, "11.index", index)


@fixture("index-position-order")
def index_position_order(d):
    index = read(d, "11.index")
    set_entry(index, 6, pos=entry(index, 5)[1])
    write(d, "11.index", index)


@fixture("index-first-entry-all-ones")
def index_first_entry_all_ones(d):
    index = read(d, "34.index")
    index[0:12] = b"\xff" * 12
    write(d, "34.index", index)


@fixture("index-emptied")
def index_emptied(d):
    write(d, "34.index", b"")


@fixture("index-past-store-end")
def index_past_store_end(d):
    index = read(d, "0.index")
    set_entry(index, 10, pos=5000)
    write(d, "0.index", index)


@fixture("index-not-on-frame")
def index_not_on_frame(d):
    index = read(d, "11.index")
    set_entry(index, 5, pos=entry(index, 5)[1] + 1)
    write(d, "11.index", index)


@fixture("store-torn-tail")
def store_torn_tail(d):
    store = read(d, "34.store")
    write(d, "34.store", store[:-10])


@fixture("store-torn-prefix")
def store_torn_prefix(d):
    # Cut inside the last frame's length prefix: its five high bytes are zeros.
    store = read(d, "34.store")
    last = frame_position(d, 34, 15)
    assert store[last:last + 5] == bytes(5)
    write(d, "34.store", store[:last + 5])


@fixture("store-trailing-bytes")
def store_trailing_bytes(d):
    write(d, "34.store", read(d, "34.store") + b"\x01\x02\x03")


@fixture("store-zero-tail")
def store_zero_tail(d):
    write(d, "34.store", read(d, "34.store") + bytes(4096))


@fixture("store-zero-run")
def store_zero_run(d):
    store = read(d, "11.store")
    start, end = frame_position(d, 11, 5), frame_position(d, 11, 6)
    store[start:end] = bytes(end - start)
    write(d, "11.store", store)


def set_length_prefix(d, length):
    """Frame 5 of 11.store gets a length prefix of `length`."""
    store = read(d, "11.store")
    start = frame_position(d, 11, 5)
    store[start:start + 8] = struct.pack(">Q", length)
    write(d, "11.store", store)


@fixture("store-implausible-length")
def store_implausible_length(d):
    set_length_prefix(d, 0xFFFFFFFF)


@fixture("store-length-max")
def store_length_max(d):
    # The input that crashed `dump` once (a frame's end overflowed): now a fixture.
    set_length_prefix(d, 0xFFFFFFFFFFFFFFFF)


@fixture("store-undecodable")
def store_undecodable(d):
    store = read(d, "11.store")
    start = frame_position(d, 11, 5)
    store[start + 8] = 0xFF  # the value's tag 0x0a becomes field 31, wire type 7
    write(d, "11.store", store)


@fixture("store-offset-mismatch")
def store_offset_mismatch(d):
    store = read(d, "11.store")
    end = frame_position(d, 11, 6)
    assert store[end - 1] == 16  # offset 16, the last byte of frame 5
    store[end - 1] = 17
    write(d, "11.store", store)


@fixture("store-offset-order")
def store_offset_order(d):
    store = read(d, "34.store")
    last = frame_position(d, 34, 15)
    write(d, "34.store", store + store[last:])


@fixture("store-unindexed-frames")
def store_unindexed_frames(d):
    write(d, "34.index", read(d, "34.index")[:13 * 12])


# Node directories of the replicated service (DistributedLog over Raft), built from scratch in the
# format the Go service writes (RAFT.md): <node>/log/ is the data log (InitialOffset 0), <node>/raft/log/
# the Raft log (InitialOffset 1, Record{value, offset = index, term = 3, type = 4}), and
# <node>/raft/snapshots/<term>-<index>-<unixms>/{meta.json,state.bin}. Small on purpose: each cluster shows
# one thing `diff` and `check` must find (Fixtures/README.md lists it).

NODES_OUT = os.path.join(HERE, "nodes")
COMMAND, NOOP, CONFIGURATION = 0, 1, 5


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def frame(value, offset):
    """A store frame as the reference writes it: u64 length, then Record{value, offset} as Go encodes it."""
    payload = record(value, offset)
    return struct.pack(">Q", len(payload)) + payload


@fixture("store-stuck-index-orphans")
def store_stuck_index_orphans(d):
    # Bug K3 by the reference's rules: MaxIndexBytes 1024 (the default) holds 85 entries and a large
    # MaxStoreBytes never seals the segment, so appends 86-90 each write a frame naming offset 85, fail
    # with EOF on the index, and leave it there; then a clean Close (index cut to 85 entries).
    for name in os.listdir(d):
        os.remove(os.path.join(d, name))
    store, index = bytearray(), bytearray()
    for i in range(85):
        index += struct.pack(">IQ", i, len(store))
        store += frame(b"record %03d" % i, i)
    for i in range(85, 90):
        store += frame(b"record %03d" % i, 85)
    write(d, "0.store", store)
    write(d, "0.index", index)


def raft_log(d):
    """Keeps segments 1 and 55 of the Raft log, each index cut to its entries (the service never
    closed its Raft log store, so they keep their zero tails)."""
    for f in os.listdir(d):
        if f not in ("1.store", "1.index", "55.store", "55.index"):
            os.remove(os.path.join(d, f))
    write(d, "1.index", read(d, "1.index")[:54 * 12])
    write(d, "55.index", read(d, "55.index")[:60 * 12])


def lower_term(d, base, slot):
    """The command in `slot` of `base`.store gets term 1 instead of 2 (its payload ends 18 02: the
    term field; a command's type 0 is omitted)."""
    store = read(d, f"{base}.store")
    end = frame_position(d, base, slot + 1)
    assert store[end - 2:end] == b"\x18\x02"
    store[end - 1] = 1
    write(d, f"{base}.store", store)


@fixture("raft-term-order", source=RAFT_SOURCE)
def raft_term_order(d):
    raft_log(d)
    lower_term(d, 1, 20)  # Raft index 21


@fixture("raft-term-order-across-segments", source=RAFT_SOURCE)
def raft_term_order_across_segments(d):
    raft_log(d)
    lower_term(d, 55, 0)  # Raft index 55, the first of its segment


def record(value, offset, term=0, type_=0):
    """Record{value = 1; offset = 2; term = 3; type = 4} as Go encodes it (zero fields omitted)."""
    out = b""
    if value:
        out += b"\x0a" + varint(len(value)) + value
    if offset:
        out += b"\x10" + varint(offset)
    if term:
        out += b"\x18" + varint(term)
    if type_:
        out += b"\x20" + varint(type_)
    return out


def command(value):
    """A LogCommand's data: 00 (Append) + ProduceRequest{record = 1: Record{value = 1}}."""
    inner = record(value, 0)
    return b"\x00\x0a" + varint(len(inner)) + inner


def configuration(*ids):
    """LogConfiguration data: go-msgpack's {"Servers": [{"Address", "ID", "Suffrage": 0}]}."""
    def raw(text):
        return bytes([0xA0 | len(text)]) + text.encode()
    servers = b"".join(b"\x83" + raw("Address") + raw(f"127.0.0.1:{9000 + int(i)}") + raw("ID") + raw(i) + raw("Suffrage") + b"\x00" for i in ids)
    return b"\x81" + raw("Servers") + bytes([0x90 | len(ids)]) + servers


def write_segment(d, base, payloads):
    """One segment of a cleanly closed log: frames in <base>.store, 12-byte entries in <base>.index."""
    os.makedirs(d, exist_ok=True)
    store, index = bytearray(), bytearray()
    for slot, payload in enumerate(payloads):
        index += struct.pack(">IQ", slot, len(store))
        store += struct.pack(">Q", len(payload)) + payload
    write(d, f"{base}.store", store)
    write(d, f"{base}.index", index)
    return bytes(store)


def write_node(d, entries, values, snapshot=None):
    """A node: Raft `entries` (index, term, type, data), data log `values`, and optionally a snapshot
    (term, index, the records it holds) whose state.bin is the data log's store stream of those records."""
    first = entries[0][0] if entries else 1
    write_segment(os.path.join(d, "raft", "log"), first, [record(data, index, term, type_) for index, term, type_, data in entries])
    stream = write_segment(os.path.join(d, "log"), 0, [record(v, offset) for offset, v in enumerate(values)])
    if snapshot:
        term, index, count = snapshot
        folder = os.path.join(d, "raft", "snapshots", f"{term}-{index}-1796173480000")
        os.makedirs(folder)
        state = b"".join(struct.pack(">Q", len(p)) + p for p in (record(v, offset) for offset, v in enumerate(values[:count])))
        assert stream.startswith(state)
        write(folder, "state.bin", state)
        meta = ('{"Version":1,"ID":"%d-%d-1796173480000","Index":%d,"Term":%d,"Peers":null,"Configuration":{"Servers":[{"Suffrage":0,"ID":"0","Address":"127.0.0.1:9000"}]},'
                '"ConfigurationIndex":1,"Size":%d,"CRC":null}\n') % (term, index, index, term, len(state))
        write(folder, "meta.json", meta.encode())


def value(i):
    return f"record {i}: {['alpha', 'bravo', 'charlie', 'delta'][i % 4]}".encode()


def cluster_start(commands, term=2):
    """A one-node bootstrap (config, term 1), its election (noop, term 2), then `commands` from index 3."""
    entries = [(1, 1, CONFIGURATION, configuration("0")), (2, term, NOOP, b"")]
    return entries + [(3 + i, term, COMMAND, command(v)) for i, v in enumerate(commands)]


NODE_CLUSTERS = []


def cluster(name):
    def register(recipe):
        NODE_CLUSTERS.append((name, recipe))
        return recipe
    return register


@cluster("diverged")
def diverged(d):
    # node-1 holds another command at index 6 with the same term (a Log Matching violation), and
    # another entry at index 9 with a later term (an uncommitted entry a new leader replaced: no violation).
    values = [value(i) for i in range(7)]
    write_node(os.path.join(d, "node-0"), cluster_start(values), values)
    forged = values[:3] + [b"forged 3"] + values[4:6] + [b"other 6"]
    entries = cluster_start(forged[:6]) + [(9, 3, COMMAND, command(forged[6]))]
    write_node(os.path.join(d, "node-1"), entries, forged)


@cluster("replayed")
def replayed(d):
    # node-0 restarted after 4 commands without a snapshot and applied them again (upstream bug 2);
    # node-1 did not restart. Their Raft logs agree.
    values = [value(i) for i in range(6)]
    entries = cluster_start(values[:4]) + [(7, 3, NOOP, b""), (8, 3, COMMAND, command(values[4])), (9, 3, COMMAND, command(values[5]))]
    write_node(os.path.join(d, "node-0"), entries, values[:4] + values[:4] + values[4:])
    write_node(os.path.join(d, "node-1"), entries, values)


@cluster("apply-lag")
def apply_lag(d):
    # node-0 applied 4 of its 6 commands; node-1's Raft log lost its last 2 commands, its data log kept them.
    values = [value(i) for i in range(6)]
    write_node(os.path.join(d, "node-0"), cluster_start(values), values[:4])
    write_node(os.path.join(d, "node-1"), cluster_start(values[:4]), values)


@cluster("data-mismatch")
def data_mismatch(d):
    # record 2 of the data log is not the value of the third command.
    values = [value(i) for i in range(5)]
    write_node(os.path.join(d, "node-0"), cluster_start(values), values[:2] + [b"changed 2"] + values[3:])


@cluster("snapshot")
def snapshot(d):
    # The Raft log was compacted to indexes 6-9 after snapshot 2-8 (records 0-5, the commands up to
    # index 8); node-1's state.bin has one byte changed.
    values = [value(i) for i in range(7)]
    entries = [e for e in cluster_start(values) if e[0] >= 6]
    write_node(os.path.join(d, "node-0"), entries, values, snapshot=(2, 8, 6))
    write_node(os.path.join(d, "node-1"), entries, values, snapshot=(2, 8, 6))
    state = os.path.join(d, "node-1", "raft", "snapshots", "2-8-1796173480000")
    data = read(state, "state.bin")
    data[-3] ^= 0x20  # a letter of record 5's value changes case
    write(state, "state.bin", data)


@cluster("crashed")
def crashed(d):
    # node-0 of raft/A-healthy as a SIGKILL leaves it: the Go reference keeps every segment's index
    # open and preallocated to MaxIndexBytes (1200 here) until Close, so a killed node's data log
    # indexes all end in zero tails (a clean Close cuts them to their entries), and each store holds
    # only what its 4 KiB bufio buffer flushed (whole buffers: a multiple of 4096 bytes), so the frame
    # across the boundary and those after it are lost. Its Raft log is as the service leaves it
    # either way (its Close never closes the Raft log store), and holds every command.
    source = os.path.join(HERE, "raft", "A-healthy", "node-0")
    node = os.path.join(d, "node-0")
    shutil.copytree(source, node)
    data = os.path.join(node, "log")
    for name in sorted(os.listdir(data)):
        path = os.path.join(data, name)
        with open(path, "r+b") as f:
            if name.endswith(".index"):
                f.truncate(1200)
            else:
                f.truncate(os.path.getsize(path) // 4096 * 4096)


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    for name, recipe, source in RECIPES:
        d = os.path.join(OUT, name)
        shutil.copytree(source, d)
        for f in os.listdir(d):
            os.chmod(os.path.join(d, f), 0o644)
        recipe(d)
    shutil.copytree(os.path.join(HERE, "golden", "crashed"), os.path.join(OUT, "crashed"))
    for f in os.listdir(os.path.join(OUT, "crashed")):
        os.chmod(os.path.join(OUT, "crashed", f), 0o644)
    print(f"wrote {len(RECIPES) + 1} fixtures to {OUT}")
    if os.path.exists(NODES_OUT):
        shutil.rmtree(NODES_OUT)
    for name, recipe in NODE_CLUSTERS:
        recipe(os.path.join(NODES_OUT, name))
    print(f"wrote {len(NODE_CLUSTERS)} node clusters to {NODES_OUT}")


if __name__ == "__main__":
    main()
