import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError, selectBackend } from '@gantry/backend';

const noKernels = async () => [] as string[];

describe('selectBackend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('auto falls back past the native backends that are not installed here, to wasm', async () => {
    const selection = await selectBackend('auto');
    expect(selection.choice).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(selection.skipped.map((s) => s.choice)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(selection.skipped[0].reason).toMatch(/tfjs-node-gpu/);
    expect(selection.kernels).toContain('Conv2DBackpropFilter');
  });

  it('on wasm registers the native kernels of @gantry/kernels-native on top, unless turned off', async () => {
    const native = await import('@gantry/kernels-native');
    const selection = await selectBackend('wasm');
    if (native.nativeKernelsAvailable()) {
      expect(selection.nativeKernels).toEqual([...native.NATIVE_KERNEL_NAMES]);
      expect(native.installedNativeKernels()).toEqual(selection.nativeKernels);
      expect(selection.nativeKernelsReason).toBeUndefined();
    } else {
      if (process.env.GANTRY_REQUIRE_NATIVE === '1') throw new Error(`native kernels required: ${selection.nativeKernelsReason}`);
      expect(selection.nativeKernels).toEqual([]);
      expect(selection.nativeKernelsReason).toMatch(/native addon/);
    }
    native.unregisterNativeKernels();
    const off = await selectBackend('wasm', { nativeKernels: false });
    expect(off.nativeKernels).toEqual([]);
    expect(off.nativeKernelsReason).toMatch(/GANTRY_NATIVE_KERNELS=0/);
    expect(native.installedNativeKernels()).toEqual([]);
    const previous = process.env.GANTRY_NATIVE_KERNELS;
    process.env.GANTRY_NATIVE_KERNELS = '0';
    try {
      expect((await selectBackend('wasm')).nativeKernels).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.GANTRY_NATIVE_KERNELS;
      else process.env.GANTRY_NATIVE_KERNELS = previous;
    }
    expect((await selectBackend('cpu')).nativeKernels).toEqual([]);
  });

  it('a native-kernel hook that fails costs nothing but the native kernels', async () => {
    const selection = await selectBackend('wasm', {
      registerNativeKernels: async () => { throw new Error('libopenblas.so.0: cannot open shared object file'); },
    });
    expect(selection.backend).toBe('wasm');
    expect(selection.kernels).toContain('Conv2DBackpropFilter');
    expect(selection.nativeKernels).toEqual([]);
    expect(selection.nativeKernelsReason).toMatch(/libopenblas/);
  });

  it('tries the candidates in order: tfjs-node-gpu, tfjs-node, wasm, cpu', async () => {
    const imported: string[] = [];
    const selection = await selectBackend('auto', {
      importModule: async (name) => {
        imported.push(name);
        if (name !== '@tensorflow/tfjs-backend-cpu') throw new Error(`Cannot find module '${name}'`);
        return import(name);
      },
      registerKernels: noKernels,
    });
    expect(imported).toEqual([
      '@tensorflow/tfjs-node-gpu',
      '@tensorflow/tfjs-node',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-cpu',
    ]);
    expect(selection.choice).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('a native backend asked for by name that is missing fails with how to install it', async () => {
    const attempt = selectBackend('tensorflow-gpu');
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(selectBackend('tensorflow')).rejects.toThrow(
      /Backend 'tensorflow' is not available: .*install @tensorflow\/tfjs-node .*or run with --backend auto/,
    );
  });

  it('an unknown backend name lists the choices', async () => {
    await expect(selectBackend('cuda')).rejects.toThrow(/Unknown backend 'cuda'\. Choose one of: auto, tensorflow-gpu, tensorflow, wasm, cpu/);
  });

  it('cpu by name registers Gantry kernels for cpu', async () => {
    const selection = await selectBackend('cpu');
    expect(selection.backend).toBe('cpu');
    expect(selection.kernels.length).toBeGreaterThan(0);
  });

  it('no loadable backend at all names every failure', async () => {
    await expect(
      selectBackend('auto', { importModule: async (n) => { throw new Error(`missing ${n}`); }, registerKernels: noKernels }),
    ).rejects.toThrow(/No TensorFlow.js backend could be loaded \(tensorflow-gpu: missing .*cpu: missing @tensorflow\/tfjs-backend-cpu\)/);
  });
});
