import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Callback, StepEvent } from '../callback.js';
import { encodePng, linePlot, seriesColor } from '../image.js';
import { writeFileAtomic } from './file-checkpoint-store.js';
import { readMetricsLog } from './metrics-log.js';

/**
 * Writes plots of every logged quantity and an HTML page that shows them beside the
 * newest sample grid: `plots/<key>.png` (one curve per quantity, the losses of all
 * phases together in `plots/losses.png`) and `report.html`, every `every` steps and
 * at the end. It reads the run's metrics log, so a resumed run's report covers the
 * whole run.
 */
export class RunReport implements Callback {
  constructor(
    readonly folder: string,
    readonly metricsLog: string,
    readonly every = 100,
  ) {}

  onStepEnd(event: StepEvent): void {
    if (event.step % this.every === 0 || event.step === event.totalSteps) this.write();
  }

  /** Writes the plots and the page now. */
  write(): void {
    if (!existsSync(this.metricsLog)) return;
    const rows = readMetricsLog(this.metricsLog);
    if (rows.length < 2) return;
    const plots = join(this.folder, 'plots');
    mkdirSync(plots, { recursive: true });
    const steps = rows.map((r) => r.step);
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'step' && k !== 'time');
    const losses = keys.filter((k) => k.startsWith('loss/'));
    const others = keys.filter((k) => !k.startsWith('loss/'));
    const figures: Array<{ file: string; title: string; legend: string[] }> = [];
    const draw = (name: string, series: string[], title: string) => {
      const file = join(plots, `${name.replace(/[^a-z0-9]+/gi, '_')}.png`);
      const png = encodePng(linePlot(series.map((k) => ({ label: k, x: steps, y: rows.map((r) => r[k] ?? NaN) }))));
      writeFileAtomic(file, png);
      figures.push({ file: relative(this.folder, file), title, legend: series });
    };
    if (losses.length) draw('losses', losses, 'losses');
    for (const k of others) draw(k, [k], k);
    const samples = join(this.folder, 'samples');
    const sampleFiles = existsSync(samples) ? readdirSync(samples).filter((f) => f.startsWith('step-')).sort() : [];
    const last = rows[rows.length - 1];
    const html = `<!doctype html><meta charset="utf-8"><title>Gantry run report</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}figure{display:inline-block;margin:8px;vertical-align:top}
figcaption{font-size:12px}img.s{image-rendering:pixelated}table{border-collapse:collapse}td{padding:2px 8px;border-bottom:1px solid #eee}</style>
<h1>Run report</h1><p>${rows.length} steps logged; last step ${last.step}.</p>
<table>${Object.entries(last).filter(([k]) => k !== 'time').map(([k, v]) => `<tr><td>${k}</td><td>${Number(v).toPrecision(5)}</td></tr>`).join('')}</table>
<h2>Samples</h2><figure><img class="s" src="samples/latest.png"><figcaption>latest</figcaption></figure>
${sampleFiles.slice(-6, -1).reverse().map((f) => `<figure><img class="s" src="samples/${f}" width="160"><figcaption>${f}</figcaption></figure>`).join('')}
<h2>Curves</h2>${figures
      .map((f) => `<figure><img src="${f.file}"><figcaption>${f.title}: ${f.legend.map((l, i) => `<span style="color:${seriesColor(i)}">■ ${l}</span>`).join(' ')}</figcaption></figure>`)
      .join('\n')}
`;
    writeFileAtomic(join(this.folder, 'report.html'), html);
  }
}
