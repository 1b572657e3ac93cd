import type { ModelLipschitz } from '../../spectrum/model/modelLipschitz.js';
import type { ShiftConsistency } from '../../symmetry/shiftConsistency.js';
import type { RunState } from './RunState.js';
import type { RunReport } from './writeRunOutputs.js';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function pct(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`;
}

function num(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '–' : x.toPrecision(4);
}

/** Each layer's certified ‖T‖₂ and the rule it adds to the network's Lipschitz bound (`layerproof spectrum`'s). */
function spectrumSection(spectrum: ModelLipschitz): string {
  const rows = spectrum.layers.map((l) => {
    const norm = l.norm === undefined ? '–' : l.norm.exact ? num(l.norm.upper) : `[${num(l.norm.lower)}, ${num(l.norm.upper)}]`;
    return `<tr><td>${escape(l.name)}</td><td>${escape(l.kind)}</td><td>${norm}</td><td>${escape(l.norm?.method ?? l.status)}</td><td>${escape(l.rule)}</td><td>${num(l.bound)}</td></tr>`;
  }).join('\n');
  const bound = spectrum.bound === undefined
    ? `No Lipschitz bound: ${spectrum.noBound.map((b) => `${escape(b.layer)} (${escape(b.reason)})`).join('; ')}.`
    : `The network is Lipschitz with L ≤ <strong>${num(spectrum.bound)}</strong> (ℓ₂, input to logits; ${escape(spectrum.logits.note)}): a test image's prediction provably stands within (top-1 logit − runner-up)/(√2·L) of it.`;
  return `<h2>Operator norms and the Lipschitz bound</h2>
<p>${bound} <code>layerproof spectrum</code> on this run folder adds each image's certified radius beside the network's local gradient norm.</p>
<table><tr><th>layer</th><th>kind</th><th>‖T‖₂ (certified)</th><th>method</th><th>rule</th><th>L so far</th></tr>
${rows}
</table>
<ul>${spectrum.rules.map((r) => `<li>${escape(r)}</li>`).join('')}</ul>`;
}

/** The analyses of the tested model beside the result; a string says why one could not be made. */
export interface ReportAnalyses {
  /** `modelLipschitz` of the tested model. */
  readonly spectrum?: ModelLipschitz | string;
  /** `shiftConsistency` on the test images, and its chart rendered beside the report (a path relative to it). */
  readonly shifts?: { readonly result: ShiftConsistency; readonly figure?: string } | string;
}

/** Zhang's shift consistency: the chart, then one row per shift size (both modes) and the flips. */
function shiftSection(shifts: NonNullable<ReportAnalyses['shifts']>): string {
  if (typeof shifts === 'string') return `<h2>Shift consistency</h2>\n<p>Not measured: ${escape(shifts)}.</p>`;
  const { result, figure } = shifts;
  const share = (r: { consistency: number; agree: number; total: number } | undefined): string => (r === undefined ? '–' : `${pct(r.consistency)} (${r.agree}/${r.total})`);
  const sizes = [...new Set(result.shifts.map((r) => r.size))];
  const rows = sizes.map((size) => {
    const of = (mode: string): ShiftConsistency['shifts'][number] | undefined => result.shifts.find((r) => r.size === size && r.mode === mode);
    return `<tr><td>${size}</td><td>${share(of('circular'))}</td><td>${share(of('zero'))}</td></tr>`;
  }).join('\n');
  const flips = result.flips.map((r) => `<tr><td>${escape(r.flip)} flip</td><td colspan="2">${share(r)}</td></tr>`).join('\n');
  return `<h2>Shift consistency</h2>
<p>How often the top-1 class stays the same when a test image is shifted by a few pixels (Zhang 2019: one random shift (a, b) with max(|a|, |b|) = size per image, seed ${result.seed}), wrapped around (circular) or filled with zeros, on the first ${result.images} test images; flips for comparison. A network of circular convolutions and global average pooling would be 100% consistent under circular shifts; strides and zero padding break it.</p>
${figure === undefined ? '' : `<figure><img src="${escape(figure)}" alt="shift consistency per shift size"></figure>`}
<table><tr><th>shift (pixels)</th><th>circular</th><th>zero fill</th></tr>
${rows}
${flips}
</table>`;
}

/**
 * report.html: the result, the search, the learning curves, the confusion matrix, the
 * feature maps of the chosen test images and the generated commentary, on one page that
 * refers to the figures beside it in the run folder; with `analyses.spectrum` (modelLipschitz of
 * the tested model), each layer's certified operator norm and the network's Lipschitz bound; with
 * `analyses.shifts`, its shift consistency.
 */
export function writeReportHtml(report: RunReport, state: RunState, analyses: ReportAnalyses = {}): string {
  const spectrum = typeof analyses.spectrum === 'string' ? undefined : analyses.spectrum;
  const rows = report.configurations.map((c) => `<tr${c.id === report.chosen.configuration.id ? ' class="chosen"' : ''}>` +
    `<td>${escape(c.id)}</td><td>${escape(c.description)}</td><td>${escape(c.status)}${c.diverged === undefined ? '' : ` (loss ${c.diverged.loss} at epoch ${c.diverged.epoch})`}</td>` +
    `<td>${pct(c.bestValidationAccuracy)}</td><td>${c.bestEpoch ?? '–'}</td><td>${c.imagesPerSecond.toFixed(0)}</td><td>${c.trainSeconds.toFixed(0)}</td></tr>`).join('\n');
  const perClass = report.classNames.map((name) => `<tr><td>${escape(name)}</td><td>${pct(report.perClassAccuracy[name])}</td></tr>`).join('\n');
  const curves = report.figures.filter((f) => f.endsWith('.svg') && f.includes('learning-curves'))
    .map((f) => `<figure><img src="${escape(f)}" alt="${escape(f)}"></figure>`).join('\n');
  const layerRows = report.featureMaps.layers.map((l) => `<tr><td>${escape(l.label)}</td><td>${l.outputShape.join('×')}</td><td>${pct(l.zeroFraction)}</td></tr>`).join('\n');
  const maps = report.featureMaps.images.map((img) => `<section class="image"><h3>Test image ${img.index}: ${escape(img.label)} (predicted ${escape(img.predicted)})</h3>\n` +
    img.files.map((f) => `<figure><img src="${escape(f.file)}" alt="${escape(f.layer)}"><figcaption>${escape(f.layer)} · ${f.shape.join('×')}</figcaption></figure>`).join('\n') +
    '</section>').join('\n');
  const s = state.split;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>layerproof train: ${escape(report.model)} on CIFAR-10</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
tr.chosen { background: #eef6ee; font-weight: 600; }
figure { display: inline-block; margin: 0.5em; vertical-align: top; }
figure img { max-width: 100%; image-rendering: pixelated; }
figcaption { font-size: 0.85em; color: #555; }
.result { font-size: 1.3em; }
</style>
</head>
<body>
<h1>CIFAR-10 with the ${escape(report.model)} network</h1>
<p class="result">Test accuracy <strong>${pct(report.testAccuracy)}</strong> on ${report.testImages} test images,
read once after the choice; validation accuracy of the chosen configuration ${pct(report.validationAccuracy)}.</p>
<p>Chosen: <code>${escape(report.chosen.description)}</code>, best on validation at epoch ${report.chosen.bestEpoch}${report.chosen.retrained ? ', then retrained on training + validation' : ''}.
Trained on ${s.trainCount} images and validated on ${s.validationCount} (a stratified split of the ${s.poolCount} images of the training files, seed ${s.seed}).
Backend: ${escape(report.backendDescription)}. ${report.imagesPerSecond.toFixed(0)} training images/s; wall time ${(report.wallSeconds / 60).toFixed(1)} min.</p>

<h2>The search</h2>
<table><tr><th>id</th><th>configuration</th><th>status</th><th>best validation accuracy</th><th>epoch</th><th>img/s</th><th>training s</th></tr>
${rows}
</table>

<h2>Learning curves</h2>
${curves}

<h2>Test set</h2>
<figure><img src="figures/confusion-matrix.svg" alt="confusion matrix"></figure>
<table><tr><th>class</th><th>test accuracy</th></tr>
${perClass}
</table>

<h2>How the input is transformed, layer by layer</h2>
${report.commentary.map((p) => `<p>${escape(p)}</p>`).join('\n')}
<table><tr><th>layer</th><th>output shape</th><th>zeros</th></tr>
${layerRows}
</table>
${report.featureMaps.filtersFile === undefined ? '' : `<figure><img src="${escape(report.featureMaps.filtersFile)}" alt="first-layer filters"><figcaption>Filters of the first convolution (each scaled to its own range)</figcaption></figure>`}
${maps}
${spectrum === undefined ? '' : spectrumSection(spectrum)}
${typeof analyses.spectrum === 'string' ? `<h2>Operator norms and the Lipschitz bound</h2>\n<p>Not computed: ${escape(analyses.spectrum)}.</p>` : ''}
${analyses.shifts === undefined ? '' : shiftSection(analyses.shifts)}
<p><small>Each feature-map cell is one channel, scaled from its minimum (dark) to its maximum (bright) through the viridis colour map.
layerproof ${escape(report.version)}; numbers measured, not proven${spectrum === undefined ? '' : ', except the operator-norm intervals and the Lipschitz bound, each resting on the argument stated with it'}.</small></p>
</body>
</html>
`;
}
