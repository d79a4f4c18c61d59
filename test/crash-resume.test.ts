// Kill the CLI's training process with SIGKILL at random moments, resume each time,
// and check the run finishes with exactly the per-step losses of an uninterrupted run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@gantry/core';
import { loadCheckpointFile } from '@gantry/core/node';

const root = join(import.meta.dirname, '..');
// node itself with tsx as a loader: the tsx CLI runs the script in a child process,
// which a SIGKILL of the CLI would orphan rather than kill.
const node = process.execPath;
const steps = 120;
const args = (out: string) => [
  '--import', 'tsx', '--conditions=@gantry/source', join(root, 'packages/cli/src/bin.ts'), 'train',
  '--data', 'ring:size=2048', '--generator', 'mlp', '--discriminator', 'mlp', '--objective', 'non-saturating',
  '--steps', String(steps), '--batch-size', '32', '--lr', '0.001', '--seed', '5',
  '--backend', 'cpu', '--checkpoint-every', '3', '--sample-every', '1000', '--out', out,
];

const lossLines = (out: string) =>
  readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => {
    const { time: _t, ...rest } = JSON.parse(l) as Record<string, number>;
    return rest;
  });

const lastStep = (out: string): number => {
  try {
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n');
    return (JSON.parse(lines[lines.length - 1]) as { step: number }).step;
  } catch {
    return 0;
  }
};

describe('crash safety', () => {
  it('survives repeated SIGKILLs (some during checkpoint writes) and reproduces an uninterrupted run bit for bit', async () => {
    const reference = mkdtempSync(join(tmpdir(), 'gantry-ref-'));
    const ok = spawnSync(node, args(reference), { cwd: root, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    const expected = lossLines(reference);
    expect(expected).toHaveLength(steps);

    const out = mkdtempSync(join(tmpdir(), 'gantry-kill-'));
    const random = mulberry32(2026);
    let kills = 0;
    let killsDuringWrite = 0;
    for (let attempt = 0; attempt < 40 && lastStep(out) < steps; attempt++) {
      const child = spawn(node, args(out), { cwd: root, stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const target = Math.min(steps - 5, lastStep(out) + 4 + Math.floor(random() * 20));
      const killer = (async () => {
        while (child.exitCode === null && lastStep(out) < target) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, Math.floor(random() * 40)));
        if (child.exitCode === null && kills < 8) {
          child.kill('SIGKILL');
          kills++;
          const folder = join(out, 'checkpoints');
          if (existsSync(folder) && readdirSync(folder).some((f) => f.includes('.tmp-'))) killsDuringWrite++;
        }
      })();
      await Promise.all([exited, killer]);
      // Every checkpoint on disk must verify, after every kill.
      for (const f of readdirSync(join(out, 'checkpoints')).filter((n) => n.endsWith('.gantry'))) {
        expect(() => loadCheckpointFile(join(out, 'checkpoints', f))).not.toThrow();
      }
    }
    console.log(`crash-resume: survived ${kills} SIGKILLs (${killsDuringWrite} with a checkpoint write in flight)`);
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(lossLines(out)).toEqual(expected);
  }, 300_000);

  it('stops cleanly on SIGTERM: finishes the step, checkpoints it, exits 0', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gantry-term-'));
    // checkpoint-every larger than the run: only the stop itself can write the checkpoint.
    const child = spawn(node, args(out).map((a) => (a === '3' ? '100000' : a)), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    while (child.exitCode === null && lastStep(out) < 5) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    if (!/SIGTERM: stopping/.test(stderr)) console.log('STDERR', stderr.slice(-1500));
    expect(stderr).toMatch(/SIGTERM: stopping after this step/);
    expect(stderr).toMatch(/stopped at step \d+/);
    const last = lastStep(out);
    expect(last).toBeLessThan(steps);
    const saved = readdirSync(join(out, 'checkpoints')).filter((n) => n.endsWith('.gantry'));
    expect(saved).toHaveLength(1);
    expect(loadCheckpointFile(join(out, 'checkpoints', saved[0])).step).toBe(last);
  }, 120_000);
});
