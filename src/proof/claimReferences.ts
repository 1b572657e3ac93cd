/** `[[claim-id]]` in prose or a statement: rendered as the claim's label ("Lemma 2"), linked to it. */
const REFERENCE = /\[\[([a-z0-9][a-z0-9-]*)\]\]/g;

/** The ids referenced by a text, with the line (from `firstLine`) of each. */
export function findReferences(text: string, firstLine: number): { id: string; line: number }[] {
  const refs: { id: string; line: number }[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(REFERENCE)) refs.push({ id: m[1] ?? '', line: firstLine + i });
  });
  return refs;
}

/**
 * Replaces each `[[id]]` by a Markdown link `[Lemma 2](page.html#claim-id)`. Numbers are
 * given by the documents, so a reordered proof never cites the wrong lemma.
 */
export function linkReferences(text: string, target: (id: string) => { label: string; href: string } | undefined): string {
  return text.replace(REFERENCE, (whole, id: string) => {
    const t = target(id);
    return t === undefined ? whole : `[${t.label}](${t.href})`;
  });
}
