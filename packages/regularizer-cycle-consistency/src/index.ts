/**
 * `@gantry/regularizer-cycle-consistency` — the cycle-consistency and identity losses
 * of CycleGAN (Zhu et al. 2017) and DualGAN (Yi et al. 2017) for Gantry.
 *
 * @packageDocumentation
 */
export { cycleConsistencyLoss, identityLoss, meanAbsoluteError } from './functional.js';
export { CYCLE_LOG_KEYS, CycleConsistency, DEFAULT_CYCLE_LAMBDA } from './cycle-consistency.js';
export { DEFAULT_IDENTITY_LAMBDA, IDENTITY_LOG_KEYS, IDENTITY_RATIO, IdentityMapping } from './identity-mapping.js';
export { DEFAULT_PHASES, readTranslationLossOptions } from './options.js';
export type { ResolvedTranslationLossOptions, TranslationLossOptions } from './options.js';
export { DEFAULT_TRANSLATORS, translations } from './translations.js';
export type { Translations, TranslatorNames } from './translations.js';
export { cycleConsistencyPlugin } from './plugin.js';
