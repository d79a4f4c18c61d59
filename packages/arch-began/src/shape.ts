import { boolOption, enumOption, intOption } from '@gantry/core';
import { DEFAULT_CONVS_PER_BLOCK, DEFAULT_FILTERS, type BeganShape } from './architecture.js';
import { resolveImageShape, type BeganEnvironment } from './options.js';

/** Resolves the shared shape options (size, channels, filters, convsPerBlock, skip, output). */
export function resolveBeganShape(component: string, options: Record<string, unknown>, env: BeganEnvironment): BeganShape {
  const { size, channels } = resolveImageShape(component, options, env);
  return {
    size,
    channels,
    filters: intOption(component, options, 'filters', DEFAULT_FILTERS, { min: 1 }),
    convsPerBlock: intOption(component, options, 'convsPerBlock', DEFAULT_CONVS_PER_BLOCK, { min: 1 }),
    skip: boolOption(component, options, 'skip', false),
    output: enumOption(component, options, 'output', ['linear', 'tanh'] as const, 'linear'),
  };
}
