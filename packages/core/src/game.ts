import * as tf from '@tensorflow/tfjs-core';
import type { WeightConstraint } from './constraint.js';
import { adversarialContext, type PhaseContext } from './context.js';
import { ConfigError, ShapeMismatchError } from './errors.js';
import type { Discriminator, Generator, Network } from './network.js';
import type { Objective } from './objective.js';
import type { Regularizer } from './regularizer.js';
import type { Stateful } from './state.js';

/**
 * One update phase of a game: a loss over named networks, minimised over the
 * variables of the networks in `updates`, repeated `repeat` times per step (each
 * repetition on a fresh batch).
 */
export interface Phase {
  readonly name: string;
  /** Names (keys of {@link Game.models}) of the networks this phase updates. */
  readonly updates: readonly string[];
  /** Repetitions per step, e.g. n_critic = 5 for WGAN's critic. */
  readonly repeat: number;
  /** Ids of the components whose terms make up the loss (named in errors). */
  readonly sources: readonly string[];
  /** The scalar loss; runs under the trainer's tidy and gradient tape. */
  loss(ctx: PhaseContext): tf.Scalar;
}

/**
 * What a trainer trains: named networks and an ordered list of phases. The classic
 * GAN ({@link adversarialGame}) is a two-network, two-phase game; CycleGAN is a
 * four-network game; MMD-GAN with a fixed kernel is a one-network game.
 */
export interface Game {
  readonly models: Readonly<Record<string, Network>>;
  readonly phases: readonly Phase[];
  /** Projections applied after a network is updated, by network name. */
  readonly constraints: Readonly<Record<string, readonly WeightConstraint[]>>;
  /** Components whose non-tensor state is checkpointed, by stable id. */
  readonly stateful: Readonly<Record<string, Stateful>>;
  /** The generator used for samples and metrics. */
  readonly sampler: Generator;
  /** Called after every step with its logs (drives stateful objectives). */
  afterStep(logs: Readonly<Record<string, number>>): void;
}

/** Parts of the standard one-generator, one-discriminator game. */
export interface AdversarialGameParts {
  readonly generator: Generator;
  readonly discriminator?: Discriminator;
  readonly objective: Objective;
  readonly regularizers?: readonly Regularizer[];
  readonly constraints?: readonly WeightConstraint[];
  /** Discriminator updates per generator update (n_critic). Default 1. */
  readonly discriminatorSteps?: number;
}

/**
 * The standard GAN game for any objective: a discriminator phase minimising
 * L_D + Σ λ_i R_i over D's variables (`discriminatorSteps` times), then a
 * generator phase minimising L_G + Σ λ_j R_j over G's variables
 * (Goodfellow et al. 2014, Algorithm 1). With an objective that needs no
 * discriminator only the generator phase runs.
 */
export function adversarialGame(parts: AdversarialGameParts): Game {
  const { generator, discriminator, objective } = parts;
  const regularizers = parts.regularizers ?? [];
  const discriminatorSteps = parts.discriminatorSteps ?? 1;
  if (!Number.isInteger(discriminatorSteps) || discriminatorSteps < 1) {
    throw new ConfigError(`discriminatorSteps must be a whole number ≥ 1, got ${discriminatorSteps}.`);
  }
  if (objective.requiresDiscriminator && !discriminator) {
    throw new ConfigError(`Objective '${objective.id}' needs a discriminator, but none was given.`);
  }
  if (discriminator) checkCompatible(generator, discriminator);

  const models: Record<string, Network> = { generator };
  if (discriminator) models.discriminator = discriminator;
  const phaseTerms = (phase: string) => regularizers.filter((r) => r.phases.includes(phase));
  const makePhase = (name: 'discriminator' | 'generator', repeat: number): Phase => {
    const terms = phaseTerms(name);
    return {
      name,
      updates: [name],
      repeat,
      sources: [objective.id, ...terms.map((r) => r.id)],
      loss(base) {
        const ctx = adversarialContext(base, generator, discriminator);
        const main =
          name === 'discriminator' ? objective.discriminatorLoss(ctx) : objective.generatorLoss(ctx);
        base.log(`${name}/${shortId(objective.id)}`, main);
        let total: tf.Scalar = main;
        for (const r of terms) {
          const p = r.penalty(ctx);
          base.log(`${name}/${shortId(r.id)}`, p);
          total = tf.add(total, tf.mul(p, r.weight));
        }
        return total;
      },
    };
  };
  const phases: Phase[] = [];
  if (discriminator && objective.requiresDiscriminator) phases.push(makePhase('discriminator', discriminatorSteps));
  phases.push(makePhase('generator', 1));

  for (const r of regularizers) {
    for (const p of r.phases) {
      if (!phases.some((ph) => ph.name === p)) {
        throw new ConfigError(`Regularizer '${r.id}' targets phase '${p}', which this game does not have.`);
      }
    }
  }
  const constraints: Record<string, WeightConstraint[]> = {};
  for (const c of parts.constraints ?? []) {
    for (const target of c.targets) {
      if (!models[target]) {
        throw new ConfigError(`Constraint '${c.id}' targets '${target}', which is not a network of this game.`);
      }
      (constraints[target] ??= []).push(c);
    }
  }
  const stateful: Record<string, Stateful> = {};
  for (const component of [objective, ...regularizers]) {
    if (component.getState && component.setState) stateful[component.id] = component as Stateful;
  }
  return {
    models,
    phases,
    constraints,
    stateful,
    sampler: generator,
    afterStep: (logs) => objective.afterStep?.(logs),
  };
}

/** Throws a {@link ShapeMismatchError} when G's samples cannot be fed to D. */
export function checkCompatible(generator: Generator, discriminator: Discriminator): void {
  const g = generator.outputShape;
  const d = discriminator.inputShape;
  if (g.length !== d.length || g.some((v, i) => v !== d[i])) {
    throw new ShapeMismatchError(
      `Generator '${generator.name}' outputs samples of shape [${g.join(', ')}], but discriminator ` +
        `'${discriminator.name}' expects [${d.join(', ')}]. Build both for the same image size and channels.`,
    );
  }
}

/** `'@gantry/loss-minimax>NonSaturating'` → `'NonSaturating'`, for log keys. */
export function shortId(id: string): string {
  const i = id.lastIndexOf('>');
  return i >= 0 ? id.slice(i + 1) : id;
}
