"""Safe input and output: encoding detection, atomic writes, output formats, pairing."""

from mtfix.io.output import RenderOptions, register_format, render_output
from mtfix.io.reading import BinaryInputError, Decoded, InputError, decode_bytes, read_document
from mtfix.io.writing import atomic_writer, write_atomic

__all__ = [
    "BinaryInputError",
    "Decoded",
    "InputError",
    "RenderOptions",
    "atomic_writer",
    "decode_bytes",
    "read_document",
    "register_format",
    "render_output",
    "write_atomic",
]
