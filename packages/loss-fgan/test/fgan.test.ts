import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import {
  ConfigError,
  createGan,
  findProvider,
  registerPlugins,
  rootContainer,
  UnknownComponentError,
  type AdversarialContext,
  type BuildEnvironment,
  type Plugin,
} from '@gantry/core';
import {
  BUILTIN_DIVERGENCES,
  defineDivergence,
  FGanObjective,
  fganDiscriminatorLoss,
  fganGeneratorLoss,
  fganPlugin,
  provideDivergence,
  variationalBound,
  type Divergence,
} from '@gantry/loss-fgan';
import { beforeAll, describe, expect, it } from 'vitest';
import { affineGenerator, logisticDiscriminator, tinyPlugin } from '../../../test/fixtures/tiny-plugin.js';

// ---------------------------------------------------------------------------
// Independent plain-JS definitions (Nowozin et al. 2016, Tables 1 and 2), written
// separately from the package so that every check compares two derivations.
// ---------------------------------------------------------------------------
const xlx = (u: number) => (u === 0 ? 0 : u * Math.log(u));
const softplus = (x: number) => Math.log1p(Math.exp(x));

interface Row {
  f: (u: number) => number;
  fp: (u: number) => number;
  g: (v: number) => number;
  gInv?: (t: number) => number; // undefined where T* is reached only as v → ±∞
  fstar: (t: number) => number;
}

const ROWS: Record<string, Row> = {
  kl: { f: (u) => u * Math.log(u), fp: (u) => 1 + Math.log(u), g: (v) => v, gInv: (t) => t, fstar: (t) => Math.exp(t - 1) },
  'reverse-kl': {
    f: (u) => -Math.log(u),
    fp: (u) => -1 / u,
    g: (v) => -Math.exp(-v),
    gInv: (t) => -Math.log(-t),
    fstar: (t) => -1 - Math.log(-t),
  },
  pearson: { f: (u) => (u - 1) ** 2, fp: (u) => 2 * (u - 1), g: (v) => v, gInv: (t) => t, fstar: (t) => (t * t) / 4 + t },
  neyman: {
    f: (u) => (1 - u) ** 2 / u,
    fp: (u) => 1 - 1 / u ** 2,
    g: (v) => 1 - Math.exp(v),
    gInv: (t) => Math.log(1 - t),
    fstar: (t) => 2 - 2 * Math.sqrt(1 - t),
  },
  'squared-hellinger': {
    f: (u) => (Math.sqrt(u) - 1) ** 2,
    fp: (u) => 1 - 1 / Math.sqrt(u),
    g: (v) => 1 - Math.exp(-v),
    gInv: (t) => -Math.log(1 - t),
    fstar: (t) => t / (1 - t),
  },
  'jensen-shannon': {
    f: (u) => -(u + 1) * Math.log((1 + u) / 2) + xlx(u),
    fp: (u) => Math.log((2 * u) / (1 + u)),
    g: (v) => Math.log(2) - Math.log(1 + Math.exp(-v)),
    gInv: (t) => -Math.log(2 * Math.exp(-t) - 1),
    fstar: (t) => -Math.log(2 - Math.exp(t)),
  },
  gan: {
    f: (u) => xlx(u) - (u + 1) * Math.log(u + 1),
    fp: (u) => Math.log(u / (u + 1)),
    g: (v) => -Math.log(1 + Math.exp(-v)),
    gInv: (t) => -Math.log(Math.exp(-t) - 1),
    fstar: (t) => -Math.log(1 - Math.exp(t)),
  },
  'total-variation': {
    f: (u) => 0.5 * Math.abs(u - 1),
    fp: (u) => 0.5 * Math.sign(u - 1),
    g: (v) => 0.5 * Math.tanh(v),
    fstar: (t) => t,
  },
};

const P = [0.1, 0.4, 0.5];
const Q = [0.3, 0.3, 0.4];
/** D_f(P ‖ Q) = Σ q f(p/q), in float64. */
const trueDivergence = (f: (u: number) => number) => Q.reduce((s, q, i) => s + q * f(P[i] / q), 0);
/**
 * Samples whose empirical distributions are exactly P and Q: value i repeated
 * 10·p_i (resp. 10·q_i) times, so batch means are the exact expectations.
 */
const asSamples = (values: number[], probs: number[]) =>
  probs.flatMap((p, i) => new Array<number>(Math.round(10 * p)).fill(values[i]));

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ctx = (real: tf.Tensor, fake: tf.Tensor) =>
  ({ dReal: { logits: real }, dFake: { logits: fake } }) as unknown as AdversarialContext;
const env = (container = rootContainer): BuildEnvironment => ({ seed: 1, container });
const scalar = (t: tf.Scalar) => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('built-in divergences (Table 2)', () => {
  it('are the eight rows of the paper, by name', () => {
    expect(Object.keys(BUILTIN_DIVERGENCES).sort()).toEqual(Object.keys(ROWS).sort());
  });

  for (const [name, row] of Object.entries(ROWS)) {
    describe(name, () => {
      const div = BUILTIN_DIVERGENCES[name];
      const tStar = P.map((p, i) => row.fp(p / Q[i]));
      const dTrue = trueDivergence(row.f);

      it('f and f′ agree with an independent definition', () => {
        for (const u of [0.2, 0.75, 1, 1.6, 4]) {
          expect(div.f(u)).toBeCloseTo(row.f(u), 12);
          expect(div.fPrime!(u)).toBeCloseTo(row.fp(u), 12);
        }
      });

      it('variational bound at T* = f′(p/q) equals D_f(P ‖ Q)', () => {
        const bound = tf.tidy(() =>
          variationalBound(div, tf.tensor1d(asSamples(tStar, P)), tf.tensor1d(asSamples(tStar, Q))),
        );
        expect(Math.abs(scalar(bound) - dTrue)).toBeLessThan(1e-5);
      });

      it('the bound at a non-optimal T is lower', () => {
        // Moving T below T* stays inside dom f* for every row (all domains are open above or ℝ).
        const t = name === 'total-variation' ? tStar.map((x) => 0.8 * x) : tStar.map((x) => x - 0.1);
        const bound = tf.tidy(() => variationalBound(div, tf.tensor1d(asSamples(t, P)), tf.tensor1d(asSamples(t, Q))));
        expect(scalar(bound)).toBeLessThan(dTrue - 1e-3);
      });

      if (row.gInv) {
        const gInv = row.gInv;
        it('through D’s raw outputs v = g_f⁻¹(T*), −L_D equals D_f(P ‖ Q)', () => {
          const v = tStar.map(gInv);
          const loss = tf.tidy(() => fganDiscriminatorLoss(div, tf.tensor1d(asSamples(v, P)), tf.tensor1d(asSamples(v, Q))));
          expect(Math.abs(-scalar(loss) - dTrue)).toBeLessThan(1e-5);
        });
      }

      it('conjugate identity f*(f′(u)) = u·f′(u) − f(u)', () => {
        const us = [0.25, 0.6, 1.3, 2.5, 5];
        const got = tf.tidy(() => div.conjugate(tf.tensor1d(us.map(row.fp))).arraySync() as number[]);
        us.forEach((u, i) => expect(got[i]).toBeCloseTo(u * row.fp(u) - row.f(u), 5));
      });

      it('losses on small logits match hand computation', () => {
        const vReal = [0.5, -1.2];
        const vFake = [0.3, 1.1, -0.4];
        const fOfG = vFake.map((v) => row.fstar(row.g(v)));
        const expectedD = -mean(vReal.map(row.g)) + mean(fOfG);
        const expectedSaddle = -mean(fOfG);
        const expectedAlt = -mean(vFake.map(row.g));
        const c = ctx(tf.tensor2d(vReal, [2, 1]), tf.tensor2d(vFake, [3, 1]));
        const alt = new FGanObjective({ divergence: name });
        const saddle = new FGanObjective({ divergence: name, generatorLoss: 'saddle' });
        expect(scalar(alt.discriminatorLoss(c))).toBeCloseTo(expectedD, 5);
        expect(scalar(alt.generatorLoss(c))).toBeCloseTo(expectedAlt, 5);
        expect(scalar(saddle.generatorLoss(c))).toBeCloseTo(expectedSaddle, 5);
        c.dReal.logits.dispose();
        c.dFake.logits.dispose();
      });
    });
  }
});

describe('numerics', () => {
  it('GAN row equals the cross-entropy GAN loss (by hand)', () => {
    const vr = [2, -0.5];
    const vf = [-1, 0.7];
    const expected = mean(vr.map((v) => Math.log(1 + Math.exp(-v)))) + mean(vf.map((v) => Math.log(1 + Math.exp(v))));
    const loss = tf.tidy(() => fganDiscriminatorLoss(BUILTIN_DIVERGENCES.gan, tf.tensor1d(vr), tf.tensor1d(vf)));
    expect(scalar(loss)).toBeCloseTo(expected, 6);
  });

  it('GAN and Jensen–Shannon stay finite at logits ±100 (where the naive forms give Inf)', () => {
    for (const name of ['gan', 'jensen-shannon']) {
      const div = BUILTIN_DIVERGENCES[name];
      const row = ROWS[name];
      expect(Number.isFinite(row.fstar(row.g(100)))).toBe(false); // the naive composition overflows
      const d = tf.tidy(() => fganDiscriminatorLoss(div, tf.tensor1d([100, -100]), tf.tensor1d([100, -100])));
      const g = tf.tidy(() => fganGeneratorLoss(div, tf.tensor1d([100, -100]), 'saddle'));
      // L_D = ½(softplus(100) + softplus(−100)) · 2 = 100 + 2·softplus(−100), minus 2·log 2 for JS.
      expect(scalar(d)).toBeCloseTo(100 + softplus(-100) * 2 - (name === 'jensen-shannon' ? 2 * Math.LN2 : 0), 3);
      expect(Number.isFinite(scalar(g))).toBe(true);
    }
  });

  it('alternative G loss of the GAN row has gradient −σ(−v)/n', () => {
    const v = [-3, 0, 2];
    const grad = tf.tidy(() =>
      (tf.grad((x: tf.Tensor) => fganGeneratorLoss(BUILTIN_DIVERGENCES.gan, x, 'alternative'))(tf.tensor1d(v)).arraySync() as number[]),
    );
    v.forEach((x, i) => expect(grad[i]).toBeCloseTo(-1 / (1 + Math.exp(x)) / 3, 6));
  });
});

// A user's own f, not in Table 2: f(u) = (u − 1)²/2, f*(t) = t²/2 + t, g_f(v) = v.
const halfPearson: Divergence = defineDivergence({
  name: 'half-pearson',
  activation: (v) => tf.clone(v),
  conjugate: (t) => tf.tidy(() => tf.add(tf.mul(tf.square(t), 0.5), t)),
  f: (u) => 0.5 * (u - 1) ** 2,
});

describe('user divergences', () => {
  const vReal = [0.4, -0.2];
  const vFake = [1, -1.5];
  // f*(g(v)) = v²/2 + v
  const expectedD = -mean(vReal) + mean(vFake.map((v) => (v * v) / 2 + v));

  const dLoss = (objective: FGanObjective) =>
    tf.tidy(() => objective.discriminatorLoss(ctx(tf.tensor1d(vReal), tf.tensor1d(vFake))).dataSync()[0]);

  it('bound at T* = f′(p/q) = p/q − 1 equals Σ q (p/q − 1)²/2, without a fused form', () => {
    const tStar = P.map((p, i) => p / Q[i] - 1);
    const bound = tf.tidy(() => variationalBound(halfPearson, tf.tensor1d(asSamples(tStar, P)), tf.tensor1d(asSamples(tStar, Q))));
    expect(Math.abs(scalar(bound) - trueDivergence((u) => 0.5 * (u - 1) ** 2))).toBeLessThan(1e-5);
  });

  it('work passed in code, via the plugin options, and via a plugin of their own', () => {
    expect(dLoss(new FGanObjective({ divergence: halfPearson }))).toBeCloseTo(expectedD, 6);
    expect(dLoss(new FGanObjective({ divergence: 'half-pearson', divergences: [halfPearson] }))).toBeCloseTo(expectedD, 6);

    const viaOptions = rootContainer.createChildContainer();
    registerPlugins(viaOptions, [[fganPlugin, { divergences: [halfPearson] }]]);
    const a = findProvider(viaOptions, 'objective', 'f-gan').create({ divergence: 'half-pearson' }, env(viaOptions));
    expect(dLoss(a as FGanObjective)).toBeCloseTo(expectedD, 6);

    const own: Plugin = { name: 'my-divergence', register: (c) => provideDivergence(c, halfPearson) };
    const parent = rootContainer.createChildContainer();
    registerPlugins(parent, [own]);
    const child = parent.createChildContainer(); // createGan's run container is a child like this
    registerPlugins(child, [fganPlugin]);
    const b = findProvider(child, 'objective', 'f-gan').create({ divergence: 'half-pearson' }, env(child));
    expect(dLoss(b as FGanObjective)).toBeCloseTo(expectedD, 6);
  });

  it('are checked when defined and registered', () => {
    expect(() => defineDivergence({ name: '', activation: (v) => v, conjugate: (t) => t, f: () => 0 })).toThrow(ConfigError);
    expect(() => defineDivergence({ name: 'x', activation: (v: tf.Tensor) => v, f: () => 0 } as never)).toThrow(/conjugate/);
    const c = rootContainer.createChildContainer();
    expect(() => provideDivergence(c, { ...halfPearson, name: 'kl' })).toThrow(/built into/);
    expect(() => registerPlugins(c, [[fganPlugin, { divergences: [{ name: 'nope' }] }]])).toThrow(ConfigError);
  });
});

describe('options', () => {
  it('default to the GAN divergence and the alternative generator loss', () => {
    const o = new FGanObjective();
    expect(o.divergence.name).toBe('gan');
    expect(o.generatorLossVariant).toBe('alternative');
    expect(o.id).toBe('@gantry/loss-fgan>FGan');
    expect(o.requiresDiscriminator).toBe(true);
  });

  it('reject unknown names, keys and values, naming them', () => {
    expect(() => new FGanObjective({ divergence: 'reverse-kll' })).toThrow(UnknownComponentError);
    expect(() => new FGanObjective({ divergence: 'reverse-kll' })).toThrow(/Did you mean 'reverse-kl'/);
    expect(() => new FGanObjective({ generatorLoss: 'nonsaturating' as never })).toThrow(/'generatorLoss'.*'nonsaturating'/);
    expect(() => new FGanObjective({ divergense: 'kl' } as never)).toThrow(/Unknown option 'divergense'/);
    expect(() => new FGanObjective({ divergence: 3 as never })).toThrow(ConfigError);
  });
});

describe('training and memory', () => {
  it('every divergence trains a tiny GAN for a few steps with finite losses', async () => {
    for (const divergence of Object.keys(ROWS)) {
      const gan = await createGan(
        {
          data: 'shifted',
          generator: affineGenerator(3),
          discriminator: logisticDiscriminator(4),
          objective: { name: 'f-gan', options: { divergence } },
          training: { steps: 5, batchSize: 16, seed: 2 },
        },
        { plugins: [tinyPlugin, fganPlugin] },
      );
      const result = await gan.fit();
      expect(result.step).toBe(5);
      gan.dispose();
    }
  });

  it('losses leak no tensors', () => {
    const real = tf.tensor2d([0.3, -0.7, 1.2], [3, 1]);
    const fake = tf.tensor2d([-0.1, 0.9], [2, 1]);
    const c = ctx(real, fake);
    const objectives = Object.keys(ROWS).flatMap((divergence) => [
      new FGanObjective({ divergence }),
      new FGanObjective({ divergence, generatorLoss: 'saddle' }),
      new FGanObjective({ divergence: halfPearson }),
    ]);
    const run = () => {
      for (const o of objectives) {
        o.discriminatorLoss(c).dispose();
        o.generatorLoss(c).dispose();
      }
      variationalBound(halfPearson, real, fake).dispose();
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    real.dispose();
    fake.dispose();
  });
});
