import { describe, expect, test } from 'vitest';
import { exactEntryTex, exactValueTex } from '../../src/proof/exactValueTex.js';
import { renderMath } from '../../src/proof/renderMath.js';

describe('exact values as LaTeX', () => {
  test('integers, small fractions and certified intervals (rounded outward to 6 decimals)', () => {
    expect(exactEntryTex('3')).toBe('3');
    expect(exactEntryTex('-1/2')).toBe('-\\tfrac{1}{2}');
    // 1/√2 enclosed in [0.70710678, 0.70710679]: printed outward, so the printed interval still holds 1/√2.
    expect(exactEntryTex('[70710678/100000000, 70710679/100000000]')).toBe('[0.707106,\\, 0.707107]');
    expect(exactEntryTex('[-70710679/100000000, -70710678/100000000]')).toBe('[-0.707107,\\, -0.707106]');
  });

  test('negative control: an interval printed inward would exclude its own value, and is not what is printed', () => {
    const tex = exactEntryTex('[1/3, 1/3]');
    expect(tex).toBe('[0.333333,\\, 0.333334]');
    expect(tex).not.toBe('[0.333333,\\, 0.333333]');
  });

  test('vectors, matrices and images render with KaTeX, without the JSON brackets', () => {
    for (const v of [['1', '1/2'], [['1', '0'], ['[1/3, 1/2]', '2']], [[['1'], ['2']], [['3'], ['-1/4']]]]) {
      const tex = exactValueTex(v);
      expect(tex).not.toContain('[[');
      expect(() => renderMath(tex, false)).not.toThrow();
    }
  });
});
