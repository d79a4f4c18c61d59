/**
 * Per-kernel, per-shape profile of one DCGAN-28 wasm step (dev tool):
 * `pnpm exec tsx --conditions=@gantry/source packages/kernels/bench/profile-shapes.ts [top]`
 */
import * as tf from '@tensorflow/tfjs-core';
import { buildDcgan, dcganStep } from './dcgan-step.js';
import { registerGantryKernels, unregisterGantryKernels } from '../src/index.js';
import type { RegisterOptions } from '../src/index.js';

/** Profile one step and group kernel time by name + input shapes. */
export async function profileShapes(options: RegisterOptions = {}, batch = 64): Promise<{ wallMs: number; rows: { key: string; calls: number; ms: number }[] }> {
  await tf.setBackend('wasm');
  await tf.ready();
  unregisterGantryKernels('wasm');
  registerGantryKernels('wasm', options);
  const gan = buildDcgan();
  const real = tf.tidy(() => tf.tanh(tf.randomNormal([batch, 28, 28, 1])) as tf.Tensor4D);
  try {
    dcganStep(gan, real); dcganStep(gan, real);
    // Time kernels by process CPU time (user + system) rather than wall clock, so other
    // jobs sharing the cores do not inflate the numbers (wasm runs on this one thread).
    const backend = tf.backend() as unknown as { time(f: () => void): Promise<{ kernelMs: number }> };
    const wallTime = backend.time;
    backend.time = async (f) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); return { kernelMs: (c.user + c.system) / 1000 }; };
    const t0 = performance.now();
    let info: Awaited<ReturnType<typeof tf.profile>>;
    try {
      info = await tf.profile(() => { dcganStep(gan, real); });
    } finally {
      backend.time = wallTime;
    }
    const wallMs = performance.now() - t0;
    const m = new Map<string, { calls: number; ms: number }>();
    for (const k of info.kernels) {
      if (k.name.endsWith('__op')) continue;
      const key = `${k.name} ${JSON.stringify(k.inputShapes)}→${JSON.stringify(k.outputShapes)}`;
      const e = m.get(key) ?? { calls: 0, ms: 0 };
      e.calls++; e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      m.set(key, e);
    }
    return { wallMs, rows: [...m.entries()].map(([key, e]) => ({ key, ...e })).sort((a, b) => b.ms - a.ms) };
  } finally {
    real.dispose(); gan.dispose(); unregisterGantryKernels('wasm');
  }
}

const isMain = typeof process !== 'undefined' && process.argv[1] != null && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const top = Number(process.argv[2] ?? 40);
  const { wallMs, rows } = await profileShapes();
  console.log(`wall ${wallMs.toFixed(0)} ms; kernel CPU-time sum ${rows.reduce((a, r) => a + r.ms, 0).toFixed(0)} ms`);
  for (const r of rows.slice(0, top)) console.log(`${r.ms.toFixed(1).padStart(7)} ms ${String(r.calls).padStart(4)}×  ${r.key}`);
  const byName = new Map<string, { calls: number; ms: number }>();
  for (const r of rows) {
    const name = r.key.split(' ')[0];
    const e = byName.get(name) ?? { calls: 0, ms: 0 };
    e.calls += r.calls; e.ms += r.ms;
    byName.set(name, e);
  }
  console.log('\nby kernel:');
  for (const [name, e] of [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
    console.log(`${e.ms.toFixed(1).padStart(7)} ms ${String(e.calls).padStart(4)}×  ${name}`);
  }
}
