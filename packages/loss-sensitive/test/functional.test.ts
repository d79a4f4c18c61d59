import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { ConfigError, ShapeMismatchError } from '@gantry/core';
import {
  lossSensitiveDiscriminatorLoss,
  lossSensitiveGeneratorLoss,
  lossSensitiveMargin,
  sampleLosses,
} from '@gantry/loss-sensitive';
import { beforeAll, describe, expect, it } from 'vitest';
import { mean, value } from './fixtures.js';

// Two 2×2×1 "images" per batch.
const X = [
  [0, 1, 2, 3],
  [-1, -1, 0.5, 0],
];
const G = [
  [0.5, 1, 1, 5],
  [-1, 1, 0.5, -2],
];
const images = (rows: number[][]) => tf.tensor4d(rows.flat(), [rows.length, 2, 2, 1]);
const softplus = (l: number) => Math.log1p(Math.exp(l));
const relu = (v: number) => Math.max(0, v);

/** L_D from the paper's formula, in plain JS over per-sample values. */
function dLoss(lReal: number[], lFake: number[], margins: number[], lambda: number): number {
  return mean(lReal) + lambda * mean(lReal.map((r, i) => relu(margins[i] + r - lFake[i])));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('lossSensitiveMargin', () => {
  it("'l1': mean |x − G(z)| per sample (by hand 0.875 and 1)", () => {
    const t = lossSensitiveMargin(images(X), images(G));
    expect(t.shape).toEqual([2]);
    expect(Array.from(t.dataSync())).toEqual([0.875, 1]);
    t.dispose();
  });

  it("'l2': root mean square difference per sample (by hand √1.3125 and √2), scaled", () => {
    const t = lossSensitiveMargin(images(X), images(G), { distance: 'l2', scale: 3 });
    const got = Array.from(t.dataSync());
    t.dispose();
    expect(got[0]).toBeCloseTo(3 * Math.sqrt(1.3125), 5);
    expect(got[1]).toBeCloseTo(3 * Math.SQRT2, 5);
  });

  it('rejects unpaired batches and bad options', () => {
    const x = images(X);
    const g = tf.zeros([3, 2, 2, 1]);
    expect(() => lossSensitiveMargin(x, g)).toThrow(ShapeMismatchError);
    expect(() => lossSensitiveMargin(x, x, { distance: 'l3' as never })).toThrow(/Option 'distance' of lossSensitiveMargin must be one of 'l1', 'l2', got 'l3'/);
    expect(() => lossSensitiveMargin(x, x, { scale: 0 })).toThrow(ConfigError);
    tf.dispose([x, g]);
  });
});

describe('sampleLosses', () => {
  it('applies the activation and averages a score map per sample', () => {
    const logits = tf.tensor2d([[-1, 3], [0.5, -0.5]]);
    const get = (a: 'softplus' | 'relu' | 'identity') => {
      const t = sampleLosses(logits, a);
      const v = Array.from(t.dataSync());
      t.dispose();
      return v;
    };
    expect(get('identity')).toEqual([1, 0]);
    expect(get('relu')).toEqual([1.5, 0.25]);
    const sp = get('softplus');
    expect(sp[0]).toBeCloseTo((softplus(-1) + softplus(3)) / 2, 5);
    expect(sp[1]).toBeCloseTo((softplus(0.5) + softplus(-0.5)) / 2, 5);
    logits.dispose();
  });
});

describe('lossSensitiveDiscriminatorLoss', () => {
  const real = [0.5, 2, 1];
  const fake = [1.2, 4, 0.5];
  const margins = [0.875, 1, 0.25];

  it('equals E[L(x)] + λE[(Δ + L(x) − L(G(z)))₊]', () => {
    // By hand: hinge terms (0.175, 0, 0.75) → mean 0.308333; E[L(x)] = 3.5/3.
    expect(dLoss(real, fake, margins, 1)).toBeCloseTo(3.5 / 3 + 0.925 / 3, 12);
    const args = [tf.tensor1d(real), tf.tensor1d(fake), tf.tensor1d(margins)] as const;
    expect(value(lossSensitiveDiscriminatorLoss(...args))).toBeCloseTo(dLoss(real, fake, margins, 1), 5);
    expect(value(lossSensitiveDiscriminatorLoss(...args, 0.25))).toBeCloseTo(dLoss(real, fake, margins, 0.25), 5);
    tf.dispose(args as unknown as tf.Tensor[]);
  });

  it('gradients: (1 + λ·1[h > 0])/n for real losses, −λ·1[h > 0]/n for fake, none for margins', () => {
    const lambda = 2;
    const [gr, gf, gm] = tf.tidy(() =>
      tf
        .grads((r: tf.Tensor, f: tf.Tensor, m: tf.Tensor) => lossSensitiveDiscriminatorLoss(r, f, m, lambda))([
          tf.tensor1d(real),
          tf.tensor1d(fake),
          tf.tensor1d(margins),
        ])
        .map((t) => Array.from(t.dataSync())),
    );
    const active = real.map((r, i) => (margins[i] + r - fake[i] > 0 ? 1 : 0)); // (1, 0, 1)
    expect(active).toEqual([1, 0, 1]);
    active.forEach((a, i) => {
      expect(gr[i]).toBeCloseTo((1 + lambda * a) / 3, 6);
      expect(gf[i]).toBeCloseTo((-lambda * a) / 3, 6);
      expect(gm[i]).toBeCloseTo((lambda * a) / 3, 6); // ∂/∂Δ exists, but Δ has no θ in it
    });
  });

  it('rejects λ ≤ 0 and mismatched shapes', () => {
    const a = tf.tensor1d([1, 2]);
    const b = tf.tensor1d([1, 2, 3]);
    expect(() => lossSensitiveDiscriminatorLoss(a, a, a, 0)).toThrow(/'lambda'.*got 0/);
    expect(() => lossSensitiveDiscriminatorLoss(a, b, a)).toThrow(ShapeMismatchError);
    tf.dispose([a, b]);
  });
});

describe('through the logits (as the objective computes it)', () => {
  it('L_D and its gradient w.r.t. D’s logits with softplus match the chain rule by hand', () => {
    const lr = [0.3, -1];
    const lf = [1.5, -2];
    const x = images(X);
    const g = images(G);
    const loss = (r: tf.Tensor, f: tf.Tensor) =>
      lossSensitiveDiscriminatorLoss(sampleLosses(r), sampleLosses(f), lossSensitiveMargin(x, g), 1);
    const margins = [0.875, 1];
    const Lr = lr.map(softplus);
    const Lf = lf.map(softplus);
    const expected = dLoss(Lr, Lf, margins, 1);
    expect(value(tf.tidy(() => loss(tf.tensor2d(lr, [2, 1]), tf.tensor2d(lf, [2, 1]))))).toBeCloseTo(expected, 5);
    const [gr, gf] = tf.tidy(() =>
      tf.grads(loss)([tf.tensor2d(lr, [2, 1]), tf.tensor2d(lf, [2, 1])]).map((t) => Array.from(t.dataSync())),
    );
    const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));
    lr.forEach((l, i) => {
      const active = margins[i] + Lr[i] - Lf[i] > 0 ? 1 : 0;
      expect(gr[i]).toBeCloseTo(((1 + active) / 2) * sigmoid(l), 6);
      expect(gf[i]).toBeCloseTo((-active / 2) * sigmoid(lf[i]), 6);
    });
    tf.dispose([x, g]);
  });
});

describe('lossSensitiveGeneratorLoss', () => {
  it('equals E[L(G(z))] with gradient 1/n', () => {
    expect(value(lossSensitiveGeneratorLoss(tf.tensor1d([1.2, 4, 0.5])))).toBeCloseTo(5.7 / 3, 6);
    const g = tf.tidy(() => Array.from(tf.grad((f: tf.Tensor) => lossSensitiveGeneratorLoss(f))(tf.tensor1d([1, 2])).dataSync()));
    expect(g).toEqual([0.5, 0.5]);
  });
});

describe('memory', () => {
  it('no tensor leaks in margins, losses and gradients', () => {
    const x = images(X);
    const g = images(G);
    const l = tf.tensor2d([0.3, -1], [2, 1]);
    const run = () => {
      tf.dispose([lossSensitiveMargin(x, g), lossSensitiveMargin(x, g, { distance: 'l2' }), sampleLosses(l, 'relu')]);
      tf.tidy(() => {
        tf.grads((r: tf.Tensor, f: tf.Tensor) =>
          lossSensitiveDiscriminatorLoss(sampleLosses(r), sampleLosses(f), lossSensitiveMargin(x, g)),
        )([l, l]);
        tf.grad((f: tf.Tensor) => lossSensitiveGeneratorLoss(sampleLosses(f)))(l);
      });
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, g, l]);
  });
});
