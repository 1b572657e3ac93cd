import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readRunState } from '../../../src/cnn/train/RunState.js';
import { train } from '../../../src/cnn/train/train.js';
import { writeReportHtml } from '../../../src/cnn/train/writeReportHtml.js';
import type { RunReport } from '../../../src/cnn/train/writeRunOutputs.js';
import { TINY_SPEC, writeSyntheticCifar } from './support/syntheticCifar.js';

const scratch = mkdtempSync(join(tmpdir(), 'layerproof-run-analyses-'));
const data = writeSyntheticCifar(join(scratch, 'data'), { perFile: 20, test: 40 });
const specPath = join(scratch, 'tiny.json');
writeFileSync(specPath, JSON.stringify(TINY_SPEC));
const out = join(scratch, 'run');

describe("the trainer's report: the Lipschitz bound and the shift consistency of the tested network", () => {
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  test('a tiny run (1 configuration, 1 epoch, cpu): report.json and report.html carry L, each affine layer\'s norm, and the shift-consistency chart and table', async () => {
    const result = await train({ data, out, model: specPath, learningRates: [0.01], epochs: 1, batchSize: 20, backend: 'cpu', seed: 3, images: [0] });
    expect(result.status).toBe('done');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.lipschitzSkipped).toBeUndefined();
    expect(report.lipschitz?.bound).toBeGreaterThan(0);
    expect(report.lipschitz?.layers.map((l) => l.kind)).toEqual(expect.arrayContaining(['Conv2D', 'Dense']));
    for (const l of report.lipschitz?.layers ?? []) expect(l.lower, l.name).toBeLessThanOrEqual(l.upper);
    expect(report.shiftConsistencySkipped).toBeUndefined();
    expect(report.shiftConsistency?.images).toBe(40);
    expect(report.shiftConsistency?.shifts.map((r) => `${r.size}:${r.mode}`)).toEqual([1, 2, 3, 4].flatMap((k) => [`${k}:circular`, `${k}:zero`]));
    expect(report.figures).toContain('figures/shift-consistency.svg');
    expect(readFileSync(join(out, 'figures', 'shift-consistency.svg'), 'utf8')).toMatch(/<svg[\s\S]*Shift consistency/);

    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`L ≤ <strong>${(report.lipschitz?.bound ?? NaN).toPrecision(4)}</strong>`);
    expect(html).toContain('<img src="figures/shift-consistency.svg"');
    expect(html.match(/<tr><td>[1-4]<\/td><td>\d+\.\d% \(\d+\/40\)<\/td><td>\d+\.\d% \(\d+\/40\)<\/td><\/tr>/g)).toHaveLength(4);
    expect(html).toMatch(/horizontal flip<\/td><td colspan="2">\d+\.\d% \(\d+\/40\)/);
    for (const src of [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1] ?? '')) expect(existsSync(join(out, src)), src).toBe(true);
  });

  test('negative control: analyses that failed are said in report.html (no bound, no chart), and a report without them has neither section', () => {
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    const state = readRunState(out);
    const failed = writeReportHtml(report, state, { spectrum: 'the layer conv has no operator', shifts: 'the model failed on the images' });
    expect(failed).toContain('Not computed: the layer conv has no operator.');
    expect(failed).toContain('Not measured: the model failed on the images.');
    expect(failed).not.toContain('L ≤ <strong>');
    expect(failed).not.toContain('shift-consistency.svg');
    const bare = writeReportHtml(report, state);
    expect(bare).not.toMatch(/Shift consistency|Lipschitz bound/);
  });
});
