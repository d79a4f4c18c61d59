// Every ```ts block of the guides in docs/guides runs, as a user would run it: written
// to a file inside the workspace (so the packages resolve) and executed by node + tsx.
// Blocks fenced as ```ts excerpt quote files of examples/plugin-template, whose own
// tests run in the publish rehearsal; they are not complete programs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const guides = join(root, 'docs', 'guides');
const scratch = join(root, 'test', '.doc-blocks');

function blocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe('guide code blocks run', () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  for (const file of readdirSync(guides).filter((f) => f.endsWith('.md')).sort()) {
    blocks(readFileSync(join(guides, file), 'utf8')).forEach((code, i) => {
      it(`${file} block ${i + 1}`, () => {
        const path = join(scratch, `${file.replace(/\.md$/, '')}-${i + 1}.ts`);
        writeFileSync(path, `${code}\nexport {};\n`);
        const run = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@gantry/source', path], {
          cwd: root,
          encoding: 'utf8',
          timeout: 240_000,
          env: { ...process.env, GANTRY_BACKEND: 'cpu' },
        });
        expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(0);
      }, 300_000);
    });
  }
});
