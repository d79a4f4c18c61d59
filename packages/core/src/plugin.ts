import type { DependencyContainer } from 'tsyringe';
import type { Callback } from './callback.js';
import type { WeightConstraint } from './constraint.js';
import type { Dataset } from './data.js';
import { ConfigError, GantryError, UnknownComponentError } from './errors.js';
import type { Game } from './game.js';
import type { Metric } from './metric.js';
import type { Discriminator, Generator } from './network.js';
import type { Objective } from './objective.js';
import type { Regularizer } from './regularizer.js';
import { TOKENS } from './tokens.js';
import { CORE_VERSION, satisfies } from './version.js';

/**
 * A Gantry plugin: a name and a `register` function that contributes providers to
 * a container. Ours and third parties' are the same kind of value and are
 * registered the same way, by {@link registerPlugins} — core has no list of them.
 *
 * @example
 * ```ts
 * export const myPlugin: Plugin = {
 *   name: 'gantry-plugin-example',
 *   core: '^0.1.0',
 *   register(container) {
 *     provide(container, { kind: 'objective', name: 'my-loss', create: () => new MyLoss() });
 *   },
 * };
 * ```
 */
export interface Plugin<Options = never> {
  /** Package-style name, unique among registered plugins. */
  readonly name: string;
  /** Range of `@gantry/core` versions the plugin was built for (checked at registration). */
  readonly core?: string;
  /** Contributes providers (and anything else) to the container. */
  register(container: DependencyContainer, options?: Options): void;
}

/** A plugin, or a `[plugin, options]` pair (options are handed to `register`). */
export type PluginUse = Plugin<any> | readonly [Plugin<any>, unknown];

/** Everything a provider's `create` may need to size and seed what it builds. */
export interface BuildEnvironment {
  /** Seed for weight initialisation and any other randomness at build time. */
  readonly seed: number;
  /** Shape of one real sample (without the batch axis), when data is known. */
  readonly sampleShape?: readonly number[];
  /** Number of classes of the data, when it has labels. */
  readonly numClasses?: number;
  /** The container of the run, to resolve anything else a plugin registered. */
  readonly container: DependencyContainer;
}

/** What each kind of provider builds. */
export interface ComponentKinds {
  objective: Objective;
  regularizer: Regularizer;
  metric: Metric;
  constraint: WeightConstraint;
  callback: Callback;
  generator: Generator;
  discriminator: Discriminator;
  dataset: Dataset;
  game: Game;
}

/** A kind of component a plugin can provide. */
export type ComponentKind = keyof ComponentKinds;

/**
 * A named factory: how a plugin makes its component available to configs and the
 * CLI (`--objective non-saturating`).
 */
export interface ComponentProvider<K extends ComponentKind = ComponentKind> {
  readonly kind: K;
  /** The name users select it by, e.g. `'non-saturating'`. Unique per kind. */
  readonly name: string;
  /** One line for `gantry list` and error messages. */
  readonly description?: string;
  /** Builds the component from plain (JSON) options. */
  create(options: Record<string, unknown>, env: BuildEnvironment): ComponentKinds[K] | Promise<ComponentKinds[K]>;
}

/** Registers a provider in a container (call it from `Plugin.register`). */
export function provide<K extends ComponentKind>(container: DependencyContainer, provider: ComponentProvider<K>): void {
  container.register(TOKENS.Provider, { useValue: provider });
}

/**
 * Registers plugins in a container, checking the core version each declares and
 * that no two plugins provide the same kind and name.
 */
export function registerPlugins(container: DependencyContainer, plugins: readonly PluginUse[]): void {
  const seen = new Set(resolveAllInChain<string>(container, TOKENS.PluginName));
  for (const use of plugins) {
    const [plugin, options] = Array.isArray(use) ? (use as [Plugin<any>, unknown]) : [use as Plugin<any>, undefined];
    if (!plugin || typeof plugin.register !== 'function' || typeof plugin.name !== 'string') {
      throw new ConfigError(
        `Not a Gantry plugin: ${describe(plugin)}. A plugin is a value { name, register(container, options) }.`,
      );
    }
    if (seen.has(plugin.name)) continue; // registering the same plugin twice is harmless
    if (plugin.core && !satisfies(CORE_VERSION, plugin.core)) {
      throw new GantryError(
        'INCOMPATIBLE_PLUGIN',
        `Plugin '${plugin.name}' was built for @gantry/core ${plugin.core}, but this is @gantry/core ${CORE_VERSION}. ` +
          `Install a version of '${plugin.name}' made for core ${CORE_VERSION}.`,
      );
    }
    const before = providers(container).length;
    plugin.register(container, options as never);
    container.register(TOKENS.PluginName, { useValue: plugin.name });
    seen.add(plugin.name);
    checkUnique(providers(container), plugin.name, before);
  }
}

/** All providers registered in a container (and its ancestors). */
export function providers(container: DependencyContainer): ComponentProvider[] {
  return resolveAllInChain<ComponentProvider>(container, TOKENS.Provider);
}

/** Finds the provider of `kind` named `name`, or throws an error listing the known names. */
export function findProvider<K extends ComponentKind>(
  container: DependencyContainer,
  kind: K,
  name: string,
): ComponentProvider<K> {
  const ofKind = providers(container).filter((p): p is ComponentProvider<K> => p.kind === kind);
  const found = ofKind.find((p) => p.name === name);
  if (!found) throw new UnknownComponentError(kind, name, ofKind.map((p) => p.name).sort());
  return found;
}

function checkUnique(all: ComponentProvider[], pluginName: string, firstNew: number): void {
  for (let i = firstNew; i < all.length; i++) {
    const clash = all.findIndex((p, j) => j !== i && p.kind === all[i].kind && p.name === all[i].name);
    if (clash >= 0 && clash < firstNew) {
      throw new GantryError(
        'DUPLICATE_PROVIDER',
        `Plugin '${pluginName}' provides ${all[i].kind} '${all[i].name}', which another registered plugin already provides. ` +
          'Register only one of them, or rename one.',
      );
    }
  }
}

/**
 * Every value registered under a multi-valued `token` in a container and its
 * ancestors, ancestors first. (tsyringe's own `resolveAll` on a child container hides
 * the parent's registrations of the same token.) Plugins with registries of their
 * own use it too.
 */
export function resolveAllInChain<T>(container: DependencyContainer, token: symbol): T[] {
  const out: T[] = [];
  for (let c: DependencyContainer | undefined = container; c; c = (c as unknown as { parent?: DependencyContainer }).parent) {
    if (c.isRegistered(token, false)) out.unshift(...c.resolveAll<T>(token));
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `an object with keys [${Object.keys(value).join(', ')}]`;
  return `${typeof value} ${String(value)}`;
}
