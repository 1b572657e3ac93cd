import katex, { type StrictFunction } from 'katex';
import { LayerproofError } from '../core/LayerproofError.js';

/** A piece of LaTeX that KaTeX refused, with KaTeX's reason. */
export class MathRenderError extends LayerproofError {
  readonly tex: string;
  readonly reason: string;

  constructor(tex: string, reason: string) {
    super(`KaTeX cannot render $${tex.length > 60 ? `${tex.slice(0, 59)}…` : tex}$: ${reason}`, { op: 'renderMath', argument: 'tex', value: tex });
    this.tex = tex;
    this.reason = reason;
  }
}

// Unicode letters in math (·, ×, ≤ typed directly) are fine for a student's document; every
// other non-standard construct is an error, never a console warning.
const strict: StrictFunction = (errorCode) => (errorCode === 'unicodeTextInMathMode' ? 'ignore' : 'error');

/**
 * Renders LaTeX to HTML (with MathML for screen readers) with KaTeX, `throwOnError: true`:
 * a formula KaTeX cannot render is an error of the document, not a red box on the page.
 */
export function renderMath(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex, { displayMode, throwOnError: true, strict, output: 'htmlAndMathml', trust: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^KaTeX parse error: /, '') : String(error);
    throw new MathRenderError(tex, reason);
  }
}
