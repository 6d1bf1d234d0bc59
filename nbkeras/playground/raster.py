"""Heatmaps as small PNG images: TF Playground's orange-grey-blue colours, a tiny PNG writer.

Writing the PNG by hand (zlib + a few chunk headers) keeps a frame cheap and
needs neither matplotlib nor Pillow while training plays.
"""

import base64
import struct
import zlib

import numpy as np

ORANGE, GREY, BLUE = (245, 147, 34), (232, 234, 235), (8, 119, 189)  # -1, 0, +1
HEX = {"negative": "#f59322", "positive": "#0877bd", "neutral": "#e8eaeb"}


def colorize(values):
    """RGB ``uint8`` image of ``values`` clipped to [-1, 1]: orange below 0, blue above."""
    v = np.clip(np.nan_to_num(np.asarray(values, dtype=np.float64)), -1.0, 1.0)[..., None]
    grey, orange, blue = (np.array(c, dtype=np.float64) for c in (GREY, ORANGE, BLUE))
    rgb = np.where(v < 0, grey + (orange - grey) * -v, grey + (blue - grey) * v)
    return np.round(rgb).astype(np.uint8)


def png_bytes(rgb):
    """Encodes an ``(h, w, 3)`` uint8 array as PNG (8-bit RGB, no interlace)."""
    height, width, _ = rgb.shape
    rows = np.concatenate([np.zeros((height, 1), np.uint8), rgb.reshape(height, -1)], axis=1)

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + chunk(b"IEND", b""))


def heatmap_uri(values):
    """A ``data:`` URI of the heatmap PNG, for an SVG ``<image>``."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(colorize(values))).decode("ascii")
