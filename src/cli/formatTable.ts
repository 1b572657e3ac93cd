import Table from 'cli-table3';

/** A plain table for the terminal (cli-table3), with a header row. */
export function formatTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const table = new Table({ head: [...head], style: { head: ['bold'], border: [] } });
  for (const row of rows) table.push([...row]);
  return table.toString();
}

/** Numbers in tables: short scientific notation, 0 as 0. */
export function sci(x: number): string {
  return x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(2) : String(x);
}
