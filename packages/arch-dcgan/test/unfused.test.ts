import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import {
  BN_EPSILON,
  BN_MOMENTUM,
  DCGAN_INIT_STDDEV,
  dcganDiscriminator,
  dcganGenerator,
  discriminatorPlan,
  generatorPlan,
  LEAKY_SLOPE,
  layerSeed,
  type DcganShape,
  type LayerPlan,
} from '@gantry/arch-dcgan';
// The unfused layers are internal (not part of the package's API), so they are imported by path.
import { UnfusedConv2D, UnfusedDense } from '../src/unfused.js';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const kernelInit = (seed: number) => tfl.initializers.randomNormal({ mean: 0, stddev: DCGAN_INIT_STDDEV, seed });

/** Max |a − b| over two tensors of the same shape. */
function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** Builds the layer on `inputShape` (without batch) so that its weights exist. */
function built<L extends tfl.layers.Layer>(layer: L, inputShape: number[]): L {
  layer.build([null, ...inputShape]);
  return layer;
}

/** Frees a layer's weights (Layer.dispose only works for layers used in a model). */
function free(layer: tfl.layers.Layer): void {
  layer.weights.forEach((w) => w.dispose());
}

/** Output and the gradients w.r.t. the input and every weight of loss = Σ y·r. */
function outputAndGrads(layer: tfl.layers.Layer, x: tf.Tensor, r: tf.Tensor): tf.Tensor[] {
  const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const loss = (xx: tf.Tensor) => tf.sum(tf.mul(layer.apply(xx) as tf.Tensor, r)) as tf.Scalar;
  const y = layer.apply(x) as tf.Tensor;
  const [dx] = tf.grads((xx: tf.Tensor) => loss(xx))([x]);
  const { value, grads } = tf.variableGrads(() => loss(x), weights);
  value.dispose();
  return [y, dx, ...weights.map((w) => grads[w.name])];
}

/** Naive 'same'-padded strided convolution, NHWC, for a by-hand check. */
function naiveConv(x: tf.Tensor4D, w: tf.Tensor4D, b: Float32Array | null, s: number): { shape: number[]; values: number[] } {
  const [n, h, wd, ci] = x.shape;
  const [k, , , co] = w.shape;
  const xv = x.dataSync();
  const wv = w.dataSync();
  const oh = Math.ceil(h / s);
  const ow = Math.ceil(wd / s);
  // TensorFlow's 'same': total pad = max((o−1)·s + k − in, 0), the smaller half before.
  const padTop = Math.floor(Math.max((oh - 1) * s + k - h, 0) / 2);
  const padLeft = Math.floor(Math.max((ow - 1) * s + k - wd, 0) / 2);
  const out: number[] = [];
  for (let b0 = 0; b0 < n; b0++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let c = 0; c < co; c++) {
          let acc = b ? b[c] : 0;
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++) {
              const iy = oy * s + ky - padTop;
              const ix = ox * s + kx - padLeft;
              if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
              for (let cin = 0; cin < ci; cin++) {
                acc += xv[((b0 * h + iy) * wd + ix) * ci + cin] * wv[((ky * k + kx) * ci + cin) * co + c];
              }
            }
          out.push(acc);
        }
  return { shape: [n, oh, ow, co], values: out };
}

describe('UnfusedConv2D', () => {
  for (const useBias of [true, false]) {
    it(`equals tfjs-layers' Conv2D: weights, output and gradients (bias: ${useBias})`, () => {
      const args = { filters: 5, kernelSize: 4, strides: 2, useBias };
      // 7×7: an odd side, so 'same' padding is asymmetric.
      const ours = built(new UnfusedConv2D({ ...args, kernelSeed: 123 }), [7, 7, 3]);
      const stock = built(
        tfl.layers.conv2d({ ...args, padding: 'same', kernelInitializer: kernelInit(123), biasInitializer: 'zeros' }),
        [7, 7, 3],
      );
      expect(ours.getWeights().map((w) => w.shape)).toEqual(stock.getWeights().map((w) => w.shape));
      // Same seed → the same initial kernel as the stock layer (and zero bias).
      ours.getWeights().forEach((w, i) => expect(maxDiff(w, stock.getWeights()[i])).toBe(0));
      if (useBias) {
        // A non-zero bias, so that the bias path is exercised.
        const bias = tf.randomNormal([5], 0, 1, 'float32', 5);
        ours.setWeights([ours.getWeights()[0], bias]);
        stock.setWeights([stock.getWeights()[0], bias]);
        bias.dispose();
      }
      const x = tf.randomNormal([2, 7, 7, 3], 0, 1, 'float32', 1);
      const r = tf.randomNormal([2, 4, 4, 5], 0, 1, 'float32', 2);
      const before = tf.memory().numTensors;
      const a = outputAndGrads(ours, x, r);
      const b = outputAndGrads(stock, x, r);
      expect(a.length).toBe(useBias ? 4 : 3); // y, ∂x, ∂W[, ∂b]
      a.forEach((t, i) => expect(maxDiff(t, b[i])).toBeLessThan(1e-5));
      expect(a[0].shape).toEqual(ours.computeOutputShape([2, 7, 7, 3]));

      // By hand: a naive loop convolution.
      const w = ours.getWeights();
      const naive = naiveConv(x as tf.Tensor4D, w[0] as tf.Tensor4D, useBias ? (w[1].dataSync() as Float32Array) : null, 2);
      expect(a[0].shape).toEqual(naive.shape);
      const got = a[0].dataSync();
      naive.values.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThan(1e-5));

      tf.dispose([...a, ...b]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, r]);
      free(ours);
      free(stock);
    });
  }

  it('computes only the gradients asked for (no input gradient for a constant input)', () => {
    const layer = built(new UnfusedConv2D({ filters: 4, kernelSize: 4, strides: 2, useBias: true, kernelSeed: 9 }), [8, 8, 2]);
    const stock = built(tfl.layers.conv2d({ filters: 4, kernelSize: 4, strides: 2, padding: 'same' }), [8, 8, 2]);
    const x = tf.randomNormal([2, 8, 8, 2]);
    const names = async (l: tfl.layers.Layer) => {
      const vars = l.trainableWeights.map((w) => w.read() as tf.Variable);
      const info = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(l.apply(x) as tf.Tensor) as tf.Scalar, vars);
        tf.dispose([value, ...Object.values(grads)]);
      });
      return info.kernels.map((k) => k.name);
    };
    return (async () => {
      // Only ∂W and ∂b are needed; the stock layer's fused gradient also computes ∂x.
      expect((await names(layer)).filter((n) => n === 'Conv2DBackpropInput')).toHaveLength(0);
      expect((await names(layer)).filter((n) => n === 'Conv2DBackpropFilter')).toHaveLength(1);
      expect((await names(stock)).filter((n) => n === 'Conv2DBackpropInput')).toHaveLength(1);
      x.dispose();
      free(layer);
      free(stock);
    })();
  });
});

describe('UnfusedDense', () => {
  for (const useBias of [true, false]) {
    it(`equals tfjs-layers' Dense: weights, output and gradients (bias: ${useBias})`, () => {
      const ours = built(new UnfusedDense({ units: 6, useBias, kernelSeed: 77 }), [5]);
      const stock = built(tfl.layers.dense({ units: 6, useBias, kernelInitializer: kernelInit(77), biasInitializer: 'zeros' }), [5]);
      ours.getWeights().forEach((w, i) => expect(maxDiff(w, stock.getWeights()[i])).toBe(0));
      if (useBias) {
        const bias = tf.randomNormal([6], 0, 1, 'float32', 6);
        ours.setWeights([ours.getWeights()[0], bias]);
        stock.setWeights([stock.getWeights()[0], bias]);
        bias.dispose();
      }
      const x = tf.randomNormal([3, 5], 0, 1, 'float32', 3);
      const r = tf.randomNormal([3, 6], 0, 1, 'float32', 4);
      const before = tf.memory().numTensors;
      const a = outputAndGrads(ours, x, r);
      const b = outputAndGrads(stock, x, r);
      a.forEach((t, i) => expect(maxDiff(t, b[i])).toBeLessThan(1e-5));
      // By hand: y = xW + b, ∂x = r·Wᵀ, ∂W = xᵀ·r, ∂b = Σ_rows r.
      const [xv, rv] = [x.arraySync() as number[][], r.arraySync() as number[][]];
      const wv = ours.getWeights()[0].arraySync() as number[][];
      const bv = useBias ? (ours.getWeights()[1].arraySync() as number[]) : new Array(6).fill(0);
      const [y, dx, dw, db] = a.map((t) => t.arraySync() as number[][]);
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 6; j++) {
          let s = bv[j];
          for (let k = 0; k < 5; k++) s += xv[i][k] * wv[k][j];
          expect(y[i][j]).toBeCloseTo(s, 5);
        }
      for (let i = 0; i < 3; i++)
        for (let k = 0; k < 5; k++) expect(dx[i][k]).toBeCloseTo(rv[i].reduce((s, v, j) => s + v * wv[k][j], 0), 5);
      for (let k = 0; k < 5; k++)
        for (let j = 0; j < 6; j++) expect(dw[k][j]).toBeCloseTo(xv.reduce((s, row, i) => s + row[k] * rv[i][j], 0), 5);
      if (useBias) (db as unknown as number[]).forEach((v, j) => expect(v).toBeCloseTo(rv.reduce((s, row) => s + row[j], 0), 5));
      tf.dispose([...a, ...b]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, r]);
      free(ours);
      free(stock);
    });
  }

  it('round-trips through tfjs-layers serialisation under its registered name', () => {
    const model = tfl.sequential({
      layers: [
        new UnfusedConv2D({ inputShape: [8, 8, 1], filters: 2, kernelSize: 4, strides: 2, useBias: true, kernelSeed: 3 }),
        tfl.layers.flatten(),
        new UnfusedDense({ units: 1, useBias: false, kernelSeed: 4 }),
      ],
    });
    const json = model.toJSON(null, false) as unknown as { config: { layers: { class_name: string }[] } };
    expect(json.config.layers.map((l) => l.class_name)).toEqual(['GantryDcganUnfusedConv2D', 'Flatten', 'GantryDcganUnfusedDense']);
    const copy = tfl.models.modelFromJSON({ modelTopology: json as never }) as unknown as Promise<tfl.LayersModel>;
    return copy.then((m) => {
      expect(m.layers[0]).toBeInstanceOf(UnfusedConv2D);
      expect(m.layers[2]).toBeInstanceOf(UnfusedDense);
      // Same config (seed included) → same initial weights.
      m.getWeights().forEach((w, i) => expect(maxDiff(w, model.getWeights()[i])).toBe(0));
      m.dispose();
      model.dispose();
    });
  });
});

/** The networks as this package built them before the unfused layers: stock tfjs-layers layers. */
function stockSequential(plan: readonly LayerPlan[], inputShape: number[], seed: number): tfl.Sequential {
  const layers = plan.map((layer, i): tfl.layers.Layer => {
    const s = layerSeed(seed, i);
    const first = i === 0 ? { inputShape } : {};
    switch (layer.type) {
      case 'dense':
        return tfl.layers.dense({ ...first, units: layer.units, useBias: layer.bias, kernelInitializer: kernelInit(s), biasInitializer: 'zeros' });
      case 'conv':
      case 'convTranspose': {
        const args = {
          ...first,
          filters: layer.output[2],
          kernelSize: layer.kernel,
          strides: layer.strides,
          padding: 'same' as const,
          useBias: layer.bias,
          kernelInitializer: kernelInit(s),
          biasInitializer: 'zeros' as const,
        };
        return layer.type === 'conv' ? tfl.layers.conv2d(args) : tfl.layers.conv2dTranspose(args);
      }
      case 'batchNorm':
        return tfl.layers.batchNormalization({
          ...first,
          momentum: BN_MOMENTUM,
          epsilon: BN_EPSILON,
          gammaInitializer: tfl.initializers.randomNormal({ mean: 1, stddev: DCGAN_INIT_STDDEV, seed: s }),
          betaInitializer: 'zeros',
        });
      case 'relu':
        return tfl.layers.reLU(first);
      case 'leakyRelu':
        return tfl.layers.leakyReLU({ ...first, alpha: LEAKY_SLOPE });
      case 'tanh':
        return tfl.layers.activation({ ...first, activation: 'tanh' });
      case 'reshape':
        return tfl.layers.reshape({ ...first, targetShape: [...layer.shape] });
      case 'flatten':
        return tfl.layers.flatten(first);
    }
  });
  return tfl.sequential({ layers });
}

describe('DCGAN networks with unfused layers', () => {
  const shape: DcganShape = { size: 28, channels: 1, latentDim: 8, width: 4, batchNorm: true };
  const env = { seed: 21, sampleShape: [28, 28, 1] };
  const opts = { latentDim: 8, width: 4 };

  it('have the stock-built networks’ variables (order, shapes, values), outputs, BN statistics and gradients', () => {
    const g = dcganGenerator(opts, env);
    const d = dcganDiscriminator({ width: 4 }, env);
    const sg = stockSequential(generatorPlan(shape), [8], 21);
    const sd = stockSequential(discriminatorPlan(shape), [28, 28, 1], 21);
    const sgVars = sg.weights.map((w) => w.read() as tf.Variable);
    const sdVars = sd.weights.map((w) => w.read() as tf.Variable);
    const sameVariables = () => {
      expect(g.variables.map((v) => v.shape)).toEqual(sgVars.map((v) => v.shape));
      expect(d.variables.map((v) => v.shape)).toEqual(sdVars.map((v) => v.shape));
      expect(g.variables.map((v) => v.trainable)).toEqual(sgVars.map((v) => v.trainable));
      g.variables.forEach((v, i) => expect(maxDiff(v, sgVars[i])).toBeLessThan(1e-6));
      d.variables.forEach((v, i) => expect(maxDiff(v, sdVars[i])).toBeLessThan(1e-6));
    };
    // Same seeds → the very same initial weights (exactly) as the stock layers gave.
    g.variables.forEach((v, i) => expect(maxDiff(v, sgVars[i])).toBe(0));
    d.variables.forEach((v, i) => expect(maxDiff(v, sdVars[i])).toBe(0));
    const size = (vs: readonly { shape: readonly (number | null)[] }[]) => vs.reduce((n, v) => n + v.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
    expect(size(g.trainableVariables)).toBe(size(sg.trainableWeights));
    expect(size(d.trainableVariables)).toBe(size(sd.trainableWeights));

    const z = tf.randomNormal([3, 8], 0, 1, 'float32', 8);
    const x = tf.tanh(tf.randomNormal([3, 28, 28, 1], 0, 1, 'float32', 9));
    for (const training of [true, false]) {
      tf.tidy(() => {
        const ours = d.apply({ x: g.apply({ z }, { training }) }, { training }).logits;
        const stock = sd.apply(sg.apply(z, { training }) as tf.Tensor, { training }) as tf.Tensor;
        expect(maxDiff(ours, stock)).toBeLessThan(1e-5);
      });
      sameVariables(); // incl. the BN moving statistics updated in training mode
    }

    // The D update (∂/∂θ_D on real and fake) and the G update (∂/∂θ_G through D).
    const r = tf.randomNormal([3, 1], 0, 1, 'float32', 10);
    const dLoss = (gen: (z: tf.Tensor) => tf.Tensor, dis: (x: tf.Tensor) => tf.Tensor) => () =>
      tf.add(tf.sum(tf.mul(dis(x), r)), tf.sum(tf.square(dis(gen(z))))) as tf.Scalar;
    const gLoss = (gen: (z: tf.Tensor) => tf.Tensor, dis: (x: tf.Tensor) => tf.Tensor) => () => tf.sum(tf.mul(dis(gen(z)), r)) as tf.Scalar;
    const ourG = (zz: tf.Tensor) => g.apply({ z: zz }, { training: true });
    const ourD = (xx: tf.Tensor) => d.apply({ x: xx }, { training: true }).logits;
    const stG = (zz: tf.Tensor) => sg.apply(zz, { training: true }) as tf.Tensor;
    const stD = (xx: tf.Tensor) => sd.apply(xx, { training: true }) as tf.Tensor;
    const compare = (a: tf.NamedTensorMap, b: tf.NamedTensorMap, ours: tf.Variable[], stock: tf.Variable[]) => {
      ours.forEach((v, i) => {
        const scale = Math.max(1e-3, ...Array.from(b[stock[i].name].dataSync(), Math.abs));
        expect(maxDiff(a[v.name], b[stock[i].name]) / scale, v.name).toBeLessThan(1e-4);
      });
    };
    tf.tidy(() => {
      const sdTrainable = sd.trainableWeights.map((w) => w.read() as tf.Variable);
      const sgTrainable = sg.trainableWeights.map((w) => w.read() as tf.Variable);
      const a = tf.variableGrads(dLoss(ourG, ourD), d.trainableVariables as tf.Variable[]).grads;
      const b = tf.variableGrads(dLoss(stG, stD), sdTrainable).grads;
      compare(a, b, d.trainableVariables as tf.Variable[], sdTrainable);
      const c = tf.variableGrads(gLoss(ourG, ourD), g.trainableVariables as tf.Variable[]).grads;
      const e = tf.variableGrads(gLoss(stG, stD), sgTrainable).grads;
      compare(c, e, g.trainableVariables as tf.Variable[], sgTrainable);
    });
    sameVariables();
    tf.dispose([z, x, r]);
    [g, d].forEach((n) => n.dispose());
    [sg, sd].forEach((m) => m.dispose());
  });

  it('a G update computes no gradient of D’s weights or of z, a D update none of the images', async () => {
    const g = dcganGenerator(opts, env);
    const d = dcganDiscriminator({ width: 4 }, env);
    const z = tf.randomNormal([2, 8]);
    const x = tf.randomNormal([2, 28, 28, 1]);
    const dShapes = d.trainableVariables.map((v) => v.shape.join('x'));
    const outShapes = async (f: () => tf.Scalar, vars: readonly tf.Variable[]) => {
      const info = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(f, vars as tf.Variable[]);
        tf.dispose([value, ...Object.values(grads)]);
      });
      return info.kernels.filter((k) => !k.name.endsWith('__op')).map((k) => ({ name: k.name, out: k.outputShapes[0]?.join('x') ?? '' }));
    };
    const before = tf.memory().numTensors;
    const gUpdate = await outShapes(
      () => tf.sum(d.apply({ x: g.apply({ z }, { training: true }) }, { training: true }).logits),
      g.trainableVariables,
    );
    // D's conv kernels [4,4,1,4], [4,4,4,8] and dense kernel [392,1]: no filter / weight gradients.
    const dKernels = new Set(dShapes.filter((s) => s.startsWith('4x4')));
    expect(gUpdate.filter((k) => k.name === 'Conv2DBackpropFilter' && dKernels.has(k.out))).toEqual([]);
    expect(gUpdate.filter((k) => k.name === 'Conv2DBackpropFilter')).toHaveLength(2); // G's two ConvT kernels
    expect(gUpdate.filter((k) => /MatMul/.test(k.name) && (k.out === '392x1' || k.out === '1x392x1'))).toEqual([]);
    // ∂z ([2, 8]) is never formed; ∂W of G's dense ([8, 784]) is.
    expect(gUpdate.filter((k) => /MatMul/.test(k.name) && /^(1x)?2x8$/.test(k.out))).toEqual([]);
    expect(gUpdate.filter((k) => /MatMul/.test(k.name) && /^(1x)?8x784$/.test(k.out))).toHaveLength(1);
    expect(gUpdate.some((k) => k.name.startsWith('Fused') && /Conv|MatMul/.test(k.name))).toBe(false);

    const dUpdate = await outShapes(() => tf.sum(d.apply({ x }, { training: true }).logits), d.trainableVariables);
    // No ∂x of the images ([2, 28, 28, 1]); D's own filter gradients are there.
    expect(dUpdate.filter((k) => k.name === 'Conv2DBackpropInput' && k.out === '2x28x28x1')).toEqual([]);
    expect(dUpdate.filter((k) => k.name === 'Conv2DBackpropFilter').map((k) => k.out).sort()).toEqual([...dKernels].sort());
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, x]);
    [g, d].forEach((n) => n.dispose());
  });
});
