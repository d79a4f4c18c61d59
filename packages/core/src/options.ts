import { ConfigError } from './errors.js';

/*
 * Reading and checking the plain (JSON) options a component's `create` receives.
 *
 * Options come from config files, so every value is `unknown` until checked, and a
 * mistake must fail at build time with a {@link ConfigError} that names the component,
 * the option, the offending value and what is allowed, instead of silently falling
 * back to a default. All messages share one shape:
 *
 * - `Option 'width' of generator 'dcgan' must be a whole number ≥ 1, got 1.5.`
 * - `Unknown option 'widht' (value 4) for generator 'dcgan'. Allowed options: size, width.`
 * - `Options of generator 'dcgan' must be an object, got 'big'.`
 *
 * `component` is always how the message names the component, chosen by the caller,
 * e.g. `"objective 'minimax'"` or, for a plain function, its name (`'clipWeights'`).
 *
 * @example
 * ```ts
 * const o = checkKeys("regularizer 'dragan'", options, ['lambda', 'c', 'interpolate']);
 * const lambda = numberOption("regularizer 'dragan'", o, 'lambda', 10, { min: 0 });
 * const c = numberOption("regularizer 'dragan'", o, 'c', 0.5, { above: 0 });
 * const interpolate = boolOption("regularizer 'dragan'", o, 'interpolate', true);
 * ```
 */

/** Options after {@link checkKeys}: a plain object whose values are still unchecked. */
export type OptionRecord = Readonly<Record<string, unknown>>;

/**
 * Bounds of a numeric option. Every bound is optional; the value must always be finite
 * (JSON has no NaN or ±Infinity, so they only come from code and are always a mistake).
 */
export interface NumberRule {
  /** Smallest allowed value, inclusive (`≥ min`). */
  readonly min?: number;
  /** Largest allowed value, inclusive (`≤ max`). */
  readonly max?: number;
  /** Exclusive lower bound (`> above`), e.g. `0` for a strictly positive scale. */
  readonly above?: number;
  /** Exclusive upper bound (`< below`), e.g. `1` for a probability that must stay below 1. */
  readonly below?: number;
  /** Require a whole number (sizes, counts, iterations). */
  readonly integer?: boolean;
  /** Why the bounds exist, appended to the requirement, e.g. `'(the clip value)'`. */
  readonly hint?: string;
}

/** Bounds of each element of a numeric list option, plus its length. */
export interface NumberArrayRule extends NumberRule {
  /** Fewest elements allowed; default 0 (an empty list is allowed). */
  readonly minLength?: number;
}

/**
 * A short, unambiguous rendering of a value for error messages: strings quoted
 * (`'l3'`, so `'1'` is told from `1`), numbers as JavaScript prints them (`NaN`,
 * `Infinity`, which JSON would turn into `null`), objects and arrays as JSON.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      // Cycles (and other values JSON refuses) still get a rendering.
      return String(value);
    }
  }
  return String(value);
}

/**
 * The error for an option whose value breaks a rule, in the shared wording:
 * `Option '<key>' of <component> must be <requirement>, got <value>.`
 * Use it for package-specific checks so they read like the built-in ones.
 *
 * @param requirement what is allowed, phrased to follow "must be", e.g. `'a non-empty array of network names'`.
 */
export function optionError(component: string, key: string, requirement: string, value: unknown): ConfigError {
  return new ConfigError(`Option '${key}' of ${component} must be ${requirement}, got ${show(value)}.`);
}

/**
 * Checks that `options` is a plain object whose keys are all in `allowed`, and returns
 * it. `undefined` and `null` mean "no options" and give `{}`.
 *
 * @throws ConfigError if `options` is not an object (or is an array), or has a key
 *   outside `allowed` (a typo such as `lamda` must not silently leave the default in place).
 */
export function checkKeys(component: string, options: unknown, allowed: readonly string[]): OptionRecord {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`Options of ${component} must be an object, got ${show(options)}.`);
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(
        `Unknown option '${key}' (value ${show(record[key])}) for ${component}. ` +
          (allowed.length > 0 ? `Allowed options: ${allowed.join(', ')}.` : 'It takes no options.'),
      );
    }
  }
  return record;
}

/** The rule in words, e.g. `a whole number ≥ 1` or `a finite number in [0, 1)`. */
export function describeNumber(rule: NumberRule = {}): string {
  return `${rule.integer ? 'a whole number' : 'a finite number'}${describeBounds(rule)}${rule.hint ? ` ${rule.hint}` : ''}`;
}

/** The bounds alone, e.g. ` ≥ 1` or ` in [0, 1)`; empty when unbounded. */
function describeBounds(rule: NumberRule): string {
  const low = rule.above !== undefined ? { open: true, at: rule.above } : rule.min !== undefined ? { open: false, at: rule.min } : undefined;
  const high = rule.below !== undefined ? { open: true, at: rule.below } : rule.max !== undefined ? { open: false, at: rule.max } : undefined;
  if (low && high) return ` in ${low.open ? '(' : '['}${low.at}, ${high.at}${high.open ? ')' : ']'}`;
  if (low) return ` ${low.open ? '>' : '≥'} ${low.at}`;
  if (high) return ` ${high.open ? '<' : '≤'} ${high.at}`;
  return '';
}

function meets(value: unknown, rule: NumberRule): value is number {
  return (
    typeof value === 'number' &&
    (rule.integer ? Number.isInteger(value) : Number.isFinite(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max) &&
    (rule.above === undefined || value > rule.above) &&
    (rule.below === undefined || value < rule.below)
  );
}

/**
 * Checks a number that is already in hand (a function argument, or an option read
 * with a default by the caller) against `rule`, and returns it.
 *
 * @throws ConfigError naming `component`, `key`, the value and the rule.
 */
export function checkNumber(component: string, key: string, value: unknown, rule: NumberRule = {}): number {
  if (!meets(value, rule)) throw optionError(component, key, describeNumber(rule), value);
  return value;
}

/**
 * `options[key]` as a finite number within `rule`, or `fallback` when the key is absent.
 * `null` is not "absent": it is rejected like any other non-number.
 */
export function numberOption(
  component: string,
  options: OptionRecord,
  key: string,
  fallback: number,
  rule: NumberRule = {},
): number {
  const value = options[key];
  return value === undefined ? fallback : checkNumber(component, key, value, rule);
}

/** `options[key]` as a whole number within `rule` (e.g. `{ min: 1 }` for sizes), or `fallback` when absent. */
export function intOption(
  component: string,
  options: OptionRecord,
  key: string,
  fallback: number,
  rule: NumberRule = {},
): number {
  return numberOption(component, options, key, fallback, { ...rule, integer: true });
}

/** `options[key]` as a boolean (`true`/`false` only, not `'yes'` or `1`), or `fallback` when absent. */
export function boolOption(component: string, options: OptionRecord, key: string, fallback: boolean): boolean {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw optionError(component, key, 'true or false', value);
  return value;
}

/**
 * Checks that a value already in hand is one of `allowed` (compared with `===`), and returns it.
 *
 * @throws ConfigError listing every allowed value.
 */
export function checkEnum<T extends string | number>(component: string, key: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw optionError(component, key, `one of ${allowed.map((a) => show(a)).join(', ')}`, value);
  }
  return value as T;
}

/** `options[key]` as one of `allowed` (strings or numbers), or `fallback` when absent. */
export function enumOption<T extends string | number>(
  component: string,
  options: OptionRecord,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = options[key];
  return value === undefined ? fallback : checkEnum(component, key, value, allowed);
}

/** `options[key]` as a non-empty string (names, ids), or `fallback` when absent. */
export function stringOption(component: string, options: OptionRecord, key: string, fallback: string): string {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) throw optionError(component, key, 'a non-empty string', value);
  return value;
}

/**
 * Checks that a value already in hand is an array of numbers, each within `rule`, with at
 * least `rule.minLength` elements; returns a frozen copy, so later edits of the caller's
 * array cannot change a built component.
 *
 * @throws ConfigError naming `component`, `key`, the value and the rule.
 */
export function checkNumberArray(component: string, key: string, value: unknown, rule: NumberArrayRule = {}): readonly number[] {
  const minLength = rule.minLength ?? 0;
  if (!Array.isArray(value) || value.length < minLength || !value.every((v) => meets(v, rule))) {
    const size = minLength > 0 ? (minLength === 1 ? 'a non-empty list of' : `a list of at least ${minLength}`) : 'a list of';
    const kind = rule.integer ? 'whole numbers' : 'finite numbers';
    throw optionError(component, key, `${size} ${kind}${describeBounds(rule)}${rule.hint ? ` ${rule.hint}` : ''}`, value);
  }
  return Object.freeze([...(value as number[])]);
}

/** `options[key]` checked by {@link checkNumberArray} (a frozen copy), or `fallback` when absent. */
export function numberArrayOption(
  component: string,
  options: OptionRecord,
  key: string,
  fallback: readonly number[],
  rule: NumberArrayRule = {},
): readonly number[] {
  const value = options[key];
  return value === undefined ? fallback : checkNumberArray(component, key, value, rule);
}
