/** The version of `@gantry/core` plugins are checked against. */
export const CORE_VERSION = '0.1.0';

/**
 * Whether `version` satisfies a range of the forms npm plugins use for peers:
 * `*`, `x.y.z`, `^x.y.z`, `~x.y.z`, `>=x.y.z`, or several joined by `||`.
 */
export function satisfies(version: string, range: string): boolean {
  return range.split('||').some((part) => satisfiesOne(parse(version), part.trim()));
}

function satisfiesOne(v: number[], range: string): boolean {
  if (range === '*' || range === '') return true;
  const op = /^(\^|~|>=)?/.exec(range)?.[1] ?? '';
  const r = parse(range.slice(op.length));
  const cmp = compare(v, r);
  if (op === '>=') return cmp >= 0;
  if (op === '') return cmp === 0;
  if (cmp < 0) return false;
  if (op === '~') return v[0] === r[0] && v[1] === r[1];
  // Caret: the left-most non-zero component must match.
  if (r[0] > 0) return v[0] === r[0];
  if (r[1] > 0) return v[0] === 0 && v[1] === r[1];
  return v[0] === 0 && v[1] === 0 && v[2] === r[2];
}

function parse(s: string): number[] {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(s.trim());
  if (!m) throw new Error(`Not a version: '${s}'`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
