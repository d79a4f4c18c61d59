import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCpuKernels, registerWasmKernels, unregisterCpuKernels, unregisterWasmKernels } from '@gantry/kernels';
import {
  NATIVE_KERNEL_NAMES, addonPath, installedNativeKernels, nativeKernelsAvailable, nativeKernelsStatus, registerNativeKernels, unregisterNativeKernels,
} from '../src/index.js';
import {
  caseData, convMacs, describeCase, matMulCases, nativeConvCases, nativeGate, randomArray, relError, runBackpropFilter, runBackpropInput, runConv2D, runMatMul,
} from './helpers.js';
import type { ConvCase, MatMulCase } from './helpers.js';

const TOL = 1e-4;
const gate = nativeGate();
const cases = nativeConvCases();
const mmCases = matMulCases();

describe('availability', () => {
  it('reports the addon status (a failure only when GANTRY_REQUIRE_NATIVE=1)', () => {
    const status = nativeKernelsStatus();
    if (gate.required) expect(status.reason).toBeUndefined();
    expect(status.available).toBe(nativeKernelsAvailable());
    if (!status.available) expect(status.reason).toMatch(/native addon/);
    else expect(status.coreName).toBeTruthy();
  });
  it.runIf(gate.run)('sets OPENBLAS_CORETYPE=SkylakeX on AVX-512 CPUs unless it was set', async () => {
    const { cpuHasAvx512 } = await import('../src/index.js');
    if (cpuHasAvx512()) expect(process.env.OPENBLAS_CORETYPE).toBeDefined();
  });
});

describe.runIf(gate.run)('native kernels', () => {
  interface Ref { y: Float32Array; dW: Float32Array; dX: Float32Array; data: ReturnType<typeof caseData> }
  const refs = new Map<ConvCase, Ref>();
  const mmRefs = new Map<MatMulCase, { values: Float32Array; shape: number[] }>();

  beforeAll(async () => {
    // References: tfjs' stock cpu kernels. The stock cpu Conv2DBackpropFilter runs at ~3 M MAC/s,
    // so above 2 M MACs dW comes from Gantry's cpu Conv2DBackpropFilter instead: one stock cpu
    // Conv2D over transposed operands, itself tested against the stock kernel in @gantry/kernels.
    unregisterCpuKernels();
    await tf.setBackend('cpu');
    cases.forEach((c, i) => {
      const data = caseData(c, i * 11);
      refs.set(c, {
        data,
        y: runConv2D(c, data.x, data.w),
        dW: convMacs(c) <= 2e6 ? runBackpropFilter(c, data.x, data.dy, data.dyShape) : new Float32Array(0),
        dX: runBackpropInput(c, data.dy, data.dyShape, data.w),
      });
    });
    registerCpuKernels({ backpropInput: false });
    for (const [c, ref] of refs) if (ref.dW.length === 0) ref.dW = runBackpropFilter(c, ref.data.x, ref.data.dy, ref.data.dyShape);
    unregisterCpuKernels();
    mmCases.forEach((c, i) => mmRefs.set(c, runMatMul(c, i * 5)));
    await tf.setBackend('wasm');
    registerWasmKernels();
    expect(registerNativeKernels()).toEqual([...NATIVE_KERNEL_NAMES]);
  });

  afterAll(() => {
    unregisterNativeKernels();
    unregisterWasmKernels();
  });

  describe(`convolutions vs cpu stock (${cases.length} geometries)`, () => {
    for (const c of cases) {
      it(`Conv2D ${describeCase(c)}`, async () => {
        await tf.setBackend('wasm');
        const { data, y } = refs.get(c)!;
        expect(relError(runConv2D(c, data.x, data.w), y)).toBeLessThan(TOL);
      });
      it(`Conv2DBackpropInput ${describeCase(c)}`, async () => {
        await tf.setBackend('wasm');
        const { data, dX } = refs.get(c)!;
        expect(relError(runBackpropInput(c, data.dy, data.dyShape, data.w), dX)).toBeLessThan(TOL);
      });
      it(`Conv2DBackpropFilter ${describeCase(c)}`, async () => {
        await tf.setBackend('wasm');
        const { data, dW } = refs.get(c)!;
        expect(relError(runBackpropFilter(c, data.x, data.dy, data.dyShape), dW)).toBeLessThan(TOL);
      });
    }
  });

  describe(`BatchMatMul vs cpu stock (${mmCases.length} cases)`, () => {
    for (const c of mmCases) {
      it(`a${JSON.stringify(c.a)}${c.ta ? 'ᵀ' : ''} · b${JSON.stringify(c.b)}${c.tb ? 'ᵀ' : ''}`, async () => {
        await tf.setBackend('wasm');
        const ref = mmRefs.get(c)!;
        const got = runMatMul(c, mmCases.indexOf(c) * 5);
        expect(got.shape).toEqual(ref.shape);
        expect(relError(got.values, ref.values)).toBeLessThan(TOL);
      });
    }
  });

  describe('FusedConv2D and _FusedMatMul (bias + activation epilogue) vs cpu stock', () => {
    const acts = [['linear', undefined], ['relu', undefined], ['relu6', undefined], ['leakyrelu', 0.3], ['elu', undefined], ['sigmoid', undefined], ['prelu', undefined]] as const;
    const convCase: ConvCase = { n: 3, h: 9, w: 8, ci: 5, co: 7, kh: 3, kw: 3, sh: 2, sw: 1, pad: 'same' };
    for (const [activation, alpha] of acts) {
      for (const biasShape of [[7], [1], null] as const) {
        // prelu is handed on to stock wasm, which rejects a scalar bias and differs from cpu: compare with it instead.
        if (activation === 'prelu' && biasShape?.[0] === 1) continue;
        it(`${activation} bias ${JSON.stringify(biasShape)}${activation === 'prelu' ? ' (handed on: vs wasm without native)' : ''}`, async () => {
          const run = (backend: string) => {
            const c = convCase;
            const x = tf.tensor4d(randomArray(c.n * c.h * c.w * c.ci, 21).map((v) => v * 3), [c.n, c.h, c.w, c.ci]);
            const w = tf.tensor4d(randomArray(c.kh * c.kw * c.ci * c.co, 22), [c.kh, c.kw, c.ci, c.co]);
            const bias = biasShape == null ? undefined : tf.tensor(randomArray(biasShape[0], 23), [...biasShape]);
            const prelu = activation === 'prelu' ? tf.tensor1d(randomArray(7, 24)) : undefined;
            const y = tf.fused.conv2d({ x, filter: w, strides: [c.sh, c.sw], pad: 'same', bias, activation, preluActivationWeights: prelu, leakyreluAlpha: alpha });
            const a = tf.tensor3d(randomArray(2 * 6 * 11, 25).map((v) => v * 3), [2, 6, 11]);
            const b = tf.tensor2d(randomArray(7 * 11, 26), [7, 11]);
            const z = tf.fused.matMul({ a, b, transposeB: true, bias, activation, preluActivationWeights: prelu, leakyreluAlpha: alpha });
            const out = [y.dataSync().slice() as Float32Array, z.dataSync().slice() as Float32Array];
            tf.dispose([x, w, a, b, y, z, ...(bias ? [bias] : []), ...(prelu ? [prelu] : [])]);
            void backend;
            return out;
          };
          let ref: Float32Array[];
          if (activation === 'prelu') {
            await tf.setBackend('wasm');
            unregisterNativeKernels();
            ref = run('wasm');
            registerNativeKernels();
          } else {
            await tf.setBackend('cpu');
            ref = run('cpu');
          }
          await tf.setBackend('wasm');
          const got = run('wasm');
          expect(relError(got[0], ref[0])).toBeLessThan(TOL);
          expect(relError(got[1], ref[1])).toBeLessThan(TOL);
        });
      }
    }
  });

  it('hands unsupported cases to the kernel it displaced (dilated Conv2D, int32 BatchMatMul)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(randomArray(2 * 9 * 9 * 3, 1), [2, 9, 9, 3]);
    const w = tf.tensor4d(randomArray(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
    const got = tf.conv2d(x, w, 1, 'same', 'NHWC', 2).dataSync();
    await tf.setBackend('cpu');
    const ref = tf.conv2d(tf.tensor4d(x.dataSync(), x.shape), tf.tensor4d(w.dataSync(), w.shape), 1, 'same', 'NHWC', 2).dataSync();
    expect(relError(got, ref)).toBeLessThan(TOL);
    await tf.setBackend('wasm');
    // int32 goes on to the displaced kernels (Gantry's, then stock wasm), which reject it with their own message.
    const ai = tf.tensor3d([1, 2, 3, 4], [1, 2, 2], 'int32');
    expect(() => tf.matMul(ai, ai, false, true)).toThrow(/non-float32/);
    tf.dispose([x, w, ai]);
  });

  it('gradients of a small conv net through tf.grads match wasm without native kernels', async () => {
    await tf.setBackend('wasm');
    const xs = randomArray(4 * 12 * 12 * 3, 3), w1 = randomArray(3 * 3 * 3 * 8, 4), w2 = randomArray(4 * 4 * 8 * 16, 5);
    const wt = randomArray(4 * 4 * 4 * 16, 6), wd = randomArray(6 * 6 * 4 * 5, 7);
    const net = () => {
      const x = tf.tensor4d(xs, [4, 12, 12, 3]);
      const vars = [tf.tensor4d(w1, [3, 3, 3, 8]), tf.tensor4d(w2, [4, 4, 8, 16]), tf.tensor4d(wt, [4, 4, 4, 16]), tf.tensor2d(wd, [144, 5])];
      const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => {
        const h1 = tf.relu(tf.conv2d(x, a as tf.Tensor4D, 1, 'same'));                    // [4,12,12,8]
        const h2 = tf.leakyRelu(tf.conv2d(h1, b as tf.Tensor4D, 2, 'same'), 0.2);          // [4,6,6,16]
        const h3 = tf.conv2dTranspose(h2, c as tf.Tensor4D, [4, 12, 12, 4], 2, 'same');    // [4,12,12,4]
        const h4 = tf.reshape(tf.avgPool(h3, 2, 2, 'valid'), [4, 144]);                    // [4,144]
        return tf.mean(tf.square(tf.matMul(h4, d as tf.Tensor2D)));
      };
      const grads = tf.grads(f)(vars);
      const values = grads.map((g) => g.dataSync().slice());
      tf.dispose([x, ...vars, ...grads]);
      return values;
    };
    const native = net();
    unregisterNativeKernels();
    expect(installedNativeKernels()).toEqual([]);
    const wasmOnly = net();
    registerNativeKernels();
    expect(native.length).toBe(4);
    native.forEach((g, i) => expect(relError(g, wasmOnly[i])).toBeLessThan(TOL));
  });

  it('leaves numTensors and the backend tensor count flat', async () => {
    await tf.setBackend('wasm');
    const step = () => {
      const x = tf.tensor4d(randomArray(2 * 10 * 10 * 3, 8), [2, 10, 10, 3]);
      const w = tf.tensor4d(randomArray(4 * 4 * 3 * 6, 9), [4, 4, 3, 6]);
      const d = tf.tensor2d(randomArray(150 * 2, 10), [150, 2]);
      const gs = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.sum(tf.matMul(tf.reshape(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), [2, 150]), c as tf.Tensor2D)))([x, w, d]);
      tf.dispose([x, w, d, ...gs]);
    };
    step();
    const tensors = tf.memory().numTensors;
    const dataIds = tf.engine().backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
  });

  it('unregister restores the kernels it displaced (Gantry wasm kernels / stock tfjs); register is idempotent', async () => {
    await tf.setBackend('wasm');
    unregisterNativeKernels();
    const before = NATIVE_KERNEL_NAMES.map((n) => tf.getKernel(n, 'wasm'));
    registerNativeKernels();
    registerNativeKernels();
    expect(installedNativeKernels()).toEqual([...NATIVE_KERNEL_NAMES]);
    expect(tf.getKernel('Conv2D', 'wasm')).not.toBe(before[0]);
    unregisterNativeKernels();
    NATIVE_KERNEL_NAMES.forEach((n, i) => expect(tf.getKernel(n, 'wasm')).toBe(before[i]));
    expect(registerNativeKernels({ batchMatMul: false, conv2d: false, fused: false })).toEqual(['Conv2DBackpropInput', 'Conv2DBackpropFilter']);
    registerNativeKernels();
  });

  it('the addon loads in a worker thread (context-aware)', async () => {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const m = require(workerData);
      const a = new Float32Array([1, 2, 3, 4]), c = new Float32Array(4);
      m.sgemm(false, false, 2, 2, 2, 1, a, 2, a, 2, 0, c, 2);
      parentPort.postMessage(Array.from(c));`;
    const result = await new Promise<number[]>((resolve, reject) => {
      const worker = new Worker(code, { eval: true, workerData: addonPath() });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(result).toEqual([7, 10, 15, 22]);
  });

  it('two worker threads run the addon at the same time and get the main thread\'s results', async () => {
    // Each worker: 20 conv backprop-filter calls on the same data; returns a checksum of every result.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const m = require(workerData.path);
      const g = workerData.geometry, x = new Float32Array(workerData.x), dy = new Float32Array(workerData.dy);
      const dw = new Float32Array(g[4] * g[5] * g[3] * g[6]);
      const sums = [];
      for (let r = 0; r < 20; r++) { m.conv2dBackpropFilter(x, dy, dw, g); sums.push(dw.reduce((a, v, i) => a + v * ((i % 7) + 1), 0)); }
      parentPort.postMessage(sums);`;
    // [n,h,w,ci,kh,kw,co,sh,sw,pt,pl,oh,ow]: 8×14×14×32 input, 4×4 filter to 64 channels, stride 2, 'same'
    const geometry = [8, 14, 14, 32, 4, 4, 64, 2, 2, 1, 1, 7, 7];
    const x = randomArray(8 * 14 * 14 * 32, 31), dy = randomArray(8 * 7 * 7 * 64, 32);
    const { loadAddon } = await import('../src/index.js');
    const dw = new Float32Array(4 * 4 * 32 * 64);
    loadAddon().addon!.conv2dBackpropFilter(x, dy, dw, geometry);
    const expected = dw.reduce((a, v, i) => a + v * ((i % 7) + 1), 0);
    const runWorker = () => new Promise<number[]>((resolve, reject) => {
      const worker = new Worker(code, { eval: true, workerData: { path: addonPath(), geometry, x: x.buffer, dy: dy.buffer } });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const results = await Promise.all([runWorker(), runWorker()]);
    for (const sums of results) for (const s of sums) expect(s).toBe(expected);
  });
});
