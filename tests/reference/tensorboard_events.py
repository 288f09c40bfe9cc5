#!/usr/bin/env python3
"""An independent TensorBoard event-file writer and reader, standard library only.

It shares no code with the C++ side: its CRC-32C is the bitwise definition (no tables, no
slicing), and protocol buffers are encoded and decoded by hand from the field numbers of
TensorFlow's event.proto, summary.proto and tensor.proto:

  Event:         wall_time = 1 (double), step = 2 (int64), file_version = 3 (string),
                 graph_def = 4 (bytes), summary = 5 (Summary), session_log = 7 (message)
  Summary:       value = 1 (repeated Value)
  Summary.Value: tag = 1 (string), simple_value = 2 (float), histo = 5 (message),
                 tensor = 8 (TensorProto), metadata = 9 (SummaryMetadata)
  SummaryMetadata.plugin_data = 1, PluginData.plugin_name = 1
  TensorProto:   dtype = 1 (enum: 1 float, 2 double, 7 string), tensor_shape = 2,
                 tensor_content = 4 (bytes), float_val = 5, double_val = 6, string_val = 8
  TensorShapeProto.dim = 2, Dim.size = 1

A TFRecord is: uint64 length (LE), uint32 masked CRC-32C of those 8 bytes, the data, uint32
masked CRC-32C of the data; mask(crc) = ((crc >> 15) | (crc << 17)) + 0xA282EAD8 mod 2^32.

Usage:
  tensorboard_events.py write PATH   writes the known event file (see EVENTS) and prints the
                                     scalars a reader must find, one JSON object per line
  tensorboard_events.py read PATH    checks every CRC and the file_version record of an event file
                                     and prints its scalars the same way; exit status 1 on any
                                     problem
  tensorboard_events.py crc HEX      prints the CRC-32C and the masked CRC of the bytes

The committed fixture tests/core/data/tensorboard/reference.tfevents is the output of
  python3 tests/reference/tensorboard_events.py write tests/core/data/tensorboard/reference.tfevents
(test_run_files checks that it still is).

Printed scalars: {"tag": ..., "step": int, "wall_time": repr, "value": repr}, floats as Python's
repr strings ("nan", "inf", "-inf" included) so that every bit survives the trip.
"""
import json
import math
import struct
import sys


# --- CRC-32C: bit by bit, straight from the definition --------------------------------------

def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked_crc(data):
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def frame(data):
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", masked_crc(length)) + data + struct.pack("<I", masked_crc(data))


# --- protobuf encoding ------------------------------------------------------------------------

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5


def varint(value):
    value &= 0xFFFFFFFFFFFFFFFF  # negative int64 values are sent as 10-byte two's complement
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def key(field, wire):
    return varint((field << 3) | wire)


def f_varint(field, value):
    return key(field, VARINT) + varint(value)


def f_double(field, value):
    return key(field, FIXED64) + struct.pack("<d", value)


def f_float(field, value):
    return key(field, FIXED32) + struct.pack("<f", value)


def f_bytes(field, payload):
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return key(field, LENGTH) + varint(len(payload)) + payload


def event(wall_time=None, step=None, body=b""):
    out = b""
    if wall_time is not None:
        out += f_double(1, wall_time)
    if step is not None:
        out += f_varint(2, step)
    return out + body


def summary(*values):
    return f_bytes(5, b"".join(f_bytes(1, value) for value in values))


def plugin(name):
    return f_bytes(9, f_bytes(1, f_bytes(1, name)))


def shape(*dims):
    return f_bytes(2, b"".join(f_bytes(2, f_varint(1, size)) for size in dims))


def to_float32(value):
    return struct.unpack("<f", struct.pack("<f", value))[0]


# --- the known file -----------------------------------------------------------------------------
# Each entry: (record bytes, the scalars a reader must find in it).

def build_events():
    events = []
    expected = []

    def simple(tag, step, wall, value):
        events.append(event(wall, step, summary(f_bytes(1, tag) + f_float(2, value))))
        expected.append((tag, step, wall, to_float32(value)))

    events.append(event(1700000000.0, None, f_bytes(3, "brain.Event:2")))
    # PyTorch-style simple_value scalars.
    for step in range(5):
        simple("train/loss", step, 1700000000.5 + step, 2.5 - 0.25 * step)
    # Several values in one Event, one of them not exact in float (0.0003).
    events.append(event(1700000010.25, 7, summary(f_bytes(1, "lr") + f_float(2, 0.0003),
                                                  f_bytes(1, "grad_norm") + f_float(2, 1.5))))
    expected += [("lr", 7, 1700000010.25, to_float32(0.0003)), ("grad_norm", 7, 1700000010.25, 1.5)]
    # Edge values: zero (still sent: simple_value lives in a oneof), NaN, infinities, a negative
    # step (10-byte varint), a step beyond 32 bits, a non-ASCII tag, an event without wall_time.
    simple("edge/zero", 8, 1700000011.0, 0.0)
    simple("edge/nan", 9, 1700000012.0, math.nan)
    simple("edge/inf", 10, 1700000013.0, math.inf)
    simple("edge/-inf", 11, 1700000014.0, -math.inf)
    simple("edge/negative step", -3, 1700000015.0, -1.25)
    simple("edge/big step", 1 << 40, 1700000016.0, 65504.0)
    simple("损失/λ", 12, 1700000017.0, 0.125)
    events.append(event(None, 13, summary(f_bytes(1, "edge/no wall time") + f_float(2, 4.0))))
    expected.append(("edge/no wall time", 13, 0.0, 4.0))

    # TF2-style scalars: 0-d tensors, with the scalars plugin named on the first value only.
    scalar_tensor = f_varint(1, 1) + shape() + f_bytes(5, struct.pack("<f", 3.125))
    events.append(event(1700000020.0, 20, summary(f_bytes(1, "eval/loss") + plugin("scalars") + f_bytes(8, scalar_tensor))))
    expected.append(("eval/loss", 20, 1700000020.0, 3.125))
    # A float_val that is not packed (protobuf readers must accept both encodings).
    unpacked = f_varint(1, 1) + f_float(5, -0.5)
    events.append(event(1700000021.0, 21, summary(f_bytes(1, "eval/loss") + f_bytes(8, unpacked))))
    expected.append(("eval/loss", 21, 1700000021.0, -0.5))
    double_tensor = f_varint(1, 2) + f_bytes(6, struct.pack("<d", 0.1))
    events.append(event(1700000022.0, 22, summary(f_bytes(1, "eval/accuracy") + f_bytes(8, double_tensor))))
    expected.append(("eval/accuracy", 22, 1700000022.0, 0.1))
    content_float = f_varint(1, 1) + f_bytes(4, struct.pack("<f", -7.75))
    content_double = f_varint(1, 2) + f_bytes(4, struct.pack("<d", 1.0 / 3.0))
    events.append(event(1700000023.0, 23, summary(f_bytes(1, "content/float") + f_bytes(8, content_float),
                                                  f_bytes(1, "content/double") + f_bytes(8, content_double))))
    expected += [("content/float", 23, 1700000023.0, -7.75), ("content/double", 23, 1700000023.0, 1.0 / 3.0)]

    # Records a scalar reader must skip: a graph, a session log, a histogram, a text tensor, a
    # 1-d float tensor, a 0-d float tensor of another plugin, an empty Summary.Value.
    events.append(event(1700000030.0, None, f_bytes(4, b"\x0a\x03abc")))
    events.append(event(1700000031.0, 30, f_bytes(7, f_varint(1, 1))))
    histogram = f_double(1, 0.0) + f_double(2, 1.0) + f_double(3, 2.0)
    text = f_varint(1, 7) + f_bytes(8, b"hello")
    vector = f_varint(1, 1) + shape(2) + f_bytes(5, struct.pack("<ff", 1.0, 2.0))
    other_plugin = f_varint(1, 1) + f_bytes(5, struct.pack("<f", 9.0))
    events.append(event(1700000032.0, 31, summary(f_bytes(1, "histogram") + f_bytes(5, histogram),
                                                  f_bytes(1, "text") + plugin("text") + f_bytes(8, text),
                                                  f_bytes(1, "vector") + f_bytes(8, vector),
                                                  f_bytes(1, "pr") + plugin("pr_curves") + f_bytes(8, other_plugin),
                                                  f_bytes(1, "empty"))))
    # And a last ordinary scalar after all of them.
    simple("train/loss", 40, 1700000040.0, 1.0)
    return events, expected


# --- protobuf decoding ------------------------------------------------------------------------

class DecodeError(Exception):
    pass


def read_varint(data, pos):
    result = 0
    shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise DecodeError("truncated or overlong varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result & 0xFFFFFFFFFFFFFFFF, pos


def fields(data):
    """Yields (field number, wire type, value) for every field of a message."""
    pos = 0
    while pos < len(data):
        tag, pos = read_varint(data, pos)
        field, wire = tag >> 3, tag & 7
        if wire == VARINT:
            value, pos = read_varint(data, pos)
        elif wire == FIXED64:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == FIXED32:
            value, pos = data[pos:pos + 4], pos + 4
        elif wire == LENGTH:
            length, pos = read_varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        else:
            raise DecodeError(f"unsupported wire type {wire}")
        if pos > len(data):
            raise DecodeError("field runs past the end of its message")
        yield field, wire, value


def signed64(value):
    return value - (1 << 64) if value >= 1 << 63 else value


def tensor_scalar(data):
    dtype, dims, content, floats, doubles = 0, 0, b"", [], []
    for field, wire, value in fields(data):
        if field == 1 and wire == VARINT:
            dtype = value
        elif field == 2 and wire == LENGTH:
            dims = sum(1 for f, _, _ in fields(value) if f == 2)
        elif field == 4 and wire == LENGTH:
            content = value
        elif field == 5:
            floats += [v for (v,) in struct.iter_unpack("<f", value)] if wire == LENGTH else [struct.unpack("<f", value)[0]]
        elif field == 6:
            doubles += [v for (v,) in struct.iter_unpack("<d", value)] if wire == LENGTH else [struct.unpack("<d", value)[0]]
    if dims:
        return None
    if dtype == 1:
        if content:
            return struct.unpack("<f", content)[0] if len(content) == 4 else None
        return floats[0] if floats else 0.0
    if dtype == 2:
        if content:
            return struct.unpack("<d", content)[0] if len(content) == 8 else None
        return doubles[0] if doubles else 0.0
    return None


def read_file(path):
    with open(path, "rb") as f:
        blob = f.read()
    pos = 0
    records = []
    while pos < len(blob):
        if len(blob) - pos < 12:
            raise DecodeError(f"incomplete record header at byte {pos}")
        header = blob[pos:pos + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", blob[pos + 8:pos + 12])
        if length_crc != masked_crc(header):
            raise DecodeError(f"length CRC mismatch at byte {pos}")
        if pos + 12 + length + 4 > len(blob):
            raise DecodeError(f"incomplete record at byte {pos}")
        data = blob[pos + 12:pos + 12 + length]
        (data_crc,) = struct.unpack("<I", blob[pos + 12 + length:pos + 16 + length])
        if data_crc != masked_crc(data):
            raise DecodeError(f"data CRC mismatch at byte {pos}")
        records.append(data)
        pos += 16 + length
    return records


def scalars_of(records):
    if not records:
        raise DecodeError("the file holds no records")
    first = dict((field, value) for field, _, value in fields(records[0]))
    if first.get(3) != b"brain.Event:2":
        raise DecodeError(f"the first record is not file_version brain.Event:2: {first!r}")
    out = []
    for record in records[1:]:
        wall_time, step, values = 0.0, 0, []
        for field, wire, value in fields(record):
            if field == 1 and wire == FIXED64:
                (wall_time,) = struct.unpack("<d", value)
            elif field == 2 and wire == VARINT:
                step = signed64(value)
            elif field == 5 and wire == LENGTH:
                values += [v for f, w, v in fields(value) if f == 1 and w == LENGTH]
        for value in values:
            tag, number, plugin_name, is_tensor = "", None, b"", False
            for field, wire, payload in fields(value):
                if field == 1 and wire == LENGTH:
                    tag = payload.decode("utf-8")
                elif field == 2 and wire == FIXED32:
                    (number,) = struct.unpack("<f", payload)
                elif field == 8 and wire == LENGTH:
                    number, is_tensor = tensor_scalar(payload), True
                elif field == 9 and wire == LENGTH:
                    for f, w, plugin_data in fields(payload):
                        if f == 1 and w == LENGTH:
                            plugin_name = dict((g, v) for g, _, v in fields(plugin_data)).get(1, b"")
            if is_tensor and plugin_name not in (b"", b"scalars"):
                continue  # a 0-d tensor of another plugin is not a scalar
            if number is not None:
                out.append((tag, step, wall_time, number))
    return out


def print_scalars(scalars):
    for tag, step, wall_time, value in scalars:
        print(json.dumps({"tag": tag, "step": step, "wall_time": repr(float(wall_time)), "value": repr(float(value))}))


def main(argv):
    if len(argv) == 3 and argv[1] == "write":
        events, expected = build_events()
        with open(argv[2], "wb") as f:
            f.write(b"".join(frame(e) for e in events))
        print_scalars(expected)
        return 0
    if len(argv) == 3 and argv[1] == "read":
        try:
            print_scalars(scalars_of(read_file(argv[2])))
        except (DecodeError, struct.error, UnicodeDecodeError) as error:
            print(f"{argv[2]}: {error}", file=sys.stderr)
            return 1
        return 0
    if len(argv) == 3 and argv[1] == "crc":
        data = bytes.fromhex(argv[2])
        print(f"{crc32c(data):08x} {masked_crc(data):08x}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
