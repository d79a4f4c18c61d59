import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { deriveSeed } from '@gantry/core';
import {
  DraganPenalty,
  GradientPenalty,
  R1Penalty,
  R2Penalty,
  interpolate,
  sampleEpsilon,
} from '@gantry/regularizer-gradient-penalty';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, context, discriminator, expectClose, numericalGradientOfVariable, uniform, useBackend } from './helpers.js';

const N = 4;
const REAL = uniform(N * 3, 101, -2, 2);
const FAKE = uniform(N * 3, 202, -2, 2);
const rows = (flat: number[]) => Array.from({ length: N }, (_, n) => flat.slice(3 * n, 3 * n + 3));
const norm = (v: number[]) => Math.sqrt(v.reduce((s, a) => s + a * a, 0));
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Population standard deviation (numpy's default, ddof = 0). */
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

/** Symmetric A, so D(x) = ½xᵀAx has ∇ₓD = Ax. */
const A = [
  [1.2, 0.3, -0.4],
  [0.3, 0.8, 0.1],
  [-0.4, 0.1, 0.5],
];
const Ax = (x: number[]) => A.map((row) => dot(row, x));
const quadratic = () =>
  discriminator((x) => tf.mul(0.5, tf.sum(tf.mul(x, tf.matMul(x, tf.tensor2d(A))), 1)));
const linear = (w: number[], b = 0.3) => discriminator((x) => tf.add(tf.matMul(x, tf.tensor2d(w, [3, 1])), b));
const tanhUnit = (w: number[]) => discriminator((x) => tf.tanh(tf.matMul(x, tf.tensor2d(w, [3, 1]))));

const SHORT_W = [0.3, -0.4, 0.5]; // ‖w‖ = √0.5 ≈ 0.707 < 1
const LONG_W = [1.2, -0.9, 0.4]; // ‖w‖ = √2.41 ≈ 1.552 > 1

/** The documented draws: ε from ctx.seed('epsilon'), u from ctx.seed('dragan-perturbation'). */
const seedOf = (purpose: string, step = 0) => deriveSeed(7, step, 'discriminator', 0, purpose);
const draw = (shape: number[], purpose: string, step = 0) =>
  tf.tidy(() => Array.from(tf.randomUniform(shape, 0, 1, 'float32', seedOf(purpose, step)).dataSync()));

function value(reg: { penalty: GradientPenalty['penalty'] }, d = quadratic(), real = REAL, fake = FAKE, step = 0): number {
  return tf.tidy(() => reg.penalty(context(tf.tensor2d(real, [N, 3]), tf.tensor2d(fake, [N, 3]), d, step)).dataSync()[0]);
}

describe.each(BACKENDS)('penalty values against closed forms on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('WGAN-GP with D(x) = wᵀx + b: (‖w‖ − 1)² for any ε; one-sided is 0 when ‖w‖ < 1', () => {
    for (const w of [SHORT_W, LONG_W]) {
      expect(value(new GradientPenalty(), linear(w))).toBeCloseTo((norm(w) - 1) ** 2, 5);
      expect(value(new GradientPenalty({ mode: 'one-sided' }), linear(w))).toBeCloseTo(Math.max(0, norm(w) - 1) ** 2, 5);
      expect(value(new GradientPenalty({ target: 0.5 }), linear(w))).toBeCloseTo((norm(w) - 0.5) ** 2, 5);
    }
    // The two modes differ exactly where the gradient is flatter than the target.
    expect(value(new GradientPenalty({ mode: 'one-sided' }), linear(SHORT_W))).toBe(0);
    expect(value(new GradientPenalty(), linear(SHORT_W))).toBeCloseTo(0.0857864, 5);
  });

  it('WGAN-GP with D(x) = ½xᵀAx at x̂ = x (fake = real): 𝔼(‖Ax‖ − 1)²', () => {
    const expected = mean(rows(REAL).map((x) => (norm(Ax(x)) - 1) ** 2));
    expect(value(new GradientPenalty(), quadratic(), REAL, REAL)).toBeCloseTo(expected, 4);
    const oneSided = mean(rows(REAL).map((x) => Math.max(0, norm(Ax(x)) - 1) ** 2));
    expect(value(new GradientPenalty({ mode: 'one-sided' }), quadratic(), REAL, REAL)).toBeCloseTo(oneSided, 4);
    expect(oneSided).not.toBeCloseTo(expected, 2);
  });

  it('WGAN-GP with D(x) = ½xᵀAx between real and fake: x̂ = εx + (1 − ε)x̃ with ε ~ U[0, 1] from ctx.seed("epsilon")', () => {
    const eps = draw([N], 'epsilon');
    const xs = rows(REAL);
    const fs = rows(FAKE);
    const xHat = xs.map((x, n) => x.map((v, j) => eps[n] * v + (1 - eps[n]) * fs[n][j]));
    const expected = mean(xHat.map((x) => (norm(Ax(x)) - 1) ** 2));
    expect(value(new GradientPenalty())).toBeCloseTo(expected, 4);
  });

  it('WGAN-GP with a tanh unit D(x) = tanh(wᵀx): ∇ = (1 − tanh²(wᵀx))·w', () => {
    const expected = mean(rows(REAL).map((x) => ((1 - Math.tanh(dot(LONG_W, x)) ** 2) * norm(LONG_W) - 1) ** 2));
    expect(value(new GradientPenalty(), tanhUnit(LONG_W), REAL, REAL)).toBeCloseTo(expected, 4);
  });

  it('DRAGAN with D(x) = wᵀx + b: (‖w‖ − 1)² for any perturbation', () => {
    for (const w of [SHORT_W, LONG_W]) {
      expect(value(new DraganPenalty(), linear(w))).toBeCloseTo((norm(w) - 1) ** 2, 5);
      expect(value(new DraganPenalty({ interpolate: false, target: 2 }), linear(w))).toBeCloseTo((norm(w) - 2) ** 2, 5);
    }
  });

  it('DRAGAN with D(x) = ½xᵀAx: x̂ = x + α·c·std(x)·u (u per element, α per sample), or x + c·std(x)·u', () => {
    const u = draw([N, 3], 'dragan-perturbation');
    const alpha = draw([N], 'epsilon');
    const s = std(REAL);
    const at = (c: number, withAlpha: boolean) =>
      mean(rows(REAL).map((x, n) => (norm(Ax(x.map((v, j) => v + (withAlpha ? alpha[n] : 1) * c * s * u[3 * n + j]))) - 1) ** 2));
    expect(value(new DraganPenalty())).toBeCloseTo(at(0.5, true), 4);
    expect(value(new DraganPenalty({ interpolate: false }))).toBeCloseTo(at(0.5, false), 4);
    expect(value(new DraganPenalty({ c: 2, interpolate: false }))).toBeCloseTo(at(2, false), 4);
    expect(at(0.5, true)).not.toBeCloseTo(at(0.5, false), 3);
  });

  it('R1 = 𝔼‖∇D(x)‖² on real data, R2 on G(z); weight γ/2', () => {
    expect(value(new R1Penalty(), linear(LONG_W))).toBeCloseTo(2.41, 4);
    expect(value(new R1Penalty())).toBeCloseTo(mean(rows(REAL).map((x) => norm(Ax(x)) ** 2)), 4);
    expect(value(new R2Penalty())).toBeCloseTo(mean(rows(FAKE).map((x) => norm(Ax(x)) ** 2)), 4);
    const tanhR1 = mean(rows(REAL).map((x) => ((1 - Math.tanh(dot(SHORT_W, x)) ** 2) * norm(SHORT_W)) ** 2));
    expect(value(new R1Penalty(), tanhUnit(SHORT_W))).toBeCloseTo(tanhR1, 5);
    expect(new R1Penalty().weight).toBe(5);
    expect(new R2Penalty({ gamma: 1 }).weight).toBe(0.5);
  });
});

describe('draws', () => {
  beforeAll(() => useBackend('cpu'));

  it('ε is reproducible from the seed and changes with the step', () => {
    const gp = new GradientPenalty();
    expect(value(gp, quadratic(), REAL, FAKE, 3)).toBe(value(gp, quadratic(), REAL, FAKE, 3));
    expect(value(gp, quadratic(), REAL, FAKE, 3)).not.toBe(value(gp, quadratic(), REAL, FAKE, 4));
    const dragan = new DraganPenalty();
    expect(value(dragan, quadratic(), REAL, FAKE, 3)).toBe(value(dragan, quadratic(), REAL, FAKE, 3));
    expect(value(dragan, quadratic(), REAL, FAKE, 3)).not.toBe(value(dragan, quadratic(), REAL, FAKE, 4));
  });

  it('interpolate puts each x̂ₙ on the segment from x̃ₙ to xₙ with one ε ∈ [0, 1] per sample', () => {
    const n = 64;
    const real = uniform(n * 5, 1);
    const fake = uniform(n * 5, 2);
    const [xHat, eps] = tf.tidy(() => {
      const e = sampleEpsilon(n, 99);
      return [interpolate(tf.tensor2d(real, [n, 5]), tf.tensor2d(fake, [n, 5]), e).dataSync(), e.dataSync()];
    });
    for (let i = 0; i < n; i++) {
      expect(eps[i]).toBeGreaterThanOrEqual(0);
      expect(eps[i]).toBeLessThan(1);
      for (let j = 0; j < 5; j++) {
        const k = 5 * i + j;
        expect(xHat[k]).toBeCloseTo(eps[i] * real[k] + (1 - eps[i]) * fake[k], 5);
      }
    }
    expect(Math.abs(mean(Array.from(eps)) - 0.5)).toBeLessThan(0.1);
  });
});

describe.each(BACKENDS)("the penalty's gradient w.r.t. D's parameters (second order) on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  /** D(x) = tanh(xW + b)·v + c: C^∞ (unlike elu, whose second derivative jumps at 0), so finite differences are exact up to O(h²). */
  function critic() {
    const W = tf.variable(tf.tensor2d(uniform(15, 11, -0.8, 0.8), [3, 5]));
    const b = tf.variable(tf.tensor1d(uniform(5, 12, -0.5, 0.5)));
    const v = tf.variable(tf.tensor2d(uniform(5, 13, -1, 1), [5, 1]));
    const c = tf.variable(tf.scalar(0.2));
    const d = discriminator((x) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, W), b)), v), c), [W, b, v, c]);
    return { d, W, b, v, c };
  }

  for (const [name, make] of [
    ['gradient-penalty', () => new GradientPenalty()],
    ['gradient-penalty one-sided, target 0.3', () => new GradientPenalty({ mode: 'one-sided', target: 0.3 })],
    ['dragan', () => new DraganPenalty()],
    ['r1', () => new R1Penalty()],
    ['r2', () => new R2Penalty()],
  ] as const) {
    it(`${name}: matches central finite differences`, () => {
      const reg = make();
      const { d, W, b, v, c } = critic();
      const real = tf.tensor2d(REAL, [N, 3]);
      const fake = tf.tensor2d(FAKE, [N, 3]);
      const penalty = () => reg.penalty(context(real, fake, d));
      const { value: p, grads } = tf.variableGrads(penalty, [W, b, v, c]);
      expect(p.dataSync()[0]).toBeGreaterThan(1e-3); // a non-trivial penalty
      // c does not enter ∇ₓD: no gradient, and finite differences agree it is 0.
      expect(grads[c.name]).toBeUndefined();
      expect(Math.abs(numericalGradientOfVariable(penalty, c)[0])).toBeLessThan(1e-4);
      for (const variable of [W, b, v]) {
        expectClose(grads[variable.name].dataSync(), numericalGradientOfVariable(penalty, variable));
      }
      tf.dispose([p, real, fake]);
      tf.dispose(grads);
      d.dispose();
    });
  }

  it('gradient-penalty on a tfjs-layers conv critic (fused conv2d + bias, tanh, dense): conv kernel and bias gradients match finite differences', () => {
    const init = (seed: number, r: number) => tfl.initializers.randomUniform({ minval: -r, maxval: r, seed });
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init(1, 0.8), biasInitializer: init(2, 0.5) }),
        tfl.layers.activation({ activation: 'tanh' }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 1, kernelInitializer: init(3, 1) }),
      ],
    });
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const d = discriminator((x) => model.apply(x, { training: true }) as tf.Tensor, vars, [4, 4, 1]);
    const real = tf.tensor4d(uniform(3 * 16, 31), [3, 4, 4, 1]);
    const fake = tf.tensor4d(uniform(3 * 16, 32), [3, 4, 4, 1]);
    const gp = new GradientPenalty();
    const penalty = () => gp.penalty(context(real, fake, d));
    const { value: p, grads } = tf.variableGrads(penalty, vars);
    const [kernel, bias] = vars;
    expect(Math.max(...Array.from(grads[bias.name].dataSync()).map(Math.abs))).toBeGreaterThan(1e-3);
    for (const variable of [kernel, bias]) {
      expectClose(grads[variable.name].dataSync(), numericalGradientOfVariable(penalty, variable));
    }
    tf.dispose([p, real, fake, ...Object.values(grads)]);
    model.dispose();
  });

  it('no tensor leaks: repeated penalties (and their gradients) leave tensor counts unchanged', () => {
    const { d, W, b, v } = critic();
    const real = tf.tensor2d(REAL, [N, 3]);
    const fake = tf.tensor2d(FAKE, [N, 3]);
    const regs = [new GradientPenalty(), new DraganPenalty(), new R1Penalty(), new R2Penalty()];
    const run = () => {
      for (const reg of regs) {
        tf.tidy(() => {
          reg.penalty(context(real, fake, d));
        });
        const { value: p, grads } = tf.variableGrads(() => reg.penalty(context(real, fake, d)), [W, b, v]);
        tf.dispose([p, ...Object.values(grads)]);
      }
    };
    run();
    const before = tf.memory().numTensors;
    run();
    run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([real, fake]);
    d.dispose();
  });
});
