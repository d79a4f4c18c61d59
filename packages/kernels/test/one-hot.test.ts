import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmKernels, unregisterWasmKernels } from '../src/index.js';

describe('OneHot on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmKernels();
  });
  afterAll(() => unregisterWasmKernels());

  it('honours float32 (stock wasm writes int32 bits: 1 reads as 1.4e-45)', () => {
    const before = tf.memory().numTensors;
    const out = tf.oneHot(tf.tensor1d([0, 2, 1, 5], 'int32'), 3, 0.9, 0.05, 'float32');
    expect(out.dtype).toBe('float32');
    expect(out.shape).toEqual([4, 3]);
    // By hand: row i has 0.9 at its index, 0.05 elsewhere; index 5 ≥ depth gives an all-off row.
    expect(Array.from(out.dataSync())).toEqual(
      [0.9, 0.05, 0.05, 0.05, 0.05, 0.9, 0.05, 0.9, 0.05, 0.05, 0.05, 0.05].map(Math.fround),
    );
    out.dispose();
  });

  it('matches the cpu backend for int32 and float32 on 2-D indices', () => {
    const indices = [[3, 0], [1, 2], [4, 4]];
    for (const dtype of ['int32', 'float32'] as const) {
      const wasm = tf.tidy(() => Array.from(tf.oneHot(tf.tensor2d(indices, [3, 2], 'int32'), 5, 1, 0, dtype).dataSync()));
      tf.setBackend('cpu');
      const cpu = tf.tidy(() => Array.from(tf.oneHot(tf.tensor2d(indices, [3, 2], 'int32'), 5, 1, 0, dtype).dataSync()));
      tf.setBackend('wasm');
      expect(wasm).toEqual(cpu);
    }
  });
});
