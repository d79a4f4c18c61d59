/**
 * `@gantry/metric-convergence` — BEGAN's global convergence measure
 * M_global = L(x) + |γ·L(x) − L(G(z))| (Berthelot et al. 2017, https://arxiv.org/abs/1703.10717).
 *
 * @packageDocumentation
 */
export { convergenceMeasure } from './functional.js';
export { ConvergenceMetric } from './convergence-metric.js';
export type { ConvergenceMetricOptions } from './convergence-metric.js';
export { convergencePlugin } from './plugin.js';
