import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { registerCpuKernels, registerWasmKernels, unregisterCpuKernels } from '../src/index.js';
import type { ConvCase } from './helpers.js';
import { caseData, runBackpropFilter, runBackpropInput } from './helpers.js';

// Geometries that exercise every code path: plain, crops of x/dy, empty phases, ci = 1.
const cases: ConvCase[] = [
  { n: 4, h: 28, w: 28, ci: 1, co: 8, kh: 4, kw: 4, sh: 2, sw: 2, pad: 'same' },
  { n: 2, h: 9, w: 8, ci: 3, co: 4, kh: 3, kw: 3, sh: 2, sw: 2, pad: 'valid' },
  { n: 2, h: 8, w: 7, ci: 2, co: 3, kh: 3, kw: 3, sh: 1, sw: 1, pad: [[0, 0], [3, 3], [4, 0], [0, 0]] },
  { n: 2, h: 5, w: 6, ci: 4, co: 3, kh: 1, kw: 1, sh: 2, sw: 3, pad: 'valid' },
];

interface WasmBackendLike { numDataIds(): number; wasm: { HEAPU8: Uint8Array } }

function exercise(): void {
  cases.forEach((c, i) => {
    const d = caseData(c, i);
    runBackpropFilter(c, d.x, d.dy, d.dyShape);
    runBackpropInput(c, d.dy, d.dyShape, d.w);
  });
  // And through autodiff, as in training.
  tf.tidy(() => {
    const x = tf.randomNormal([2, 10, 10, 3]) as tf.Tensor4D;
    const w = tf.randomNormal([4, 4, 3, 5]) as tf.Tensor4D;
    const wt = tf.randomNormal([4, 4, 3, 5]) as tf.Tensor4D;
    const y = tf.randomNormal([2, 5, 5, 5]) as tf.Tensor4D;
    tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([x, w]);
    tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, 10, 10, 3], 2, 'same')))([y, wt]);
    // Reductions, BatchNorm, LeakyReLU, Identity/Cast (the non-conv wasm kernels), with gradients.
    const g = tf.randomNormal([3]), b = tf.randomNormal([3]);
    tf.grads((a: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => {
      const { mean, variance } = tf.moments(a, [0, 1, 2]);
      const z = tf.leakyRelu(tf.batchNorm(a, mean, variance, o, s, 1e-3), 0.2);
      return tf.add(tf.sum(tf.mean(z, [0, 1], true)), tf.sum(tf.cast(tf.clone(z), 'float32')));
    })([x, g, b]);
    tf.sum(tf.randomNormal([5, 7, 2]), 1);
  });
}

describe('no leaks', () => {
  it('wasm: tensors, backend dataIds and heap stay flat', async () => {
    await tf.setBackend('wasm');
    registerWasmKernels();
    const backend = tf.backend() as unknown as WasmBackendLike;
    for (let i = 0; i < 3; i++) exercise(); // warm up (XNNPACK caches, heap growth)
    const tensors = tf.memory().numTensors;
    const ids = backend.numDataIds();
    const heap = backend.wasm.HEAPU8.length;
    for (let i = 0; i < 20; i++) exercise();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(ids);
    expect(backend.wasm.HEAPU8.length).toBe(heap);
  });

  it('cpu: tensors and backend dataIds stay flat', async () => {
    await tf.setBackend('cpu');
    registerCpuKernels({ backpropInput: true });
    const backend = tf.backend();
    exercise();
    const tensors = tf.memory().numTensors;
    const ids = backend.numDataIds();
    for (let i = 0; i < 10; i++) exercise();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(ids);
    unregisterCpuKernels();
  });
});

describe('installedKernels', () => {
  it('lists exactly what registerGantryKernels installed, and nothing after unregistering', async () => {
    const { installedKernels, registerGantryKernels, unregisterGantryKernels } = await import('@gantry/kernels');
    unregisterGantryKernels('cpu');
    expect(installedKernels('cpu')).toEqual([]);
    registerGantryKernels('cpu');
    expect(installedKernels('cpu')).toContain('Conv2DBackpropFilter');
    unregisterGantryKernels('cpu');
    expect(installedKernels('cpu')).toEqual([]);
  });
});
