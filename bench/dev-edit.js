// One item edited while `communique dev` runs: from the file save to the end of the rebuild it sets off, when the
// server has every affected page in hand (it serves from memory) and sends open pages their reload. Runs the dev
// server itself (`startDevServer`, as the CLI does, on a free port of 127.0.0.1): its file watcher, its wait for the
// rest of a save's events, and its rebuild.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDevServer } from '../lib/dev/server.js';
import { limitHeapGrowth } from '../lib/heap-growth.js';
import { unpacked } from '../lib/render/packed-html.js';

// As the CLI does for `communique dev`.
limitHeapGrowth();
const [siteArgument, itemRelative] = process.argv.slice(2);
const siteDir = path.resolve(siteArgument);
const server = await startDevServer({ cwd: siteDir, port: 0, buildDate: '2026-01-15' });
const first = server.current();
if (!first.result?.ok) throw new Error(`initial build failed: ${first.crash ?? `${first.result?.diagnostics.length} diagnostics`}`);
const itemFile = path.join(siteDir, 'content', itemRelative);
const original = readFileSync(itemFile, 'utf8');
const edited = original.replace(/^title: "(.*)"$/m, 'title: "$1 (updated)"');
if (edited === original) throw new Error(`no quoted title in ${itemRelative}`);

const rebuilt = server.nextBuild();
const saved = performance.now();
writeFileSync(itemFile, edited);
const outcome = await rebuilt;
const ms = performance.now() - saved;
writeFileSync(itemFile, original);

// Untimed: which files the rebuild changed, and that the edited item's page is served with its new title.
const bytesOf = (file) => Buffer.from(unpacked(file.content));
const before = new Map(first.result.files.map((file) => [file.path, file]));
const changed = (outcome.result?.files ?? []).filter((file) => {
  const old = before.get(file.path);
  return old === undefined || (old.content !== file.content && !bytesOf(old).equals(bytesOf(file)));
});
const itemPage = changed.find((file) => file.path.startsWith('news/') && bytesOf(file).toString('utf8').includes('(updated)</h1>'));
await server.close();
console.log(
  JSON.stringify({
    ms,
    ok: (outcome.result?.ok ?? false) && itemPage !== undefined,
    patched: outcome.result?.patched ?? false,
    written: changed.length,
    writtenPaths: changed.slice(0, 12).map((file) => file.path),
    firstBuildMs: first.result.durationMs,
    maxRssKiB: process.resourceUsage().maxRSS,
  }),
);
