import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';
import { renderMath } from './renderMath.js';

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

function isWhitespace(code: number | undefined): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a;
}

/**
 * Inline math `$…$` (pandoc's rule: no space just inside the dollars, no digit just after
 * the closing one, so "costs $5 and $6" stays text) and `$$…$$` inside a paragraph.
 */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== DOLLAR) return false;
  const display = src.charCodeAt(start + 1) === DOLLAR;
  const open = display ? 2 : 1;
  if (!display && isWhitespace(src.charCodeAt(start + 1))) return false;
  let end = start + open;
  for (;;) {
    end = src.indexOf(display ? '$$' : '$', end);
    if (end < 0) return false;
    if (src.charCodeAt(end - 1) === BACKSLASH) {
      end += 1;
      continue;
    }
    break;
  }
  const content = src.slice(start + open, end);
  if (content.trim() === '') return false;
  if (!display && (isWhitespace(content.charCodeAt(content.length - 1)) || /\d/.test(src.charAt(end + 1)))) return false;
  if (!silent) {
    const token = state.push(display ? 'math_display_inline' : 'math_inline', 'math', 0);
    token.content = content;
    token.markup = display ? '$$' : '$';
  }
  state.pos = end + open;
  return true;
}

/** Display math: a block that starts with `$$` and ends with `$$` (on the same or a later line). */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  let pos = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
  let max = state.eMarks[startLine] ?? 0;
  if (state.src.slice(pos, pos + 2) !== '$$') return false;
  pos += 2;
  let firstLine = state.src.slice(pos, max);
  let lastLine = '';
  let next = startLine;
  let found = false;
  if (firstLine.trim().endsWith('$$')) {
    firstLine = firstLine.trim().slice(0, -2);
    found = true;
  }
  if (silent) return true;
  while (!found) {
    next++;
    if (next >= endLine) break;
    pos = (state.bMarks[next] ?? 0) + (state.tShift[next] ?? 0);
    max = state.eMarks[next] ?? 0;
    const line = state.src.slice(pos, max);
    if (line.trim().endsWith('$$')) {
      lastLine = line.trim().slice(0, -2);
      found = true;
    }
  }
  const inner = found && next > startLine ? state.getLines(startLine + 1, next, state.tShift[startLine] ?? 0, true) : '';
  state.line = next + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = `${firstLine.trim() === '' ? '' : `${firstLine}\n`}${inner}${lastLine}`.trim();
  token.map = [startLine, state.line];
  token.markup = '$$';
  return true;
}

/** markdown-it plugin: `$…$` and `$$…$$` rendered by KaTeX with `throwOnError: true`. */
export function markdownMath(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, idx) => renderMath(tokens[idx]?.content ?? '', false);
  md.renderer.rules.math_display_inline = (tokens, idx) => renderMath(tokens[idx]?.content ?? '', true);
  md.renderer.rules.math_block = (tokens, idx) => `<div class="math-display">${renderMath(tokens[idx]?.content ?? '', true)}</div>\n`;
}
