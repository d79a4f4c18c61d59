import * as tf from '@tensorflow/tfjs-core';
import {
  checkCompatible,
  ConfigError,
  shortId,
  ShapeMismatchError,
  type AdversarialContext,
  type Discriminator,
  type Game,
  type Generator,
  type Network,
  type Objective,
  type Phase,
  type PhaseContext,
  type Regularizer,
  type Stateful,
  type WeightConstraint,
} from '@gantry/core';
import { translations } from '@gantry/regularizer-cycle-consistency';
import { directionContext } from './direction.js';

/** The networks of a CycleGAN-style game, by name (the keys of `Game.models` and of checkpoints). */
export const CYCLE_NETWORKS = {
  /** G_AB: domain A (`batch.source`) → domain B (`batch.x`). The sampler. */
  generatorAB: 'generatorAB',
  /** G_BA: domain B → domain A. */
  generatorBA: 'generatorBA',
  /** D_A: judges domain A (real a against G_BA(b)). */
  discriminatorA: 'discriminatorA',
  /** D_B: judges domain B (real b against G_AB(a)). */
  discriminatorB: 'discriminatorB',
} as const;

/** The phases of a CycleGAN-style game. */
export const CYCLE_PHASES = {
  /** Updates D_A and D_B together. */
  discriminators: 'discriminators',
  /** Updates G_AB and G_BA together. */
  generators: 'generators',
} as const;

/** Parts of a two-domain translation game (CycleGAN, DualGAN, DiscoGAN-like). */
export interface CycleGameParts {
  readonly generatorAB: Generator;
  readonly generatorBA: Generator;
  /** Needed when the objective needs a discriminator. */
  readonly discriminatorA?: Discriminator;
  readonly discriminatorB?: Discriminator;
  /** The adversarial objective, applied to both directions (stateless objectives only). */
  readonly objective: Objective;
  /**
   * Terms over both generators at once (cycle consistency, identity mapping): each is
   * evaluated once per phase it names, on the A→B context (whose batch is the batch
   * as drawn), and finds the generators by name in `ctx.models`.
   */
  readonly pairTerms?: readonly Regularizer[];
  /**
   * Regularizers written for the one-pair game (gradient penalties, ...): evaluated on
   * each direction (A→B with D_B, B→A with D_A) and summed. One naming phase
   * `'discriminator'` or `'generator'` runs in `'discriminators'` / `'generators'`.
   */
  readonly regularizers?: readonly Regularizer[];
  /** Projections after updates, by the network names of {@link CYCLE_NETWORKS} in their targets. */
  readonly constraints?: readonly WeightConstraint[];
  /** Discriminator-phase repetitions per step (WGAN's n_critic). Default 1. */
  readonly discriminatorSteps?: number;
}

/**
 * The unpaired two-domain translation game of CycleGAN (Zhu et al. 2017,
 * https://arxiv.org/abs/1703.10593, eq. 3) and DualGAN (Yi et al. 2017,
 * https://arxiv.org/abs/1704.02510): four networks (see {@link CYCLE_NETWORKS}) and two
 * phases, with a = `batch.source` (domain A) and b = `batch.x` (domain B):
 *
 *   'discriminators' (over D_A, D_B, `discriminatorSteps` times):
 *       L_D(D_B; b, G_AB(a)) + L_D(D_A; a, G_BA(b)) + Σ λ_i R_i
 *   'generators' (over G_AB, G_BA):
 *       L_G(D_B; G_AB(a)) + L_G(D_A; G_BA(b)) + Σ λ_j R_j
 *
 * where L_D, L_G are any objective's losses, each direction seen through an
 * `AdversarialContext` ({@link directionContext}), and the R are the pair terms
 * (λ_cyc·L_cyc + λ_id·L_id for CycleGAN) and per-direction regularizers. Every
 * translation is computed once per phase repetition and shared by all terms
 * (`translations` of `@gantry/regularizer-cycle-consistency`).
 *
 * Logs per phase: `<network>/<objective>` for each direction's adversarial loss
 * (e.g. `discriminatorB/LeastSquares`, `generatorAB/LeastSquares`), `<phase>/<term>`
 * for each pair term (unweighted), `<network>/<regularizer>` for the others, plus
 * whatever the terms log themselves (`cycle/error`). The sampler is G_AB.
 *
 * It is a plain {@link Game}: the trainer needs nothing CycleGAN-specific.
 */
export function cycleGame(parts: CycleGameParts): Game {
  const { generatorAB, generatorBA, discriminatorA, discriminatorB, objective } = parts;
  const pairTerms = parts.pairTerms ?? [];
  const regularizers = parts.regularizers ?? [];
  const discriminatorSteps = parts.discriminatorSteps ?? 1;
  if (!Number.isInteger(discriminatorSteps) || discriminatorSteps < 1) {
    throw new ConfigError(`discriminatorSteps must be a whole number ≥ 1, got ${discriminatorSteps}.`);
  }
  if (objective.getState || objective.setState || objective.afterStep) {
    throw new ConfigError(
      `Objective '${objective.id}' keeps state across steps; a two-direction game would share it between both ` +
        'discriminators. Use a stateless objective (least-squares, non-saturating, wasserstein, hinge, ...).',
    );
  }
  for (const g of [generatorAB, generatorBA]) {
    if (!g.sourceShape) {
      throw new ConfigError(`Generator '${g.name}' does not translate images (it has no sourceShape); a CycleGAN game needs image-to-image generators.`);
    }
  }
  checkRoundTrip(generatorAB, generatorBA);
  checkRoundTrip(generatorBA, generatorAB);
  const adversarial = objective.requiresDiscriminator;
  if (adversarial && (!discriminatorA || !discriminatorB)) {
    throw new ConfigError(`Objective '${objective.id}' needs discriminators, but discriminatorA and discriminatorB were not both given.`);
  }
  if (discriminatorB) checkCompatible(generatorAB, discriminatorB);
  if (discriminatorA) checkCompatible(generatorBA, discriminatorA);

  const N = CYCLE_NETWORKS;
  const models: Record<string, Network> = { [N.generatorAB]: generatorAB, [N.generatorBA]: generatorBA };
  if (adversarial && discriminatorA && discriminatorB) {
    models[N.discriminatorA] = discriminatorA;
    models[N.discriminatorB] = discriminatorB;
  }

  const phaseOf = (name: string): string =>
    name === 'discriminator' ? CYCLE_PHASES.discriminators : name === 'generator' ? CYCLE_PHASES.generators : name;
  const makePhase = (name: string, updates: string[], repeat: number, judged: [string, string]): Phase => {
    const pair = pairTerms.filter((r) => r.phases.includes(name));
    const own = regularizers.filter((r) => r.phases.some((p) => phaseOf(p) === name));
    const isD = name === CYCLE_PHASES.discriminators;
    return {
      name,
      updates,
      repeat,
      sources: [objective.id, ...pair.map((r) => r.id), ...own.map((r) => r.id)],
      loss(base) {
        checkBatch(base, generatorAB);
        const { ab, ba } = directions(base, parts);
        let total: tf.Scalar = tf.scalar(0);
        const add = (term: tf.Scalar, weight = 1) => {
          total = tf.add(total, weight === 1 ? term : tf.mul(term, weight));
        };
        for (const [ctx, network] of [[ab, judged[0]], [ba, judged[1]]] as const) {
          // (The discriminators phase exists only for objectives with a D; G's loss always applies.)
          const main = isD ? objective.discriminatorLoss(ctx) : objective.generatorLoss(ctx);
          base.log(`${network}/${shortId(objective.id)}`, main);
          add(main);
          for (const r of own) {
            const p = r.penalty(ctx);
            base.log(`${network}/${shortId(r.id)}`, p);
            add(p, r.weight);
          }
        }
        for (const r of pair) {
          const p = r.penalty(ab);
          base.log(`${name}/${shortId(r.id)}`, p);
          add(p, r.weight);
        }
        return total;
      },
    };
  };

  const phases: Phase[] = [];
  if (adversarial) {
    phases.push(makePhase(CYCLE_PHASES.discriminators, [N.discriminatorA, N.discriminatorB], discriminatorSteps, [N.discriminatorB, N.discriminatorA]));
  }
  phases.push(makePhase(CYCLE_PHASES.generators, [N.generatorAB, N.generatorBA], 1, [N.generatorAB, N.generatorBA]));

  for (const r of [...pairTerms, ...regularizers]) {
    for (const p of r.phases) {
      if (!phases.some((ph) => ph.name === (pairTerms.includes(r) ? p : phaseOf(p)))) {
        throw new ConfigError(
          `Regularizer '${r.id}' targets phase '${p}', which this game does not have (phases: ${phases.map((ph) => ph.name).join(', ')}).`,
        );
      }
    }
  }
  const constraints: Record<string, WeightConstraint[]> = {};
  for (const c of parts.constraints ?? []) {
    for (const target of c.targets) {
      if (!models[target]) {
        throw new ConfigError(
          `Constraint '${c.id}' targets '${target}', which is not a network of this game (networks: ${Object.keys(models).join(', ')}).`,
        );
      }
      (constraints[target] ??= []).push(c);
    }
  }
  const stateful: Record<string, Stateful> = {};
  for (const component of [...pairTerms, ...regularizers]) {
    if (component.getState && component.setState) stateful[component.id] = component as Stateful;
  }
  return {
    models,
    phases,
    constraints,
    stateful,
    sampler: generatorAB,
    afterStep: () => {},
  };
}

/** The two directions' contexts of one phase repetition, sharing one set of translations. */
function directions(base: PhaseContext, parts: CycleGameParts): { ab: AdversarialContext; ba: AdversarialContext } {
  const t = translations(base, { generatorAB: CYCLE_NETWORKS.generatorAB, generatorBA: CYCLE_NETWORKS.generatorBA });
  return {
    ab: directionContext(base, { direction: 'AB', generator: parts.generatorAB, discriminator: parts.discriminatorB, fake: () => t.fakeB }),
    ba: directionContext(base, { direction: 'BA', generator: parts.generatorBA, discriminator: parts.discriminatorA, fake: () => t.fakeA }),
  };
}

/** G_second must accept what G_first makes, and give back what G_first takes. */
function checkRoundTrip(first: Generator, second: Generator): void {
  const same = (p: readonly number[], q: readonly number[]) => p.length === q.length && p.every((v, i) => v === q[i]);
  if (!same(first.outputShape, second.sourceShape!) || !same(second.outputShape, first.sourceShape!)) {
    throw new ShapeMismatchError(
      `Generators '${first.name}' ([${first.sourceShape!.join(', ')}] → [${first.outputShape.join(', ')}]) and '${second.name}' ` +
        `([${second.sourceShape!.join(', ')}] → [${second.outputShape.join(', ')}]) do not make a round trip: each must take what the other makes.`,
    );
  }
}

/** The batch must hold x (domain B) and source (domain A) of the generators' shapes. */
function checkBatch(base: PhaseContext, generatorAB: Generator): void {
  const { x, source } = base.batch;
  const fits = (t: tf.Tensor, shape: readonly number[]) => t.rank === shape.length + 1 && shape.every((v, i) => t.shape[i + 1] === v);
  if (!source) {
    throw new ConfigError('A CycleGAN game needs unpaired batches with `source` (domain A) and `x` (domain B); this data set gives no source.');
  }
  if (!fits(source, generatorAB.sourceShape!) || !fits(x, generatorAB.outputShape)) {
    throw new ShapeMismatchError(
      `The data's source images are [${source.shape.slice(1).join(', ')}] and targets [${x.shape.slice(1).join(', ')}], but generator ` +
        `'${generatorAB.name}' maps [${generatorAB.sourceShape!.join(', ')}] → [${generatorAB.outputShape.join(', ')}].`,
    );
  }
}
