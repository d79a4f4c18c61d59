import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildComponent,
  ConfigError,
  deriveSeed,
  normalPrior,
  registerPlugins,
  rootContainer,
  type Batch,
  type Generator,
  type PhaseContext,
} from '@gantry/core';
import {
  CycleConsistency,
  cycleConsistencyLoss,
  cycleConsistencyPlugin,
  IdentityMapping,
  identityLoss,
  meanAbsoluteError,
  translations,
} from '@gantry/regularizer-cycle-consistency';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** G(source) = s·source with one trainable scalar s; counts its calls. */
function scaleGenerator(name: string, s: number): Generator & { calls: number; s: tf.Variable } {
  const v = tf.variable(tf.scalar(s));
  const g = {
    name,
    role: 'generator' as const,
    prior: normalPrior([1]),
    outputShape: [1, 2, 1],
    sourceShape: [1, 2, 1],
    trainableVariables: [v],
    variables: [v],
    calls: 0,
    s: v,
    apply: ({ source }: { source?: tf.Tensor }) => {
      g.calls++;
      return tf.mul(source!, v);
    },
    dispose: () => v.dispose(),
  };
  return g;
}

// a (domain A, the batch's source) and b (domain B, the batch's x): [2, 1, 2, 1].
const A = [1, -2, 3, 0.5]; // mean |a| = 6.5 / 4 = 1.625
const B = [0.4, -1, 2, -0.6]; // mean |b| = 4 / 4 = 1

function context(models: Record<string, Generator>, logs: Record<string, number> = {}, batch?: Batch): PhaseContext {
  const b: Batch = batch ?? { x: tf.tensor4d(B, [2, 1, 2, 1]), source: tf.tensor4d(A, [2, 1, 2, 1]) };
  return {
    step: 0,
    phase: 'generators',
    repeat: 0,
    batch: b,
    models,
    seed: (purpose) => deriveSeed(7, purpose),
    log: (name, value) => void (logs[name] = value.dataSync()[0]),
  };
}

describe('functional', () => {
  it('meanAbsoluteError is the per-element mean of |x − y|', () => {
    // |1 − 0| + |−2 − 1| + |0.5 − 0.5| + |4 − 2| = 1 + 3 + 0 + 2 = 6 → 6/4
    expect(meanAbsoluteError(tf.tensor1d([1, -2, 0.5, 4]), tf.tensor1d([0, 1, 0.5, 2])).dataSync()[0]).toBeCloseTo(1.5, 6);
  });

  it('cycle and identity losses add the two directions', () => {
    const a = tf.tensor1d([1, -1]);
    const b = tf.tensor1d([2, 0]);
    // cycle: mean|[1.5, −1] − [1, −1]| = 0.25, mean|[2, 1] − [2, 0]| = 0.5
    expect(cycleConsistencyLoss(a, b, tf.tensor1d([1.5, -1]), tf.tensor1d([2, 1])).dataSync()[0]).toBeCloseTo(0.75, 6);
    // identity: sameB = [0, 0] → mean|b| = 1; sameA = [1, 1] → mean|[0, 2]| = 1
    expect(identityLoss(a, b, tf.tensor1d([1, 1]), tf.tensor1d([0, 0])).dataSync()[0]).toBeCloseTo(2, 6);
  });
});

describe('CycleConsistency', () => {
  it('equals the hand-computed round-trip error of linear generators and logs both directions', () => {
    // G_AB(x) = 2x, G_BA(x) = x/4: both round trips give x/2, so each error is mean|x|/2.
    const models = { generatorAB: scaleGenerator('generatorAB', 2), generatorBA: scaleGenerator('generatorBA', 0.25) };
    const logs: Record<string, number> = {};
    const cycle = new CycleConsistency();
    expect(cycle.weight).toBe(10);
    expect(cycle.phases).toEqual(['generators']);
    const value = tf.tidy(() => cycle.penalty(context(models, logs)).dataSync()[0]);
    expect(value).toBeCloseTo(1.625 / 2 + 1 / 2, 6); // 1.3125
    expect(logs['cycle/a']).toBeCloseTo(0.8125, 6);
    expect(logs['cycle/b']).toBeCloseTo(0.5, 6);
    expect(logs['cycle/error']).toBeCloseTo(0.65625, 6);
  });

  it('is zero for inverse generators', () => {
    const models = { generatorAB: scaleGenerator('generatorAB', -2), generatorBA: scaleGenerator('generatorBA', -0.5) };
    expect(tf.tidy(() => new CycleConsistency().penalty(context(models)).dataSync()[0])).toBeCloseTo(0, 6);
  });

  it('sends gradient to both generators (hand-derived)', () => {
    const gAB = scaleGenerator('generatorAB', 2);
    const gBA = scaleGenerator('generatorBA', 0.25);
    const cycle = new CycleConsistency();
    const ctx = context({ generatorAB: gAB, generatorBA: gBA });
    const grads = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => cycle.penalty(ctx), [gAB.s, gBA.s]);
      return [grads[gAB.s.name].dataSync()[0], grads[gBA.s.name].dataSync()[0]];
    });
    // L = |s_AB·s_BA − 1|·(mean|a| + mean|b|) with s_AB·s_BA = 0.5 < 1:
    // ∂L/∂s_AB = −s_BA·2.625 = −0.65625, ∂L/∂s_BA = −s_AB·2.625 = −5.25.
    expect(grads[0]).toBeCloseTo(-0.65625, 5);
    expect(grads[1]).toBeCloseTo(-5.25, 5);
  });

  it('finds generators under configured names', () => {
    const models = { f: scaleGenerator('f', 2), g: scaleGenerator('g', 0.25) };
    const cycle = new CycleConsistency({ generatorAB: 'f', generatorBA: 'g', lambda: 3 });
    expect(cycle.weight).toBe(3);
    expect(tf.tidy(() => cycle.penalty(context(models)).dataSync()[0])).toBeCloseTo(1.3125, 6);
  });

  it('names what is missing', () => {
    const models = { generatorAB: scaleGenerator('generatorAB', 1) };
    expect(() => new CycleConsistency().penalty(context(models))).toThrow(/generatorBA.*\[generatorAB\]/);
    const noSource = context({ generatorAB: scaleGenerator('a', 1), generatorBA: scaleGenerator('b', 1) }, {}, { x: tf.zeros([1, 1, 2, 1]) });
    expect(() => new CycleConsistency().penalty(noSource)).toThrow(ConfigError);
  });

  it('validates its options', () => {
    expect(() => new CycleConsistency({ lambda: -1 })).toThrow(/Option 'lambda'.*≥ 0, got -1/);
    expect(() => new CycleConsistency({ lamda: 1 } as never)).toThrow(/Unknown option 'lamda'/);
    expect(() => new CycleConsistency({ generatorAB: 'g', generatorBA: 'g' })).toThrow(/generatorBA/);
    expect(() => new CycleConsistency({ phases: [] })).toThrow(/phases/);
    expect(() => new CycleConsistency({ generatorAB: '' })).toThrow(/non-empty string/);
  });
});

describe('IdentityMapping', () => {
  it('equals the hand-computed identity error, weight 0.5·λ_cyc = 5 by default', () => {
    // G_AB(b) = 2b: mean|2b − b| = mean|b| = 1; G_BA(a) = a/4: mean|a/4 − a| = 0.75·1.625 = 1.21875.
    const models = { generatorAB: scaleGenerator('generatorAB', 2), generatorBA: scaleGenerator('generatorBA', 0.25) };
    const logs: Record<string, number> = {};
    const identity = new IdentityMapping();
    expect(identity.weight).toBe(5);
    expect(tf.tidy(() => identity.penalty(context(models, logs)).dataSync()[0])).toBeCloseTo(2.21875, 6);
    expect(logs['identity/error']).toBeCloseTo(1.109375, 6);
  });

  it('is zero for identity generators', () => {
    const models = { generatorAB: scaleGenerator('generatorAB', 1), generatorBA: scaleGenerator('generatorBA', 1) };
    expect(tf.tidy(() => new IdentityMapping().penalty(context(models)).dataSync()[0])).toBe(0);
  });
});

describe('translations', () => {
  it('computes each translation once per batch, shared by the cycle and identity terms', () => {
    const gAB = scaleGenerator('generatorAB', 2);
    const gBA = scaleGenerator('generatorBA', 0.25);
    const ctx = context({ generatorAB: gAB, generatorBA: gBA });
    tf.tidy(() => {
      new CycleConsistency().penalty(ctx);
      new IdentityMapping().penalty(ctx);
      new CycleConsistency().penalty(ctx);
      const t = translations(ctx);
      expect(t.fakeB).toBe(translations(ctx).fakeB);
    });
    // G_AB: a, G_BA(b), b; G_BA: b, G_AB(a), a.
    expect(gAB.calls).toBe(3);
    expect(gBA.calls).toBe(3);
  });

  it('recomputes after the batch’s tensors of a previous tidy were freed', () => {
    const ctx = context({ generatorAB: scaleGenerator('generatorAB', 2), generatorBA: scaleGenerator('generatorBA', 0.25) });
    const first = tf.tidy(() => new CycleConsistency().penalty(ctx).dataSync()[0]);
    const second = tf.tidy(() => new CycleConsistency().penalty(ctx).dataSync()[0]);
    expect(second).toBeCloseTo(first, 6);
  });
});

describe('memory', () => {
  it('leaks no tensors across repeated evaluations', () => {
    const models = { generatorAB: scaleGenerator('generatorAB', 2), generatorBA: scaleGenerator('generatorBA', 0.25) };
    const terms = [new CycleConsistency(), new IdentityMapping()];
    const once = () =>
      tf.tidy(() => {
        const ctx = context(models);
        const vars = [...models.generatorAB.trainableVariables, ...models.generatorBA.trainableVariables] as tf.Variable[];
        const { value, grads } = tf.variableGrads(() => tf.add(terms[0].penalty(ctx), terms[1].penalty(ctx)) as tf.Scalar, vars);
        return [value.dataSync()[0], ...Object.values(grads).map((g) => g.dataSync()[0])];
      });
    once();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) once();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('plugin', () => {
  it('provides cycle-consistency and identity-mapping with options', async () => {
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [cycleConsistencyPlugin]);
    const env = { seed: 0, container };
    const cycle = await buildComponent(container, 'regularizer', { name: 'cycle-consistency', options: { lambda: 20 } }, env);
    expect(cycle).toBeInstanceOf(CycleConsistency);
    expect(cycle.weight).toBe(20);
    const identity = await buildComponent(container, 'regularizer', 'identity-mapping', env);
    expect(identity).toBeInstanceOf(IdentityMapping);
    expect(identity.weight).toBe(5);
    await expect(buildComponent(container, 'regularizer', { name: 'cycle-consistency', options: { lambda: 'x' } }, env)).rejects.toThrow(ConfigError);
  });
});
