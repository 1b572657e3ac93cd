import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  createProofMath, loadProofs, MathRenderError, renderMarkdown, renderMarkdownInline, renderMath, valueTex, type JsonValue,
} from '../../src/proof.js';

const pm = createProofMath();

describe('renderMath (KaTeX, throwOnError: true)', () => {
  test('renders a formula to HTML with MathML', () => {
    const html = renderMath('\\tilde A = D^{-1/2}(A + I)D^{-1/2}', true);
    expect(html).toContain('katex-display');
    expect(html).toContain('<math');
    expect(html).not.toContain('katex-error');
  });

  test.each(['\\frac{1', '\\notacommand x', 'x^{', '\\begin{pmatrix} 1 \\end{bmatrix}'])('negative control: %s throws a MathRenderError', (tex) => {
    expect(() => renderMath(tex, false)).toThrow(MathRenderError);
  });
});

describe('renderMarkdown: prose with $…$ and $$…$$', () => {
  test('inline and display math are rendered by KaTeX, the rest by markdown-it', () => {
    const html = renderMarkdown('A **bold** $x_1 + y^2$ and\n\n$$\n\\sum_{i=1}^n x_i\n$$\n');
    expect(html).toContain('<strong>bold</strong>');
    expect((html.match(/class="katex"/g) ?? []).length).toBe(2);
    expect(html).toContain('class="math-display"');
  });

  test('dollar amounts and escaped dollars stay text (pandoc rule)', () => {
    expect(renderMarkdownInline('it costs $5 and $6')).toBe('it costs $5 and $6');
    expect(renderMarkdownInline('a \\$ sign')).toBe('a $ sign');
  });

  test('underscores inside math are not emphasis', () => {
    const html = renderMarkdownInline('$a_i b_j$ and _em_');
    expect(html).toContain('<em>em</em>');
    expect(html.match(/<em>/g)?.length).toBe(1);
  });

  test('negative control: bad LaTeX in prose throws, naming the formula', () => {
    expect(() => renderMarkdown('text $\\frac{1$ more')).toThrow(/KaTeX cannot render \$\\frac\{1\$/);
  });
});

describe('the formulas of claims are rendered from the evaluated expression', () => {
  test.each(Object.entries(pm.functions))('%s has a toTex that KaTeX renders', (name, fn) => {
    const arity = (fn.usage.match(/\((.*)\)/)?.[1] ?? '').split(',').filter((a) => a.trim() !== '').length;
    const args = ['x', 'K', 'b', 'g', 'W'].slice(0, arity).join(', ');
    const tex = pm.toTex(pm.math.parse(`${name}(${args}) + ${name}(${args})`));
    expect(() => renderMath(tex, true)).not.toThrow();
    expect(tex).not.toContain(`\\mathrm{${name}}`); // its own toTex, not mathjs's fallback
  });

  test('operators and built-ins read as a textbook writes them', () => {
    expect(pm.toTex(pm.math.parse("P' * P == identity(n)"))).toMatch(/P\}?\^\{\\top\}.*I_\{\s*n\}/);
    expect(pm.toTex(pm.math.parse('ones(1, n) * P'))).toContain('\\mathbf{1}_{');
    expect(pm.toTex(pm.math.parse('g.oh + alpha * x1'))).toMatch(/H_\{\\mathrm\{out\}\}.*\\alpha.*x_\{1\}/);
  });

  test('every claim of the proofs in proofs/ renders with throwOnError: true', () => {
    const proofs = loadProofs(['proofs'], { math: pm });
    const claims = proofs.documents.flatMap((d) => d.claims).filter((c) => c.check !== undefined);
    expect(claims.length).toBeGreaterThan(30);
    for (const c of claims) {
      const check = c.check;
      if (check === undefined) continue;
      const relation = check.relation === 'atMost' ? '\\leq' : '=';
      expect(() => renderMath(`${check.lhsTex} ${relation} ${check.rhsTex}`, true), c.id).not.toThrow();
      // What is displayed is what is evaluated: rendering the parsed sides again gives the same LaTeX.
      expect(pm.toTex(pm.math.parse(check.expression))).toBe(`${check.lhsTex}${relation}${check.rhsTex}`);
    }
  });
});

describe('valueTex: counterexamples as matrices', () => {
  const entry = fc.integer({ min: -9, max: 9 });
  test.prop([fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.array(entry, { minLength: 36, maxLength: 36 })])(
    'an r×c matrix becomes a pmatrix with r rows and c columns that KaTeX renders',
    (r, c, flat) => {
      const m = Array.from({ length: r }, (_v, i) => flat.slice(i * c, (i + 1) * c));
      const tex = valueTex(m) ?? '';
      expect(tex.startsWith('\\begin{pmatrix}')).toBe(true);
      const body = tex.replace('\\begin{pmatrix}', '').replace('\\end{pmatrix}', '');
      expect(body.split('\\\\').length).toBe(r);
      expect(body.split('\\\\')[0]?.split('&').length).toBe(c);
      expect(() => renderMath(tex, true)).not.toThrow();
    },
  );

  test('an image [h][w][c] shows one matrix per channel; a kernel one per (cin, cout); weights one per layer', () => {
    const image: JsonValue = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]];
    expect(valueTex(image)?.match(/_\{c=\d\}/g)).toEqual(['_{c=1}', '_{c=2}']);
    const kernel: JsonValue = [[[[1, 2]]]];
    expect(valueTex(kernel)?.match(/_\{\d,\d\}/g)).toEqual(['_{1,1}', '_{1,2}']);
    const weights: JsonValue = [[[1, 2]], [[3], [4]]];
    expect(valueTex(weights)).toMatch(/_\{\(1\)\}.*_\{\(2\)\}/);
    for (const v of [image, kernel, weights, 0.000012345, 'Infinity', 3.14159265]) expect(() => renderMath(valueTex(v) ?? '', false)).not.toThrow();
  });

  test('large matrices are elided with dots; records are left to the page', () => {
    const big = Array.from({ length: 30 }, (_v, i) => Array.from({ length: 30 }, (_w, j) => i + j));
    const tex = valueTex(big) ?? '';
    expect(tex).toContain('\\vdots');
    expect(tex).toContain('\\cdots');
    expect(valueTex({ h: 1 })).toBeUndefined();
  });
});
