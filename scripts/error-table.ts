/**
 * Writes docs/errors.md: every bad-input case of packages/cli/test/bad-input-cases.ts
 * (each is also a test) with the message the CLI actually prints for it.
 * Run: pnpm exec tsx --conditions=@gantry/source scripts/error-table.ts
 */
import { writeFileSync } from 'node:fs';
import '@tensorflow/tfjs-layers';
import { CASES, runCase } from '../packages/cli/test/bad-input-cases.js';

const rows: string[] = [];
for (const c of CASES) {
  const { code, stderr } = await runCase(c);
  const message = stderr.trim().split('\n').filter((l) => l.startsWith('gantry: error:')).join(' ').replace('gantry: error: ', '');
  const shown = c.argv.join(' ').replace(/\/[^ ]*\/(fixtures\/)/g, '$1').replace('{config}', 'config.json').replace('{checkpoint}', 'truncated.gantry').replace('{run}', 'runs/x');
  const config = c.config ? ` with \`${c.config}\`` : '';
  rows.push(`| ${c.area} | ${c.what} | \`gantry ${shown.replace(/\|/g, '\\|')}\`${config.replace(/\|/g, '\\|')} | ${code} | ${message.replace(/\/tmp\/[^ ]*\//g, '…/').replace(/\|/g, '\\|')} |`);
}
writeFileSync(
  'docs/errors.md',
  `# Bad input and the errors it gets\n\nEvery row is a test (\`packages/cli/test/bad-input.test.ts\`); this table is generated from the same cases by\n\`scripts/error-table.ts\` with the messages the CLI printed. Exit code 2 means the input was refused before\nanything was trained or written over.\n\n| area | case | command | exit | message |\n| --- | --- | --- | ---: | --- |\n${rows.join('\n')}\n`,
);
console.log(`docs/errors.md: ${rows.length} cases`);
