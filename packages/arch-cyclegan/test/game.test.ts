import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createGan,
  provide,
  UnknownComponentError,
  type AdversarialContext,
  type Gan,
  type GanSpec,
  type Plugin,
  type Regularizer,
} from '@gantry/core';
import { leastSquaresPlugin } from '@gantry/loss-least-squares';
import { wassersteinPlugin } from '@gantry/loss-wasserstein';
import { buildCycleGame, CYCLE_NETWORKS, cycleganPlugin, ResnetGenerator } from '@gantry/arch-cyclegan';
import { barsPlugin, changed, InvertedBars, snapshot, TINY } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const open: Gan[] = [];
afterEach(() => {
  for (const g of open.splice(0)) g.dispose();
});

const PLUGINS = [barsPlugin, cycleganPlugin, leastSquaresPlugin, wassersteinPlugin];

async function gan(game: Record<string, unknown> = {}, training: GanSpec['training'] = {}, name = 'cyclegan', plugins: Plugin[] = []): Promise<Gan> {
  const g = await createGan(
    { data: 'inverted-bars', game: { name, options: { ...TINY, ...game } }, training: { batchSize: 4, seed: 3, ...training } },
    { plugins: [...PLUGINS, ...plugins] },
  );
  open.push(g);
  return g;
}

const SGD = { optimizers: { '*': { name: 'sgd', learningRate: 0.05 } } } as const;

describe('cyclegan game', () => {
  it('has four networks, a discriminators phase and a generators phase, and samples with G_AB', async () => {
    const { game } = await gan();
    expect(Object.keys(game.models).sort()).toEqual(['discriminatorA', 'discriminatorB', 'generatorAB', 'generatorBA']);
    expect(game.phases.map((p) => [p.name, p.updates, p.repeat])).toEqual([
      ['discriminators', ['discriminatorA', 'discriminatorB'], 1],
      ['generators', ['generatorAB', 'generatorBA'], 1],
    ]);
    expect(game.sampler).toBe(game.models.generatorAB);
    expect(Object.entries(game.models).map(([k, m]) => m.name === k)).toEqual([true, true, true, true]);
    // Two generators built from one reference have their own seeds.
    expect(game.models.generatorAB.variables[0].dataSync()).not.toEqual(game.models.generatorBA.variables[0].dataSync());
  });

  it('each phase updates exactly its own networks', async () => {
    // The real trainer, on a game reduced to one of the phases.
    const onePhase: Plugin = {
      name: 'one-phase',
      register: (c) =>
        provide(c, {
          kind: 'game',
          name: 'one-phase',
          create: async ({ index, ...options }, env) => {
            const game = await buildCycleGame(options, env);
            return { ...game, phases: [game.phases[index as number]] };
          },
        }),
    };
    for (const [index, updated] of [[0, ['discriminatorA', 'discriminatorB']], [1, ['generatorAB', 'generatorBA']]] as const) {
      const { game, trainer } = await gan({ index }, SGD, 'one-phase', [onePhase]);
      expect(game.phases.map((p) => p.updates)).toEqual([updated]);
      const before = snapshot(game.models);
      trainer.trainStep();
      const diff = changed(before, snapshot(game.models));
      for (const [name, flags] of Object.entries(diff)) {
        // Every variable of an updated network moves (both Ds, both Gs get gradient); nothing else does.
        expect([name, flags.every((f) => f === (updated as readonly string[]).includes(name))]).toEqual([name, true]);
      }
    }
  });

  it('logs each term, and the generators’ loss is L_G(AB) + L_G(BA) + 10·L_cyc + 5·L_id', async () => {
    const { trainer } = await gan();
    const logs = trainer.trainStep();
    for (const key of [
      'loss/discriminators',
      'loss/generators',
      'discriminatorA/LeastSquares',
      'discriminatorB/LeastSquares',
      'generatorAB/LeastSquares',
      'generatorBA/LeastSquares',
      'generators/CycleConsistency',
      'generators/IdentityMapping',
      'cycle/a',
      'cycle/b',
      'cycle/error',
      'identity/error',
    ]) {
      expect([key, Number.isFinite(logs[key])]).toEqual([key, true]);
    }
    expect(logs['loss/discriminators']).toBeCloseTo(logs['discriminatorA/LeastSquares'] + logs['discriminatorB/LeastSquares'], 5);
    expect(logs['loss/generators']).toBeCloseTo(
      logs['generatorAB/LeastSquares'] + logs['generatorBA/LeastSquares'] + 10 * logs['generators/CycleConsistency'] + 5 * logs['generators/IdentityMapping'],
      4,
    );
    expect(logs['generators/CycleConsistency']).toBeCloseTo(logs['cycle/a'] + logs['cycle/b'], 5);
    expect(logs['cycle/error']).toBeCloseTo((logs['cycle/a'] + logs['cycle/b']) / 2, 5);
  });

  it('leaks no tensors across steps', async () => {
    const { trainer } = await gan();
    trainer.trainStep();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) trainer.trainStep();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns to translate unpaired bars: the cycle error falls', async () => {
    const { trainer } = await gan({}, { optimizers: { '*': { name: 'adam', learningRate: 5e-3, beta1: 0.5 } } });
    const errors: number[] = [];
    for (let i = 0; i < 6; i++) errors.push(trainer.trainStep()['cycle/error']);
    // At the start G outputs ≈ 0 (tanh of small weights), so each round trip misses by about mean|x| ≈ 1.
    expect(errors[0]).toBeGreaterThan(0.8);
    expect((errors[4] + errors[5]) / 2).toBeLessThan(0.5 * errors[0]);
  });

  it('samples translations of the data’s sources', async () => {
    const { trainer } = await gan();
    const images = trainer.sample(4, 1);
    expect(images.shape).toEqual([4, 8, 8, 1]);
    images.dispose();
  });

  it('is reproducible from the seed', async () => {
    const run = async () => {
      const { trainer } = await gan();
      return trainer.trainStep()['loss/generators'];
    };
    expect(await run()).toBe(await run());
  });
});

describe('dualgan preset', () => {
  it('clips both critics, runs n_critic = 2, weights the reconstruction by 100 and drops out in G', async () => {
    const g = await gan(
      { generator: { name: 'cyclegan', options: { ...TINY.generator.options, dropout: 0.5 } } },
      { optimizers: { '*': { name: 'rmsprop', learningRate: 5e-5 } } },
      'dualgan',
    );
    const { game, trainer } = g;
    expect(game.phases.map((p) => [p.name, p.repeat])).toEqual([
      ['discriminators', 2],
      ['generators', 1],
    ]);
    expect(Object.keys(game.constraints).sort()).toEqual(['discriminatorA', 'discriminatorB']);
    expect((game.models.generatorAB as unknown as ResnetGenerator).dropout).toBe(0.5);
    const logs = trainer.trainStep();
    expect(logs['generatorAB/Wasserstein']).toBeDefined();
    expect(logs['identity/error']).toBeUndefined();
    expect(logs['loss/generators']).toBeCloseTo(
      logs['generatorAB/Wasserstein'] + logs['generatorBA/Wasserstein'] + 100 * logs['generators/CycleConsistency'],
      3,
    );
    for (const name of [CYCLE_NETWORKS.discriminatorA, CYCLE_NETWORKS.discriminatorB]) {
      for (const v of game.models[name].trainableVariables) expect(tf.max(tf.abs(v)).dataSync()[0]).toBeLessThanOrEqual(0.01 + 1e-7);
    }
    // The generators are not clipped.
    expect(Math.max(...game.models.generatorAB.trainableVariables.map((v) => tf.max(tf.abs(v)).dataSync()[0]))).toBeGreaterThan(0.01);
  });

  it('is reproducible although G drops out (z seeds the masks)', async () => {
    const run = async () => {
      const { trainer } = await gan({ generator: { name: 'cyclegan', options: { ...TINY.generator.options, dropout: 0.5 } } }, {}, 'dualgan');
      return trainer.trainStep()['loss/generators'];
    };
    expect(await run()).toBe(await run());
  });
});

describe('composition', () => {
  it('applies a one-pair regularizer to each direction: D_B on (b, G_AB(a)), D_A on (a, G_BA(b))', async () => {
    const seen: Array<{ d: string; real: number[]; source: number[] }> = [];
    const probe: Regularizer = {
      id: 'test>Probe',
      phases: ['discriminator'],
      weight: 1,
      penalty(ctx: AdversarialContext) {
        seen.push({ d: ctx.discriminator!.name, real: Array.from(ctx.real.dataSync()), source: Array.from(ctx.batch.source!.dataSync()) });
        return tf.mean(ctx.dFake.logits) as tf.Scalar;
      },
    };
    const probePlugin: Plugin = { name: 'probe', register: (c) => provide(c, { kind: 'regularizer', name: 'probe', create: () => probe }) };
    const { trainer, dataset } = await gan({ regularizers: ['probe'] }, {}, 'cyclegan', [probePlugin]);
    const logs = trainer.trainStep();
    expect(seen.map((s) => s.d)).toEqual(['discriminatorB', 'discriminatorA']);
    // B→A sees the batch the other way round: its real images are A's (the sources).
    expect(seen[1].real).toEqual(seen[0].source);
    expect(seen[0].real).toEqual(seen[1].source);
    expect(seen[0].real.every((v) => v === 1 || v === -1)).toBe(true);
    expect(logs['discriminatorB/Probe']).toBeDefined();
    expect(dataset.size).toBe(32);
  });

  it('works with a generator-only objective (no discriminators, one phase)', async () => {
    const mmdLike: Plugin = {
      name: 'g-only',
      register: (c) =>
        provide(c, {
          kind: 'objective',
          name: 'mean-match',
          create: () => ({
            id: 'test>MeanMatch',
            requiresDiscriminator: false,
            discriminatorLoss: () => tf.scalar(0),
            generatorLoss: (ctx: AdversarialContext) => tf.square(tf.sub(tf.mean(ctx.fake), tf.mean(ctx.real))) as tf.Scalar,
          }),
        }),
    };
    const { game, trainer } = await gan({ objective: 'mean-match' }, {}, 'cyclegan', [mmdLike]);
    expect(Object.keys(game.models).sort()).toEqual(['generatorAB', 'generatorBA']);
    expect(game.phases.map((p) => p.name)).toEqual(['generators']);
    expect(Number.isFinite(trainer.trainStep()['generatorAB/MeanMatch'])).toBe(true);
  });

  it('rejects what cannot work, naming it', async () => {
    await expect(gan({ objective: 'nope' })).rejects.toThrow(UnknownComponentError);
    await expect(gan({ lamda: 10 })).rejects.toThrow(/Unknown option 'lamda'/);
    await expect(gan({ lambda: -1 })).rejects.toThrow(/Option 'lambda'/);
    await expect(gan({ generator: 3 })).rejects.toThrow(/Option 'generator'/);
    await expect(gan({ constraints: [{ name: 'weight-clipping', options: { targets: ['discriminator'] } }] })).rejects.toThrow(
      /targets 'discriminator', which is not a network of this game/,
    );
    const stateful: Plugin = {
      name: 'stateful',
      register: (c) =>
        provide(c, {
          kind: 'objective',
          name: 'stateful',
          create: () => ({
            id: 'test>Stateful',
            requiresDiscriminator: true,
            discriminatorLoss: () => tf.scalar(0),
            generatorLoss: () => tf.scalar(0),
            afterStep: () => {},
          }),
        }),
    };
    await expect(gan({ objective: 'stateful' }, {}, 'cyclegan', [stateful])).rejects.toThrow(/keeps state/);
    const noSource = await createGan(
      { data: 'bars-without-source', game: { name: 'cyclegan', options: { ...TINY } }, training: { batchSize: 2 } },
      { plugins: PLUGINS },
    );
    open.push(noSource);
    expect(() => noSource.trainer.trainStep()).toThrow(ConfigError);
  });

  it('the test data are unpaired: no target is the inverse of its own source', () => {
    const data = new InvertedBars();
    const b = data.batch(Array.from({ length: 32 }, (_, i) => i));
    const paired = tf.tidy(() => tf.sum(tf.cast(tf.all(tf.equal(tf.neg(b.source!), b.x), [1, 2, 3]), 'int32')).dataSync()[0]);
    expect(paired).toBe(0);
    tf.dispose([b.x, b.source!]);
  });
});
