import { ConfigError, type DependencyContainer, resolveAllInChain, show, UnknownComponentError } from '@gantry/core';
import { isDivergence, type Divergence } from './divergence.js';
import { BUILTIN_DIVERGENCES } from './divergences.js';

/**
 * Container token under which user divergences are registered (one registration per
 * divergence). A `Symbol.for` key, so two copies of this package agree on it.
 */
export const DIVERGENCE_TOKEN: unique symbol = Symbol.for('@gantry/loss-fgan/Divergence') as never;

/**
 * Registers a user {@link Divergence} in a container, from a plugin's `register`:
 * the f-GAN objective built in that container (or a child) then accepts
 * `divergence: divergence.name`. A name of a built-in divergence is refused, so a
 * config always means the same thing for the built-in names.
 *
 * @example
 * ```ts
 * export const myDivergencePlugin: Plugin = {
 *   name: 'my-divergence',
 *   register: (container) => provideDivergence(container, halfPearson),
 * };
 * ```
 */
export function provideDivergence(container: DependencyContainer, divergence: Divergence): void {
  if (!isDivergence(divergence)) {
    throw new ConfigError(
      `provideDivergence needs a divergence made by defineDivergence({ name, activation, conjugate, f }), got ${show(divergence)}.`,
    );
  }
  if (Object.hasOwn(BUILTIN_DIVERGENCES, divergence.name)) {
    throw new ConfigError(
      `Divergence '${divergence.name}' is built into @gantry/loss-fgan; give yours another name.`,
    );
  }
  container.register(DIVERGENCE_TOKEN, { useValue: divergence });
}

/** The divergences registered with {@link provideDivergence} in a container and its ancestors. */
export function registeredDivergences(container: DependencyContainer): Divergence[] {
  return resolveAllInChain<Divergence>(container, DIVERGENCE_TOKEN);
}

/**
 * Finds divergence `name` among the built-ins and `extra` (user divergences). Unknown
 * names throw an {@link UnknownComponentError} listing the known ones; a name given
 * twice by different divergences throws a {@link ConfigError}.
 */
export function findDivergence(name: string, extra: readonly Divergence[] = []): Divergence {
  const candidates = extra.filter((d) => d.name === name);
  if (new Set(candidates).size > 1) {
    throw new ConfigError(`Divergence '${name}' is registered more than once with different definitions; register it once.`);
  }
  const found = BUILTIN_DIVERGENCES[name] ?? candidates[0];
  if (!found) {
    const known = [...new Set([...Object.keys(BUILTIN_DIVERGENCES), ...extra.map((d) => d.name)])].sort();
    throw new UnknownComponentError('divergence', name, known);
  }
  return found;
}
