import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmKernels, unregisterCpuKernels, unregisterWasmKernels, isInstalled, tileWasmConfig, batchMatMulWasmConfig } from '../src/index.js';
import { randomArray, relError } from './helpers.js';

const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

function onBackend(backend: string, f: () => ArrayLike<number>): ArrayLike<number> {
  tf.setBackend(backend);
  let out: ArrayLike<number> = [];
  tf.tidy(() => { out = f(); });
  return out;
}

const tileCases: [number[], number[]][] = [
  [[1, 1, 1, 8], [4, 3, 5, 1]],
  [[2, 3, 2], [2, 1, 3]],
  [[5], [3]],
  [[3, 1, 4, 2], [1, 6, 1, 2]],
  [[2, 2], [1, 1]],
  [[1, 1, 7, 1], [2, 2, 1, 3]],
];
const mmCases: [number[], number[], boolean, boolean][] = [
  [[64, 40], [30, 40], false, true],
  [[40, 7], [40, 33], true, false],
  [[3, 9, 5], [3, 11, 9], true, true],
  [[2, 6, 4], [1, 4, 5], false, false],
  [[1, 17, 3], [2, 5, 17], true, true],
  [[8, 50], [40, 50], false, true], // M < N: computed as (B·Aᵀ)ᵀ
  [[1, 6, 30], [1, 45, 30], false, true],
];

describe('wasm Tile and BatchMatMul vs cpu stock', () => {
  beforeAll(async () => {
    unregisterCpuKernels();
    await tf.setBackend('cpu');
    await tf.setBackend('wasm');
    registerWasmKernels();
  });

  it('are installed by registerWasmKernels and removed by unregisterWasmKernels', () => {
    expect(isInstalled(tileWasmConfig)).toBe(true);
    expect(isInstalled(batchMatMulWasmConfig)).toBe(true);
    unregisterWasmKernels();
    expect(isInstalled(tileWasmConfig)).toBe(false);
    registerWasmKernels();
  });

  tileCases.forEach(([shape, reps], i) => {
    it(`Tile ${JSON.stringify(shape)} × ${JSON.stringify(reps)}`, () => {
      const x = randomArray(size(shape), 50 + i);
      const ref = onBackend('cpu', () => tf.tile(tf.tensor(x, shape), reps).dataSync());
      const got = onBackend('wasm', () => tf.tile(tf.tensor(x, shape), reps).dataSync());
      expect(relError(got, ref)).toBe(0);
    });
  });

  it('Tile of int32 falls back to stock', () => {
    const got = onBackend('wasm', () => tf.tile(tf.tensor([1, 2, 3], [3], 'int32'), [2]).dataSync());
    expect(Array.from(got)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  mmCases.forEach(([as, bs, ta, tb], i) => {
    it(`BatchMatMul ${JSON.stringify(as)}${ta ? 'ᵀ' : ''} · ${JSON.stringify(bs)}${tb ? 'ᵀ' : ''}`, () => {
      const a = randomArray(size(as), 70 + i), b = randomArray(size(bs), 80 + i);
      const ref = onBackend('cpu', () => tf.matMul(tf.tensor(a, as), tf.tensor(b, bs), ta, tb).dataSync());
      const got = onBackend('wasm', () => tf.matMul(tf.tensor(a, as), tf.tensor(b, bs), ta, tb).dataSync());
      expect(relError(got, ref)).toBeLessThan(1e-4);
    });
  });

  it('does not leak', () => {
    tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const a = tf.randomNormal([8, 6]), b = tf.randomNormal([5, 6]), c = tf.randomNormal([7, 8]), x = tf.randomNormal([1, 3, 1]);
    const once = (): void => { tf.tidy(() => { tf.matMul(a, b, false, true); tf.matMul(a, c, true, true); tf.tile(x, [2, 1, 4]); }); };
    once();
    const tensors = tf.memory().numTensors, ids = backend.numDataIds();
    for (let i = 0; i < 20; i++) once();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(ids);
    tf.dispose([a, b, c, x]);
  });
});
