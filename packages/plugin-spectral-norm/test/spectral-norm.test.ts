import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { layersDiscriminator, type LayersModelLike } from '@gantry/core';
import {
  kernelMatrix,
  spectralNormalize,
  spectralNormModel,
  SpectralNormConv2D,
  SpectralNormDense,
} from '@gantry/plugin-spectral-norm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dot, matrix, normalize, spectral, torchConvMatrix, transpose } from './linalg.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const models: tfl.LayersModel[] = [];
afterAll(() => models.forEach((m) => m.dispose()));
function keep<T extends tfl.LayersModel>(m: T): T {
  models.push(m);
  return m;
}

const normal = (seed: number, stddev = 1) => tfl.initializers.randomNormal({ mean: 0, stddev, seed });

/** Runs `n` forward passes in training mode (each advances the power iteration once). */
function train(model: tfl.LayersModel, x: tf.Tensor, n: number): void {
  for (let i = 0; i < n; i++) tf.tidy(() => void model.apply(x, { training: true }));
}

/** A one-layer SN dense model in → out, no bias, and its layer. */
function denseModel(inUnits: number, out: number, seed: number, useBias = false) {
  const layer = new SpectralNormDense({ units: out, inputShape: [inUnits], useBias, kernelInitializer: normal(seed), uSeed: seed + 1 });
  return { model: keep(tfl.sequential({ layers: [layer] })), layer };
}

/** W_mat = Kᵀ (out × in) of a dense layer's current kernel, float64. */
function denseMatrix(layer: tfl.layers.Layer) {
  const k = layer.getWeights()[0];
  const [inUnits, out] = k.shape;
  return transpose(matrix(inUnits, out, k.dataSync()));
}

describe('SpectralNormDense', () => {
  it('converges: σ estimate → exact σ₁ (Jacobi on WᵀW) from below, and σ₁(W/σ) = 1 ± 1e-3', () => {
    const { model, layer } = denseModel(6, 5, 11);
    const exact = spectral(denseMatrix(layer));
    const x = tf.randomNormal([2, 6], 0, 1, 'float32', 1);
    const errors: number[] = [];
    let done = 0;
    for (const n of [1, 3, 10, 60]) {
      train(model, x, n - done);
      done = n;
      const estimate = tf.tidy(() => layer.sigma().dataSync()[0]);
      // ‖W v‖ ≤ σ₁ for any unit v: power-iteration estimates approach σ₁ from below.
      expect(estimate).toBeLessThanOrEqual(exact.sigma * (1 + 1e-6));
      errors.push(Math.abs(estimate - exact.sigma) / exact.sigma);
    }
    expect(errors[3]).toBeLessThan(1e-5);
    expect(errors[3]).toBeLessThan(errors[0]);
    // The layer's own output on the identity is I·K/σ = K/σ: the normalised kernel.
    const normalized = tf.tidy(() => model.apply(tf.eye(6), { training: false }) as tf.Tensor);
    const wsn = transpose(matrix(6, 5, normalized.dataSync()));
    normalized.dispose();
    const after = spectral(wsn);
    expect(Math.abs(after.sigma - 1)).toBeLessThan(1e-3);
    // Normalising divides every singular value by the same σ.
    after.singularValues.forEach((s, i) => expect(s).toBeCloseTo(exact.singularValues[i] / exact.sigma, 4));
    // u is the leading left singular vector of W_mat (up to sign).
    const u = layer.u.read().dataSync();
    expect(Math.abs(dot(normalize(u), exact.leftVector))).toBeGreaterThan(0.9999);
    x.dispose();
  });

  it('updates u once per training pass, never in inference; u is a non-trainable weight', () => {
    const { model, layer } = denseModel(4, 3, 21);
    const x = tf.ones([1, 4]);
    const u0 = Array.from(layer.u.read().dataSync());
    tf.tidy(() => void model.apply(x, { training: false }));
    tf.tidy(() => void model.predict(x));
    expect(Array.from(layer.u.read().dataSync())).toEqual(u0);
    train(model, x, 1);
    const u1 = Array.from(layer.u.read().dataSync());
    // One step by hand: v = normalize(K u₀), u₁ = normalize(Kᵀ v), K = [in, out].
    const k = matrix(4, 3, layer.getWeights()[0].dataSync());
    const kData = k.data;
    const v = normalize(Array.from({ length: 4 }, (_, i) => dot(kData.subarray(i * 3, i * 3 + 3), u0)));
    const expected = normalize(Array.from({ length: 3 }, (_, j) => dot(v, [0, 1, 2, 3].map((i) => kData[i * 3 + j]))));
    u1.forEach((value, j) => expect(value).toBeCloseTo(expected[j], 5));
    expect(layer.trainableWeights.map((w) => w.name)).not.toContain(layer.u.name);
    expect(layer.nonTrainableWeights.map((w) => w.name)).toEqual([layer.u.name]);
    // Wrapped as a Gantry network, u is saved (variables) but never optimised (trainableVariables).
    const d = layersDiscriminator({ model: model as unknown as LayersModelLike, inputShape: [4] });
    const uVar = layer.u.read() as tf.Variable;
    expect(d.variables).toContain(uVar);
    expect(d.trainableVariables).not.toContain(uVar);
    expect(uVar.trainable).toBe(false);
    x.dispose();
  });

  it('passes the gradient through σ with u, v held constant (stop-gradient), matching float64 finite differences', () => {
    const { model, layer } = denseModel(4, 3, 31);
    const xs = [0.5, -1, 2, 0.25, 1.5, 0.75, -0.5, 1];
    const x = tf.tensor2d(xs, [2, 4]);
    const kernel = layer.weights[0].read() as tf.Variable;
    const autograd = (): Float64Array => {
      const { grads, value } = tf.variableGrads(() => tf.sum(model.apply(x, { training: false }) as tf.Tensor) as tf.Scalar, [kernel]);
      const g = Float64Array.from(grads[kernel.name].dataSync());
      tf.dispose([value, grads]);
      return g;
    };
    let u = Array.from(layer.u.read().dataSync());
    const k0 = Array.from(kernel.dataSync());
    // f(K) = Σ x·K/σ(K) in float64; σ from one power iteration starting at the stored u.
    const iterate = (k: number[]) => {
      const v = normalize([0, 1, 2, 3].map((i) => dot(k.slice(i * 3, i * 3 + 3), u)));
      const u1 = normalize([0, 1, 2].map((j) => dot(v, [0, 1, 2, 3].map((i) => k[i * 3 + j]))));
      return { v, u1 };
    };
    const sigmaWith = (k: number[], v: number[], u1: number[]) =>
      dot(v, [0, 1, 2, 3].map((i) => dot(k.slice(i * 3, i * 3 + 3), u1)));
    const columnSums = [0, 1, 2, 3].map((i) => xs[i] + xs[4 + i]);
    const output = (k: number[], sigma: number) => k.reduce((s, kij, idx) => s + columnSums[Math.floor(idx / 3)] * kij, 0) / sigma;
    const fd = (f: (k: number[]) => number) =>
      k0.map((_, idx) => {
        const h = 1e-6;
        const up = k0.slice();
        const down = k0.slice();
        up[idx] += h;
        down[idx] -= h;
        return (f(up) - f(down)) / (2 * h);
      });

    // (1) Exact semantics, unconverged u: FD of f with u₁, v frozen at K₀.
    const frozen = iterate(k0);
    const expected = fd((k) => output(k, sigmaWith(k, frozen.v, frozen.u1)));
    const got = autograd();
    const scale = Math.max(...expected.map(Math.abs));
    got.forEach((g, i) => expect(Math.abs(g - expected[i])).toBeLessThan(1e-4 * scale));
    // σ is not treated as a constant: that gradient (Σ_b x_bi / σ) differs.
    const sigma0 = sigmaWith(k0, frozen.v, frozen.u1);
    const constantSigma = k0.map((_, idx) => columnSums[Math.floor(idx / 3)] / sigma0);
    expect(Math.max(...constantSigma.map((c, i) => Math.abs(c - got[i])))).toBeGreaterThan(1e-2 * scale);

    // (2) Converged u: stop-gradient equals the gradient of the full function
    //     (u₁, v recomputed from the perturbed K), because u₁, v are then stationary.
    train(model, x, 200);
    u = Array.from(layer.u.read().dataSync());
    const full = fd((k) => {
      const { v, u1 } = iterate(k);
      return output(k, sigmaWith(k, v, u1));
    });
    const gotConverged = autograd();
    const scale2 = Math.max(...full.map(Math.abs));
    gotConverged.forEach((g, i) => expect(Math.abs(g - full[i])).toBeLessThan(1e-3 * scale2));
    x.dispose();
  });
});

describe('SpectralNormConv2D', () => {
  it("normalises the (out, in·kh·kw) kernel matrix: σ₁(W/σ) = 1 ± 1e-3, same singular values as PyTorch's reshape", () => {
    const layer = new SpectralNormConv2D({
      inputShape: [5, 5, 2],
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: normal(41),
      biasInitializer: normal(42),
      uSeed: 43,
    });
    const model = keep(tfl.sequential({ layers: [layer] }));
    const x = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 44);
    const kernel = layer.getWeights()[0];
    const exact = spectral(torchConvMatrix(kernel.dataSync(), 3, 3, 2, 4));
    // Our M = reshape(K, [kh·kw·in, out]) has the same singular values as PyTorch's matrix.
    const ours = tf.tidy(() => kernelMatrix(kernel).dataSync());
    const oursSpectral = spectral(transpose(matrix(18, 4, ours)));
    oursSpectral.singularValues.forEach((s, i) => expect(s).toBeCloseTo(exact.singularValues[i], 5));

    train(model, x, 60);
    const sigma = tf.tidy(() => layer.sigma().dataSync()[0]);
    expect(Math.abs(sigma - exact.sigma) / exact.sigma).toBeLessThan(1e-5);
    const normalized = tf.tidy(() => spectralNormalize(kernel, layer.u.read()).kernel.dataSync());
    expect(Math.abs(spectral(torchConvMatrix(normalized, 3, 3, 2, 4)).sigma - 1)).toBeLessThan(1e-3);

    // The layer's output is the convolution with K/σ (plus bias).
    const [out, manual] = tf.tidy(() => [
      (model.apply(x, { training: false }) as tf.Tensor).dataSync(),
      tf.add(tf.conv2d(x as tf.Tensor4D, tf.div(kernel, sigma) as tf.Tensor4D, 1, 'same'), layer.getWeights()[1]).dataSync(),
    ]);
    out.forEach((v, i) => expect(v).toBeCloseTo(manual[i], 4));
    x.dispose();
  });
});

describe('serialization', () => {
  it('saves and loads SN models (class names, u, outputs)', async () => {
    const model = keep(
      tfl.sequential({
        layers: [
          new SpectralNormConv2D({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, strides: 2, padding: 'same', uSeed: 5, powerIterations: 2 }),
          tfl.layers.leakyReLU({ alpha: 0.2 }),
          tfl.layers.flatten(),
          new SpectralNormDense({ units: 1, uSeed: 6 }),
        ],
      }),
    );
    const x = tf.randomNormal([2, 6, 6, 1], 0, 1, 'float32', 7);
    train(model, x, 3);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const topology = JSON.stringify(artifacts!.modelTopology);
    expect(topology).toContain('"class_name":"SpectralNormConv2D"');
    expect(topology).toContain('"class_name":"SpectralNormDense"');
    const loaded = keep(await tfl.loadLayersModel(tf.io.fromMemory(artifacts!)));
    expect(loaded.layers[0]).toBeInstanceOf(SpectralNormConv2D);
    expect(loaded.layers[3]).toBeInstanceOf(SpectralNormDense);
    expect((loaded.layers[0] as SpectralNormConv2D).spectral.powerIterations).toBe(2);
    for (const i of [0, 3]) {
      const a = (model.layers[i] as SpectralNormDense).u.read().dataSync();
      const b = (loaded.layers[i] as SpectralNormDense).u.read().dataSync();
      expect(Array.from(b)).toEqual(Array.from(a));
    }
    const [y0, y1] = tf.tidy(() => [
      (model.apply(x, { training: false }) as tf.Tensor).dataSync(),
      (loaded.apply(x, { training: false }) as tf.Tensor).dataSync(),
    ]);
    expect(Array.from(y1)).toEqual(Array.from(y0));
    x.dispose();
  });
});

describe('spectralNormModel', () => {
  it('rebuilds Sequential and functional models with SN Dense/Conv2D and the same weights', () => {
    const plain = keep(
      tfl.sequential({
        layers: [
          tfl.layers.dense({ inputShape: [3], units: 4, activation: 'relu', kernelInitializer: normal(51), biasInitializer: normal(52) }),
          tfl.layers.dense({ units: 2, kernelInitializer: normal(53), biasInitializer: normal(54) }),
        ],
      }),
    );
    const sn = keep(spectralNormModel(plain, { seed: 9 }));
    expect(sn).toBeInstanceOf(tfl.Sequential);
    expect(sn.layers.map((l) => l.getClassName())).toEqual(['SpectralNormDense', 'SpectralNormDense']);
    expect(sn.layers.map((l) => l.name)).toEqual(plain.layers.map((l) => l.name));
    expect(sn.trainableWeights.length).toBe(plain.trainableWeights.length);
    expect(sn.weights.length).toBe(plain.weights.length + 2);
    plain.trainableWeights.forEach((w, i) => expect(Array.from(sn.trainableWeights[i].read().dataSync())).toEqual(Array.from(w.read().dataSync())));

    // After convergence D_SN(x) = relu(x·K₁/σ₁ + b₁)·K₂/σ₂ + b₂ with exact σ's.
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 55);
    train(sn, x, 100);
    const [k1, b1, k2, b2] = plain.getWeights();
    const s1 = spectral(transpose(matrix(3, 4, k1.dataSync()))).sigma;
    const s2 = spectral(transpose(matrix(4, 2, k2.dataSync()))).sigma;
    const [got, want] = tf.tidy(() => [
      (sn.apply(x, { training: false }) as tf.Tensor).dataSync(),
      tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, tf.div(k1, s1)), b1)), tf.div(k2, s2)), b2).dataSync(),
    ]);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
    // The source model is untouched.
    expect(plain.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dense']);

    const input = tfl.input({ shape: [4, 4, 1] });
    const conv = tfl.layers.conv2d({ filters: 2, kernelSize: 2, name: 'keep_conv' }).apply(input) as tfl.SymbolicTensor;
    const flat = tfl.layers.flatten().apply(conv) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 1 }).apply(flat) as tfl.SymbolicTensor;
    const functional = keep(tfl.model({ inputs: input, outputs: out }));
    const converted = keep(spectralNormModel(functional, { exclude: ['keep_conv'] }));
    expect(converted.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Conv2D', 'Flatten', 'SpectralNormDense']);
    x.dispose();
  });
});

describe('memory', () => {
  it('leaks no tensors in training/inference passes and gradients', () => {
    const model = keep(
      tfl.sequential({
        layers: [
          new SpectralNormConv2D({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3, padding: 'same' }),
          tfl.layers.flatten(),
          new SpectralNormDense({ units: 1 }),
        ],
      }),
    );
    const x = tf.ones([2, 4, 4, 1]);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
        tf.dispose([value, grads]);
        model.apply(x, { training: false });
        spectralNormalize(vars[0], (model.layers[0] as SpectralNormConv2D).u.read());
      });
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
