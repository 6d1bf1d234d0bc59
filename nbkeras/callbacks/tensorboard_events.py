"""TensorBoard event files without TensorFlow: TFRecord framing around ``Event`` protobufs.

A file is a sequence of records::

    uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)

(little-endian), where ``data`` is a serialized ``tensorflow.Event``. We
write the few protobuf fields TensorBoard needs for scalars by hand:

    Event   { double wall_time = 1; int64 step = 2; string file_version = 3;
              Summary summary = 5; }
    Summary { repeated Value value = 1; }
    Value   { string tag = 1; float simple_value = 2; }

The first event of a file carries ``file_version = "brain.Event:2"``.
``read_events`` parses the same subset back (for tests and for learners).
"""

import os
import socket
import struct
import time

_CRC32C_POLY = 0x82F63B78  # Castagnoli, reflected
_TABLE = []
for _byte in range(256):
    _crc = _byte
    for _ in range(8):
        _crc = (_crc >> 1) ^ _CRC32C_POLY if _crc & 1 else _crc >> 1
    _TABLE.append(_crc)


def crc32c(data):
    """CRC-32C (Castagnoli) of ``data`` (bytes)."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    """The TFRecord checksum: the CRC rotated right by 15 bits plus a constant."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


# ---------------------------------------------------------------------- protobuf encoding
def _varint(value):
    value &= (1 << 64) - 1  # negative int64 use ten bytes, as protobuf does
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _field(number, wire_type):
    return _varint((number << 3) | wire_type)


def _length_delimited(number, payload):
    return _field(number, 2) + _varint(len(payload)) + payload


def encode_event(wall_time, step=0, file_version=None, scalars=None):
    """Serializes one ``Event`` with optional ``{tag: value}`` scalars."""
    data = _field(1, 1) + struct.pack("<d", wall_time)
    if step:
        data += _field(2, 0) + _varint(int(step))
    if file_version is not None:
        data += _length_delimited(3, file_version.encode())
    if scalars:
        summary = b""
        for tag, value in scalars.items():
            entry = _length_delimited(1, tag.encode()) + _field(2, 5) + struct.pack("<f", value)
            summary += _length_delimited(1, entry)
        data += _length_delimited(5, summary)
    return data


def frame_record(data):
    """Wraps ``data`` in TFRecord framing."""
    length = struct.pack("<Q", len(data))
    return (length + struct.pack("<I", masked_crc32c(length)) + data
            + struct.pack("<I", masked_crc32c(data)))


class EventFileWriter:
    """Appends scalar events to ``<log_dir>/events.out.tfevents.<time>.<host>.<pid>.<n>.v2``.

    Args:
        log_dir: the directory (created if needed).
    """

    _counter = 0

    def __init__(self, log_dir):
        os.makedirs(log_dir, exist_ok=True)
        EventFileWriter._counter += 1
        name = (f"events.out.tfevents.{int(time.time())}.{socket.gethostname()}."
                f"{os.getpid()}.{EventFileWriter._counter}.v2")
        self.path = os.path.join(log_dir, name)
        self._file = open(self.path, "wb")
        self._file.write(frame_record(encode_event(time.time(), file_version="brain.Event:2")))
        self._file.flush()

    def add_scalars(self, scalars, step):
        """Writes ``{tag: value}`` at ``step`` in one event."""
        scalars = {tag: float(value) for tag, value in scalars.items()}
        if scalars:
            self._file.write(frame_record(encode_event(time.time(), step, scalars=scalars)))

    def flush(self):
        self._file.flush()

    def close(self):
        if not self._file.closed:
            self._file.close()


# ---------------------------------------------------------------------- reading back
def read_records(path):
    """Yields the data of every record, checking both checksums."""
    with open(path, "rb") as file:
        while True:
            header = file.read(12)
            if not header:
                return
            if len(header) < 12:
                raise ValueError(f"{path}: truncated record header.")
            length_bytes, length_crc = header[:8], struct.unpack("<I", header[8:])[0]
            if masked_crc32c(length_bytes) != length_crc:
                raise ValueError(f"{path}: bad length checksum.")
            data = file.read(struct.unpack("<Q", length_bytes)[0])
            data_crc = struct.unpack("<I", file.read(4))[0]
            if masked_crc32c(data) != data_crc:
                raise ValueError(f"{path}: bad data checksum.")
            yield data


def _parse(data):
    """Yields ``(field_number, wire_type, value)`` of a protobuf message."""
    position = 0
    while position < len(data):
        key, position = _read_varint(data, position)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, position = _read_varint(data, position)
        elif wire_type == 1:
            value, position = data[position:position + 8], position + 8
        elif wire_type == 5:
            value, position = data[position:position + 4], position + 4
        elif wire_type == 2:
            size, position = _read_varint(data, position)
            value, position = data[position:position + size], position + size
        else:
            raise ValueError(f"Unsupported protobuf wire type {wire_type}.")
        yield number, wire_type, value


def _read_varint(data, position):
    result = shift = 0
    while True:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, position


def read_events(path):
    """Parses an event file into dicts: ``wall_time``, ``step``, ``file_version``, ``scalars``."""
    events = []
    for data in read_records(path):
        event = {"wall_time": None, "step": 0, "file_version": None, "scalars": {}}
        for number, _, value in _parse(data):
            if number == 1:
                event["wall_time"] = struct.unpack("<d", value)[0]
            elif number == 2:
                event["step"] = value
            elif number == 3:
                event["file_version"] = value.decode()
            elif number == 5:
                for _, _, entry in _parse(value):
                    fields = {n: v for n, _, v in _parse(entry)}
                    if 1 in fields and 2 in fields:
                        event["scalars"][fields[1].decode()] = struct.unpack("<f", fields[2])[0]
        events.append(event)
    return events


def read_scalars(log_dir):
    """Every scalar of a run, by sub-directory and tag: what TensorBoard would plot.

    Args:
        log_dir: the ``log_dir`` given to ``TensorBoard``.

    Returns:
        ``{"train": {"epoch_loss": [(step, value), ...], ...}, "validation": {...}}``,
        steps in the order they were written.
    """
    runs = {}
    for root, _, files in sorted(os.walk(log_dir)):
        for name in sorted(f for f in files if "tfevents" in f):
            run = os.path.relpath(root, log_dir)
            tags = runs.setdefault(run, {})
            for event in read_events(os.path.join(root, name)):
                for tag, value in event["scalars"].items():
                    tags.setdefault(tag, []).append((event["step"], value))
    return runs
