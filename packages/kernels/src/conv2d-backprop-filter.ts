import { backend_util } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendOps } from './backend-ops.js';
import { explicitPad, filterGradWindow } from './conv-geometry.js';
import { swapOuterInner } from './permute.js';

/**
 * Filter gradient of a 2-D convolution (NHWC, dilation 1), computed as ONE
 * dilated convolution by the backend's own `Conv2D` kernel:
 *
 *   dW[kh,kw,ci,co] = Σ_{n,y,x} x[n, y·sh + kh − pt, x·sw + kw − pl, ci] · dy[n,y,x,co]
 *
 * Read `ci` as a batch index, `n` as an input channel and `dy` as a filter of
 * size `Ho×Wo` dilated by the stride: with
 *
 *   X'[ci, h, w, n] = x[n, h, w, ci]          (Transpose [3,1,2,0])
 *   F'[y, x, n, co] = dy[n, y, x, co]         (Transpose [1,2,0,3])
 *
 * the sum is `conv2d(X', F', stride 1, dilation (sh, sw), explicit pad)`
 * evaluated at output `[ci, kh, kw, co]`, followed by Transpose [1,2,0,3] to
 * `[kh, kw, ci, co]`. The explicit pad/crop of `X'` (see
 * {@link filterGradWindow}) makes the conv produce exactly `Kh×Kw` outputs.
 *
 * Why: this turns the reduction over `N·Ho·Wo` into the K dimension of a
 * single well-shaped GEMM (`M = Ci·Kh·Kw`, `K = N·Ho·Wo`, `N = Co`) that the
 * backend's optimised conv (XNNPACK on wasm) runs at full speed, instead of
 * the scalar loop of tfjs' stock kernel (or no kernel at all on wasm).
 *
 * `dataFormat` must be 'NHWC'. Returns a new float32 `TensorInfo` owned by
 * the caller; all intermediates are released.
 */
export function conv2dBackpropFilterViaDilatedConv(ops: BackendOps, x: TensorInfo, dy: TensorInfo, attrs: Conv2DBackpropFilterAttrs): TensorInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') throw new Error(`@gantry/kernels: Conv2DBackpropFilter supports only NHWC, got ${dataFormat}`);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, format,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co, filterHeight: kh, filterWidth: kw,
    outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw } = info;

  const rows = filterGradWindow(h, kh, sh, info.padInfo.top, ho);
  const cols = filterGradWindow(w, kw, sw, info.padInfo.left, wo);
  if (rows.empty || cols.empty || n === 0 || ho === 0 || wo === 0) {
    return ops.alloc([kh, kw, ci, co]); // the filter never touches real input: gradient is zero
  }

  // Crop x when the conv would read past its end (negative "pad").
  let xc = x;
  const cropped = rows.cropBegin !== 0 || rows.cropEnd !== h || cols.cropBegin !== 0 || cols.cropEnd !== w;
  if (cropped) {
    xc = ops.run('Slice', { x }, {
      begin: [0, rows.cropBegin, cols.cropBegin, 0],
      size: [n, rows.cropEnd - rows.cropBegin, cols.cropEnd - cols.cropBegin, ci],
    });
  }
  // [ci, h', w', n]; a tiled JS permutation, ~3× faster than wasm's Transpose for this perm.
  const [, hc, wc] = xc.shape;
  const xT = ops.alloc([ci, hc, wc, n], false);
  swapOuterInner(ops.view(xc), ops.view(xT), n, hc * wc, ci);
  if (cropped) ops.dispose(xc);
  const dyT = ops.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });  // [ho, wo, n, co]
  const out = ops.run('Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1],
    pad: explicitPad(rows, cols),
    dataFormat: 'NHWC',
    dilations: [sh, sw],
  });                                // [ci, kh, kw, co]
  ops.dispose(xT);
  ops.dispose(dyT);
  if (ci === 1) {
    // [1, kh, kw, co] and [kh, kw, 1, co] share one memory layout: hand `out` over as is.
    return ops.reshape(out, [kh, kw, ci, co]);
  }
  const dW = ops.run('Transpose', { x: out }, { perm: [1, 2, 0, 3] });  // [kh, kw, ci, co]
  ops.dispose(out);
  return dW;
}
