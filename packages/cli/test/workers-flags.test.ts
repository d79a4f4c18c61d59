import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@gantry/core';
import { parseTrainArgs } from '@gantry/cli';

describe('--workers and --sync-bn', () => {
  it("default to 'auto' and synchronised batch norm; take numbers and true/false", () => {
    expect(parseTrainArgs([])).toMatchObject({ workers: 'auto', syncBatchNorm: true });
    expect(parseTrainArgs(['--workers', '2', '--sync-bn', 'false'])).toMatchObject({ workers: 2, syncBatchNorm: false });
    expect(parseTrainArgs(['--workers', 'auto', '--sync-bn', 'true'])).toMatchObject({ workers: 'auto', syncBatchNorm: true });
  });

  it('come from the config file’s run section, flags winning', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gantry-cfg-')), 'run.json');
    writeFileSync(file, JSON.stringify({ run: { workers: 3, syncBatchNorm: false } }));
    expect(parseTrainArgs(['--config', file])).toMatchObject({ workers: 3, syncBatchNorm: false });
    expect(parseTrainArgs(['--config', file, '--workers', '1'])).toMatchObject({ workers: 1, syncBatchNorm: false });
    writeFileSync(file, JSON.stringify({ run: { workers: 0 } }));
    expect(() => parseTrainArgs(['--config', file])).toThrow(/run\.workers/);
  });

  it('reject bad values naming the flag and the value', () => {
    expect(() => parseTrainArgs(['--workers', '0'])).toThrow(ConfigError);
    expect(() => parseTrainArgs(['--workers', 'many'])).toThrow(/--workers must be a whole number ≥ 1, got 'many'/);
    expect(() => parseTrainArgs(['--sync-bn', 'yes'])).toThrow(/--sync-bn must be 'true' or 'false', got 'yes'/);
  });
});
