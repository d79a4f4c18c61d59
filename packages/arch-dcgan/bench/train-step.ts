/**
 * DCGAN-28 training step through Gantry's trainer (wasm + Gantry kernels):
 * ms per step as process CPU time and wall time (medians after 2 warm-ups), and
 * the per-kernel profile of one step (`tf.profile`, kernel times as CPU time).
 *
 * Run: `pnpm exec tsx --conditions=@gantry/source packages/arch-dcgan/bench/train-step.ts [steps] [--profile]`
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@gantry/backend';
import { createGan } from '@gantry/core';
import { dcganPlugin } from '@gantry/arch-dcgan';
import { mnistPlugin } from '@gantry/data-mnist';
import { minimaxPlugin } from '@gantry/loss-minimax';
import { loadavg } from 'node:os';

const steps = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 10);
const profile = process.argv.includes('--profile');
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

await selectBackend('wasm');
const gan = await createGan(
  { data: 'mnist', generator: 'dcgan', discriminator: 'dcgan', objective: 'non-saturating', training: { batchSize: 64, seed: 0 } },
  { plugins: [mnistPlugin, dcganPlugin, minimaxPlugin] },
);
for (let i = 0; i < 2; i++) gan.trainer.trainStep();
const cpu: number[] = [];
const wall: number[] = [];
const tensors0 = tf.memory().numTensors;
for (let i = 0; i < steps; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  gan.trainer.trainStep();
  wall.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
console.log(
  `backend ${tf.getBackend()}, ${steps} steps: CPU median ${median(cpu).toFixed(0)} ms (min ${Math.min(...cpu).toFixed(0)}), ` +
    `wall median ${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)}); load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ` +
    `tensors Δ ${tf.memory().numTensors - tensors0}`,
);
console.log(`CPU ms: ${cpu.map((c) => c.toFixed(0)).join(' ')}`);

if (profile) {
  const be = tf.backend() as unknown as { time(f: () => void): Promise<{ kernelMs: number }> };
  const wallTime = be.time;
  be.time = async (f) => {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    return { kernelMs: (c.user + c.system) / 1000 };
  };
  const info = await tf.profile(() => void gan.trainer.trainStep());
  be.time = wallTime;
  const rows = new Map<string, { calls: number; ms: number; shapes: Map<string, number> }>();
  for (const k of info.kernels) {
    if (k.name.endsWith('__op')) continue; // customGrad scopes wrap kernels listed on their own
    const e = rows.get(k.name) ?? { calls: 0, ms: 0, shapes: new Map() };
    e.calls++;
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const key = `${k.inputShapes.map((s) => `[${s}]`).join(',')}→${k.outputShapes.map((s) => `[${s}]`).join(',')}`;
    e.shapes.set(key, (e.shapes.get(key) ?? 0) + 1);
    rows.set(k.name, e);
  }
  const total = [...rows.values()].reduce((a, b) => a + b.ms, 0);
  console.log(`\nprofiled step: kernel sum ${total.toFixed(0)} ms`);
  for (const [name, e] of [...rows.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16)) {
    console.log(`${name.padEnd(22)} ${String(e.calls).padStart(4)} ${e.ms.toFixed(1).padStart(7)} ms`);
    if (/Conv|MatMul/.test(name)) for (const [s, n] of e.shapes) console.log(`    ${n}× ${s}`);
  }
}
gan.dispose();
