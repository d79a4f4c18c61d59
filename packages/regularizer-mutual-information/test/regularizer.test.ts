import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // registers the gradients
import {
  adversarialContext,
  adversarialGame,
  ConfigError,
  createGan,
  deriveSeed,
  ShapeMismatchError,
  type AdversarialContext,
  type Discriminator,
  type Generator,
  type Objective,
  type PhaseContext,
} from '@gantry/core';
import {
  infoGanPrior,
  MutualInformation,
  mutualInformationPlugin,
  Q_HEADS,
  type InfoGanLayout,
} from '@gantry/regularizer-mutual-information';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A context holding only what the regularizer reads: the generator's prior, z and Q's heads. */
function fixedContext(layout: InfoGanLayout, z: tf.Tensor, heads: Record<string, tf.Tensor>, logged: Record<string, number> = {}): AdversarialContext {
  return {
    phase: 'generator',
    generator: { name: 'generator', prior: infoGanPrior(layout) },
    discriminator: { name: 'discriminator' },
    z,
    dFake: { logits: tf.zeros([z.shape[0], 1]), heads },
    log: (name: string, value: tf.Scalar) => {
      logged[name] = value.dataSync()[0];
    },
  } as unknown as AdversarialContext;
}

describe('MutualInformation.penalty (hand-computed)', () => {
  // The layout and numbers of functional.test.ts: categorical part 2.163147, continuous 0.981439 (σ = 1).
  const layout: InfoGanLayout = { noise: 1, noiseDistribution: 'uniform', categorical: [2, 3], continuous: 1 };
  const z = () => tf.tensor2d([[0.3, 1, 0, 0, 0, 1, 0.5], [-0.7, 0, 1, 1, 0, 0, -0.5]]);
  const heads = () => ({
    [Q_HEADS.categorical]: tf.tensor2d([[0, 0, 1, 2, 3], [1, -1, 0, 0, 0]]),
    [Q_HEADS.mean]: tf.tensor2d([[0.5], [0]]),
    // log σ = log 2 for both rows: used only with continuousStd 'learned'.
    [Q_HEADS.logStd]: tf.tensor2d([[Math.log(2)], [Math.log(2)]]),
  });

  it('L_I = Σ CE + λ_cont·NLL, and logs the parts, the accuracy and the bound H(c) − L_I', () => {
    const logged: Record<string, number> = {};
    const reg = new MutualInformation({ continuousWeight: 0.5 });
    const value = tf.tidy(() => reg.penalty(fixedContext(layout, z(), heads(), logged)).dataSync()[0]);
    // 2.163147 + 0.5 · 0.981439 = 2.653866.
    expect(value).toBeCloseTo(2.653866, 5);
    expect(logged['generator/mi_categorical']).toBeCloseTo(2.163147, 5);
    expect(logged['generator/mi_continuous']).toBeCloseTo(0.981439, 5);
    // H(c) = log 2 + log 3 + log 2 (U(−1, 1)) = 2.484907; bound = 2.484907 − (2.163147 + 0.981439) = −0.659679.
    expect(logged['generator/mi_bound']).toBeCloseTo(-0.659679, 5);
    // Code 1 hits 1 of 2 rows, code 2 both: (0.5 + 1)/2.
    expect(logged['generator/mi_accuracy']).toBeCloseTo(0.75, 6);
  });

  it("learned σ: the continuous NLL uses Q's log σ", () => {
    // σ = 2: row 1 log 2 + 0/8 = 0.693147, row 2 log 2 + 0.25/8 = 0.724397; mean 0.708772 + 0.918939 = 1.627711.
    const reg = new MutualInformation({ continuousStd: 'learned' });
    const value = tf.tidy(() => reg.penalty(fixedContext(layout, z(), heads())).dataSync()[0]);
    expect(value).toBeCloseTo(2.163147 + 1.627711, 5);
  });

  it('leaks no tensors over repeated calls', () => {
    const reg = new MutualInformation();
    const input = { z: z(), heads: heads() };
    const run = () => tf.tidy(() => reg.penalty(fixedContext(layout, input.z, input.heads)).dataSync());
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([input.z, ...Object.values(input.heads)]);
  });

  it("explains a generator without an InfoGAN prior, and a discriminator without Q's heads", () => {
    const reg = new MutualInformation();
    const plain = { ...fixedContext(layout, z(), heads()), generator: { name: 'g', prior: { shape: [7] } } } as unknown as AdversarialContext;
    expect(() => reg.penalty(plain)).toThrow(ConfigError);
    expect(() => reg.penalty(plain)).toThrow(/InfoGAN prior/);
    tf.tidy(() => {
      const noHeads = fixedContext(layout, z(), {});
      expect(() => reg.penalty(noHeads)).toThrow(ShapeMismatchError);
      expect(() => reg.penalty(noHeads)).toThrow(/qCategorical.*returned: none/);
    });
  });
});

describe('options', () => {
  it('defaults: λ = 1, λ_cont = 1, σ fixed, both phases', () => {
    const reg = new MutualInformation();
    expect([reg.weight, reg.continuousWeight, reg.continuousStd, reg.phases]).toEqual([1, 1, 'fixed', ['discriminator', 'generator']]);
    expect(new MutualInformation({ lambda: 0.5, phases: ['generator'] })).toMatchObject({ weight: 0.5, phases: ['generator'] });
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    expect(() => new MutualInformation({ lambda: -1 })).toThrow(/Option 'lambda'.*-1/);
    expect(() => new MutualInformation({ continuousStd: 'free' as never })).toThrow(/'fixed', 'learned'/);
    expect(() => new MutualInformation({ phases: [] })).toThrow(/'phases'/);
    expect(() => new MutualInformation({ phases: ['critic' as never] })).toThrow(/'critic'/);
    expect(() => new MutualInformation({ lamda: 1 } as never)).toThrow(/Unknown option 'lamda'/);
  });
});

/*
 * A tiny InfoGAN whose every weight is known, to check that L_I's gradient reaches both G
 * (generator phase) and Q (discriminator phase) and equals central finite differences.
 * Layout: 2 noise dims, one 3-way code, 1 continuous code (z has 6 entries).
 *   G(z) = tanh(z·W_g + b_g)                         x ∈ ℝ⁴
 *   h = tanh(x·W_t + b_t)                            D's trunk, ℝ³
 *   logit = h·w_D;  Q: ℓ = h·W_c + b_c, μ = h·W_μ, log σ = h·W_σ
 */
const LAYOUT: InfoGanLayout = { noise: 2, noiseDistribution: 'normal', categorical: [3], continuous: 1 };
const init = (shape: number[], phase: number) =>
  tf.variable(tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => 0.8 * Math.sin(1.7 * i + phase)), shape));

function tinyGan() {
  const g = { w: init([6, 4], 0.1), b: init([4], 0.7) };
  const d = { wt: init([4, 3], 0.3), bt: init([3], 1.1), wD: init([3, 1], 2.0), wc: init([3, 3], 0.5), bc: init([3], 1.9), wm: init([3, 1], 0.9), ws: init([3, 1], 1.3) };
  const generator: Generator = {
    role: 'generator',
    name: 'generator',
    prior: infoGanPrior(LAYOUT),
    outputShape: [4],
    trainableVariables: Object.values(g),
    variables: Object.values(g),
    apply: ({ z }) => tf.tanh(tf.add(tf.matMul(z as tf.Tensor2D, g.w as tf.Tensor2D), g.b)),
    dispose: () => tf.dispose(Object.values(g)),
  };
  const discriminator: Discriminator = {
    role: 'discriminator',
    name: 'discriminator',
    inputShape: [4],
    trainableVariables: Object.values(d),
    variables: Object.values(d),
    apply: ({ x }) => {
      const h = tf.tanh(tf.add(tf.matMul(x as tf.Tensor2D, d.wt as tf.Tensor2D), d.bt)) as tf.Tensor2D;
      return {
        logits: tf.matMul(h, d.wD as tf.Tensor2D),
        heads: {
          [Q_HEADS.categorical]: tf.add(tf.matMul(h, d.wc as tf.Tensor2D), d.bc),
          [Q_HEADS.mean]: tf.matMul(h, d.wm as tf.Tensor2D),
          [Q_HEADS.logStd]: tf.matMul(h, d.ws as tf.Tensor2D),
        },
      };
    },
    dispose: () => tf.dispose(Object.values(d)),
  };
  return { g, d, generator, discriminator };
}

/** Objective with zero losses, so a phase's loss is exactly λ·L_I. */
const zeroObjective: Objective = {
  id: 'test>Zero',
  requiresDiscriminator: true,
  discriminatorLoss: () => tf.scalar(0),
  generatorLoss: () => tf.scalar(0),
};

function phaseContext(phase: string, real: tf.Tensor): PhaseContext {
  return { step: 3, phase, repeat: 0, batch: { x: real }, models: {}, seed: (p) => deriveSeed(11, phase, p), log: () => undefined };
}

/** Central differences (f(v + ε) − f(v − ε)) / 2ε of a scalar function, per element of `v`. */
function numericalGradient(f: () => number, v: tf.Variable, eps = 3e-3): number[] {
  const base = v.arraySync();
  const flat = Array.from(v.dataSync());
  const out: number[] = [];
  for (let i = 0; i < flat.length; i++) {
    const at = (delta: number) => {
      const shifted = [...flat];
      shifted[i] += delta;
      v.assign(tf.tensor(shifted, v.shape));
      return f();
    };
    out.push((at(eps) - at(-eps)) / (2 * eps));
  }
  v.assign(tf.tensor(base as number[], v.shape));
  return out;
}

describe("L_I's gradient reaches both G and Q (no detach), and equals finite differences", () => {
  for (const continuousStd of ['fixed', 'learned'] as const) {
    it(`through the game's phases (continuousStd '${continuousStd}', λ = 2, λ_cont = 0.5)`, () => {
      const { g, d, generator, discriminator } = tinyGan();
      const mi = new MutualInformation({ lambda: 2, continuousWeight: 0.5, continuousStd });
      const game = adversarialGame({ generator, discriminator, objective: zeroObjective, regularizers: [mi] });
      const real = tf.zeros([5, 4]);
      const [dPhase, gPhase] = game.phases;
      expect([dPhase.name, gPhase.name]).toEqual(['discriminator', 'generator']);

      const check = (phase: typeof dPhase, vars: Record<string, tf.Variable>, expectZero: string[]) => {
        const loss = () => tf.tidy(() => phase.loss(phaseContext(phase.name, real)).dataSync()[0]);
        const { value, grads } = tf.variableGrads(() => phase.loss(phaseContext(phase.name, real)), Object.values(vars));
        // The phase loss is λ·L_I: also check it against the regularizer on its own.
        const own = tf.tidy(() => mi.penalty(adversarialContext(phaseContext(phase.name, real), generator, discriminator)).dataSync()[0]);
        expect(value.dataSync()[0]).toBeCloseTo(2 * own, 5);
        value.dispose();
        for (const [name, v] of Object.entries(vars)) {
          const analytic = grads[v.name] ? Array.from(grads[v.name].dataSync()) : new Array(v.size).fill(0);
          const numeric = numericalGradient(loss, v);
          if (expectZero.includes(name)) {
            expect(analytic.every((x) => x === 0), `${phase.name}: ${name} is off L_I's path`).toBe(true);
            expect(Math.max(...numeric.map(Math.abs))).toBeLessThan(1e-3);
            continue;
          }
          expect(Math.max(...analytic.map(Math.abs)), `${phase.name}: ∂L/∂${name} must be non-zero`).toBeGreaterThan(1e-3);
          analytic.forEach((a, i) => expect(Math.abs(a - numeric[i]), `${phase.name}: ∂L/∂${name}[${i}]`).toBeLessThan(1e-3 + 5e-3 * Math.abs(a)));
        }
        tf.dispose(Object.values(grads));
      };
      // Discriminator phase: Q's head and D's shared trunk get L_I's gradient; D's logit
      // layer does not feed Q; with σ fixed, the log-σ head is unused.
      check(dPhase, d, continuousStd === 'fixed' ? ['wD', 'ws'] : ['wD']);
      // Generator phase: G gets L_I's gradient through G(z).
      check(gPhase, g, []);
      real.dispose();
      generator.dispose();
      discriminator.dispose();
    });
  }
});

describe('plugin', () => {
  it("provides regularizer 'mutual-information', and a short training run with it logs L_I", async () => {
    const { generator, discriminator } = tinyGan();
    const data = {
      name: 'uniform-4d',
      size: 64,
      sampleShape: [4],
      range: [-1, 1] as const,
      batch: (idx: ArrayLike<number>) => ({ x: tf.randomUniform([idx.length, 4], -1, 1, 'float32', idx[0] + 1) }),
    };
    const gan = await createGan(
      {
        data,
        generator,
        discriminator,
        objective: zeroObjective,
        regularizers: [{ name: 'mutual-information', options: { lambda: 1 } }],
        training: { steps: 2, batchSize: 8, seed: 1 },
      },
      { plugins: [mutualInformationPlugin] },
    );
    await gan.fit();
    expect(gan.trainer.logs['discriminator/MutualInformation']).toBeGreaterThan(0);
    expect(gan.trainer.logs['generator/mi_accuracy']).toBeGreaterThanOrEqual(0);
    gan.dispose();
  });
});
