import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CheckReport } from '../../src/proof.js';
import { chromiumPath } from '../support/systemComponents.js';
import { describeWith } from '../support/withComponent.js';

const FIXTURE = 'test/proof/fixtures/false';
const ARTIFACTS = 'test-artifacts';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
};

/** Runs the real CLI (TypeScript sources through tsx) from the repository root. */
function cli(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    encoding: 'utf8', timeout: 240_000, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
}

/** A loopback HTTP server for the site folder (only GET of files under it). */
function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    try {
      if (!file.startsWith(resolve(root)) || !statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}


/** Two more documents for the graph: one wider than the panel (eight lemmas under one theorem), one that uses a lemma of another document. */
const EXTRA_DOCUMENTS: Readonly<Record<string, string>> = {
  'wide.md': [
    '---', 'id: fixture-wide', 'title: "A wide fixture: eight lemmas under one theorem, wider than the panel"', 'order: 10', '---', '', 'A fixture for the graph layout.', '',
    ...Array.from({ length: 8 }, (_v, i) => ['```claim', `id: fx-wide-${i}`, 'kind: lemma', `title: Wide lemma ${i} with a title that wraps`, '```', '']).flat(),
    '```claim', 'id: fx-wide-theorem', 'kind: theorem', 'title: The theorem that uses all eight', `uses: [${Array.from({ length: 8 }, (_v, i) => `fx-wide-${i}`).join(', ')}]`, '```', '',
  ].join('\n'),
  'chain.md': [
    '---', 'id: fixture-chain', 'title: "A chain fixture: each lemma uses the one before, the theorem a lemma of another proof"', 'order: 11', '---', '', 'A fixture for the graph layout.', '',
    '```claim', 'id: fx-chain-a', 'kind: lemma', 'title: The first link', '```', '',
    '```claim', 'id: fx-chain-b', 'kind: lemma', 'title: The second link', 'uses: [fx-chain-a]', '```', '',
    '```claim', 'id: fx-chain-c', 'kind: lemma', 'title: The third link', 'uses: [fx-chain-b]', '```', '',
    '```claim', 'id: fx-chain-theorem', 'kind: theorem', 'title: The end of the chain, and a lemma from the convolution proof', 'uses: [fx-chain-c, conv-matrix]', '```', '',
    '```claim', 'id: fx-chain-corollary', 'kind: corollary', 'title: A corollary of the chain', 'uses: [fx-chain-theorem]', '```', '',
  ].join('\n'),
};

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What the browser shows of the graph, in page coordinates, with the panel scrolled to its start. */
interface GraphGeometry {
  readonly viewportWidth: number;
  readonly pageScrollWidth: number;
  /** The panel's padding box: where its scrolled content starts, how wide it shows, how wide it scrolls. */
  readonly panel: { readonly x: number; readonly clientWidth: number; readonly scrollWidth: number; readonly overflowX: string };
  readonly svg: Box;
  readonly nodes: readonly { readonly id: string; readonly box: Box; readonly texts: readonly Box[] }[];
}

// (A string: the tests are compiled without the DOM library.)
const MEASURE_GRAPH = `(() => {
  const panel = document.querySelector('.graph');
  const svg = panel.querySelector('svg');
  panel.scrollLeft = 0;
  const box = (e) => { const b = e.getBoundingClientRect(); return { x: b.left + window.scrollX, y: b.top + window.scrollY, width: b.width, height: b.height }; };
  const p = panel.getBoundingClientRect();
  return {
    viewportWidth: document.documentElement.clientWidth,
    pageScrollWidth: document.documentElement.scrollWidth,
    panel: { x: p.left + panel.clientLeft + window.scrollX, clientWidth: panel.clientWidth, scrollWidth: panel.scrollWidth, overflowX: getComputedStyle(panel).overflowX },
    svg: box(svg),
    nodes: [...svg.querySelectorAll('a.node, a.external')].map((a) => ({
      id: a.getAttribute('data-claim-id') ?? 'stand-in for ' + a.getAttribute('data-refers-to') + ' in ' + a.getAttribute('data-document'),
      box: box(a.querySelector('rect')),
      texts: [...a.querySelectorAll('text')].map(box),
    })),
  };
})()`;

/** Half a pixel for subpixel rounding. */
const SLACK = 0.5;
const within = (a: Box, b: Box): boolean =>
  a.x >= b.x - SLACK && a.y >= b.y - SLACK && a.x + a.width <= b.x + b.width + SLACK && a.y + a.height <= b.y + b.height + SLACK;
const overlaps = (a: Box, b: Box): boolean =>
  a.x + SLACK < b.x + b.width && b.x + SLACK < a.x + a.width && a.y + SLACK < b.y + b.height && b.y + SLACK < a.y + a.height;

/**
 * What is wrong with the graph as shown, in words: a node neither inside the viewport and the
 * panel nor reachable by scrolling the panel, a node outside the SVG (which clips it), text
 * outside its box, two boxes overlapping, the page itself scrolling sideways.
 */
function graphProblems(g: GraphGeometry): string[] {
  const problems: string[] = [];
  if (g.pageScrollWidth > g.viewportWidth) problems.push(`the page is ${g.pageScrollWidth} px wide in a ${g.viewportWidth} px viewport`);
  const left = g.panel.x;
  const right = left + g.panel.clientWidth;
  const scrolls = g.panel.overflowX === 'auto' || g.panel.overflowX === 'scroll';
  g.nodes.forEach((n, i) => {
    const b = n.box;
    const shown = b.x >= Math.max(left, 0) - SLACK && b.x + b.width <= Math.min(right, g.viewportWidth) + SLACK;
    const reachable = scrolls && right <= g.viewportWidth + SLACK && b.x >= left - SLACK && b.x + b.width <= left + g.panel.scrollWidth + SLACK;
    if (!shown && !reachable) problems.push(`${n.id} is cut off (x ${b.x.toFixed(0)}..${(b.x + b.width).toFixed(0)}, panel ${left.toFixed(0)}..${right.toFixed(0)} scrolling to ${(left + g.panel.scrollWidth).toFixed(0)}, overflow-x ${g.panel.overflowX})`);
    if (!within(b, g.svg)) problems.push(`${n.id} lies outside the SVG`);
    if (!n.texts.every((t) => within(t, b))) problems.push(`${n.id}: its text runs out of its box`);
    for (const m of g.nodes.slice(i + 1)) if (overlaps(b, m.box)) problems.push(`${n.id} overlaps ${m.id}`);
  });
  return problems;
}

describeWith('chromium', 'the proof site, generated by the real CLI, in headless Chromium', () => {
  let work = '';
  let site = '';
  let server: Server | undefined;
  let origin = '';
  let context: BrowserContext | undefined;
  let check: SpawnSyncReturns<string>;
  let docs: SpawnSyncReturns<string>;
  let docsWide: SpawnSyncReturns<string>;
  let report: CheckReport;
  const outside: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'layerproof-e2e-'));
    site = join(work, 'site');
    const record = join(work, 'record.json');
    // Fewer cases than `npm start`, the same code path: check (which fails, because of the fixture), then docs.
    check = cli(['check', 'proofs', FIXTURE, '--runs', '50', '--exhaustive-limit', '500', '--seed', '3', '--json', join(work, 'results.json'), '--record', record]);
    docs = cli(['docs', 'proofs', FIXTURE, '--out', site, '--results', record]);
    // A second site under /wide/ with eight documents, for the graph's layout.
    const extra = join(work, 'extra');
    mkdirSync(extra);
    for (const [name, text] of Object.entries(EXTRA_DOCUMENTS)) writeFileSync(join(extra, name), text);
    docsWide = cli(['docs', 'proofs', FIXTURE, extra, '--out', join(site, 'wide'), '--results', record]);
    report = JSON.parse(readFileSync(join(work, 'results.json'), 'utf8')) as CheckReport;
    server = await serve(site);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Playwright passes --headless and the fresh --user-data-dir itself (launchPersistentContext).
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: chromiumPath() ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
    });
    context.on('request', (r) => {
      if (!r.url().startsWith(origin)) outside.push(r.url());
    });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((done) => (server === undefined ? done(undefined) : server.close(() => done(undefined))));
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  async function open(name: string): Promise<Page> {
    if (context === undefined) throw new Error('no browser');
    const page = await context.newPage();
    const response = await page.goto(`${origin}/${name}`);
    expect(response?.status(), name).toBe(200);
    // (A string: the tests are compiled without the DOM library.)
    await page.evaluate('document.fonts.ready.then(() => true)');
    return page;
  }

  test('`layerproof check` exits non-zero, prints the table and the shrunk counterexample, and writes the JSON', () => {
    expect(check.status, check.stderr).toBe(1);
    expect(check.stdout).toMatch(/claim\s*│\s*bounded proof\s*│\s*evidence\s*│\s*cases\s*│\s*largest error\s*│\s*tolerance\s*│\s*status/);
    expect(check.stdout).toMatch(/maxpool-additive-false[\s\S]*FAILED/);
    expect(check.stdout).toMatch(/✗ maxpool-additive-false[\s\S]*counterexample \(shrunk in \d+ steps\)[\s\S]*reproduce: npm run layerproof -- check --only maxpool-additive-false --seed 3 --runs 50/);
    expect([report.tool, report.seed, report.runs, typeof report.version]).toEqual(['layerproof', 3, 50, 'string']);
    for (const c of report.claims) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'status', 'method', 'cases', 'maxError', 'tolerance', 'seed', 'hash']));
      expect(['checked', 'failed']).toContain(c.status);
    }
    expect(report.claims.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual(['maxpool-additive-false']);
  });

  test('`layerproof docs` writes the site and reports each document', () => {
    expect(docs.status, docs.stderr).toBe(0);
    expect(docs.stdout).toMatch(/maxpool-linear\.md: failed/);
    expect(docs.stdout).toMatch(/wrote 7 pages/);
  });

  test('no page has a .katex-error, every proof page lists its steps with a status, nothing is loaded from outside', async () => {
    const index = await open('index.html');
    expect(await index.locator('.katex-error').count()).toBe(0);
    const links = await Promise.all((await index.locator('table.documents a[href$=".html"]:not([href*="#"])').all()).map(async (a) => (await a.getAttribute('href')) ?? ''));
    expect(links.length).toBe(6);
    mkdirSync(ARTIFACTS, { recursive: true });
    await index.screenshot({ path: join(ARTIFACTS, 'proof-site-index.png'), fullPage: true });
    for (const href of links) {
      const page = await open(href);
      expect(await page.locator('.katex-error').count(), href).toBe(0);
      expect(await page.locator('.katex').count(), href).toBeGreaterThan(5);
      const steps = await Promise.all((await page.locator('section.claim').all()).map(async (e) => [
        await e.getAttribute('data-claim-id'), await e.getAttribute('data-status'), (await e.locator('[data-badge]').textContent()) ?? '',
      ] as const));
      const docId = href.replace('.html', '');
      const expected = report.documents.find((d) => d.id === docId)?.steps;
      expect(steps.length, href).toBe(expected);
      for (const [id, status, badge] of steps) {
        expect(['proved', 'proved-probably', 'refuted-exact', 'exhaustive', 'exhaustive+random', 'random', 'refuted', 'failed', 'unchecked'], `${href} ${id}`).toContain(status);
        expect(badge, `${href} ${id}`).not.toBe('');
      }
      expect(await page.getByText('Numerical checking is evidence, not a formal proof').count(), href).toBe(1);
      // KaTeX's own fonts, served from the site folder, are in use.
      expect(await page.evaluate("document.fonts.check('16px KaTeX_Main')"), href).toBe(true);
      await page.close();
    }
    expect(outside).toEqual([]);
    await index.close();
  });

  test("the failing fixture's page shows its counterexample as matrices, the seed and the command that reproduces it", async () => {
    const page = await open('false-maxpool-linear.html#claim-maxpool-additive-false');
    const card = page.locator('section.claim[data-claim-id="maxpool-additive-false"]');
    expect(await card.getAttribute('data-status')).toBe('failed');
    const ce = card.locator('[data-counterexample="failure"]');
    await expect.poll(() => ce.isVisible()).toBe(true);
    expect(await ce.locator('.katex .mtable, .katex mtable').count()).toBeGreaterThan(0); // matrices
    expect(await ce.textContent()).toMatch(/Counterexample: this claim fails here/);
    const result = report.claims.find((c) => c.id === 'maxpool-additive-false');
    expect(await card.locator('details.evidence').textContent()).toContain(String(result?.seed));
    expect(await card.locator('code.reproduce').textContent()).toBe(result?.reproduce);
    mkdirSync(ARTIFACTS, { recursive: true });
    await card.screenshot({ path: join(ARTIFACTS, 'proof-site-counterexample.png') });
    await page.close();
  });

  test('the dependency graph is an SVG with a link per lemma and theorem, each with its status and blueprint state, and a legend', async () => {
    const page = await open('index.html');
    const nodes = page.locator('.graph svg a.node');
    expect(await nodes.count()).toBeGreaterThan(15);
    expect(await page.locator('.graph svg a.node[data-claim-id="maxpool-additive-false"]').getAttribute('data-status')).toBe('failed');
    expect(await page.locator('.graph svg a.node[data-claim-id="maxpool-additive-false"]').getAttribute('data-blueprint')).toBe('failed');
    for (const node of await nodes.all()) {
      expect(await node.getAttribute('data-claim-id')).toMatch(/^[a-z0-9-]+$/);
      expect(await node.getAttribute('data-status')).toMatch(/^[a-z+-]+$/);
      expect(['fully-proved', 'proved', 'evidence', 'stated', 'not-checked', 'stale', 'failed']).toContain(await node.getAttribute('data-blueprint'));
    }
    expect(await page.locator('.graph svg .legend-entry').count()).toBe(7);
    expect(await page.locator('dl.graph-legend dt[data-blueprint]').count()).toBe(7);
    expect(await page.locator('dl.graph-legend').textContent()).toMatch(/Evidence, not a proof/);
    const box = await page.locator('.graph svg').boundingBox();
    expect(box?.width).toBeGreaterThan(400);
    await page.close();
  });

  async function measuredGraph(name: string, options: { before?: (page: Page) => Promise<void>; screenshot?: string } = {}): Promise<GraphGeometry> {
    const page = await open(name);
    await page.setViewportSize({ width: 1280, height: 800 });
    if (options.before !== undefined) await options.before(page);
    const geometry = await page.evaluate<GraphGeometry>(MEASURE_GRAPH);
    if (options.screenshot !== undefined) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.locator('.graph').screenshot({ path: join(ARTIFACTS, options.screenshot) });
    }
    await page.close();
    return geometry;
  }

  test('at 1280×800, every node of the graph is in view or reachable by scrolling its panel, inside its box, and none overlap', async () => {
    expect(docsWide.status, docsWide.stderr).toBe(0);
    expect(docsWide.stdout).toMatch(/wrote 9 pages/);
    const index = await measuredGraph('index.html');
    expect(index.nodes.length).toBeGreaterThan(15);
    expect(graphProblems(index)).toEqual([]);
    // Eight documents, one wider than the panel: the panel scrolls, some node is reachable only that way.
    const wide = await measuredGraph('wide/index.html', { screenshot: 'proof-site-graph-six-documents.png' });
    expect(graphProblems(wide)).toEqual([]);
    expect(wide.nodes.filter((n) => n.id.startsWith('fx-')).length).toBe(14);
    expect(wide.nodes.map((n) => n.id)).toContain('stand-in for conv-matrix in fixture-chain');
    expect(wide.panel.scrollWidth).toBeGreaterThan(wide.panel.clientWidth);
    expect(wide.nodes.some((n) => n.box.x + n.box.width > wide.panel.x + wide.panel.clientWidth)).toBe(true);
  });

  test('negative controls: the same check fails on a panel that cuts instead of scrolling, and on two nodes drawn at one place', async () => {
    const cut = await measuredGraph('wide/index.html', {
      before: async (page) => {
        await page.addStyleTag({ content: '.graph { overflow: hidden; max-width: 600px; }' });
      },
    });
    expect(graphProblems(cut).filter((p) => p.includes('is cut off')).length).toBeGreaterThan(0);
    const stacked = await measuredGraph('wide/index.html', {
      // Move the first lemma of the chain onto the second, as a layout that ignored sizes would.
      before: (page) => page.evaluate(`(() => {
        const rect = (id) => document.querySelector('a.node[data-claim-id="' + id + '"] rect');
        const a = rect('fx-chain-a');
        const b = rect('fx-chain-b');
        const dx = Number(b.getAttribute('x')) - Number(a.getAttribute('x'));
        const dy = Number(b.getAttribute('y')) - Number(a.getAttribute('y'));
        a.parentElement.setAttribute('transform', 'translate(' + dx + ' ' + dy + ')');
      })()`),
    });
    expect(graphProblems(stacked)).toContain('fx-chain-a overlaps fx-chain-b');
  });
});
