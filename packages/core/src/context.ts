import type * as tf from '@tensorflow/tfjs-core';
import type { Shard } from './collective.js';
import type { Batch } from './data.js';
import type {
  Discriminator,
  DiscriminatorOutput,
  Generator,
  GeneratorInput,
  Network,
} from './network.js';

/**
 * What every phase of a game sees while its loss is computed (inside the
 * trainer's `tf.tidy` and gradient tape).
 */
export interface PhaseContext {
  /** Global step, counted from 0. */
  readonly step: number;
  /** Name of the running phase (e.g. `'discriminator'`). */
  readonly phase: string;
  /** Which repetition of the phase this is (0 … repeat−1, e.g. WGAN's n_critic). */
  readonly repeat: number;
  /** The real batch of this phase repetition, drawn on first access. */
  readonly batch: Batch;
  /** All networks of the game by name. */
  readonly models: Readonly<Record<string, Network>>;
  /**
   * A seed for one purpose (`'z'`, `'epsilon'`, ...) that depends only on the run
   * seed, the step, the phase, the repetition and the purpose: reruns and resumed
   * runs draw the same numbers.
   */
  seed(purpose: string): number;
  /** Records a scalar to log for this step under `name`; read once per step. */
  log(name: string, value: tf.Scalar): void;
  /**
   * In data-parallel training, this replica's rows of the global batch (`batch` holds
   * only these). Absent otherwise.
   */
  readonly shard?: Shard;
  /**
   * Per-sample random values for this phase's batch that do not depend on how the batch
   * is split over replicas: `draw(n, seed)` for the whole global batch, this replica's
   * rows returned. Call it through {@link drawPerSample}. (In data-parallel training
   * {@link seed} gives each replica its own stream, so per-sample draws made with it are
   * independent across replicas but differ from a single-replica run's.)
   */
  perSample?<T extends tf.Tensor>(purpose: string, draw: (n: number, seed: number) => T): T;
}

/**
 * Draws per-sample random values (latent codes, interpolation weights …) for the batch
 * of `ctx`: `draw(n, ctx.seed(purpose))` with n the batch size — or, in data-parallel
 * training, the rows of this replica's shard of a draw for the whole global batch, so
 * that N replicas draw together exactly what one would.
 */
export function drawPerSample<T extends tf.Tensor>(ctx: PhaseContext, purpose: string, draw: (n: number, seed: number) => T): T {
  return ctx.perSample ? ctx.perSample(purpose, draw) : draw(ctx.batch.x.shape[0], ctx.seed(purpose));
}

/**
 * The view of one generator/discriminator pair that objectives and regularizers
 * compute on. Values are computed on first use and memoised, so an objective and
 * a penalty that both need D(G(z)) share one forward pass.
 */
export interface AdversarialContext extends PhaseContext {
  readonly generator: Generator;
  /** Absent in generator-only games (MMD-GAN with a fixed kernel). */
  readonly discriminator: Discriminator | undefined;
  /** Real samples x, the batch's `x`. */
  readonly real: tf.Tensor;
  /** The latent codes z ~ p(z) of this phase. */
  readonly z: tf.Tensor;
  /** G(z) (with the batch's condition). */
  readonly fake: tf.Tensor;
  /** D(x). */
  readonly dReal: DiscriminatorOutput;
  /** D(G(z)). */
  readonly dFake: DiscriminatorOutput;
  /** D on any input, with this batch's condition (interpolates, perturbations). */
  discriminate(x: tf.Tensor): DiscriminatorOutput;
  /** G on any latent code, with this batch's condition. */
  generate(z: tf.Tensor): tf.Tensor;
}

/** Builds an {@link AdversarialContext} over a phase context and one G/D pair. */
export function adversarialContext(
  base: PhaseContext,
  generator: Generator,
  discriminator: Discriminator | undefined,
): AdversarialContext {
  const memo = new Map<string, unknown>();
  const once = <T>(key: string, compute: () => T): T => {
    if (!memo.has(key)) memo.set(key, compute());
    return memo.get(key) as T;
  };
  const condition = (): Omit<GeneratorInput, 'z'> => {
    const { labels, source } = base.batch;
    return { ...(labels ? { labels } : {}), ...(source ? { source } : {}) };
  };
  const needD = (): Discriminator => {
    if (!discriminator) {
      throw new Error(
        `Phase '${base.phase}' asked for a discriminator output, but this game has no discriminator.`,
      );
    }
    return discriminator;
  };
  const ctx: AdversarialContext = {
    get step() {
      return base.step;
    },
    get phase() {
      return base.phase;
    },
    get repeat() {
      return base.repeat;
    },
    get batch() {
      return base.batch;
    },
    get models() {
      return base.models;
    },
    seed: (purpose) => base.seed(purpose),
    log: (name, value) => base.log(name, value),
    get shard() {
      return base.shard;
    },
    ...(base.perSample ? { perSample: base.perSample } : {}),
    generator,
    discriminator,
    get real() {
      return base.batch.x;
    },
    get z() {
      return once('z', () => drawPerSample(base, 'z', (n, seed) => generator.prior.sample(n, seed)));
    },
    get fake() {
      return once('fake', () => ctx.generate(ctx.z));
    },
    get dReal() {
      return once('dReal', () => ctx.discriminate(ctx.real));
    },
    get dFake() {
      return once('dFake', () => ctx.discriminate(ctx.fake));
    },
    discriminate: (x) => needD().apply({ x, ...condition() }, { training: true }),
    generate: (z) => generator.apply({ z, ...condition() }, { training: true }),
  };
  return ctx;
}
