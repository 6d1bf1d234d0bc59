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
tile of sums (6 pixels x 16 filters) in vector registers while the taps
stream past. Numba's loops keep such tiles in memory (a store and a load per
multiply-add: 6 GFLOP/s on W3's second conv, tried with scalar variables and
with small arrays), so ``_tile_kernel`` writes the loop over the taps of one
tile as IR with vector sums; everything around it is ordinary Numba. The
bias and relu are applied to each output row as soon as it is made, in cache.
W3's convs on one core, 32 images: 1.43 against 1.62 ms (second conv,
im2col + BLAS) and 0.19 against 0.55 ms (first conv, one channel).
"""

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

PIXELS = 6  # output pixels along a row per tile
LANES = 8  # float32 lanes of a vector register (AVX2; AVX-512 runs two per instruction)


def tap_offsets(kernel_h, kernel_w, dilation_h, dilation_w, width, channels):
    """``offsets[k]`` of each tap ``k = (p*kernel_w + q)*channels + c`` from its window's first cell."""
    p, q, c = np.meshgrid(np.arange(kernel_h), np.arange(kernel_w), np.arange(channels), indexing="ij")
    return ((p * dilation_h * width + q * dilation_w) * channels + c).reshape(-1).astype(np.int64)


def _tile_kernel(pixels, vectors, lanes):
    """An intrinsic summing a tile of ``pixels`` x ``vectors*lanes`` outputs over every tap.

    ``tile(x, first, step, offsets, kernel, f0, filters, z, out, out_step)``:
    for pixel ``t`` and filter ``f0 + f``,
    ``z[out + t*out_step + f] = sum_k x[first + t*step + offsets[k]] * kernel[k*filters + f0 + f]``,
    the sum in order of ``k`` with one fused multiply-add each, from zero.
    All arrays are 1-D and C-contiguous; the caller keeps every index inside.
    """

    @intrinsic
    def tile(typingctx, x, first, step, offsets, kernel, f0, filters, z, out, out_step):
        if not (x.dtype == kernel.dtype == z.dtype and x.dtype in (types.float32, types.float64)):
            return None  # one float type for the image, the kernel and the output
        signature = types.void(x, first, step, offsets, kernel, f0, filters, z, out, out_step)

        def codegen(context, builder, sig, args):
            xs, first, step, offs, ks, f0, filters, zs, out, out_step = args
            x_type, _, _, offsets_type, kernel_type, _, _, z_type, _, _ = sig.args
            x_data = context.make_array(x_type)(context, builder, xs).data
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
                cell = builder.add(builder.add(first, builder.mul(step, constant(t))), offset)
                value = broadcast(builder.load(builder.gep(x_data, [cell])))
                added.append([builder.call(fma, [value, weights[v], sums[t][v]]) for v in range(vectors)])
            k.add_incoming(builder.add(k, constant(1)), builder.block)
            for t in range(pixels):
                for v in range(vectors):
                    sums[t][v].add_incoming(added[t][v], builder.block)
            builder.branch(loop)

            builder.position_at_end(done)
            for t in range(pixels):
                row = builder.add(out, builder.mul(out_step, constant(t)))
                for v in range(vectors):
                    builder.store(sums[t][v], vector_at(z_data, builder.add(row, constant(v * lanes))), align=4)
            return context.get_dummy_value()

        return signature, codegen

    return tile


_TILE_WIDE = _tile_kernel(PIXELS, 2, LANES)  # 6 pixels x 16 filters
_TILE = _tile_kernel(PIXELS, 1, LANES)  # 6 pixels x 8 filters


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
    ``z + bias`` and relu on each output row while it is in cache.

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
    step = stride_w * channels
    for n in range(batch):
        for i in range(out_h):
            row_first = ((n * height + i * stride_h) * width) * channels
            out_first = (n * out_h + i) * out_w
            for block in range(0, out_w, PIXELS):
                j = min(block, out_w - PIXELS)  # the last tile overlaps the one before: same sums again
                first, out = row_first + j * step, (out_first + j) * filters
                f0 = 0
                while f0 + 2 * LANES <= filters:
                    _TILE_WIDE(flat_x, first, step, offsets, flat_kernel, f0, filters, flat_z, out + f0, filters)
                    f0 += 2 * LANES
                if f0 < filters:
                    _TILE(flat_x, first, step, offsets, flat_kernel, f0, filters, flat_z, out + f0, filters)
            # The bias and relu of the row just made, in one pass (flat indices computed in
            # the loop were not vectorized: 3x slower than a row of pixels at a time).
            if bias.size:
                by_pixel = z[out_first:out_first + out_w]
                for p in range(out_w):
                    cells = by_pixel[p]
                    if relu:
                        for f in range(filters):
                            value = cells[f] + bias[f]
                            cells[f] = 0.0 if value < 0.0 else value  # NaN stays NaN
                    else:
                        for f in range(filters):
                            cells[f] += bias[f]
            elif relu:
                row = flat_z[out_first * filters:(out_first + out_w) * filters]
                for index in range(row.size):
                    if row[index] < 0.0:
                        row[index] = 0.0
    return z

