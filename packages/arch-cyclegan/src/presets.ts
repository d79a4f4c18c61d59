import {
  buildComponent,
  checkKeys,
  ConfigError,
  deriveSeed,
  intOption,
  numberOption,
  optionError,
  type BuildEnvironment,
  type ComponentKind,
  type ComponentRef,
  type Discriminator,
  type Game,
  type Network,
  type OptionRecord,
  type Regularizer,
  type WeightConstraint,
} from '@gantry/core';
import { CycleConsistency, IdentityMapping } from '@gantry/regularizer-cycle-consistency';
import { CYCLE_NETWORKS, CYCLE_PHASES, cycleGame } from './game.js';

/** Options of the `cyclegan` and `dualgan` games (plain data, e.g. from `--game cyclegan:lambda=10`). */
export interface CycleGanGameOptions {
  /** The adversarial objective, by name from the registered plugins. cyclegan: `'least-squares'`; dualgan: `'wasserstein'`. */
  readonly objective?: ComponentRef;
  /** Both generators, by name. Default `'cyclegan'` (dualgan: `{ name: 'cyclegan', options: { dropout: 0.5 } }`). */
  readonly generator?: ComponentRef;
  /** Both discriminators, by name. Default `'cyclegan'` (the PatchGAN). */
  readonly discriminator?: ComponentRef;
  /** Cycle weight λ_cyc ≥ 0. cyclegan: 10 (Zhu et al.); dualgan: 100 (λ_U = λ_V, Yi et al.). */
  readonly lambda?: number;
  /** Identity weight as a fraction of λ_cyc: λ_id = identity · λ_cyc. cyclegan: 0.5 (the paper's); dualgan: 0. */
  readonly identity?: number;
  /** Extra regularizers by name, applied to each direction (e.g. a gradient penalty on both Ds). */
  readonly regularizers?: readonly ComponentRef[];
  /**
   * Weight constraints by name; their `targets` must name networks of the game. cyclegan: none;
   * dualgan: weight clipping at c = 0.01 on both discriminators.
   */
  readonly constraints?: readonly ComponentRef[];
  /** Discriminator-phase repetitions per step. cyclegan: 1; dualgan: 2 (n_critic). */
  readonly discriminatorSteps?: number;
}

/** The defaults of one game preset ({@link CYCLEGAN_DEFAULTS}, {@link DUALGAN_DEFAULTS}). */
export interface CycleGamePreset {
  readonly name: 'cyclegan' | 'dualgan';
  readonly objective: ComponentRef;
  readonly generator: ComponentRef;
  readonly discriminator: ComponentRef;
  readonly lambda: number;
  readonly identity: number;
  readonly constraints: readonly ComponentRef[];
  readonly discriminatorSteps: number;
}

/**
 * CycleGAN's settings (Zhu et al. 2017, https://arxiv.org/abs/1703.10593 §4, §7.1):
 * least-squares adversarial loss, λ_cyc = 10, λ_id = 0.5·λ_cyc, one D update per G
 * update. The paper trains with Adam(2·10⁻⁴, β₁ = 0.5), Gantry's default optimizer.
 */
export const CYCLEGAN_DEFAULTS: CycleGamePreset = {
  name: 'cyclegan',
  objective: 'least-squares',
  generator: 'cyclegan',
  discriminator: 'cyclegan',
  lambda: 10,
  identity: 0.5,
  constraints: [],
  discriminatorSteps: 1,
};

/** DualGAN's weight-clipping bound c = 0.01 (WGAN's; the paper uses c in [0.01, 0.1]). */
export const DUALGAN_CLIP = 0.01;

/**
 * DualGAN's settings (Yi et al. 2017, https://arxiv.org/abs/1704.02510 §3): the
 * Wasserstein objective with weight clipping (c = 0.01) on both critics, n_critic = 2
 * critic updates per generator update, reconstruction weight λ_U = λ_V = 100 (the
 * paper's range is [100, 1000]), no identity term, dropout 0.5 in the generators as
 * their noise z. The generator is our ResNet one with dropout in its residual blocks
 * (the paper's is a U-Net; pass `generator` to use another). Train with RMSProp as the
 * paper does — the optimizer belongs to the trainer, so pass it there:
 * `--optimizer rmsprop --lr 5e-5` on the CLI, or
 * `training: { optimizers: { '*': { name: 'rmsprop', learningRate: 5e-5 } } }` in a spec
 * (the authors' code: RMSProp, learning rate 5·10⁻⁵, decay 0.9 — core's default decay).
 */
export const DUALGAN_DEFAULTS: CycleGamePreset = {
  name: 'dualgan',
  objective: 'wasserstein',
  generator: { name: 'cyclegan', options: { dropout: 0.5 } },
  discriminator: 'cyclegan',
  lambda: 100,
  identity: 0,
  constraints: [{ name: 'weight-clipping', options: { c: DUALGAN_CLIP, targets: [CYCLE_NETWORKS.discriminatorA, CYCLE_NETWORKS.discriminatorB] } }],
  discriminatorSteps: 2,
};

const KEYS = ['objective', 'generator', 'discriminator', 'lambda', 'identity', 'regularizers', 'constraints', 'discriminatorSteps'];

/**
 * Builds the `cyclegan` (or, with {@link DUALGAN_DEFAULTS}, the `dualgan`) game from
 * plain options: the objective, networks, regularizers and constraints are built by
 * name from the plugins registered in `env.container` (so any registered objective,
 * image-to-image generator or discriminator works), the cycle and identity terms from
 * `@gantry/regularizer-cycle-consistency`. Each network gets its own seed derived from
 * `env.seed` and its name. The networks are sized by `env.sampleShape`; domains A and B
 * must have the same shape.
 *
 * @throws ConfigError on unknown keys, bad values, or names no registered plugin provides.
 */
export async function buildCycleGame(options: unknown, env: BuildEnvironment, preset: CycleGamePreset = CYCLEGAN_DEFAULTS): Promise<Game> {
  const component = `game '${preset.name}'`;
  const o = checkKeys(component, options, KEYS);
  const lambda = numberOption(component, o, 'lambda', preset.lambda, { min: 0 });
  const identity = numberOption(component, o, 'identity', preset.identity, { min: 0, hint: '(λ_id as a fraction of λ_cyc)' });
  const discriminatorSteps = intOption(component, o, 'discriminatorSteps', preset.discriminatorSteps, { min: 1 });
  const ref = (key: string, fallback: ComponentRef) => componentRef(component, o, key, fallback);
  const refs = (key: string, fallback: readonly ComponentRef[]) => componentRefs(component, o, key, fallback);
  if (!env.sampleShape) throw new ConfigError(`${component} needs the data's sample shape: build it with a data set.`);

  const build = <K extends ComponentKind>(kind: K, input: ComponentRef, purpose: string) =>
    buildComponent(env.container, kind, input, { ...env, seed: deriveSeed(env.seed, preset.name, purpose) });
  const objective = await build('objective', ref('objective', preset.objective), 'objective');
  const generatorRef = ref('generator', preset.generator);
  const generatorAB = named(await build('generator', generatorRef, CYCLE_NETWORKS.generatorAB), CYCLE_NETWORKS.generatorAB);
  const generatorBA = named(await build('generator', generatorRef, CYCLE_NETWORKS.generatorBA), CYCLE_NETWORKS.generatorBA);
  let discriminators: { discriminatorA: Discriminator; discriminatorB: Discriminator } | undefined;
  if (objective.requiresDiscriminator) {
    const discriminatorRef = ref('discriminator', preset.discriminator);
    discriminators = {
      discriminatorA: named(await build('discriminator', discriminatorRef, CYCLE_NETWORKS.discriminatorA), CYCLE_NETWORKS.discriminatorA),
      discriminatorB: named(await build('discriminator', discriminatorRef, CYCLE_NETWORKS.discriminatorB), CYCLE_NETWORKS.discriminatorB),
    };
  }
  const regularizers: Regularizer[] = [];
  for (const [i, r] of refs('regularizers', []).entries()) regularizers.push(await build('regularizer', r, `regularizer${i}`));
  const constraints: WeightConstraint[] = [];
  for (const [i, c] of refs('constraints', preset.constraints).entries()) constraints.push(await build('constraint', c, `constraint${i}`));

  const pairTerms: Regularizer[] = [new CycleConsistency({ lambda, phases: [CYCLE_PHASES.generators] })];
  // λ_id = 0 adds nothing; leaving the term out saves two generator passes per step.
  if (identity > 0) pairTerms.push(new IdentityMapping({ lambda: identity * lambda, phases: [CYCLE_PHASES.generators] }));
  return cycleGame({
    generatorAB,
    generatorBA,
    ...discriminators,
    objective,
    pairTerms,
    regularizers,
    constraints,
    discriminatorSteps,
  });
}

/**
 * The same network under another name (what errors and logs call it): a view that
 * forwards everything else to the network, so getters and methods behave as before.
 */
export function named<N extends Network>(network: N, name: string): N {
  if (network.name === name) return network;
  return new Proxy(network, { get: (target, key) => (key === 'name' ? name : Reflect.get(target, key, target)) });
}

function componentRef(component: string, o: OptionRecord, key: string, fallback: ComponentRef): ComponentRef {
  const value = o[key];
  if (value === undefined) return fallback;
  if (!isRef(value)) throw optionError(component, key, 'a component name or { name, options }', value);
  return value;
}

function componentRefs(component: string, o: OptionRecord, key: string, fallback: readonly ComponentRef[]): readonly ComponentRef[] {
  const value = o[key];
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || !value.every(isRef)) throw optionError(component, key, 'a list of component names or { name, options }', value);
  return value as ComponentRef[];
}

function isRef(value: unknown): value is ComponentRef {
  if (typeof value === 'string') return value.length > 0;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const r = value as { name?: unknown; options?: unknown };
  return (
    typeof r.name === 'string' &&
    r.name.length > 0 &&
    Object.keys(r).every((k) => k === 'name' || k === 'options') &&
    (r.options === undefined || (typeof r.options === 'object' && r.options !== null && !Array.isArray(r.options)))
  );
}
