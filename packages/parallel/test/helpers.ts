import type { GanSpec, TrainingState } from '@gantry/core';

/** Plugin modules of the tests (every thread imports them). */
export const PLUGINS = ['@gantry/arch-dcgan', '@gantry/arch-mlp', '@gantry/loss-minimax', new URL('./fixtures/test-plugins.ts', import.meta.url)];

/** A tiny DCGAN (width 4, z ∈ ℝ⁸) on 256 synthetic 28×28 images: BN in G and D, fast on the cpu backend. */
export function tinyDcgan(training: GanSpec['training'], extra: Partial<GanSpec> = {}): GanSpec {
  return {
    data: 'striped-images',
    generator: { name: 'dcgan', options: { width: 4, latentDim: 8 } },
    discriminator: { name: 'dcgan', options: { width: 4 } },
    objective: 'non-saturating',
    ...extra,
    training: { batchSize: 8, seed: 3, ...training },
  };
}

/** Every saved array of a state, by network / optimizer and index. */
export function arrays(state: TrainingState): Map<string, Float32Array | Int32Array> {
  const out = new Map<string, Float32Array | Int32Array>();
  for (const [net, vars] of Object.entries(state.models)) vars.forEach((v, i) => out.set(`model ${net} ${i}`, v.data));
  for (const [net, slots] of Object.entries(state.optimizers)) slots.forEach((v, i) => out.set(`optimizer ${net} ${i} ${v.name}`, v.data));
  return out;
}

/** Names of the arrays whose bits differ between two states (empty: bit-identical). */
export function bitDifferences(a: TrainingState, b: TrainingState): string[] {
  const x = arrays(a);
  const y = arrays(b);
  const out: string[] = [];
  if (x.size !== y.size) out.push(`${x.size} vs ${y.size} arrays`);
  for (const [k, v] of x) {
    const w = y.get(k);
    if (!w || !Buffer.from(v.buffer, v.byteOffset, v.byteLength).equals(Buffer.from(w.buffer, w.byteOffset, w.byteLength))) out.push(k);
  }
  return out;
}

/** Resolves when `read()` is true (polling), or rejects after `ms`. */
export async function until(read: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!read()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
