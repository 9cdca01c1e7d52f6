// One item edited while a dev session runs: from the file save to the last
// affected page written to disk. Uses the incremental build session (the same
// build memos as `communique dev`, which serves from memory instead of
// writing) and the dev server's file watcher, chokidar.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';
import { createBuildSession } from '../lib/incremental/build-session.js';
import { limitHeapGrowth } from '../lib/heap-growth.js';

// As the CLI does for `communique dev`.
limitHeapGrowth();
const [siteArgument, itemRelative, outDir] = process.argv.slice(2);
// Absolute, as `communique dev` has it (its own cwd): chokidar reports a relative folder's files by relative paths,
// which the session resolves against the site folder again, and the edit was not patched.
const siteDir = path.resolve(siteArgument);
const session = createBuildSession({ cwd: siteDir, outDir, buildDate: '2026-01-15' });
const first = await session.rebuild();
if (!first.ok) throw new Error(`initial build failed: ${first.diagnostics.length} diagnostics`);
const itemFile = path.join(siteDir, 'content', itemRelative);
const original = readFileSync(itemFile, 'utf8');
const edited = original.replace(/^title: "(.*)"$/m, 'title: "$1 (updated)"');

const done = new Promise((resolve, reject) => {
  let saved = 0;
  let running = false;
  const watcher = watch(path.join(siteDir, 'content'), { ignoreInitial: true });
  watcher.on('all', (_event, changed) => {
    if (running || saved === 0) return;
    running = true;
    session.rebuild([changed]).then((result) => {
      const ms = performance.now() - saved;
      void watcher.close();
      resolve({ ms, ok: result.ok, patched: result.patched ?? false, written: result.written.length, writtenPaths: result.written.slice(0, 12) });
    }, reject);
  });
  watcher.once('ready', () => {
    saved = performance.now();
    writeFileSync(itemFile, edited);
  });
});
const result = await done;
writeFileSync(itemFile, original);
console.log(JSON.stringify({ ...result, firstBuildMs: first.durationMs, maxRssKiB: process.resourceUsage().maxRSS }));
