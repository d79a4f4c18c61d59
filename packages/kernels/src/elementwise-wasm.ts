import { Cast, FusedBatchNorm, LeakyRelu, util } from '@tensorflow/tfjs-core';
import type { CastAttrs, FusedBatchNormAttrs, KernelBackend, KernelConfig, KernelFunc, LeakyReluAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { wasmOps } from './backend-ops.js';
import { stockKernel } from './kernel-registry.js';

/*
 * Element-wise kernels of tfjs-backend-wasm 4.22 that run as scalar C++ loops
 * with per-element index arithmetic (4–13 ns per element), re-expressed
 * through wasm kernels that call XNNPACK's vectorised micro-kernels
 * (0.3–0.7 ns per element on the same machine): Prelu, and the binary
 * Sub / Multiply / Add with a per-channel operand.
 */

interface RefCountingBackend { incRef(dataId: object): void }

/**
 * `LeakyRelu` for the 'wasm' backend as XNNPACK's per-channel `Prelu`:
 *
 *   leakyRelu(x)ᵢ = xᵢ if xᵢ ≥ 0 else α·xᵢ  =  prelu(x, a) with a[c] = α for every channel c
 *
 * (Maas et al. 2013, "Rectifier nonlinearities improve neural network
 * acoustic models"). Why: stock wasm `LeakyRelu` is a scalar loop, ~10× slower
 * than `Prelu` with a per-channel slope vector (8.4 → 0.8 ms on
 * [64,14,14,128]). A scalar slope would make Prelu treat every element as its
 * own row, which is slow again, hence the `[C]` vector. Non-float32 inputs go
 * to the stock kernel.
 */
export const leakyReluWasmConfig: KernelConfig = {
  kernelName: LeakyRelu,
  backendName: 'wasm',
  kernelFunc: ((args) => {
    const x = args.inputs.x as TensorInfo;
    const { alpha } = args.attrs as unknown as LeakyReluAttrs;
    const c = x.shape[x.shape.length - 1] ?? 0;
    if (x.dtype !== 'float32' || x.shape.length === 0 || c === 0 || util.sizeFromShape(x.shape) === 0) {
      return stockKernel(LeakyRelu, 'wasm')!.kernelFunc(args);
    }
    const ops = wasmOps(args.backend as KernelBackend);
    const slope = ops.alloc([c], false);
    ops.view(slope).fill(alpha);
    const out = ops.run('Prelu', { x, alpha: slope });
    ops.dispose(slope);
    return out;
  }) as KernelFunc,
};

/**
 * `Cast` for the 'wasm' backend that shares storage when the dtype does not
 * change (as `Identity` does); real conversions go to the stock kernel.
 * Why: `tf.moments` (BatchNorm) casts its float32 input to float32, a full
 * copy per call in stock wasm.
 */
export const castWasmConfig: KernelConfig = {
  kernelName: Cast,
  backendName: 'wasm',
  kernelFunc: ((args) => {
    const x = args.inputs.x as TensorInfo;
    const { dtype } = args.attrs as unknown as CastAttrs;
    if (x.dtype !== dtype || dtype === 'string') return stockKernel(Cast, 'wasm')!.kernelFunc(args);
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype };
  }) as KernelFunc,
};

/** True when `t` holds exactly one float32 value per channel of the last axis (shape [C] or [1,…,1,C]). */
const perChannel = (t: TensorInfo, c: number): boolean =>
  t.dtype === 'float32' && t.shape[t.shape.length - 1] === c && util.sizeFromShape(t.shape) === c;

/**
 * `FusedBatchNorm` for the 'wasm' backend with per-channel statistics (the
 * BatchNormalization-layer case), in the textbook order
 *
 *   out = (x − μ) · a + β,   a[c] = γ[c] / √(σ²[c] + ε)
 *
 * (Ioffe & Szegedy 2015, arXiv:1502.03167) as three broadcasting binary
 * kernels (Sub, Multiply, Add; the last one skipped without β), `a` computed
 * once per call in float64 (`γ` defaults to 1). Why: stock wasm
 * `FusedBatchNorm` is a scalar loop (7.1 ms on [64,14,14,128]); the three
 * XNNPACK passes take ~1.8 ms. `x − μ` stays explicit (rather than folding μ
 * into an offset) so large means do not cancel. Other shapes and dtypes go to
 * the stock kernel.
 */
export const fusedBatchNormWasmConfig: KernelConfig = {
  kernelName: FusedBatchNorm,
  backendName: 'wasm',
  kernelFunc: ((args) => {
    const { x, mean, variance, offset, scale } = args.inputs as Record<string, TensorInfo | undefined>;
    const { varianceEpsilon } = args.attrs as unknown as FusedBatchNormAttrs;
    const xi = x!;
    const c = xi.shape[xi.shape.length - 1] ?? 0;
    const ok = xi.dtype === 'float32' && xi.shape.length >= 1 && c > 0 && util.sizeFromShape(xi.shape) > 0 &&
      perChannel(mean!, c) && perChannel(variance!, c) && (offset == null || perChannel(offset, c)) && (scale == null || perChannel(scale, c));
    if (!ok) return stockKernel(FusedBatchNorm, 'wasm')!.kernelFunc(args);
    const ops = wasmOps(args.backend as KernelBackend);
    const a = ops.alloc([c], false);
    {
      const av = ops.view(a), v = ops.view(variance!), g = scale == null ? null : ops.view(scale);
      for (let j = 0; j < c; j++) av[j] = (g == null ? 1 : g[j]) / Math.sqrt(v[j] + varianceEpsilon);
    }
    const centred = ops.run('Sub', { a: xi, b: ops.reshape(mean!, [c]) });
    const scaled = ops.run('Multiply', { a: centred, b: a });
    ops.dispose(centred);
    ops.dispose(a);
    if (offset == null) return scaled;
    const out = ops.run('Add', { a: scaled, b: ops.reshape(offset, [c]) });
    ops.dispose(scaled);
    return out;
  }) as KernelFunc,
};
