import { dcganPlugin } from '@gantry/arch-dcgan';
import { mlpPlugin } from '@gantry/arch-mlp';
import { ConfigError, type Plugin, type PluginUse } from '@gantry/core';
import { mnistPlugin } from '@gantry/data-mnist';
import { toyDataPlugin } from '@gantry/data-toy';
import { minimaxPlugin } from '@gantry/loss-minimax';
import { inceptionScorePlugin } from '@gantry/metric-inception-score';
import { fidPlugin } from '@gantry/metric-fid';
import { mmdPlugin as mmdMetricPlugin } from '@gantry/metric-mmd';
import { spectralNormPlugin } from '@gantry/plugin-spectral-norm';
import { beganArchPlugin } from '@gantry/arch-began';
import { beganLossPlugin } from '@gantry/loss-began';
import { convergencePlugin } from '@gantry/metric-convergence';
import { wassersteinPlugin } from '@gantry/loss-wasserstein';
import { leastSquaresPlugin } from '@gantry/loss-least-squares';
import { hingePlugin } from '@gantry/loss-hinge';
import { lossSensitivePlugin } from '@gantry/loss-sensitive';
import { ebganPlugin } from '@gantry/loss-ebgan';
import { fganPlugin } from '@gantry/loss-fgan';
import { mmdPlugin } from '@gantry/loss-mmd';
import { modeCoveragePlugin } from '@gantry/metric-mode-coverage';
import { gradientPenaltyPlugin } from '@gantry/regularizer-gradient-penalty';
import { translationDataPlugin } from '@gantry/data-translation';
import { pix2pixPlugin } from '@gantry/arch-pix2pix';
import { l1Plugin } from '@gantry/regularizer-l1';
import { featureMatchingPlugin } from '@gantry/regularizer-feature-matching';
import { infoganArchPlugin } from '@gantry/arch-infogan';
import { mutualInformationPlugin } from '@gantry/regularizer-mutual-information';
import { conditionalArchPlugin } from '@gantry/arch-conditional';
import { modeSeekingPlugin } from '@gantry/regularizer-mode-seeking';
import { conditionalMetricsPlugin } from '@gantry/metric-inception-score';
import { cycleganPlugin } from '@gantry/arch-cyclegan';
import { cycleConsistencyPlugin } from '@gantry/regularizer-cycle-consistency';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';

/**
 * The plugins the CLI ships with. They are registered exactly like the ones a
 * user adds with `--plugin`: through `registerPlugins` in the run's container.
 */
export const BUILTIN_PLUGINS: readonly Plugin<any>[] = [
  mnistPlugin,
  toyDataPlugin,
  dcganPlugin,
  mlpPlugin,
  minimaxPlugin,
  wassersteinPlugin,
  leastSquaresPlugin,
  hingePlugin,
  lossSensitivePlugin,
  ebganPlugin,
  fganPlugin,
  mmdPlugin,
  modeCoveragePlugin,
  gradientPenaltyPlugin,
  spectralNormPlugin,
  beganArchPlugin,
  beganLossPlugin,
  convergencePlugin,
  inceptionScorePlugin,
  fidPlugin,
  mmdMetricPlugin,
  translationDataPlugin,
  pix2pixPlugin,
  l1Plugin,
  featureMatchingPlugin,
  infoganArchPlugin,
  mutualInformationPlugin,
  conditionalArchPlugin,
  modeSeekingPlugin,
  conditionalMetricsPlugin,
  cycleganPlugin,
  cycleConsistencyPlugin,
];

/**
 * The URL of this module, which exports {@link BUILTIN_PLUGINS}: data-parallel worker
 * threads import it to register the same plugins.
 */
export const BUILTIN_PLUGINS_MODULE: string = import.meta.url;

/**
 * Loads third-party plugins from module specifiers or file paths. A module may
 * export its plugin as `default`, as `plugin`, or as any named export that is a
 * plugin value.
 */
export async function loadPlugins(specifiers: readonly string[]): Promise<PluginUse[]> {
  const out: PluginUse[] = [];
  for (const spec of specifiers) {
    // Paths are relative to the working directory; anything else is a package name.
    const isPath = spec.startsWith('.') || spec.startsWith('/') || existsSync(spec);
    const target = isPath ? pathToFileURL(resolve(spec)).href : spec;
    let mod: Record<string, unknown>;
    try {
      mod = (await import(target)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`Cannot load plugin '${spec}': ${(error as Error).message.split('\n')[0]}. Install it or give a path to its module.`);
    }
    const found = Object.values(mod).filter(isPlugin);
    if (found.length === 0) throw new ConfigError(`Module '${spec}' exports no Gantry plugin (a value { name, register(container, options) }).`);
    out.push(...new Set(found));
  }
  return out;
}

function isPlugin(value: unknown): value is Plugin<any> {
  return typeof value === 'object' && value !== null && typeof (value as Plugin).name === 'string' && typeof (value as Plugin).register === 'function';
}
