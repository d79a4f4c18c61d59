import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import {
  adversarialContext,
  adversarialGame,
  ConfigError,
  findProvider,
  registerPlugins,
  rootContainer,
  type Generator,
  type PhaseContext,
} from '@gantry/core';
import { linearCritic, scalarValue } from '@gantry/core/testing';
import { modeSeekingLoss, modeSeekingPlugin, modeSeekingRatio, ModeSeeking, RATIO_LOG_KEY } from '@gantry/regularizer-mode-seeking';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Matrix = number[][];

// Two fixed draws from "the prior": the phase's z (seed of 'z') and the second one (any other seed).
const Z1: Matrix = [
  [0.5, -1.0],
  [2.0, 0.25],
  [-0.75, 1.5],
];
const Z2: Matrix = [
  [1.5, 0.5],
  [-1.0, 0.75],
  [0.25, -0.5],
];
const LABELS = [0, 2, 1];
const W0: Matrix = [
  [0.8, -0.3, 0.1],
  [0.2, 0.6, -0.9],
];
// A per-class offset: it cancels in G(c, z₁) − G(c, z₂) only if both draws use the same labels.
const OFFSET: Matrix = [
  [5, 0, 0],
  [0, -7, 0],
  [0, 0, 11],
];
const SEED_Z = 101;

/** G(z, y) = z·W + OFFSET[y]: linear in z, with a class offset. */
function linearConditionalGenerator(): Generator & { w: tf.Variable } {
  const w = tf.variable(tf.tensor2d(W0));
  const offset = tf.tensor2d(OFFSET);
  return {
    name: 'generator',
    role: 'generator',
    numClasses: 3,
    prior: { shape: [2], sample: (n, seed) => tf.slice(tf.tensor2d(seed === SEED_Z ? Z1 : Z2), 0, n) },
    outputShape: [3],
    trainableVariables: [w],
    variables: [w],
    w,
    apply: ({ z, labels }) => tf.add(tf.matMul(z as tf.Tensor2D, w as tf.Tensor2D), tf.gather(offset, labels!)),
    dispose: () => tf.dispose([w, offset]),
  };
}

/** A phase context with a fixed batch (3 samples with LABELS) whose 'z' seed is SEED_Z. */
function phase(logged: Array<[string, number]>): { base: PhaseContext; dispose: () => void } {
  const batch = { x: tf.zeros([3, 3]), labels: tf.tensor1d(LABELS, 'int32') };
  const base: PhaseContext = {
    step: 0,
    phase: 'generator',
    repeat: 0,
    batch,
    models: {},
    seed: (purpose) => (purpose === 'z' ? SEED_Z : 202),
    log: (name, value) => void logged.push([name, value.dataSync()[0]]),
  };
  return { base, dispose: () => tf.dispose([batch.x, batch.labels]) };
}

/** By hand: ΔG = (z₁ − z₂)·W, r = mean|ΔG| / mean|Δz|, L = 1/(r + ε), ∂L/∂W = −1/(r+ε)² · Δzᵀ·sign(ΔG) / (n·d_out·mean|Δz|). */
function byHand(w: Matrix, epsilon: number) {
  const dz = Z1.map((row, i) => row.map((v, j) => v - Z2[i][j]));
  const dg = dz.map((row) => w[0].map((_, k) => row.reduce((s, v, j) => s + v * w[j][k], 0)));
  const meanAbs = (m: Matrix) => m.flat().reduce((s, v) => s + Math.abs(v), 0) / m.flat().length;
  const r = meanAbs(dg) / meanAbs(dz);
  const loss = 1 / (r + epsilon);
  const scale = -1 / (r + epsilon) ** 2 / (dg.flat().length * meanAbs(dz));
  const grad = w.map((row, j) => row.map((_, k) => scale * dz.reduce((s, dzi, i) => s + dzi[j] * Math.sign(dg[i][k]), 0)));
  return { r, loss, grad };
}

describe('functional', () => {
  it('ratio and loss on hand numbers', () => {
    // mean|a − b| = (1 + 2 + 0 + 3)/4 = 1.5; mean|z₁ − z₂| = (0.5 + 0.5)/2 = 0.5; r = 3; L = 1/(3 + 1e-5)
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const b = tf.tensor2d([[0, 4], [3, 1]]);
    const z1 = tf.tensor2d([[0.5], [0]]);
    const z2 = tf.tensor2d([[0], [0.5]]);
    const r = modeSeekingRatio(a, b, z1, z2);
    expect(r.dataSync()[0]).toBeCloseTo(3, 6);
    expect(scalarValue(modeSeekingLoss(r))).toBeCloseTo(1 / (3 + 1e-5), 6);
    expect(scalarValue(modeSeekingLoss(tf.scalar(0), 0.01))).toBeCloseTo(100, 4);
    tf.dispose([a, b, z1, z2, r]);
  });
});

describe('ModeSeeking', () => {
  it('penalty = 1 / (mean|G(c,z₁) − G(c,z₂)| / mean|z₁ − z₂| + ε) with z₁ = ctx.z and the same labels for both draws', () => {
    const g = linearConditionalGenerator();
    const logged: Array<[string, number]> = [];
    const { base, dispose } = phase(logged);
    const reg = new ModeSeeking({ epsilon: 1e-3 });
    const ctx = adversarialContext(base, g, undefined);
    const want = byHand(W0, 1e-3);
    expect(scalarValue(reg.penalty(ctx))).toBeCloseTo(want.loss, 5);
    // The shared G(c, z₁) is the context's memoised fake (same tensor the objective sees).
    expect(Array.from(ctx.z.dataSync())).toEqual(Z1.flat());
    expect(logged).toHaveLength(1);
    expect(logged[0][0]).toBe(RATIO_LOG_KEY);
    expect(logged[0][1]).toBeCloseTo(want.r, 5);
    dispose();
    g.dispose();
  });

  it('the gradient reaches G and equals the hand-derived ∂L/∂W', () => {
    const g = linearConditionalGenerator();
    const { base, dispose } = phase([]);
    const reg = new ModeSeeking();
    const { value, grads } = tf.variableGrads(() => reg.penalty(adversarialContext(base, g, undefined)), [g.w]);
    const want = byHand(W0, 1e-5);
    expect(scalarValue(value)).toBeCloseTo(want.loss, 5);
    const got = grads[g.w.name].arraySync() as Matrix;
    got.flat().forEach((v, i) => expect(v).toBeCloseTo(want.grad.flat()[i], 5));
    expect(got.flat().some((v) => Math.abs(v) > 1e-3)).toBe(true);
    tf.dispose(Object.values(grads));
    dispose();
    g.dispose();
  });

  it('in a game: added λ-weighted to the generator phase only, logged, and leak-free', () => {
    const g = linearConditionalGenerator();
    // D(x) = x·v, on 3-D samples; the zero objective leaves the penalty alone in the G loss.
    const v = tf.variable(tf.tensor2d([[0.1], [0.2], [0.3]]));
    const d = { ...linearCritic(), inputShape: [3], trainableVariables: [v], variables: [v], apply: ({ x }: { x: tf.Tensor }) => ({ logits: tf.matMul(x as tf.Tensor2D, v as tf.Tensor2D) }) } as unknown as ReturnType<typeof linearCritic>;
    const objective = {
      id: 'test>Zero',
      requiresDiscriminator: true,
      discriminatorLoss: () => tf.scalar(0),
      generatorLoss: () => tf.scalar(0),
    };
    const reg = new ModeSeeking({ lambda: 2.5 });
    const game = adversarialGame({ generator: g, discriminator: d, objective, regularizers: [reg] });
    expect(game.phases.map((p) => p.sources.includes(ModeSeeking.id))).toEqual([false, true]);
    const logged: Array<[string, number]> = [];
    const { base, dispose } = phase(logged);
    const generatorPhase = game.phases[1];
    const want = byHand(W0, 1e-5);
    expect(scalarValue(tf.tidy(() => generatorPhase.loss(base)))).toBeCloseTo(2.5 * want.loss, 4);
    expect(Object.fromEntries(logged)['generator/ModeSeeking']).toBeCloseTo(want.loss, 5);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => generatorPhase.loss(base), [g.w]);
        return [value, grads[g.w.name]];
      }).forEach((t) => t.dispose());
    }
    expect(tf.memory().numTensors).toBe(before);
    dispose();
    g.dispose();
    tf.dispose(v);
  });

  it('validates its options; the plugin provides it on the generator phase', async () => {
    expect(() => new ModeSeeking({ lambda: -1 })).toThrow(ConfigError);
    expect(() => new ModeSeeking({ lambda: -1 })).toThrow(/'lambda'.*≥ 0.*-1/);
    expect(() => new ModeSeeking({ epsilon: 0 })).toThrow(/'epsilon'.*> 0/);
    expect(() => new ModeSeeking({ lamda: 1 } as never)).toThrow(/Unknown option 'lamda'.*lambda, epsilon/);
    const container = rootContainer.createChildContainer();
    registerPlugins(container, [modeSeekingPlugin]);
    const reg = await findProvider(container, 'regularizer', 'mode-seeking').create({ lambda: 0.5 }, { seed: 0, container });
    expect(reg).toBeInstanceOf(ModeSeeking);
    expect(reg.weight).toBe(0.5);
    expect(reg.phases).toEqual(['generator']);
    expect(new ModeSeeking().weight).toBe(1);
    expect(new ModeSeeking().epsilon).toBe(1e-5);
  });
});
