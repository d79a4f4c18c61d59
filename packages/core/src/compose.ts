import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { Callback } from './callback.js';
import type { CheckpointStore } from './checkpoint.js';
import type { Collective } from './collective.js';
import type { Dataset } from './data.js';
import { ConfigError, ShapeMismatchError } from './errors.js';
import { adversarialGame, type Game } from './game.js';
import type { Discriminator, Generator } from './network.js';
import {
  findProvider,
  registerPlugins,
  type BuildEnvironment,
  type ComponentKind,
  type ComponentKinds,
  type PluginUse,
} from './plugin.js';
import { probeRun } from './probe.js';
import { deriveSeed } from './rng.js';
import type { Json } from './state.js';
import { TOKENS } from './tokens.js';
import { resolveTrainerOptions, Trainer, type TrainerOptions } from './trainer.js';

/** A component chosen by name, with plain-data options: `'hinge'` or `{ name: 'dcgan', options: { size: 32 } }`. */
export type ComponentRef = string | { readonly name: string; readonly options?: Record<string, unknown> };

/** A component by reference, or an instance built in code. */
export type ComponentInput<K extends ComponentKind> = ComponentRef | ComponentKinds[K];

/**
 * What to build: a GAN described as plain data (storable in configs and
 * checkpoints), or with instances mixed in for code users.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan', objective: 'non-saturating' },
 *   { plugins: [mnistPlugin, dcganPlugin, minimaxPlugin] },
 * );
 * await gan.fit();
 * ```
 */
export interface GanSpec {
  readonly data?: ComponentInput<'dataset'>;
  readonly generator?: ComponentInput<'generator'>;
  readonly discriminator?: ComponentInput<'discriminator'>;
  readonly objective?: ComponentInput<'objective'>;
  readonly regularizers?: ReadonlyArray<ComponentInput<'regularizer'>>;
  readonly constraints?: ReadonlyArray<ComponentInput<'constraint'>>;
  readonly metrics?: ReadonlyArray<ComponentInput<'metric'>>;
  /** A game provided by a plugin (CycleGAN); replaces generator/discriminator/objective. */
  readonly game?: ComponentRef;
  /** Discriminator updates per generator update (n_critic). */
  readonly discriminatorSteps?: number;
  readonly training?: Partial<TrainerOptions>;
}

/** Everything besides the spec. */
export interface CreateGanOptions {
  /** Plugins to register in the run's container (ours and third parties' alike). */
  readonly plugins?: readonly PluginUse[];
  /** Parent container; the run gets a child of it. Default: tsyringe's root container. */
  readonly container?: DependencyContainer;
  readonly callbacks?: readonly Callback[];
  readonly checkpoints?: CheckpointStore;
  /**
   * Train data-parallel as one replica of a group (see `@gantry/parallel`): the
   * trainer takes its shard of every batch and averages gradients with the others.
   * Default: none (also settable by registering `TOKENS.Collective` in `container`).
   */
  readonly collective?: Collective;
}

/** A composed run: its container, game, data and trainer. */
export interface Gan {
  readonly container: DependencyContainer;
  readonly game: Game;
  readonly dataset: Dataset;
  readonly trainer: Trainer;
  /** Trains to `training.steps`, resuming from the newest checkpoint if there is one. */
  fit(): Promise<{ step: number; reason: 'completed' | 'stopped' }>;
  /** Frees every tensor the run owns (networks, optimizer slots, data). */
  dispose(): void;
}

/** Builds a component from a reference (or passes an instance through). */
export async function buildComponent<K extends ComponentKind>(
  container: DependencyContainer,
  kind: K,
  input: ComponentInput<K>,
  env: BuildEnvironment,
): Promise<ComponentKinds[K]> {
  if (typeof input === 'string') return findProvider(container, kind, input).create({}, env);
  if (isRef(input)) return findProvider(container, kind, input.name).create({ ...(input.options ?? {}) }, env);
  return input as ComponentKinds[K];
}

/**
 * Composes a GAN in a child container: registers the plugins, builds each
 * component from its provider, checks that the pieces fit (data shape, G output,
 * D input), registers the run's parts under core's tokens and resolves the
 * {@link Trainer}.
 */
export async function createGan(spec: GanSpec, options: CreateGanOptions = {}): Promise<Gan> {
  const container = (options.container ?? rootContainer).createChildContainer();
  registerPlugins(container, options.plugins ?? []);
  const training = resolveTrainerOptions({
    ...spec.training,
    ...(isPlainData(spec) && spec.training?.spec === undefined ? { spec: spec as unknown as Json } : {}),
  });
  const seed = training.seed;
  const env = (purpose: string, extra: Partial<BuildEnvironment> = {}): BuildEnvironment => ({
    seed: deriveSeed(seed, 'build', purpose),
    container,
    ...extra,
  });

  if (!spec.data) throw new ConfigError('The spec has no data: set `data` (e.g. "mnist") to a data set a plugin provides.');
  const dataset = await buildComponent(container, 'dataset', spec.data, env('data'));
  if (!(dataset.size > 0)) throw new ConfigError(`Data set '${dataset.name}' is empty.`);
  const shapes = { sampleShape: dataset.sampleShape, ...(dataset.numClasses ? { numClasses: dataset.numClasses } : {}) };

  let game: Game;
  if (spec.game) {
    game = await buildComponent(container, 'game', spec.game, env('game', shapes));
  } else {
    if (!spec.generator) throw new ConfigError('The spec has no generator: set `generator` (e.g. "dcgan").');
    if (!spec.objective) throw new ConfigError('The spec has no objective: set `objective` (e.g. "non-saturating").');
    const generator: Generator = await buildComponent(container, 'generator', spec.generator, env('generator', shapes));
    const discriminator: Discriminator | undefined = spec.discriminator
      ? await buildComponent(container, 'discriminator', spec.discriminator, env('discriminator', shapes))
      : undefined;
    const objective = await buildComponent(container, 'objective', spec.objective, env('objective', shapes));
    const regularizers = await Promise.all(
      (spec.regularizers ?? []).map((r, i) => buildComponent(container, 'regularizer', r, env(`regularizer${i}`, shapes))),
    );
    const constraints = await Promise.all(
      (spec.constraints ?? []).map((c, i) => buildComponent(container, 'constraint', c, env(`constraint${i}`, shapes))),
    );
    const target = discriminator?.inputShape ?? generator.outputShape;
    if (!sameShape(dataset.sampleShape, target)) {
      throw new ShapeMismatchError(
        `Data set '${dataset.name}' has samples of shape [${dataset.sampleShape.join(', ')}], but ` +
          `${discriminator ? `discriminator '${discriminator.name}' expects` : `generator '${generator.name}' makes`} ` +
          `[${target.join(', ')}].`,
      );
    }
    game = adversarialGame({
      generator,
      ...(discriminator ? { discriminator } : {}),
      objective,
      regularizers,
      constraints,
      discriminatorSteps: spec.discriminatorSteps ?? 1,
    });
    // After the declared shapes agree (adversarialGame checks them), check what the parts really produce.
    probeRun(dataset, generator, discriminator);
  }
  const metrics = await Promise.all((spec.metrics ?? []).map((m, i) => buildComponent(container, 'metric', m, env(`metric${i}`, shapes))));

  container.register(TOKENS.Game, { useValue: game });
  container.register(TOKENS.Dataset, { useValue: dataset });
  container.register(TOKENS.TrainerOptions, { useValue: training });
  container.register(TOKENS.Callbacks, { useValue: [...(options.callbacks ?? [])] });
  container.register(TOKENS.Metrics, { useValue: metrics });
  // tsyringe treats `useValue: null` as no provider, so an absent store is a factory result.
  container.register(TOKENS.CheckpointStore, { useFactory: () => options.checkpoints ?? null });
  if (options.collective) container.register(TOKENS.Collective, { useValue: options.collective });
  else if (!container.isRegistered(TOKENS.Collective, true)) container.register(TOKENS.Collective, { useFactory: () => null });
  const trainer = container.resolve(Trainer);

  return {
    container,
    game,
    dataset,
    trainer,
    async fit() {
      await trainer.resume();
      return trainer.fit();
    },
    dispose() {
      trainer.dispose();
      for (const net of Object.values(game.models)) net.dispose();
      dataset.dispose?.();
      container.clearInstances();
    },
  };
}

function isRef(value: unknown): value is Exclude<ComponentRef, string> {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string' &&
    Object.keys(value).every((k) => k === 'name' || k === 'options');
}

function isPlainData(spec: GanSpec): boolean {
  const refs = [spec.data, spec.generator, spec.discriminator, spec.objective, ...(spec.regularizers ?? []), ...(spec.constraints ?? []), ...(spec.metrics ?? [])];
  return refs.every((r) => r === undefined || typeof r === 'string' || isRef(r));
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
