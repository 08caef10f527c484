// Renders every Mermaid diagram of dist/*/topology.md (or the Markdown files given) to SVG and PNG with mermaid-cli,
// in the default and the dark theme (as GitHub shows them in light and dark mode), and reports each diagram's natural
// width, node and edge count, and the text size it shows at in GitHub's ~900 px column. Needs Chromium and
// @mermaid-js/mermaid-cli, which CI has not: not part of `npm test`.
//
//   MMDC=/tmp/mmdc/node_modules/.bin/mmdc CHROMIUM=/usr/bin/chromium node scripts/render-topology.mjs [--out DIR] [--light-only] [FILE.md...]
//
// Exit status 1 when a diagram fails to render.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outdir = path.resolve(outAt >= 0 ? args.splice(outAt, 2)[1] : path.join(os.tmpdir(), 'topology-png'));
const lightAt = args.indexOf('--light-only');
const themes = [['default', 'white', ''], ['dark', '#0d1117', '-dark']].slice(0, lightAt >= 0 ? 1 : 2);
if (lightAt >= 0) args.splice(lightAt, 1);
const files = args.length > 0 ? args : fs.readdirSync('dist').map(d => path.join('dist', d, 'topology.md')).filter(f => fs.existsSync(f));
const mmdc = process.env.MMDC ?? 'mmdc';
const COLUMN = 900; // GitHub's Markdown column, in px
const FONT = 16; // Mermaid's default font size, in px

fs.mkdirSync(outdir, { recursive: true });
const puppeteer = path.join(outdir, 'puppeteer.json');
fs.writeFileSync(puppeteer, JSON.stringify({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
}));

/** The Mermaid blocks of a Markdown file. */
const diagrams = (text) => [...text.matchAll(/```mermaid\n([\s\S]*?)```/g)].map(m => m[1]);

let failed = 0;
const rows = [];
for (const file of files) {
  const name = path.basename(path.dirname(path.resolve(file))) || path.basename(file, '.md');
  diagrams(fs.readFileSync(file, 'utf8')).forEach((source, i) => {
    const base = path.join(outdir, `${name}-${i + 1}`);
    fs.writeFileSync(`${base}.mmd`, source);
    try {
      for (const [theme, bg, suffix] of themes) {
        for (const ext of ['svg', 'png']) {
          execFileSync(mmdc, ['-q', '-p', puppeteer, '-t', theme, '-b', bg, '-i', `${base}.mmd`, '-o', `${base}${suffix}.${ext}`, ...(ext === 'png' ? ['-s', '1', '-w', String(COLUMN)] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
        }
      }
      const svg = fs.readFileSync(`${base}.svg`, 'utf8');
      if (/Syntax error|maximum text size|Maximum number of edges/i.test(svg)) throw new Error('Mermaid drew an error');
      const width = Number(/max-width:\s*([\d.]+)px/.exec(svg)?.[1] ?? NaN);
      const nodes = new Set([...source.matchAll(/^\s+(n\d+)[({[]/gm)].map(m => m[1])).size;
      const edges = [...source.matchAll(/^\s+n\d+ (==>|-\.->|--x|-->)/gm)].length;
      const shown = Math.min(1, COLUMN / width) * FONT;
      rows.push({ diagram: `${name} #${i + 1}`, width: Math.round(width), nodes, edges, chars: source.length, textPx: Number(shown.toFixed(1)) });
    } catch (e) {
      failed++;
      rows.push({ diagram: `${name} #${i + 1}`, error: String(e.stderr ?? e.message).split('\n')[0] });
    }
  });
}
console.table(rows);
console.log(`PNGs in ${outdir} (NAME-N.png light, NAME-N-dark.png dark)`);
process.exit(failed > 0 ? 1 : 0);
