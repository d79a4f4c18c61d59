import { checkKeys, numberOption, optionError, stringOption, type OptionRecord } from '@gantry/core';
import { DEFAULT_TRANSLATORS, type TranslatorNames } from './translations.js';

/** Options shared by {@link CycleConsistency} and {@link IdentityMapping}. */
export interface TranslationLossOptions {
  /** The weight λ ≥ 0. Defaults: 10 for the cycle loss, 5 (= 0.5 · 10) for the identity loss. */
  readonly lambda?: number;
  /** Name of G_AB (A = `batch.source` → B = `batch.x`) in the game's networks. Default `'generatorAB'`. */
  readonly generatorAB?: string;
  /** Name of G_BA in the game's networks. Default `'generatorBA'`. */
  readonly generatorBA?: string;
  /** Phases whose loss the term is added to. Default `['generators']` (the CycleGAN game's G phase). */
  readonly phases?: readonly string[];
}

/** Checked options: weight, generator names and phases. */
export interface ResolvedTranslationLossOptions {
  readonly weight: number;
  readonly names: TranslatorNames;
  readonly phases: readonly string[];
}

/** The default phase: the generator phase of `@gantry/arch-cyclegan`'s games. */
export const DEFAULT_PHASES: readonly string[] = ['generators'];

/** Reads and checks {@link TranslationLossOptions}; `component` names the regularizer in errors. */
export function readTranslationLossOptions(component: string, options: unknown, defaultLambda: number): ResolvedTranslationLossOptions {
  const o: OptionRecord = checkKeys(component, options, ['lambda', 'generatorAB', 'generatorBA', 'phases']);
  const weight = numberOption(component, o, 'lambda', defaultLambda, { min: 0 });
  const names = {
    generatorAB: stringOption(component, o, 'generatorAB', DEFAULT_TRANSLATORS.generatorAB),
    generatorBA: stringOption(component, o, 'generatorBA', DEFAULT_TRANSLATORS.generatorBA),
  };
  if (names.generatorAB === names.generatorBA) {
    throw optionError(component, 'generatorBA', `a different network than generatorAB ('${names.generatorAB}')`, names.generatorBA);
  }
  const phases = o.phases ?? DEFAULT_PHASES;
  if (!Array.isArray(phases) || phases.length === 0 || !phases.every((p) => typeof p === 'string' && p.length > 0)) {
    throw optionError(component, 'phases', 'a non-empty list of phase names (e.g. ["generators"])', phases);
  }
  return { weight, names, phases: Object.freeze([...(phases as string[])]) };
}
