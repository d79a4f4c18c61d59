import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuKernels, registerWasmKernels, unregisterCpuKernels, unregisterWasmKernels, isInstalled, conv2dBackpropFilterWasmConfig, conv2dBackpropInputWasmConfig, conv2dBackpropFilterCpuConfig } from '../src/index.js';
import { caseData, convCases, describeCase, relError, runBackpropFilter, runBackpropInput } from './helpers.js';
import type { ConvCase } from './helpers.js';

const TOL = 1e-4;
const cases = convCases();

interface Ref { dW: Float32Array; dX: Float32Array; data: ReturnType<typeof caseData> }
const refs = new Map<ConvCase, Ref>();

beforeAll(async () => {
  // Stock references: cpu backend, stock kernels only.
  unregisterCpuKernels();
  unregisterWasmKernels();
  await tf.setBackend('cpu');
  cases.forEach((c, i) => {
    const data = caseData(c, i * 7);
    refs.set(c, {
      data,
      dW: runBackpropFilter(c, data.x, data.dy, data.dyShape),
      dX: runBackpropInput(c, data.dy, data.dyShape, data.w),
    });
  });
});

describe('registration', () => {
  it('is idempotent and restorable', async () => {
    await tf.setBackend('wasm');
    const stockInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    registerWasmKernels();
    registerWasmKernels();
    expect(isInstalled(conv2dBackpropFilterWasmConfig)).toBe(true);
    expect(isInstalled(conv2dBackpropInputWasmConfig)).toBe(true);
    unregisterWasmKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(stockInput);
    unregisterWasmKernels(); // no-op
    registerCpuKernels();
    expect(isInstalled(conv2dBackpropFilterCpuConfig)).toBe(true);
    unregisterCpuKernels();
    expect(isInstalled(conv2dBackpropFilterCpuConfig)).toBe(false);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBeDefined();
  });
});

describe(`wasm kernels vs cpu stock (${cases.length} geometries)`, () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerWasmKernels();
  });
  for (const c of cases) {
    it(`Conv2DBackpropFilter ${describeCase(c)}`, async () => {
      await tf.setBackend('wasm');
      const { data, dW } = refs.get(c)!;
      expect(relError(runBackpropFilter(c, data.x, data.dy, data.dyShape), dW)).toBeLessThan(TOL);
    });
    it(`Conv2DBackpropInput ${describeCase(c)}`, async () => {
      await tf.setBackend('wasm');
      const { data, dX } = refs.get(c)!;
      expect(relError(runBackpropInput(c, data.dy, data.dyShape, data.w), dX)).toBeLessThan(TOL);
    });
  }
});

describe(`cpu kernels vs cpu stock (${cases.length} geometries)`, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerCpuKernels({ backpropInput: true });
  });
  for (const c of cases) {
    it(`Conv2DBackpropFilter ${describeCase(c)}`, async () => {
      await tf.setBackend('cpu');
      const { data, dW } = refs.get(c)!;
      expect(relError(runBackpropFilter(c, data.x, data.dy, data.dyShape), dW)).toBeLessThan(TOL);
    });
    it(`Conv2DBackpropInput ${describeCase(c)}`, async () => {
      await tf.setBackend('cpu');
      const { data, dX } = refs.get(c)!;
      expect(relError(runBackpropInput(c, data.dy, data.dyShape, data.w), dX)).toBeLessThan(TOL);
    });
  }
});
