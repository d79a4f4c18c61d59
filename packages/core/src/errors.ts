/**
 * Base class of every error Gantry throws on purpose. `code` is stable and machine
 * readable; the message names the offending value and, where possible, a fix.
 */
export class GantryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GantryError';
  }
}

/** A name that no registered plugin provides (an unknown objective, architecture, ...). */
export class UnknownComponentError extends GantryError {
  constructor(
    readonly kind: string,
    readonly requested: string,
    readonly known: readonly string[],
  ) {
    const hint = closest(requested, known);
    super(
      'UNKNOWN_COMPONENT',
      `Unknown ${kind} '${requested}'.` +
        (hint ? ` Did you mean '${hint}'?` : '') +
        (known.length
          ? ` Known ${kind}s: ${known.join(', ')}.`
          : ` No ${kind} is registered: add the plugin that provides it (e.g. plugins: [thePlugin]).`),
    );
  }
}

/** Inputs, options or data that are not what a component needs. */
export class ConfigError extends GantryError {
  constructor(message: string) {
    super('CONFIG', message);
  }
}

/** A generator whose output cannot be fed to a discriminator (or similar model mismatch). */
export class ShapeMismatchError extends GantryError {
  constructor(message: string) {
    super('SHAPE_MISMATCH', message);
  }
}

/** A loss or gradient became NaN or ±Inf; the update was not applied. */
export class NonFiniteError extends GantryError {
  constructor(
    readonly step: number,
    readonly phase: string,
    readonly quantity: string,
    readonly value: number,
    readonly sources: readonly string[],
  ) {
    super(
      'NON_FINITE',
      `Non-finite ${quantity} (${value}) at step ${step} in phase '${phase}'` +
        (sources.length ? ` (loss terms from: ${sources.join(', ')})` : '') +
        '. The update was not applied; the last good checkpoint is kept. ' +
        'Lower the learning rate, check the data range, or set onNonFinite: "skip".',
    );
  }
}

/** A checkpoint that is missing, truncated, corrupt or from another model. */
export class CheckpointError extends GantryError {
  constructor(message: string) {
    super('CHECKPOINT', message);
  }
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
