"""The two string hashes Keras's Hashing layer uses, in pure Python.

* ``fingerprint64``: FarmHash's ``Fingerprint64`` (the ``farmhashna`` 64-bit
  hash), what TensorFlow's ``to_hash_bucket_fast`` computes.
* ``siphash24``: SipHash-2-4 with a 128-bit key, TensorFlow's
  ``to_hash_bucket_strong`` (used when a ``salt`` is given).

Both work on bytes with 64-bit wrap-around arithmetic (``& MASK``). They are
slow compared with C (a few microseconds per token), which is fine for the
vocabularies of a course.
"""

MASK = (1 << 64) - 1
K0, K1, K2 = 0xC3A5C85C97CB3127, 0xB492B66FBE98F273, 0x9AE16A3B2F90404F


def _fetch64(data, i):
    return int.from_bytes(data[i:i + 8], "little")


def _fetch32(data, i):
    return int.from_bytes(data[i:i + 4], "little")


def _rotate(value, shift):
    return value if shift == 0 else ((value >> shift) | (value << (64 - shift))) & MASK


def _shift_mix(value):
    return value ^ (value >> 47)


def _hash_len16(u, v, mul):
    a = ((u ^ v) * mul) & MASK
    a ^= a >> 47
    b = ((v ^ a) * mul) & MASK
    b ^= b >> 47
    return (b * mul) & MASK


def _hash_len0to16(s):
    length = len(s)
    if length >= 8:
        mul = K2 + length * 2
        a = (_fetch64(s, 0) + K2) & MASK
        b = _fetch64(s, length - 8)
        c = (_rotate(b, 37) * mul + a) & MASK
        d = ((_rotate(a, 25) + b) * mul) & MASK
        return _hash_len16(c, d, mul)
    if length >= 4:
        mul = K2 + length * 2
        a = _fetch32(s, 0)
        return _hash_len16((length + (a << 3)) & MASK, _fetch32(s, length - 4), mul)
    if length > 0:
        y = s[0] + (s[length >> 1] << 8)
        z = length + (s[length - 1] << 2)
        return (_shift_mix(((y * K2) ^ (z * K0)) & MASK) * K2) & MASK
    return K2


def _hash_len17to32(s):
    length = len(s)
    mul = K2 + length * 2
    a = (_fetch64(s, 0) * K1) & MASK
    b = _fetch64(s, 8)
    c = (_fetch64(s, length - 8) * mul) & MASK
    d = (_fetch64(s, length - 16) * K2) & MASK
    return _hash_len16((_rotate((a + b) & MASK, 43) + _rotate(c, 30) + d) & MASK,
                       (a + _rotate((b + K2) & MASK, 18) + c) & MASK, mul)


def _hash_len33to64(s):
    length = len(s)
    mul = K2 + length * 2
    a = (_fetch64(s, 0) * K2) & MASK
    b = _fetch64(s, 8)
    c = (_fetch64(s, length - 8) * mul) & MASK
    d = (_fetch64(s, length - 16) * K2) & MASK
    y = (_rotate((a + b) & MASK, 43) + _rotate(c, 30) + d) & MASK
    z = _hash_len16(y, (a + _rotate((b + K2) & MASK, 18) + c) & MASK, mul)
    e = (_fetch64(s, 16) * mul) & MASK
    f = _fetch64(s, 24)
    g = ((y + _fetch64(s, length - 32)) * mul) & MASK
    h = ((z + _fetch64(s, length - 24)) * mul) & MASK
    return _hash_len16((_rotate((e + f) & MASK, 43) + _rotate(g, 30) + h) & MASK,
                       (e + _rotate((f + a) & MASK, 18) + g) & MASK, mul)


def _weak_hash32(s, i, a, b):
    w, x, y, z = (_fetch64(s, i + 8 * k) for k in range(4))
    a = (a + w) & MASK
    b = _rotate((b + a + z) & MASK, 21)
    c = a
    a = (a + x + y) & MASK
    b = (b + _rotate(a, 44)) & MASK
    return (a + z) & MASK, (b + c) & MASK


def fingerprint64(data):
    """FarmHash ``Fingerprint64`` of ``data`` (bytes or str, UTF-8)."""
    s = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    length = len(s)
    if length <= 16:
        return _hash_len0to16(s)
    if length <= 32:
        return _hash_len17to32(s)
    if length <= 64:
        return _hash_len33to64(s)
    x = 81
    y = (81 * K1 + 113) & MASK
    z = (_shift_mix((y * K2 + 113) & MASK) * K2) & MASK
    v, w = (0, 0), (0, 0)
    x = (x * K2 + _fetch64(s, 0)) & MASK
    end = ((length - 1) // 64) * 64
    last64 = end + ((length - 1) & 63) - 63
    position = 0
    while True:
        x = (_rotate((x + y + v[0] + _fetch64(s, position + 8)) & MASK, 37) * K1) & MASK
        y = (_rotate((y + v[1] + _fetch64(s, position + 48)) & MASK, 42) * K1) & MASK
        x ^= w[1]
        y = (y + v[0] + _fetch64(s, position + 40)) & MASK
        z = (_rotate((z + w[0]) & MASK, 33) * K1) & MASK
        v = _weak_hash32(s, position, (v[1] * K1) & MASK, (x + w[0]) & MASK)
        w = _weak_hash32(s, position + 32, (z + w[1]) & MASK,
                         (y + _fetch64(s, position + 16)) & MASK)
        z, x = x, z
        position += 64
        if position == end:
            break
    mul = K1 + ((z & 0xFF) << 1)
    position = last64
    w = ((w[0] + ((length - 1) & 63)) & MASK, w[1])
    v = ((v[0] + w[0]) & MASK, v[1])
    w = ((w[0] + v[0]) & MASK, w[1])
    x = (_rotate((x + y + v[0] + _fetch64(s, position + 8)) & MASK, 37) * mul) & MASK
    y = (_rotate((y + v[1] + _fetch64(s, position + 48)) & MASK, 42) * mul) & MASK
    x ^= (w[1] * 9) & MASK
    y = (y + v[0] * 9 + _fetch64(s, position + 40)) & MASK
    z = (_rotate((z + w[0]) & MASK, 33) * mul) & MASK
    v = _weak_hash32(s, position, (v[1] * mul) & MASK, (x + w[0]) & MASK)
    w = _weak_hash32(s, position + 32, (z + w[1]) & MASK, (y + _fetch64(s, position + 16)) & MASK)
    z, x = x, z
    return _hash_len16((_hash_len16(v[0], w[0], mul) + _shift_mix(y) * K0 + z) & MASK,
                       (_hash_len16(v[1], w[1], mul) + x) & MASK, mul)


def _rotl(value, shift):
    return ((value << shift) | (value >> (64 - shift))) & MASK


def _sip_round(v0, v1, v2, v3):
    v0 = (v0 + v1) & MASK
    v1 = _rotl(v1, 13) ^ v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & MASK
    v3 = _rotl(v3, 16) ^ v2
    v0 = (v0 + v3) & MASK
    v3 = _rotl(v3, 21) ^ v0
    v2 = (v2 + v1) & MASK
    v1 = _rotl(v1, 17) ^ v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def siphash24(key, data):
    """SipHash-2-4 of ``data`` with ``key = (k0, k1)``, two 64-bit integers."""
    s = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    k0, k1 = (int(k) & MASK for k in key)
    v0, v1 = k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D
    v2, v3 = k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573
    full = len(s) // 8 * 8
    for i in range(0, full, 8):
        m = _fetch64(s, i)
        v3 ^= m
        for _ in range(2):
            v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
        v0 ^= m
    last = ((len(s) & 0xFF) << 56) | int.from_bytes(s[full:], "little")
    v3 ^= last
    for _ in range(2):
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    v0 ^= last
    v2 ^= 0xFF
    for _ in range(4):
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3
