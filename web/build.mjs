// Bundles the explorer into dist/: index.html, assets/app.js and
// assets/app.css, which the Go binary embeds (see embed.go). Prints the
// size of each file, as stored and gzipped. DIPGRAPH_WEB_DEBUG=1 leaves the
// code unminified.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const out = 'dist';
for (const f of readdirSync(out)) {
  if (f !== 'NOT-BUILT.txt') rmSync(join(out, f), { recursive: true, force: true });
}
mkdirSync(join(out, 'assets'), { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: 'src/main.js' },
  bundle: true,
  minify: process.env.DIPGRAPH_WEB_DEBUG ? false : true,
  format: 'esm',
  splitting: true,
  chunkNames: '[name]-[hash]',
  target: ['es2020'],
  outdir: join(out, 'assets'),
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
copyFileSync('src/style.css', join(out, 'assets', 'app.css'));
copyFileSync('src/index.html', join(out, 'index.html'));
copyFileSync('src/favicon.svg', join(out, 'assets', 'favicon.svg'));
writeFileSync('meta.json', JSON.stringify(result.metafile));

let total = 0, totalGz = 0;
const files = ['index.html', ...readdirSync(join(out, 'assets')).map((f) => join('assets', f))];
for (const f of files) {
  const b = readFileSync(join(out, f));
  const gz = gzipSync(b, { level: 9 }).length;
  total += statSync(join(out, f)).size;
  totalGz += gz;
  console.log(`${f.padEnd(34)} ${String(b.length).padStart(9)} bytes  ${String(gz).padStart(8)} gzipped`);
}
console.log(`${'total'.padEnd(34)} ${String(total).padStart(9)} bytes  ${String(totalGz).padStart(8)} gzipped`);
