"""Edits to a serialized ONNX model made in memory, on its protobuf bytes: no onnx package at run time."""

from __future__ import annotations

_GRAPH_FIELD = 7  # ModelProto.graph
_OUTPUT_FIELD = 12  # GraphProto.output
_FLOAT = 1  # TensorProto.FLOAT


def varint(value: int) -> bytes:
    """A protobuf base-128 varint."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _read_varint(data: bytes | memoryview, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("truncated or malformed varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited field (wire type 2)."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def relax_sequence_length(model: bytes, batch_dim: str, length: int) -> bytes | None:
    """The model with its fixed sequence length made symbolic, or None when that cannot be done safely.

    Some exports fix the sequence length in the graph's declared shapes (`[batch, 160]`) although no
    operator needs it, so every input is padded to it. In the serialized graph such a shape is the
    dimension `batch_dim` followed by `dim_value: length`; the same number of bytes can say
    `dim_param: "s"...` instead, so no enclosing length prefix changes. The caller checks the result
    against the original (see OnnxNliJudge).
    """
    name = batch_dim.encode()
    value = varint(length)
    fixed_dim = b"\x08" + value  # TensorShapeProto.Dimension { dim_value: length }
    if len(fixed_dim) < 3 or len(name) > 127:  # a length under 128 leaves no room for a name
        return None
    before = b"\x12" + bytes([len(name)]) + name + b"\n" + bytes([len(fixed_dim)]) + fixed_dim
    after = (
        b"\x12"
        + bytes([len(name)])
        + name
        + b"\n"
        + bytes([len(fixed_dim)])
        + b"\x12"
        + bytes([len(fixed_dim) - 2])
        + b"s" * (len(fixed_dim) - 2)
    )
    if model.count(before) == 0:
        return None
    return model.replace(before, after)


def add_float_output(model: bytes, tensor: str, rank: int = 2) -> bytes:
    """The model with the graph's intermediate float tensor `tensor` (of `rank` dimensions, each of any
    size) added as one more graph output.

    The graph is the model's field 7; a graph output is a ValueInfoProto (name, and a type: a float
    tensor of that rank) appended as field 12 of the graph, so only the graph's own length prefix
    changes. Raises ValueError when the bytes are not a model with one graph.
    """
    pos = 0
    graph: tuple[int, int, int] | None = None  # (field start, payload start, payload end)
    while pos < len(model):
        start = pos
        key, pos = _read_varint(model, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, pos = _read_varint(model, pos)
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            size, pos = _read_varint(model, pos)
            if number == _GRAPH_FIELD:
                if graph is not None:
                    raise ValueError("more than one graph in the model")
                graph = (start, pos, pos + size)
            pos += size
        else:
            raise ValueError(f"unexpected wire type {wire} at byte {start}")
    if graph is None or pos != len(model):
        raise ValueError("not an ONNX model with a graph")
    start, body, end = graph
    shape = _field(2, b"".join(_field(1, b"") for _ in range(rank)))  # dims of unknown size
    tensor_type = _field(1, varint(1 << 3) + varint(_FLOAT) + shape)  # TypeProto.tensor_type
    value_info = _field(1, tensor.encode()) + _field(2, tensor_type)
    payload = model[body:end] + _field(_OUTPUT_FIELD, value_info)
    return model[:start] + _field(_GRAPH_FIELD, payload) + model[end:]


def judge_graph(model: bytes, *, expose: str | None = None, relax: tuple[str, int] | None = None) -> bytes | None:
    """The model's bytes as the judge runs them: with `relax` (batch dimension name, length) its fixed
    sequence length made symbolic (None when that cannot be done), with `expose` that float tensor added
    as an output (for a head that reads it)."""
    if relax is not None:
        relaxed = relax_sequence_length(model, *relax)
        if relaxed is None:
            return None
        model = relaxed
    return add_float_output(model, expose) if expose is not None else model
