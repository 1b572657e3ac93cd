import MarkdownIt from 'markdown-it';
import type { MarkdownIt as Markdown } from 'markdown-it';
import { markdownMath } from './markdownMath.js';

let instance: Markdown | undefined;

/** The Markdown renderer of the proofs: CommonMark, no raw HTML, math through KaTeX. */
function markdown(): Markdown {
  instance ??= new MarkdownIt({ html: false, linkify: false, typographer: false }).use(markdownMath);
  return instance;
}

/** Renders Markdown with `$…$` / `$$…$$` math to HTML; throws MathRenderError on bad LaTeX. */
export function renderMarkdown(text: string): string {
  return markdown().render(text);
}

/** Renders one line of Markdown without the surrounding paragraph. */
export function renderMarkdownInline(text: string): string {
  return markdown().renderInline(text);
}

/** The block tokens of a Markdown text (with `map` line ranges), for the document parser. */
export function parseMarkdownBlocks(text: string): ReturnType<Markdown['parse']> {
  return markdown().parse(text, {});
}
