// Every package has a README with a runnable example, and every ```ts block of every
// packages/*/README.md runs as a user would run it: written to a file inside the workspace
// (so the packages resolve) and executed by node + tsx in a fresh process, so a block that
// forgets an import (a backend, tfjs' gradients) fails here as it would for a user.
// Blocks fenced as ```ts excerpt are fragments (a type, part of a file) and are skipped.
//
// The blocks start right away, two processes at a time (the machine has two cores), and
// each test waits for its own block, so the file takes about the sum of the blocks / 2.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const packagesDir = join(root, 'packages');
const scratch = join(root, 'test', '.readme-blocks');
const PARALLEL = 2;
const BLOCK_TIMEOUT_MS = 180_000;

/** The ```ts blocks of a markdown text that are complete programs (fence info exactly `ts`). */
function runnableBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)].filter((m) => m[1].trim() === 'ts').map((m) => m[2]);
}

interface Outcome {
  readonly code: number | null;
  readonly output: string;
  readonly seconds: number;
}

function runFile(file: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@gantry/source', file], {
      cwd: root,
      env: { ...process.env, GANTRY_BACKEND: 'cpu' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n[killed after ${BLOCK_TIMEOUT_MS / 1000} s]`;
      child.kill('SIGKILL');
    }, BLOCK_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}\n${error.stack}`, seconds: (performance.now() - start) / 1000 });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (performance.now() - start) / 1000 });
    });
  });
}

/** Runs at most `limit` tasks at once, in the order they were queued. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((go) => waiting.push(go));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(packagesDir, d.name, 'package.json')))
  .map((d) => d.name)
  .sort();

describe('package READMEs', () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, '.gitignore'), '*\n'); // keeps the scratch files out of git
  const queue = limiter(PARALLEL);

  for (const pkg of packages) {
    const readme = join(packagesDir, pkg, 'README.md');
    const blocks = existsSync(readme) ? runnableBlocks(readFileSync(readme, 'utf8')) : [];
    const outcomes = blocks.map((code, i) => {
      const file = join(scratch, `${pkg}-${i + 1}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      return queue(() => runFile(file));
    });

    describe(pkg, () => {
      it('has a README.md with a runnable ```ts example', () => {
        expect(existsSync(readme), `packages/${pkg} has no README.md`).toBe(true);
        expect(blocks.length, `packages/${pkg}/README.md has no \`\`\`ts block that is not an excerpt`).toBeGreaterThan(0);
      });
      outcomes.forEach((outcome, i) => {
        it(`README block ${i + 1} runs`, async () => {
          const { code, output } = await outcome;
          expect(code, `packages/${pkg}/README.md block ${i + 1} (test/.readme-blocks/${pkg}-${i + 1}.ts):\n${output}`).toBe(0);
        }, 30 * 60_000);
      });
    });
  }
});
