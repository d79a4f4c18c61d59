import { conv2dBackpropFilterCpuConfig } from './conv2d-backprop-filter-cpu.js';
import { backpropFilterWasmSettings, conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter-wasm.js';
import { conv2dBackpropInputCpuConfig } from './conv2d-backprop-input-cpu.js';
import { backpropInputWasmSettings, conv2dBackpropInputWasmConfig } from './conv2d-backprop-input-wasm.js';
import { batchMatMulWasmConfig } from './batch-mat-mul-wasm.js';
import { installKernel, uninstallKernel } from './kernel-registry.js';
import { tileWasmConfig } from './tile-wasm.js';
import { clearDerivedFilterCache } from './filter-cache.js';
import { meanWasmConfig, sumWasmConfig } from './reduce-wasm.js';
import { identityWasmConfig } from './identity-wasm.js';
import { oneHotWasmConfig } from './one-hot-wasm.js';
import { castWasmConfig, fusedBatchNormWasmConfig, leakyReluWasmConfig } from './elementwise-wasm.js';
import { fusedBatchNormGradConfig, installGradient, leakyReluGradConfig, meanGradConfig, sumGradConfig, uninstallGradient } from './gradients.js';

/** The value-identical gradient replacements installed by the `gradients` switch. */
const GRADIENTS = [leakyReluGradConfig, fusedBatchNormGradConfig, meanGradConfig, sumGradConfig];

/** Which of Gantry's kernels to install. */
export interface RegisterOptions {
  /** Install `Conv2DBackpropFilter` (default true). */
  backpropFilter?: boolean;
  /** Install `Conv2DBackpropInput` (default: true on wasm, false on cpu). */
  backpropInput?: boolean;
  /** wasm only: install the block-copy `Tile` (default true). */
  tile?: boolean;
  /** wasm only: install the transpose-then-GEMM `BatchMatMul` (default true). */
  batchMatMul?: boolean;
  /** wasm only: `Sum` / `Mean` over leading axes without the stock transpose (default true). */
  reductions?: boolean;
  /** wasm only: `Identity` that shares storage instead of copying (default true). */
  identity?: boolean;
  /**
   * wasm only: conv gradients with few input channels as GEMMs — `Conv2DBackpropInput` (Ci ≤ 4) as GEMM + col2im
   * instead of sub-pixel convs, `Conv2DBackpropFilter` (Ci ≤ 2) as im2col + GEMM instead of one dilated conv (default true).
   */
  smallChannelGemm?: boolean;
  /**
   * wasm only: re-route scalar-loop element-wise kernels through XNNPACK ones — `LeakyRelu` as `Prelu`,
   * `FusedBatchNorm` as Sub/Multiply/Add, same-dtype `Cast` as a shared view (default true).
   */
  elementwise?: boolean;
  /**
   * wasm only: register cheaper, value-identical gradients for `LeakyRelu` (`dy · step_α(x)` instead of
   * `where(x > 0, dy, α·dy)`), `FusedBatchNorm` (per-channel factors instead of `Tile`d full-size
   * products) and `Mean` / `Sum` (a broadcast of the small upstream gradient instead of a product with a
   * full-size `ones` tensor built in JavaScript). The gradient registry is global, so this affects every
   * backend (default true).
   */
  gradients?: boolean;
}

/**
 * Register Gantry's conv-training kernels for the 'wasm' backend:
 * `Conv2DBackpropFilter` (missing in tfjs-backend-wasm 4.22, so conv training
 * fails without it) and `Conv2DBackpropInput` (≈10× faster than wasm's scalar
 * loop; also the forward pass of `conv2dTranspose`). Both are compositions of
 * wasm's own XNNPACK `Conv2D` with `Transpose`/`Slice`:
 *
 *   dW[kh,kw,ci,co] = Σ_{n,y,x} x[n, y·sh+kh−pt, x·sw+kw−pl, ci] · dy[n,y,x,co]   (one dilated conv)
 *   dx[n,i,j,ci]    = Σ_{y·sh+kh−pt=i, x·sw+kw−pl=j} dy[n,y,x,co] · W[kh,kw,ci,co] (sh·sw sub-pixel convs)
 *
 * Also installs two non-conv kernels the DCGAN step profile flagged: a
 * block-copy `Tile` (broadcast gradients; stock is a per-element C++ loop,
 * ~170× slower) and a `BatchMatMul` that transposes operands before the
 * untransposed GEMM (dense gradients; ~6–12× faster). Disable them with
 * `{ tile: false, batchMatMul: false }`.
 *
 * Always installed: a `OneHot` that honours `dtype` (stock wasm writes int32
 * bits into float32 outputs). Further switches (all default true): `reductions` (`Sum`/`Mean` over
 * leading axes as one XNNPACK average pooling), `identity` (`Identity`
 * shares storage), `smallChannelGemm` (conv gradients with few input
 * channels as GEMMs), `elementwise` (`LeakyRelu` via `Prelu`,
 * `FusedBatchNorm` via vectorised binary kernels, same-dtype `Cast` shares
 * storage) and `gradients` (cheaper, value-identical `LeakyRelu`,
 * `FusedBatchNorm`, `Mean` and `Sum` gradients — global, as tfjs' gradient
 * registry is). The sub-pixel `Conv2DBackpropInput` keeps its flipped
 * sub-filters per filter tensor (`derivedFilterCacheSettings`).
 * Together they take a DCGAN-28 training step from ~1.4 s to ~0.83 s of CPU.
 *
 * Safe to call before or after the wasm backend is initialised and safe to
 * call repeatedly; {@link unregisterWasmKernels} restores stock tfjs.
 */
export function registerWasmKernels(options: RegisterOptions = {}): void {
  // A correctness fix, not a speed-up: always installed (stock OneHot ignores dtype).
  installKernel(oneHotWasmConfig);
  if (options.backpropFilter ?? true) installKernel(conv2dBackpropFilterWasmConfig);
  if (options.backpropInput ?? true) installKernel(conv2dBackpropInputWasmConfig);
  const smallGemm = options.smallChannelGemm ?? true;
  backpropInputWasmSettings.gemmMaxInChannels = smallGemm ? 4 : 0;
  backpropFilterWasmSettings.gemmMaxInChannels = smallGemm ? 2 : 0;
  if (options.tile ?? true) installKernel(tileWasmConfig);
  if (options.batchMatMul ?? true) installKernel(batchMatMulWasmConfig);
  if (options.reductions ?? true) { installKernel(sumWasmConfig); installKernel(meanWasmConfig); }
  if (options.identity ?? true) installKernel(identityWasmConfig);
  if (options.elementwise ?? true) {
    installKernel(leakyReluWasmConfig);
    installKernel(fusedBatchNormWasmConfig);
    installKernel(castWasmConfig);
  }
  if (options.gradients ?? true) {
    for (const g of GRADIENTS) installGradient(g);
  }
}

/** Remove Gantry's wasm kernels and re-register the stock ones they displaced (for A/B benchmarks). */
export function unregisterWasmKernels(): void {
  clearDerivedFilterCache();
  uninstallKernel(conv2dBackpropFilterWasmConfig);
  uninstallKernel(conv2dBackpropInputWasmConfig);
  uninstallKernel(tileWasmConfig);
  uninstallKernel(batchMatMulWasmConfig);
  uninstallKernel(sumWasmConfig);
  uninstallKernel(meanWasmConfig);
  uninstallKernel(identityWasmConfig);
  uninstallKernel(leakyReluWasmConfig);
  uninstallKernel(fusedBatchNormWasmConfig);
  uninstallKernel(castWasmConfig);
  uninstallKernel(oneHotWasmConfig);
  for (const g of GRADIENTS) uninstallGradient(g);
}

/**
 * Register Gantry's conv-training kernels for the 'cpu' backend: a
 * `Conv2DBackpropFilter` computed as one dilated conv by cpu's own `Conv2D`
 *
 *   dW[kh,kw,ci,co] = Σ_{n,y,x} x[n, y·sh+kh−pt, x·sw+kw−pl, ci] · dy[n,y,x,co]
 *
 * (tens of times faster than the stock loop), and — only when
 * `backpropInput: true` — the sub-pixel `Conv2DBackpropInput`, which on cpu is
 * roughly on par with stock. Idempotent; {@link unregisterCpuKernels} restores stock tfjs.
 */
export function registerCpuKernels(options: RegisterOptions = {}): void {
  if (options.backpropFilter ?? true) installKernel(conv2dBackpropFilterCpuConfig);
  if (options.backpropInput ?? false) installKernel(conv2dBackpropInputCpuConfig);
}

/** Remove Gantry's cpu kernels and re-register the stock ones they displaced. */
export function unregisterCpuKernels(): void {
  clearDerivedFilterCache();
  uninstallKernel(conv2dBackpropFilterCpuConfig);
  uninstallKernel(conv2dBackpropInputCpuConfig);
}

/**
 * Register Gantry's kernels for `backendName` ('wasm' or 'cpu'); returns
 * false (and does nothing) for backends Gantry has no kernels for, e.g.
 * 'tensorflow' or 'webgl', whose stock kernels are already fast.
 */
export function registerGantryKernels(backendName: string, options: RegisterOptions = {}): boolean {
  switch (backendName) {
    case 'wasm': registerWasmKernels(options); return true;
    case 'cpu': registerCpuKernels(options); return true;
    default: return false;
  }
}

/** Undo {@link registerGantryKernels} for `backendName`. */
export function unregisterGantryKernels(backendName: string): void {
  if (backendName === 'wasm') unregisterWasmKernels();
  else if (backendName === 'cpu') unregisterCpuKernels();
}
