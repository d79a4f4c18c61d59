import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The functions the compiled addon (`build/Release/gantry_kernels_native.node`) exports.
 * All arrays are used in place (no copies): pass views straight into the wasm heap.
 * `geometry` is `[n, h, w, ci, kh, kw, co, sh, sw, padTop, padLeft, outH, outW]` of a
 * dilation-1 NHWC convolution `y[n, oh, ow, co] = Σ x[n, oh·sh + kh − padTop, ow·sw + kw − padLeft, ci] · W[kh, kw, ci, co]`.
 */
export interface NativeAddon {
  /** Row-major `c = alpha · op(a) · op(b) + beta · c` (`cblas_sgemm`); `op(t) = tᵀ` when its flag is set. */
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, lda: number, b: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number,
  ): void;
  /** Forward convolution: `y ← conv(x, w)`. */
  conv2d(x: Float32Array, w: Float32Array, y: Float32Array, geometry: readonly number[]): void;
  /** Input gradient (= forward of a transposed convolution): `dx ← convᵀ(dy, w)`. */
  conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, geometry: readonly number[]): void;
  /** Filter gradient: `dw ← Σ x ⊗ dy`. */
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: readonly number[]): void;
  /**
   * `out[i] = op(a[i]) · op(b[i])` over `max(batchA, batchB)` entries; a batch of 1 broadcasts.
   * `dims` is `[batchA, batchB, m, n, k, transA, transB]`.
   */
  batchMatMul(a: Float32Array, b: Float32Array, out: Float32Array, dims: readonly number[]): void;
  /** The OpenBLAS kernel family in use, e.g. `SkylakeX` or `Haswell`. */
  coreName(): string;
  /** `openblas_set_num_threads` (the addon sets 1 when it loads). */
  setNumThreads(threads: number): void;
}

/** Outcome of loading the addon: the addon, or why it is not there. */
export type AddonLoad = { addon: NativeAddon; reason?: undefined } | { addon: null; reason: string };

let loaded: AddonLoad | undefined;

/** True when `/proc/cpuinfo` lists the `avx512f` flag (false where it cannot be read). */
export function cpuHasAvx512(): boolean {
  try {
    return /^flags\s*:.*\bavx512f\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Path of the compiled addon: `build/Release/gantry_kernels_native.node` at the package root
 * (`src/` and `dist/` are both one level below it).
 */
export function addonPath(): string {
  return fileURLToPath(new URL('../build/Release/gantry_kernels_native.node', import.meta.url));
}

/**
 * Load the addon once per thread; never throws.
 *
 * Before the first load, when the CPU has AVX-512 and `OPENBLAS_CORETYPE` is unset, this
 * sets `process.env.OPENBLAS_CORETYPE = 'SkylakeX'`. Why: Debian's OpenBLAS 0.3.21 picks its
 * kernels at dlopen time from the CPU id, and it does not know AMD Zen 4/5 as AVX-512 parts, so
 * it falls back to the Haswell (AVX2) kernels — about half the single-thread sgemm speed
 * (measured 50–78 vs 105–150 GFLOP/s on a Zen 5). OpenBLAS reads the variable when the shared
 * library initialises, which is when Node dlopens the addon, so it must be set before that.
 * An explicit `OPENBLAS_CORETYPE` (any value) is left alone.
 */
export function loadAddon(): AddonLoad {
  if (loaded) return loaded;
  const path = addonPath();
  try {
    if (process.env.OPENBLAS_CORETYPE === undefined && cpuHasAvx512()) process.env.OPENBLAS_CORETYPE = 'SkylakeX';
    const addon = createRequire(import.meta.url)(path) as NativeAddon;
    addon.setNumThreads(1);
    loaded = { addon };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const code = (error as { code?: string }).code;
    loaded = {
      addon: null,
      reason: code === 'MODULE_NOT_FOUND'
        ? `the native addon was not built (${path} is missing: installing @gantry/kernels-native needs libopenblas-dev and a C compiler; rebuild with \`pnpm --filter @gantry/kernels-native build:native\`)`
        : `the native addon failed to load: ${message}`,
    };
  }
  return loaded;
}
