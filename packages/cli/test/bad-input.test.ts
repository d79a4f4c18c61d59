import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASES, runCase } from './bad-input-cases.js';

describe(`${CASES.length} bad inputs, each with a clear error`, () => {
  let cwd: string;
  beforeEach(() => {
    cwd = process.cwd();
  });
  afterEach(() => {
    process.chdir(cwd);
  });
  for (const c of CASES) {
    it(`${c.area}: ${c.what}`, async () => {
      const { code, stderr } = await runCase(c);
      expect(stderr).toMatch(c.message);
      expect(code).toBe(2);
    });
  }
});
