// The browser example in headless Chromium: Vite serves examples/browser (the same
// @gantry/* packages as in Node, from their sources), Debian's Chromium opens it through
// playwright-core, the page trains the ring GAN to the end, and the screenshot is read
// back pixel by pixel: the generated samples it reports must be drawn where they are,
// and by then lie near the ring (at step 0 none does).
//
// Chromium policy: the test needs a Chromium binary, by default Debian's
// /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it), or CHROMIUM_PATH.
// Without one it FAILS, saying so. Only outside CI (CI unset) may GANTRY_SKIP_BROWSER=1
// skip it. GANTRY_BROWSER_SCREENSHOT=1 also writes the screenshot to
// docs/images/browser.png; GANTRY_BROWSER_STEPS sets the number of steps (default 300).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { decode } from 'fast-png';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GantryStatus } from '../src/main.js';
import { REAL_RGB, SAMPLE_RGB, SAMPLE_SIZE, toPixel, VIEW_RANGE } from '../src/plot.js';

const EXAMPLE = join(import.meta.dirname, '..');
const SCREENSHOT = join(EXAMPLE, '..', '..', 'docs', 'images', 'browser.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STEPS = Number(process.env.GANTRY_BROWSER_STEPS ?? 300);
/** Generous: software WebGL on a busy 2-core machine still makes ≥ 10 steps/s. */
const TRAIN_TIMEOUT = 60_000 + STEPS * 100;
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SKIP = !HAVE_CHROMIUM && process.env.GANTRY_SKIP_BROWSER === '1' && !process.env.CI;
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-extensions',
  '--no-first-run',
  '--mute-audio',
  // Screenshot pixels equal the canvas's sRGB values.
  '--force-color-profile=srgb',
];

interface Run {
  status: GantryStatus;
  errors: string[];
  seconds: number;
}

/** Opens the page with `query`, waits until it has trained to the end (or failed). */
async function train(page: Page, base: string, query: string): Promise<Run> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => void (m.type() === 'error' && errors.push(`console error: ${m.text()}`)));
  const started = performance.now();
  await page.goto(`${base}?${query}`);
  await page.waitForFunction(() => window.gantry?.done || window.gantry?.error, undefined, { timeout: TRAIN_TIMEOUT, polling: 250 });
  const status = await page.evaluate(() => window.gantry);
  return { status, errors, seconds: (performance.now() - started) / 1000 };
}

const near = (rgb: ArrayLike<number>, want: readonly number[]) =>
  Math.abs(rgb[0] - want[0]) <= 3 && Math.abs(rgb[1] - want[1]) <= 3 && Math.abs(rgb[2] - want[2]) <= 3;

describe.skipIf(SKIP)('browser example (headless Chromium)', () => {
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  let base = '';
  let first: Run | undefined;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) {
      throw new Error(
        `No Chromium at ${CHROMIUM}. Install Debian's package (apt-get install chromium; .ci/run does) or set ` +
          'CHROMIUM_PATH. To skip this test on a machine without it, set GANTRY_SKIP_BROWSER=1 (ignored when CI is set).',
      );
    }
    server = await createServer({
      root: EXAMPLE,
      configFile: join(EXAMPLE, 'vite.config.ts'),
      logLevel: 'warn',
      clearScreen: false,
      server: { host: '127.0.0.1', port: 0, strictPort: true },
    });
    await server.listen();
    base = `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(`trains ${STEPS} steps of the ring GAN and draws its samples on the canvas`, async () => {
    const page = await browser!.newPage({ viewport: { width: 800, height: 720 }, deviceScaleFactor: 1 });
    first = await train(page, base, `steps=${STEPS}`);
    const { status, errors } = first;
    expect(status.error).toBeNull();
    expect(errors).toEqual([]);
    expect(['webgl', 'cpu']).toContain(status.backend);
    expect(status.done).toBe(true);
    expect(status.step).toBe(STEPS);
    expect(status.history).toHaveLength(STEPS);
    for (const l of status.history) expect(Number.isFinite(l.discriminator) && Number.isFinite(l.generator)).toBe(true);
    // At initialisation D's logits are near 0, so D(x) ≈ ½ and the non-saturating losses are
    // −log ½ − log ½ = 2 ln 2 for D and −log ½ = ln 2 for G.
    expect(Math.abs(status.history[0].discriminator - 2 * Math.LN2)).toBeLessThan(0.25);
    expect(Math.abs(status.history[0].generator - Math.LN2)).toBeLessThan(0.25);
    // No tensor leaks in training or drawing: the count after the last step equals that after the first.
    expect(status.tensors.now).toBe(status.tensors.afterFirstStep);
    expect(status.drawnAtStep).toBe(STEPS);
    expect(status.samples.length).toBe(512);

    const png = await page.screenshot();
    if (process.env.GANTRY_BROWSER_SCREENSHOT) {
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      writeFileSync(SCREENSHOT, png);
    }
    const image = decode(png);
    const channels = image.channels;
    const box = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('#plot')!;
      const r = c.getBoundingClientRect();
      return { left: Math.round(r.left + c.clientLeft), top: Math.round(r.top + c.clientTop), width: c.width, height: c.height };
    });
    expect(box.width).toBe(box.height);

    // Every pixel of the canvas, sorted by colour, with its position in data coordinates.
    const [lo, hi] = VIEW_RANGE;
    const radius = (px: number, py: number) =>
      Math.hypot(lo + (px / (box.width - 1)) * (hi - lo), hi - (py / (box.height - 1)) * (hi - lo));
    const samplePixels = new Set<number>();
    const realRadii: number[] = [];
    for (let py = 0; py < box.height; py++) {
      for (let px = 0; px < box.width; px++) {
        const at = ((box.top + py) * image.width + box.left + px) * channels;
        const rgb = image.data.subarray(at, at + 3);
        if (near(rgb, SAMPLE_RGB)) samplePixels.add(py * box.width + px);
        else if (near(rgb, REAL_RGB)) realRadii.push(radius(px, py));
      }
    }

    // The samples the page reports are the ones on screen: every pixel of their squares
    // has the sample colour, and no other pixel has.
    const expected = new Set<number>();
    const half = Math.floor(SAMPLE_SIZE / 2);
    for (const [x, y] of status.samples) {
      const [cx, cy] = toPixel(x, y, box.width, box.height);
      for (let dy = -half; dy < SAMPLE_SIZE - half; dy++) {
        for (let dx = -half; dx < SAMPLE_SIZE - half; dx++) {
          const px = cx + dx;
          const py = cy + dy;
          if (px >= 0 && py >= 0 && px < box.width && py < box.height) expected.add(py * box.width + px);
        }
      }
    }
    expect(expected.size).toBeGreaterThan(200);
    const drawn = [...expected].filter((p) => samplePixels.has(p)).length;
    expect(drawn / expected.size).toBeGreaterThan(0.99);
    expect(samplePixels.size - drawn).toBeLessThanOrEqual(0.01 * expected.size);

    // Real data (radius 2, std 0.02) lies on the ring; after training, so does much of
    // G's mass (Node, same seed: 0 % of samples within 1.5 < r < 2.5 at step 0, ~45 % at 300).
    expect(realRadii.length).toBeGreaterThan(200);
    expect(realRadii.filter((r) => r > 1.85 && r < 2.15).length / realRadii.length).toBeGreaterThan(0.98);
    const sampleRadii = [...samplePixels].map((p) => radius(p % box.width, Math.floor(p / box.width)));
    const onRing = sampleRadii.filter((r) => r > 1.5 && r < 2.5).length / sampleRadii.length;
    console.info(
      `browser example: ${STEPS} steps on ${status.backend} in ${first.seconds.toFixed(1)} s ` +
        `(${(status.readyMs / 1000).toFixed(1)} s to load, ${status.stepsPerSecond.toFixed(1)} steps/s); ` +
        `${samplePixels.size} sample pixels, ${(100 * onRing).toFixed(0)} % of them at 1.5 < r < 2.5`,
    );
    expect(onRing).toBeGreaterThan(0.3);
    await page.close();
  }, TRAIN_TIMEOUT + 30_000);

  it('the cpu backend computes the same losses as webgl', async (ctx) => {
    // Only meaningful when the first run used webgl (Chromium's software WebGL here).
    if (first?.status.backend !== 'webgl') ctx.skip();
    const page = await browser!.newPage({ viewport: { width: 800, height: 720 } });
    const cpu = await train(page, base, 'backend=cpu&steps=30&every=30');
    expect(cpu.status.error).toBeNull();
    expect(cpu.errors).toEqual([]);
    expect(cpu.status.backend).toBe('cpu');
    cpu.status.history.forEach((l, i) => {
      const w = first!.status.history[i];
      expect(Math.abs(l.discriminator - w.discriminator), `D loss of step ${i + 1}`).toBeLessThan(1e-2);
      expect(Math.abs(l.generator - w.generator), `G loss of step ${i + 1}`).toBeLessThan(1e-2);
    });
    await page.close();
  }, 120_000);
});
