import { describe, expect, it } from 'vitest';
import {
  boolOption,
  checkEnum,
  checkKeys,
  checkNumber,
  checkNumberArray,
  ConfigError,
  describeNumber,
  enumOption,
  intOption,
  numberArrayOption,
  numberOption,
  optionError,
  show,
  stringOption,
} from '@gantry/core';

const C = "objective 'demo'";

/** Runs `f`, expects a ConfigError, and returns its message. */
function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('show', () => {
  it('renders values unambiguously', () => {
    expect(show('1')).toBe("'1'");
    expect(show(1)).toBe('1');
    expect(show(Number.NaN)).toBe('NaN');
    expect(show(-Infinity)).toBe('-Infinity');
    expect(show(undefined)).toBe('undefined');
    expect(show(null)).toBe('null');
    expect(show([64, 0])).toBe('[64,0]');
    expect(show({ a: 1 })).toBe('{"a":1}');
    expect(show(() => 0)).toBe('a function');
    expect(show(3n)).toBe('3n');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(show(cyclic)).toBe('[object Object]');
  });
});

describe('checkKeys', () => {
  it('treats undefined and null as no options and returns the object itself', () => {
    expect(checkKeys(C, undefined, ['a'])).toEqual({});
    expect(checkKeys(C, null, ['a'])).toEqual({});
    const o = { a: 1 };
    expect(checkKeys(C, o, ['a', 'b'])).toBe(o);
  });

  it('names the unknown key, its value, the component and the allowed keys', () => {
    expect(messageOf(() => checkKeys(C, { lamda: 10 }, ['lambda', 'mode']))).toBe(
      "Unknown option 'lamda' (value 10) for objective 'demo'. Allowed options: lambda, mode.",
    );
    expect(messageOf(() => checkKeys(C, { margin: 2 }, []))).toBe(
      "Unknown option 'margin' (value 2) for objective 'demo'. It takes no options.",
    );
  });

  it('rejects non-objects and arrays', () => {
    expect(messageOf(() => checkKeys(C, 'big', ['a']))).toBe("Options of objective 'demo' must be an object, got 'big'.");
    expect(messageOf(() => checkKeys(C, [], ['a']))).toBe("Options of objective 'demo' must be an object, got [].");
    expect(messageOf(() => checkKeys(C, 3, ['a']))).toBe("Options of objective 'demo' must be an object, got 3.");
  });
});

describe('describeNumber', () => {
  it('phrases every kind of bound', () => {
    expect(describeNumber()).toBe('a finite number');
    expect(describeNumber({ min: 0 })).toBe('a finite number ≥ 0');
    expect(describeNumber({ above: 0 })).toBe('a finite number > 0');
    expect(describeNumber({ max: 88 })).toBe('a finite number ≤ 88');
    expect(describeNumber({ below: 1 })).toBe('a finite number < 1');
    expect(describeNumber({ min: 0, below: 1 })).toBe('a finite number in [0, 1)');
    expect(describeNumber({ above: 0, max: 1 })).toBe('a finite number in (0, 1]');
    expect(describeNumber({ integer: true, min: 1, hint: '(a layer width)' })).toBe('a whole number ≥ 1 (a layer width)');
  });
});

describe('numberOption / checkNumber / intOption', () => {
  it('returns the fallback only when the key is absent', () => {
    expect(numberOption(C, {}, 'lambda', 10)).toBe(10);
    expect(numberOption(C, { lambda: 0 }, 'lambda', 10, { min: 0 })).toBe(0);
    expect(numberOption(C, { lambda: 2.5 }, 'lambda', 10)).toBe(2.5);
    expect(messageOf(() => numberOption(C, { lambda: null }, 'lambda', 10))).toBe(
      "Option 'lambda' of objective 'demo' must be a finite number, got null.",
    );
  });

  it('enforces each bound at its edge', () => {
    expect(checkNumber(C, 'x', 0, { min: 0 })).toBe(0);
    expect(() => checkNumber(C, 'x', -0.001, { min: 0 })).toThrow(ConfigError);
    expect(() => checkNumber(C, 'x', 0, { above: 0 })).toThrow(ConfigError);
    expect(checkNumber(C, 'x', 1e-9, { above: 0 })).toBe(1e-9);
    expect(checkNumber(C, 'x', 88, { max: 88 })).toBe(88);
    expect(() => checkNumber(C, 'x', 88.5, { max: 88 })).toThrow(ConfigError);
    expect(() => checkNumber(C, 'x', 1, { min: 0, below: 1 })).toThrow(ConfigError);
    expect(checkNumber(C, 'x', 0.999, { min: 0, below: 1 })).toBe(0.999);
  });

  it('rejects non-numbers and non-finite numbers, naming option, component, rule and value', () => {
    expect(messageOf(() => numberOption(C, { c: '0.01' }, 'c', 1, { above: 0, hint: '(the clip value)' }))).toBe(
      "Option 'c' of objective 'demo' must be a finite number > 0 (the clip value), got '0.01'.",
    );
    expect(messageOf(() => checkNumber('clipWeights', 'c', Number.POSITIVE_INFINITY))).toBe(
      "Option 'c' of clipWeights must be a finite number, got Infinity.",
    );
    expect(() => checkNumber(C, 'x', Number.NaN)).toThrow(/got NaN/);
  });

  it('intOption requires a whole number', () => {
    expect(intOption(C, {}, 'width', 64, { min: 1 })).toBe(64);
    expect(intOption(C, { width: 3 }, 'width', 64, { min: 1 })).toBe(3);
    expect(intOption(C, { shift: -2 }, 'shift', 0)).toBe(-2);
    expect(messageOf(() => intOption(C, { width: 1.5 }, 'width', 64, { min: 1 }))).toBe(
      "Option 'width' of objective 'demo' must be a whole number ≥ 1, got 1.5.",
    );
    expect(messageOf(() => intOption(C, { width: 0 }, 'width', 64, { min: 1 }))).toMatch(/≥ 1, got 0\.$/);
  });
});

describe('boolOption', () => {
  it('accepts only true and false', () => {
    expect(boolOption(C, {}, 'skip', true)).toBe(true);
    expect(boolOption(C, { skip: false }, 'skip', true)).toBe(false);
    expect(messageOf(() => boolOption(C, { skip: 'yes' }, 'skip', true))).toBe(
      "Option 'skip' of objective 'demo' must be true or false, got 'yes'.",
    );
    expect(() => boolOption(C, { skip: 1 }, 'skip', true)).toThrow(ConfigError);
  });
});

describe('enumOption / checkEnum', () => {
  it('accepts listed strings and numbers and lists them when rejecting', () => {
    expect(enumOption(C, {}, 'mode', ['two-sided', 'one-sided'] as const, 'two-sided')).toBe('two-sided');
    expect(enumOption(C, { size: 32 }, 'size', [28, 32, 64], 28)).toBe(32);
    expect(messageOf(() => enumOption(C, { mode: 'both' }, 'mode', ['two-sided', 'one-sided'], 'two-sided'))).toBe(
      "Option 'mode' of objective 'demo' must be one of 'two-sided', 'one-sided', got 'both'.",
    );
    // '32' is not 32: JSON types are kept apart, and the message shows the difference.
    expect(messageOf(() => checkEnum(C, 'size', '32', [28, 32, 64]))).toBe(
      "Option 'size' of objective 'demo' must be one of 28, 32, 64, got '32'.",
    );
  });
});

describe('stringOption', () => {
  it('accepts non-empty strings only', () => {
    expect(stringOption(C, {}, 'name', 'generator')).toBe('generator');
    expect(stringOption(C, { name: 'g' }, 'name', 'generator')).toBe('g');
    expect(messageOf(() => stringOption(C, { name: '' }, 'name', 'generator'))).toBe(
      "Option 'name' of objective 'demo' must be a non-empty string, got ''.",
    );
    expect(() => stringOption(C, { name: 3 }, 'name', 'generator')).toThrow(ConfigError);
  });
});

describe('numberArrayOption', () => {
  it('checks the list, each element and the length, and returns a frozen copy', () => {
    const fallback = [1, 2];
    expect(numberArrayOption(C, {}, 'widths', fallback)).toBe(fallback);
    const given = [64, 32];
    const read = numberArrayOption(C, { widths: given }, 'widths', fallback, { integer: true, min: 1 });
    expect(read).toEqual([64, 32]);
    expect(read).not.toBe(given);
    expect(Object.isFrozen(read)).toBe(true);
    expect(numberArrayOption(C, { widths: [] }, 'widths', fallback)).toEqual([]);
    expect(messageOf(() => numberArrayOption(C, { widths: [64, 0] }, 'widths', fallback, { integer: true, min: 1 }))).toBe(
      "Option 'widths' of objective 'demo' must be a list of whole numbers ≥ 1, got [64,0].",
    );
    expect(
      messageOf(() => numberArrayOption(C, { sigmas: [] }, 'sigmas', fallback, { above: 0, minLength: 1, hint: '(kernel widths σ)' })),
    ).toBe("Option 'sigmas' of objective 'demo' must be a non-empty list of finite numbers > 0 (kernel widths σ), got [].");
    expect(messageOf(() => numberArrayOption(C, { p: [1] }, 'p', fallback, { minLength: 2 }))).toBe(
      "Option 'p' of objective 'demo' must be a list of at least 2 finite numbers, got [1].",
    );
    expect(() => numberArrayOption(C, { widths: 128 }, 'widths', fallback)).toThrow(/'widths'.*got 128/);
    expect(() => numberArrayOption(C, { widths: ['1'] }, 'widths', fallback)).toThrow(ConfigError);
    expect(() => checkNumberArray('mmd2Unbiased', 'bandwidths', [1, Number.NaN], { above: 0 })).toThrow(/got \[1,null\]/);
    expect(checkNumberArray('f', 'xs', [0.5], { above: 0, minLength: 1 })).toEqual([0.5]);
  });
});

describe('optionError', () => {
  it('words package-specific checks like the built-in ones', () => {
    const e = optionError("constraint 'weight-clipping'", 'targets', 'a non-empty array of network names', []);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe("Option 'targets' of constraint 'weight-clipping' must be a non-empty array of network names, got [].");
  });
});
