import { Tile } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo, TileAttrs, TileInputs } from '@tensorflow/tfjs-core';
import { wasmOps } from './backend-ops.js';
import { stockKernel } from './kernel-registry.js';

/**
 * out[i_0, …, i_{r−1}] = x[i_0 mod s_0, …, i_{r−1} mod s_{r−1}], written with
 * block copies: the innermost row is copied once and then replicated with
 * `copyWithin`, and every outer dimension replicates the block it has just
 * built, so the cost is one memcpy-speed pass over the output.
 *
 * `src` and `dst` are flat row-major buffers; `dst` must hold
 * Π s_d·reps_d elements.
 */
export function tileInto(src: Float32Array, shape: readonly number[], reps: readonly number[], dst: Float32Array): void {
  const r = shape.length;
  if (r === 0) { dst[0] = src[0]; return; }
  const inBlock = new Array<number>(r).fill(1);
  const outBlock = new Array<number>(r).fill(1);
  for (let d = r - 2; d >= 0; d--) {
    inBlock[d] = inBlock[d + 1] * shape[d + 1];
    outBlock[d] = outBlock[d + 1] * shape[d + 1] * reps[d + 1];
  }
  const fill = (d: number, srcOff: number, dstOff: number): void => {
    const len = shape[d] * outBlock[d]; // one copy of this dim's (already tiled) block
    if (d === r - 1) {
      dst.set(src.subarray(srcOff, srcOff + shape[d]), dstOff);
    } else {
      for (let i = 0; i < shape[d]; i++) fill(d + 1, srcOff + i * inBlock[d], dstOff + i * outBlock[d]);
    }
    // Replicate by doubling: 1, 2, 4, … copies.
    let have = 1;
    while (have < reps[d]) {
      const n = Math.min(have, reps[d] - have);
      dst.copyWithin(dstOff + have * len, dstOff, dstOff + n * len);
      have += n;
    }
  };
  fill(0, 0, 0);
}

/**
 * `Tile` for the 'wasm' backend (float32): tfjs-backend-wasm's C++ `Tile`
 * computes a multi-index per output element, which made `Tile` — emitted by
 * the gradients of broadcasting ops such as BatchNorm's — one of the
 * heaviest kernels of a DCGAN step. This one is {@link tileInto} on the wasm
 * heap. Other dtypes go to the stock kernel.
 */
export const tileWasmConfig: KernelConfig = {
  kernelName: Tile,
  backendName: 'wasm',
  kernelFunc: ((args) => {
    const { x } = args.inputs as unknown as TileInputs;
    const { reps } = args.attrs as unknown as TileAttrs;
    const xi = x as TensorInfo;
    if (xi.dtype !== 'float32') return stockKernel(Tile, 'wasm')!.kernelFunc(args);
    const ops = wasmOps(args.backend as KernelBackend);
    const out = ops.alloc(xi.shape.map((s, i) => s * reps[i]), false);
    tileInto(ops.view(xi), xi.shape, reps, ops.view(out));
    return out;
  }) as KernelFunc,
};
