"""A direct 2-D convolution: every output pixel summed straight from the image, no im2col.

For channels-last images ``x`` (already padded, so every window lies inside)
and ``kernel2d = kernel.reshape(kh*kw*channels, filters)``::

    z[(n, i, j), f] = sum_k x[n, i*sh, j*sw, :].flat[offsets[k]] * kernel2d[k, f]

where ``k`` runs over the taps ``(p, q, c)`` in im2col's column order and
``offsets[k] = (p*dh*width + q*dw)*channels + c`` (``tap_offsets``). That is
``im2col(x) @ kernel2d`` without writing the columns.

Each sum runs over ``k`` in order, one fused multiply-add at a time, starting
from zero: the arithmetic OpenBLAS's ``sgemm`` does for ``cols @ kernel2d``
when all taps fit in one of its blocks, so on such shapes the outputs are the
same bits (W3's two convolutions, checked on this machine kind), and the
direct kernel is the only forward of the plain convolution op, so ``fit``,
``predict`` and a replayed step always agree.

Why part of it is LLVM IR: the speed of a convolution comes from keeping a
tile of sums (6 pixels x 64 filters with AVX-512, x 16 with AVX2) in vector
registers while the taps stream past. Numba's loops keep such tiles in
memory (a store and a load per multiply-add: 6 GFLOP/s on W3's second conv,
tried with scalar variables and with small arrays), so ``_tile_kernel``
writes the loop over the taps of one tile as IR with vector sums; everything
around it is ordinary Numba. A tile's 6 pixels are consecutive outputs, on
one row or across a row's end, and the bias and relu are applied to every
few outputs just made, in cache. W3's convs on one core, 32 images, with
bias and relu (AVX-512): 1.26-1.28 ms for the second (im2col + BLAS: 1.62
without them), 0.20-0.21 ms for the first (0.55).
"""

import numba
import numpy as np
from llvmlite import binding, ir
from numba import njit, types
from numba.extending import intrinsic

PIXELS = 6  # output pixels per tile
LANES = 8  # filters of the narrowest tile: float32 lanes of an AVX2 register


def _wide_registers():
    """Whether the kernels are compiled for this CPU and it has AVX-512's 32 registers of 16 lanes.

    Not under ``NUMBA_CPU_NAME`` (Binder's ``generic``): tiles of 16-lane vectors would then
    be split into 4-lane ones and spill.
    """
    return numba.config.CPU_NAME is None and binding.get_host_cpu_features().get("avx512f", False)


def tap_offsets(kernel_h, kernel_w, dilation_h, dilation_w, width, channels):
    """``offsets[k]`` of each tap ``k = (p*kernel_w + q)*channels + c`` from its window's first cell."""
    p, q, c = np.meshgrid(np.arange(kernel_h), np.arange(kernel_w), np.arange(channels), indexing="ij")
    return ((p * dilation_h * width + q * dilation_w) * channels + c).reshape(-1).astype(np.int64)


def _tile_kernel(pixels, vectors, lanes):
    """An intrinsic summing a tile of ``pixels`` x ``vectors*lanes`` outputs over every tap.

    ``tile(x, bases, offsets, kernel, f0, filters, z, out)``: for pixel ``t`` and filter
    ``f0 + f``, ``z[out + t*filters + f] = sum_k x[bases[t] + offsets[k]] * kernel[k*filters + f0 + f]``,
    the sum in order of ``k`` with one fused multiply-add each, from zero. ``bases`` holds
    the first cell of each pixel's window (the pixels may lie on different rows).
    All arrays are 1-D and C-contiguous; the caller keeps every index inside.
    """

    @intrinsic
    def tile(typingctx, x, bases, offsets, kernel, f0, filters, z, out):
        if not (x.dtype == kernel.dtype == z.dtype and x.dtype in (types.float32, types.float64)):
            return None  # one float type for the image, the kernel and the output
        signature = types.void(x, bases, offsets, kernel, f0, filters, z, out)

        def codegen(context, builder, sig, args):
            xs, bases_value, offs, ks, f0, filters, zs, out = args
            x_type, bases_type, offsets_type, kernel_type, _, _, z_type, _ = sig.args
            x_data = context.make_array(x_type)(context, builder, xs).data
            bases_data = context.make_array(bases_type)(context, builder, bases_value).data
            offsets_array = context.make_array(offsets_type)(context, builder, offs)
            taps = builder.extract_value(offsets_array.shape, 0)
            k_data = context.make_array(kernel_type)(context, builder, ks).data
            z_data = context.make_array(z_type)(context, builder, zs).data
            single, i64 = x_data.type.pointee, ir.IntType(64)
            vector = ir.VectorType(single, lanes)
            name = f"llvm.fma.v{lanes}{'f32' if single == ir.FloatType() else 'f64'}"
            fma = builder.module.globals.get(name) or ir.Function(
                builder.module, ir.FunctionType(vector, [vector] * 3), name)

            def constant(value):
                return ir.Constant(i64, value)

            def vector_at(data, index):
                return builder.bitcast(builder.gep(data, [index]), vector.as_pointer())

            def broadcast(value):
                lane0 = builder.insert_element(ir.Constant(vector, ir.Undefined), value, ir.Constant(ir.IntType(32), 0))
                mask = ir.Constant(ir.VectorType(ir.IntType(32), lanes), [0] * lanes)
                return builder.shuffle_vector(lane0, ir.Constant(vector, ir.Undefined), mask)

            window = [builder.load(builder.gep(bases_data, [constant(t)])) for t in range(pixels)]
            before = builder.block
            loop = builder.function.append_basic_block("tile.loop")
            body = builder.function.append_basic_block("tile.body")
            done = builder.function.append_basic_block("tile.done")
            builder.branch(loop)
            builder.position_at_end(loop)
            k = builder.phi(i64)
            k.add_incoming(constant(0), before)
            sums = [[builder.phi(vector) for _ in range(vectors)] for _ in range(pixels)]
            zero = ir.Constant(vector, [0.0] * lanes)
            for row in sums:
                for s in row:
                    s.add_incoming(zero, before)
            builder.cbranch(builder.icmp_signed("<", k, taps), body, done)

            builder.position_at_end(body)
            offset = builder.load(builder.gep(offsets_array.data, [k]))
            kernel_row = builder.add(builder.mul(k, filters), f0)
            weights = [builder.load(vector_at(k_data, builder.add(kernel_row, constant(v * lanes))), align=4)
                       for v in range(vectors)]
            added = []
            for t in range(pixels):
                value = broadcast(builder.load(builder.gep(x_data, [builder.add(window[t], offset)])))
                added.append([builder.call(fma, [value, weights[v], sums[t][v]]) for v in range(vectors)])
            k.add_incoming(builder.add(k, constant(1)), builder.block)
            for t in range(pixels):
                for v in range(vectors):
                    sums[t][v].add_incoming(added[t][v], builder.block)
            builder.branch(loop)

            builder.position_at_end(done)
            for t in range(pixels):
                row = builder.add(out, builder.mul(filters, constant(t)))
                for v in range(vectors):
                    builder.store(sums[t][v], vector_at(z_data, builder.add(row, constant(v * lanes))), align=4)
            return context.get_dummy_value()

        return signature, codegen

    return tile


BIAS_PIXELS = 48  # outputs made before their bias and relu are applied (12 KB of W3's second conv)

# Filters per tile, widest first. AVX-512: 64 (4 vectors of 16), 16, then 8 (a tile of 6 x 64
# keeps 24 sums in the 32 registers: W3's second conv 1.34-1.38 against 1.44-1.55 ms for
# tiles of 6 x 16). AVX2 (16 registers): 16 (2 vectors of 8), then 8.
if _wide_registers():
    WIDE, ONE = 4 * 2 * LANES, 2 * LANES
    _TILE_WIDE, _TILE_ONE, _TILE_HALF = _tile_kernel(PIXELS, 4, 2 * LANES), _tile_kernel(PIXELS, 1, 2 * LANES), \
        _tile_kernel(PIXELS, 1, LANES)
else:
    WIDE, ONE = 2 * LANES, LANES
    _TILE_WIDE, _TILE_ONE = _tile_kernel(PIXELS, 2, LANES), _tile_kernel(PIXELS, 1, LANES)
    _TILE_HALF = _TILE_ONE  # never called: filters come in whole tiles of 8


@njit(cache=True, nogil=True)
def applies(filters, out_w):
    """Whether ``conv_direct_2d`` takes these shapes: whole tiles of 8 filters, rows of 6 pixels or more.

    Other shapes (few or odd filters, narrow outputs) multiply im2col's columns in BLAS:
    tiles for them would cost a first fit more compile time than they save.
    """
    return filters % LANES == 0 and filters > 0 and out_w >= PIXELS


@njit(cache=True, error_model="numpy", nogil=True)
def conv_direct_2d(x, kernel2d, offsets, stride_h, stride_w, out_h, out_w, z, bias, relu):
    """``z = im2col(x) @ kernel2d`` for images already padded (see the module doc), then
    ``z + bias`` and relu on every few outputs while they are in cache.

    Args:
        x: ``(batch, height, width, channels)``, C-contiguous, every window inside.
        kernel2d: ``(taps, filters)``, C-contiguous, ``taps = offsets.size``;
            ``applies(filters, out_w)`` must hold.
        offsets: ``tap_offsets(...)`` for this width and channel count.
        stride_h, stride_w: the strides; out_h, out_w: the output size.
        z: ``(batch*out_h*out_w, filters)``, C-contiguous; written.
        bias: ``(filters,)``, added to every output; or empty (none).
        relu: whether negative outputs become 0 after the bias (NaN stays NaN), as the
            Dense kernels' forward does: the same arithmetic, so the same bits.

    Returns:
        z.
    """
    batch, height, width, channels = x.shape
    taps, filters = kernel2d.shape
    # The tiles read and write without bounds checks: refuse anything that would leave the arrays.
    if not applies(filters, out_w) or offsets.size != taps or z.shape != (batch * out_h * out_w, filters):
        raise ValueError("conv_direct_2d: expected whole tiles (applies(filters, out_w)), one offset "
                         "per tap and z of shape (batch*out_h*out_w, filters)")
    if bias.size != 0 and bias.size != filters:
        raise ValueError("conv_direct_2d: expected a bias of one value per filter, or an empty one")
    last_window = ((out_h - 1) * stride_h * width + (out_w - 1) * stride_w) * channels
    image_size = height * width * channels
    if out_h > 0 and taps > 0 and (offsets.min() < 0 or last_window + offsets.max() >= image_size):
        raise ValueError("conv_direct_2d: a window reaches outside the images; pad them first")
    flat_x, flat_kernel, flat_z = x.reshape(-1), kernel2d.reshape(-1), z.reshape(-1)
    windows = _windows(batch, height, width, channels, stride_h, stride_w, out_h, out_w)
    pixels = windows.size
    # Tiles of 6 consecutive outputs, across row ends (W3's rows of 11 took two tiles of 6 each).
    done = 0  # outputs [0, done) have their bias and relu
    for tile_first in range(0, pixels, PIXELS):
        p = min(tile_first, pixels - PIXELS)  # the last tile overlaps the one before: same sums again
        bases, out = windows[p:p + PIXELS], p * filters
        f0 = 0
        while f0 + WIDE <= filters:
            _TILE_WIDE(flat_x, bases, offsets, flat_kernel, f0, filters, flat_z, out + f0)
            f0 += WIDE
        while f0 + ONE <= filters:
            _TILE_ONE(flat_x, bases, offsets, flat_kernel, f0, filters, flat_z, out + f0)
            f0 += ONE
        if f0 < filters:
            _TILE_HALF(flat_x, bases, offsets, flat_kernel, f0, filters, flat_z, out + f0)
        end = p + PIXELS
        if end - done < BIAS_PIXELS and end < pixels:
            continue
        # The bias and relu of the outputs just made, in one pass while they are in cache (the
        # overlapping last tile wrote its sums again over finished outputs: they are redone).
        # Pixel by pixel: flat indices computed in the loop were not vectorized (3x slower).
        start, done = min(done, p), end
        if bias.size:
            for q in range(start, end):
                cells = z[q]
                if relu:
                    for f in range(filters):
                        value = cells[f] + bias[f]
                        cells[f] = 0.0 if value < 0.0 else value  # NaN stays NaN
                else:
                    for f in range(filters):
                        cells[f] += bias[f]
        elif relu:
            cells = flat_z[start * filters:end * filters]
            for index in range(cells.size):
                if cells[index] < 0.0:
                    cells[index] = 0.0
    return z


GRADIENT_PIXELS = 64  # output pixels per block of the kernel gradient: their dz rows stay in L1


@njit(cache=True, error_model="numpy", nogil=True)
def kernel_gradient_direct(x, dz, offsets, stride_h, stride_w, out_h, out_w, gradient, partial):
    """``gradient = im2col(x).T @ dz`` without the columns: the kernel gradient of ``conv_direct_2d``.

    The forward's tiles with the roles turned: 6 taps x the tile's filters (64, 16 or 8 with
    AVX-512; 16 or 8 with AVX2) in registers while the output pixels of a block stream past. Each block of ``GRADIENT_PIXELS``
    pixels sums from zero, one fused multiply-add at a time, into ``partial``; the blocks
    are then added in order, as BLAS adds its blocks of K.

    Args:
        x, offsets, stride_h, stride_w, out_h, out_w: as for ``conv_direct_2d``.
        dz: ``(batch*out_h*out_w, filters)``, C-contiguous: the gradient of its ``z``.
        gradient: ``(taps, filters)``, C-contiguous; written.
        partial: ``(taps, filters)``, C-contiguous scratch.

    Returns:
        gradient.
    """
    batch, height, width, channels = x.shape
    taps, filters = gradient.shape
    if (filters % LANES or filters == 0 or taps < PIXELS or offsets.size != taps
            or dz.shape != (batch * out_h * out_w, filters) or partial.shape != gradient.shape):
        raise ValueError("kernel_gradient_direct: expected whole tiles of 8 filters, 6 taps or more, one "
                         "offset per tap, dz of shape (batch*out_h*out_w, filters) and partial like gradient")
    last_window = ((out_h - 1) * stride_h * width + (out_w - 1) * stride_w) * channels
    if out_h > 0 and out_w > 0 and (offsets.min() < 0 or last_window + offsets.max() >= height * width * channels):
        raise ValueError("kernel_gradient_direct: a window reaches outside the images; pad them first")
    flat_x, flat_partial = x.reshape(-1), partial.reshape(-1)
    windows = _windows(batch, height, width, channels, stride_h, stride_w, out_h, out_w)
    pixels = windows.size
    gradient[...] = 0.0
    for first in range(0, pixels, GRADIENT_PIXELS):
        last = min(first + GRADIENT_PIXELS, pixels)
        block_windows, block_dz = windows[first:last], dz[first:last].reshape(-1)
        for tile_first in range(0, taps, PIXELS):
            k = min(tile_first, taps - PIXELS)  # the last tile overlaps the one before: same sums again
            bases, out = offsets[k:k + PIXELS], k * filters
            # conv_direct_2d's loop over the tile widths (as a shared @njit helper: +0.3 s of
            # compile, and W3's first conv 10% slower, its tiles of 9 taps too short for a call each)
            f0 = 0
            while f0 + WIDE <= filters:
                _TILE_WIDE(flat_x, bases, block_windows, block_dz, f0, filters, flat_partial, out + f0)
                f0 += WIDE
            while f0 + ONE <= filters:
                _TILE_ONE(flat_x, bases, block_windows, block_dz, f0, filters, flat_partial, out + f0)
                f0 += ONE
            if f0 < filters:
                _TILE_HALF(flat_x, bases, block_windows, block_dz, f0, filters, flat_partial, out + f0)
        for k in range(taps):
            row, sums = gradient[k], partial[k]
            for f in range(filters):
                row[f] += sums[f]
    return gradient


@njit(cache=True, error_model="numpy", nogil=True)
def _windows(batch, height, width, channels, stride_h, stride_w, out_h, out_w):
    """The offset of each output pixel's window (its first cell) in the flat images, in ``z``'s row order."""
    windows = np.empty(batch * out_h * out_w, np.int64)
    for n in range(batch):
        for i in range(out_h):
            for j in range(out_w):
                windows[(n * out_h + i) * out_w + j] = ((n * height + i * stride_h) * width + j * stride_w) * channels
    return windows
