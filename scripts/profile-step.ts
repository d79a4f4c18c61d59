/**
 * Dev tool (issue #9): per-kernel profile and paired A/B timing of a DCGAN-28 step through
 * Gantry's trainer on wasm, with kernel times as process CPU time (robust to other jobs).
 *
 *   pnpm exec tsx --conditions=@gantry/source scripts/profile-step.ts profile [--before] [rows]
 *   pnpm exec tsx --conditions=@gantry/source scripts/profile-step.ts ab [rounds]
 *
 * `--before` switches off this round's changes (Mean/Sum broadcast gradients, the cache of
 * derived sub-pixel filters) to reproduce the "before" profile. `ab` alternates the two
 * configurations step pair by step pair in one process, so load drifts hit both alike.
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@gantry/backend';
import { createGan } from '@gantry/core';
import { dcganPlugin } from '@gantry/arch-dcgan';
import { mnistPlugin } from '@gantry/data-mnist';
import { minimaxPlugin } from '@gantry/loss-minimax';
import {
  clearDerivedFilterCache, derivedFilterCacheSettings, installGradient, meanGradConfig, sumGradConfig, uninstallGradient,
} from '@gantry/kernels';

const cpuNow = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

function configure(before: boolean): void {
  clearDerivedFilterCache();
  derivedFilterCacheSettings.capacity = before ? 0 : 4;
  for (const g of [meanGradConfig, sumGradConfig]) (before ? uninstallGradient : installGradient)(g);
}

await selectBackend('wasm');
const gan = await createGan(
  { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan', objective: 'non-saturating', training: { batchSize: 64, seed: 0 } },
  { plugins: [mnistPlugin, dcganPlugin, minimaxPlugin] },
);
const mode = process.argv[2] ?? 'profile';
const num = Number(process.argv.slice(3).find((a) => /^\d+$/.test(a)) ?? (mode === 'ab' ? 6 : 30));

if (mode === 'ab') {
  const res: Record<'before' | 'after', number[]> = { before: [], after: [] };
  for (const k of ['before', 'after'] as const) { configure(k === 'before'); gan.trainer.trainStep(); gan.trainer.trainStep(); }
  for (let r = 0; r < num; r++) {
    for (const k of ['before', 'after'] as const) {
      configure(k === 'before');
      gan.trainer.trainStep();
      const c0 = cpuNow();
      gan.trainer.trainStep();
      gan.trainer.trainStep();
      res[k].push((cpuNow() - c0) / 2);
    }
  }
  for (const k of ['before', 'after'] as const) {
    console.log(`${k.padEnd(7)} CPU ms/step median ${median(res[k]).toFixed(0)}, min ${Math.min(...res[k]).toFixed(0)} (${res[k].map((x) => x.toFixed(0)).join(' ')})`);
  }
  const diffs = res.before.map((b, i) => b - res.after[i]);
  console.log(`paired difference before − after: median ${median(diffs).toFixed(0)} ms/step`);
} else {
  configure(process.argv.includes('--before'));
  for (let i = 0; i < 3; i++) gan.trainer.trainStep();
  const be = tf.backend() as unknown as { time(f: () => void): Promise<{ kernelMs: number }> };
  be.time = async (f) => { const c0 = cpuNow(); f(); return { kernelMs: cpuNow() - c0 }; };
  // Several profiled steps; each kernel's (and shape's) time is the median over the steps,
  // which keeps one step's share of a busy machine's noise out of the table.
  const profiled = Number(process.argv.find((a) => a.startsWith('--steps='))?.slice(8) ?? 5);
  const perStep: Map<string, { calls: number; ms: number }>[][] = [];
  const stepCpu: number[] = [];
  for (let s = 0; s < profiled; s++) {
    const c0 = cpuNow();
    const info = await tf.profile(() => void gan.trainer.trainStep());
    stepCpu.push(cpuNow() - c0);
    const names = new Map<string, { calls: number; ms: number }>();
    const shapes = new Map<string, { calls: number; ms: number }>();
    for (const k of info.kernels) {
      if (k.name.endsWith('__op')) continue; // customGrad scopes wrap kernels listed on their own
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      for (const [map, key] of [[names, k.name], [shapes, `${k.name} ${JSON.stringify(k.inputShapes)}→${JSON.stringify(k.outputShapes)}`]] as const) {
        const e = map.get(key) ?? { calls: 0, ms: 0 };
        e.calls++;
        e.ms += ms;
        map.set(key, e);
      }
    }
    perStep.push([names, shapes]);
  }
  const combine = (i: 0 | 1) => {
    const out = new Map<string, { calls: number; ms: number }>();
    for (const key of new Set(perStep.flatMap((m) => [...m[i].keys()]))) {
      out.set(key, { calls: perStep[0][i].get(key)?.calls ?? 0, ms: median(perStep.map((m) => m[i].get(key)?.ms ?? 0)) });
    }
    return out;
  };
  const byName = combine(0);
  const byShape = combine(1);
  console.log(`${profiled} profiled steps: CPU ms per step incl. profiler ${stepCpu.map((c) => c.toFixed(0)).join(' ')}; kernel times below are medians over the steps`);
  const total = [...byName.values()].reduce((a, e) => a + e.ms, 0);
  console.log(`sum of median kernel times ${total.toFixed(0)} ms`);
  console.log('| kernel | calls | CPU ms | % |\n|---|---:|---:|---:|');
  for (const [name, e] of [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16)) {
    console.log(`| ${name} | ${e.calls} | ${e.ms.toFixed(1)} | ${((100 * e.ms) / total).toFixed(1)} |`);
  }
  console.log('\nby shape:');
  for (const [key, e] of [...byShape.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, num)) {
    console.log(`${e.ms.toFixed(1).padStart(7)} ms ${String(e.calls).padStart(4)}×  ${key}`);
  }
}
gan.dispose();
