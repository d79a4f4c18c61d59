import {
  buildComponent,
  ConfigError,
  createGan,
  deriveSeed,
  registerPlugins,
  resolveTrainerOptions,
  rootContainer,
  type Collective,
  type CreateGanOptions,
  type Dataset,
  type Gan,
  type GanSpec,
  type Json,
  type Plugin,
} from '@gantry/core';
import { PrefetchingDataset, type PrefetchLink } from './prefetch.js';

/** How one replica's run is built (the same on every thread). */
export interface ReplicaBuild {
  readonly spec: GanSpec;
  readonly plugins: readonly Plugin<any>[];
  readonly collective?: Collective;
  /**
   * Build the data set here wrapped in a {@link PrefetchingDataset}: connected to the
   * data thread through this link, or `'later'` (connect it with `prefetcher.connect`).
   */
  readonly data?: PrefetchLink | 'later';
  readonly timeoutMs?: number;
  readonly gan?: Omit<CreateGanOptions, 'plugins' | 'collective'>;
}

/**
 * Builds this thread's replica of the run: `createGan` of the plain spec with the
 * collective, and — with prefetching — the data set built here (as `createGan` would:
 * same plugins, same derived seed) wrapped in a {@link PrefetchingDataset}. The spec
 * stored in checkpoints stays the plain one.
 */
export async function buildReplica(build: ReplicaBuild): Promise<{ gan: Gan; prefetcher?: PrefetchingDataset }> {
  const { spec } = build;
  let data: GanSpec['data'] = spec.data;
  let prefetcher: PrefetchingDataset | undefined;
  if (build.data) {
    if (!spec.data) throw new ConfigError('The spec has no data: set `data` (e.g. "mnist") to a data set a plugin provides.');
    const seed = resolveTrainerOptions(spec.training).seed;
    const container = (build.gan?.container ?? rootContainer).createChildContainer();
    registerPlugins(container, build.plugins);
    const inner: Dataset = await buildComponent(container, 'dataset', spec.data, { seed: deriveSeed(seed, 'build', 'data'), container });
    prefetcher = new PrefetchingDataset(inner, build.data === 'later' ? undefined : build.data, build.timeoutMs);
    data = prefetcher;
  }
  const gan = await createGan(
    { ...spec, data, training: { ...spec.training, spec: spec.training?.spec ?? (spec as unknown as Json) } },
    { ...build.gan, plugins: build.plugins, ...(build.collective ? { collective: build.collective } : {}) },
  );
  return { gan, ...(prefetcher ? { prefetcher } : {}) };
}

/** Throws a {@link ConfigError} unless `spec` is plain data (what worker threads can rebuild). */
export function assertPlainSpec(spec: GanSpec): void {
  const visit = (value: unknown, path: string): void => {
    if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) return;
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${path}[${i}]`));
    const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
    if (typeof value === 'object' && (proto === Object.prototype || proto === null)) {
      for (const [k, v] of Object.entries(value as object)) visit(v, path ? `${path}.${k}` : k);
      return;
    }
    throw new ConfigError(
      `Data-parallel training rebuilds the GAN in each worker thread from its plain-data spec, but spec.${path} is ` +
        `${typeof value === 'object' ? 'an instance' : `a ${typeof value}`}. Refer to components by name ({ name, options }) and pass their plugins' modules.`,
    );
  };
  visit(spec, '');
}
