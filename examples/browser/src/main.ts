// tsyringe (inside @gantry/core) needs the Reflect metadata polyfill before it is evaluated.
import 'reflect-metadata';
// Registers the layers' ops and the gradients training needs.
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_CHOICES, selectBrowserBackend, type BackendChoice } from './backend.js';
import { createRingGan, DEFAULT_RUN, type RingRun } from './gan.js';
import { drawScatter, VIEW_RANGE } from './plot.js';

/** What the page reports on `window.gantry` (read by the browser test). */
export interface GantryStatus {
  /** tfjs's active backend, once chosen. */
  backend: string | null;
  /** Backends tried before it, with why they were not used. */
  skipped: string[];
  step: number;
  totalSteps: number;
  done: boolean;
  /** Losses of the last step. */
  losses: { discriminator: number; generator: number } | null;
  /** Losses of every step so far: `history[i]` is step i + 1's. */
  history: Array<{ discriminator: number; generator: number }>;
  /** The generated samples last drawn, `[x, y]` in data coordinates. */
  samples: Array<[number, number]>;
  /** Step at which `samples` were drawn, and how many draws so far. */
  drawnAtStep: number;
  draws: number;
  stepsPerSecond: number;
  /** tfjs tensors alive after the first step (optimizer slots exist from then on) and now: equal unless something leaks. */
  tensors: { afterFirstStep: number; now: number };
  /** Milliseconds from navigation until the run was built and training began. */
  readyMs: number;
  /** Data coordinates spanned by the canvas on both axes. */
  view: { range: readonly [number, number] };
  run: RingRun;
  error: string | null;
}

declare global {
  interface Window {
    gantry: GantryStatus;
  }
}

const SAMPLE_COUNT = 512;
const REAL_COUNT = 1024;
/** Train this long between yields to the browser so the page stays responsive. */
const SLICE_MS = 40;

const query = new URLSearchParams(location.search);
const num = (key: string, fallback: number) => (query.has(key) ? Number(query.get(key)) : fallback);
const choice = (query.get('backend') ?? 'auto') as BackendChoice;
const drawEvery = Math.max(1, num('every', 20));
const run: RingRun = {
  steps: num('steps', DEFAULT_RUN.steps),
  batchSize: num('batch', DEFAULT_RUN.batchSize),
  hidden: query.has('hidden') ? query.get('hidden')!.split(',').map(Number) : DEFAULT_RUN.hidden,
  learningRate: num('lr', DEFAULT_RUN.learningRate),
  seed: num('seed', DEFAULT_RUN.seed),
};

const status: GantryStatus = {
  backend: null,
  skipped: [],
  step: 0,
  totalSteps: run.steps,
  done: false,
  losses: null,
  history: [],
  samples: [],
  drawnAtStep: -1,
  draws: 0,
  stepsPerSecond: 0,
  tensors: { afterFirstStep: 0, now: 0 },
  readyMs: 0,
  view: { range: VIEW_RANGE },
  run,
  error: null,
};
window.gantry = status;

const canvas = document.querySelector<HTMLCanvasElement>('#plot')!;
const statusLine = document.querySelector<HTMLElement>('#status')!;
const select = document.querySelector<HTMLSelectElement>('#backend')!;
select.value = BACKEND_CHOICES.includes(choice) ? choice : 'auto';
// Switching backend restarts the run on it: tfjs variables live in one backend.
select.addEventListener('change', () => {
  query.set('backend', select.value);
  location.search = query.toString();
});

function show(): void {
  const l = status.losses;
  statusLine.textContent =
    `${status.backend ?? '…'} · step ${status.step}/${status.totalSteps}` +
    (l ? ` · D loss ${l.discriminator.toFixed(3)} · G loss ${l.generator.toFixed(3)}` : '') +
    ` · ${status.stepsPerSecond.toFixed(1)} steps/s` +
    (status.done ? ' · done' : '');
}

const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function main(): Promise<void> {
  if (!BACKEND_CHOICES.includes(choice)) throw new Error(`Unknown backend '${choice}': use one of ${BACKEND_CHOICES.join(', ')}.`);
  const selected = await selectBrowserBackend(choice);
  status.backend = selected.backend;
  status.skipped = selected.skipped;
  show();

  const gan = await createRingGan(run);
  const { trainer, dataset } = gan;
  const realBatch = dataset.batch(Array.from({ length: REAL_COUNT }, (_, i) => i));
  const real = realBatch.x.dataSync().slice();
  realBatch.x.dispose();

  const draw = () => {
    // Fixed codes (seed 1): the picture shows the same latent points moving.
    const x = trainer.sample(SAMPLE_COUNT, 1);
    const flat = x.dataSync();
    x.dispose();
    drawScatter(canvas, real, flat);
    status.samples = Array.from({ length: SAMPLE_COUNT }, (_, i) => [flat[2 * i], flat[2 * i + 1]] as [number, number]);
    status.drawnAtStep = trainer.step;
    status.draws++;
  };
  draw();

  const started = performance.now();
  status.readyMs = started;
  while (trainer.step < run.steps) {
    const sliceStart = performance.now();
    let drawn = false;
    while (trainer.step < run.steps && performance.now() - sliceStart < SLICE_MS) {
      const logs = trainer.trainStep();
      status.losses = { discriminator: logs['loss/discriminator'], generator: logs['loss/generator'] };
      status.history.push(status.losses);
      if (trainer.step === 1) status.tensors.afterFirstStep = tf.memory().numTensors;
      if (trainer.step % drawEvery === 0) {
        draw();
        drawn = true;
        break;
      }
    }
    status.step = trainer.step;
    status.tensors.now = tf.memory().numTensors;
    status.stepsPerSecond = (trainer.step * 1000) / (performance.now() - started);
    if (!drawn && trainer.step >= run.steps) draw();
    show();
    await yieldToBrowser();
  }
  status.done = true;
  show();
  console.info(`trained ${trainer.step} steps on ${status.backend}; ${status.tensors.now} tensors held`);
}

main().catch((error: unknown) => {
  status.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  statusLine.textContent = `error: ${status.error}`;
  console.error(error);
});
