// `npm run bench`: Communiqué against Eleventy 3 and the remark floor on a
// synthetic corpus. Usage: node bench/run.js [--quick] [--runs K] [--sizes 1000,4000,10000]
// --quick: N = 1,000, one run, for iterating. Full runs rewrite
// bench/results/latest.json and the table in README.md (section Performance).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRandom, generateCorpus, generateItem, readVocabularies, repoRoot } from './generate-corpus.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, runs: { type: 'string' }, sizes: { type: 'string' } } });
const quick = values.quick ?? false;
const sizes = values.sizes ? values.sizes.split(',').map(Number) : quick ? [1000] : [1000, 4000, 10000];
const runs = Number(values.runs ?? (quick ? 1 : 3));
const benchDir = path.join(repoRoot, 'bench');
const cli = path.join(repoRoot, 'bin/communique.js');
const eleventyCli = path.join(benchDir, 'node_modules/@11ty/eleventy/cmd.cjs');
const EPOCH = String(Date.UTC(2026, 0, 15) / 1000);

if (!existsSync(eleventyCli)) {
  console.log('Installing Eleventy into bench/node_modules (bench/package.json) …');
  const install = spawnSync('npm', ['--prefix', benchDir, 'install', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(1);
}

/** Runs a command under /usr/bin/time; returns wall time (ms), peak RSS (MiB), stdout. */
function measure(command, args, cwd, env = {}) {
  const timeFile = path.join(os.tmpdir(), `communique-bench-${process.pid}.time`);
  const useTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const result = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, command, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH, ...env }, maxBuffer: 1 << 26 })
    : spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH, ...env }, maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}\n${result.stdout}`);
  let rssMiB = null;
  if (useTime) rssMiB = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024;
  return { ms, rssMiB, stdout: result.stdout };
}

function prepareCorpus(n) {
  const dir = path.join(benchDir, 'corpus', `n${n}`);
  const stamp = path.join(dir, '.generator');
  const generatorHash = createHash('sha256').update(readFileSync(path.join(benchDir, 'generate-corpus.js'))).digest('hex');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== generatorHash) {
    console.log(`Generating ${n} items …`);
    generateCorpus(dir, n);
    writeFileSync(stamp, generatorHash);
  }
  // The repository's templates as they are now (a corpus generated earlier would otherwise keep older ones).
  rmSync(path.join(dir, 'templates'), { recursive: true, force: true });
  cpSync(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  // Eleventy's layouts and list pages, inside its input folder (Communiqué reads only site.yaml, taxonomies/ and news/**/*.md).
  const content = path.join(dir, 'content');
  rmSync(path.join(content, '_eleventy'), { recursive: true, force: true });
  mkdirSync(path.join(content, '_eleventy'), { recursive: true });
  cpSync(path.join(benchDir, 'eleventy/site/_includes'), path.join(content, '_eleventy/_includes'), { recursive: true });
  for (const file of ['news-list.liquid', 'term.liquid']) cpSync(path.join(benchDir, 'eleventy/site', file), path.join(content, '_eleventy', file));
  cpSync(path.join(benchDir, 'eleventy/site/news.json'), path.join(content, 'news/news.json'));
  return dir;
}

function hashTree(root) {
  const files = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full), createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(root);
  return files;
}

function sameTree(a, b) {
  if (a.size !== b.size) return false;
  for (const [file, hash] of a) if (b.get(file) !== hash) return false;
  return true;
}

const median = (list) => {
  const sorted = [...list].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** Removes a Communiqué output: the `dist` link (or folder) and the build folders beside it. */
function removeOutput(out) {
  rmSync(out, { recursive: true, force: true });
  rmSync(path.join(path.dirname(out), `.${path.basename(out)}.builds`), { recursive: true, force: true });
}
const summarize = (list) => ({ median: median(list), min: Math.min(...list), max: Math.max(...list), runs: list });

function benchSize(n) {
  const dir = prepareCorpus(n);
  const content = path.join(dir, 'content');
  const dist = path.join(dir, 'dist');
  const cache = path.join(dir, '.cache/communique');
  const samples = { floor: [], eleventy: [], cold: [], warm: [], firstPublish: [], publish: [], dev: [] };
  const rss = { floor: [], eleventy: [], cold: [], warm: [], firstPublish: [], publish: [], dev: [] };
  let publishIdentical = null;
  let devPages = null;
  let devPatched = null;
  const vocabularies = readVocabularies();
  // The items the publish step adds (two per run: two merges in a row); a bench killed mid-publish leaves its items
  // behind, which would make the next cold build larger and its publish a no-op.
  // Dated at the end of the corpus's newest month (December 2024), so that they land in the newest month's search
  // shard (see searchShardOf) when it is as large as it gets: a whole month of items, the shard a publish rebuilds.
  const publishItems = Array.from({ length: runs * 2 }, (_, i) => generateItem(createRandom(n * 7 + i), vocabularies, Date.UTC(2024, 11, 29 + (i % 3)), n + i));
  for (const item of publishItems) rmSync(path.join(content, item.path), { force: true });
  for (let run = 0; run < runs; run += 1) {
    process.stdout.write(`N=${n} run ${run + 1}/${runs}: floor`);
    const floor = measure(process.execPath, [path.join(benchDir, 'remark-floor.js'), content], dir);
    samples.floor.push(floor.ms);
    rss.floor.push(floor.rssMiB);

    process.stdout.write(', eleventy');
    rmSync(path.join(dir, '_site'), { recursive: true, force: true });
    const eleventy = measure(process.execPath, [eleventyCli, `--config=${path.join(benchDir, 'eleventy/eleventy.config.js')}`, `--input=${content}`, `--output=${path.join(dir, '_site')}`, '--quiet'], dir);
    samples.eleventy.push(eleventy.ms);
    rss.eleventy.push(eleventy.rssMiB);

    process.stdout.write(', cold');
    removeOutput(dist);
    rmSync(path.join(dir, '.cache'), { recursive: true, force: true });
    const cold = measure(process.execPath, [cli, 'build', '--cache', cache], dir);
    samples.cold.push(cold.ms);
    rss.cold.push(cold.rssMiB);

    process.stdout.write(', warm');
    const warm = measure(process.execPath, [cli, 'build', '--cache', cache], dir);
    if (!/up to date/.test(warm.stdout)) throw new Error(`warm build rebuilt: ${warm.stdout}`);
    samples.warm.push(warm.ms);
    rss.warm.push(warm.rssMiB);

    // Publish on merge, twice: the first publish after a cold build has no spare build folder to fill (the output
    // folder the swap replaces is kept as the spare only from then on); CI, merge after merge, is in the second
    // case, which is the figure the target is checked on.
    process.stdout.write(', publish');
    const added = [publishItems[run * 2], publishItems[run * 2 + 1]].map((item) => path.join(content, item.path));
    try {
      added.forEach((itemFile, index) => {
        const item = publishItems[run * 2 + index];
        mkdirSync(path.dirname(itemFile), { recursive: true });
        writeFileSync(itemFile, item.text);
        const publish = measure(process.execPath, [cli, 'build', '--cache', cache], dir);
        const series = index === 0 ? 'firstPublish' : 'publish';
        samples[series].push(publish.ms);
        rss[series].push(publish.rssMiB);
      });
      if (run === 0) {
        process.stdout.write(' (verifying against a clean build)');
        const clean = path.join(dir, 'dist-clean');
        removeOutput(clean);
        measure(process.execPath, [cli, 'build', '--no-cache', '--out', clean], dir);
        publishIdentical = sameTree(hashTree(dist), hashTree(clean));
        removeOutput(clean);
      }
    } finally {
      for (const itemFile of added) rmSync(itemFile, { force: true });
    }

    process.stdout.write(', dev edit');
    const newest = readdirSync(path.join(content, 'news/2024')).filter((f) => f.endsWith('.md')).sort().pop();
    const dev = measure(process.execPath, [path.join(benchDir, 'dev-edit.js'), dir, `news/2024/${newest}`], dir);
    const devResult = JSON.parse(dev.stdout.trim().split('\n').pop());
    if (!devResult.ok) throw new Error('dev rebuild failed, or did not change the edited item\'s page');
    samples.dev.push(devResult.ms);
    rss.dev.push(devResult.maxRssKiB / 1024);
    devPages = devResult.written;
    devPatched = devResult.patched;
    process.stdout.write('\n');
  }
  const times = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)]));
  const memory = Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, Math.max(...v)]));
  return { n, runs, times, peakRssMiB: memory, publishIdentical, devFilesWritten: devPages, devEditPatched: devPatched };
}

const results = [];
for (const n of sizes) {
  results.push(benchSize(n));
  // Keep what is measured so far, in case a long run is stopped.
  mkdirSync(path.join(benchDir, 'results'), { recursive: true });
  writeFileSync(path.join(benchDir, 'results', 'partial.json.tmp'), JSON.stringify(results, null, 2) + '\n');
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const spread = (t) => (t.runs.length > 1 ? ` (${fmt(t.min)}–${fmt(t.max)})` : '');
const ratio = (a, b) => (a / b).toFixed(2);
const lines = [];
lines.push(`| N | remark floor | Eleventy 3 | cold | cold ÷ Eleventy | cold ÷ floor | warm | warm ÷ cold | first publish | publish | publish ÷ cold | same as clean | dev edit | peak RSS cold / warm / publish / dev | MiB per 1,000 items |`);
lines.push(`|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
for (const r of results) {
  const t = r.times;
  const m = r.peakRssMiB;
  lines.push(
    `| ${r.n.toLocaleString('en')} | ${fmt(t.floor.median)}${spread(t.floor)} | ${fmt(t.eleventy.median)}${spread(t.eleventy)} | ${fmt(t.cold.median)}${spread(t.cold)} | ${ratio(t.cold.median, t.eleventy.median)} | ${ratio(t.cold.median, t.floor.median)} | ${fmt(t.warm.median)}${spread(t.warm)} | ${ratio(t.warm.median, t.cold.median)} | ${fmt(t.firstPublish.median)}${spread(t.firstPublish)} | ${fmt(t.publish.median)}${spread(t.publish)} | ${ratio(t.publish.median, t.cold.median)} | ${r.publishIdentical ? 'yes' : 'NO'} | ${fmt(t.dev.median)}${spread(t.dev)} | ${Math.round(m.cold)} / ${Math.round(m.warm)} / ${Math.round(Math.max(m.firstPublish, m.publish))} / ${Math.round(m.dev)} MiB | ${(m.cold / (r.n / 1000)).toFixed(1)} |`,
  );
}

const byN = new Map(results.map((r) => [r.n, r]));
const targets = [];
const target = (name, n, value, limit, unit = '×') => {
  const r = byN.get(n);
  if (!r) return;
  const v = value(r);
  targets.push({ name, n, value: v, limit, met: v <= limit, text: `${v <= limit ? 'MET   ' : 'MISSED'} ${name} at N=${n.toLocaleString('en')}: ${unit === 'ms' ? fmt(v) : v.toFixed(2) + ' ×'} (target ≤ ${unit === 'ms' ? fmt(limit) : limit + ' ×'})` });
};
target('cold ÷ Eleventy', 4000, (r) => r.times.cold.median / r.times.eleventy.median, 0.6);
target('cold ÷ remark floor', 4000, (r) => r.times.cold.median / r.times.floor.median, 0.6);
target('warm ÷ cold', 10000, (r) => r.times.warm.median / r.times.cold.median, 0.1);
target('publish ÷ cold', 10000, (r) => r.times.publish.median / r.times.cold.median, 0.1);
target('dev edit, save to last page written', 10000, (r) => r.times.dev.median, 100, 'ms');
// Communiqué's own runs only: the baselines' processes (Eleventy peaked above Communiqué at N = 10,000) are not its memory.
const COMMUNIQUE_RUNS = ['cold', 'warm', 'firstPublish', 'publish', 'dev'];
target('peak RSS (MiB)', 10000, (r) => Math.max(...COMMUNIQUE_RUNS.map((run) => r.peakRssMiB[run]).filter((v) => v !== null && v !== undefined)), 500, 'ms');
if (byN.get(10000)) {
  const r = byN.get(10000);
  const ok = r.publishIdentical === true;
  targets.push({ name: 'publish output identical to a clean build', n: 10000, met: ok, text: `${ok ? 'MET   ' : 'MISSED'} publish output identical to a clean build at N=10,000` });
}
// The RSS target prints in MiB, not ms: fix its label.
for (const t of targets) if (t.name === 'peak RSS (MiB)') t.text = `${t.met ? 'MET   ' : 'MISSED'} peak RSS at N=10,000: ${Math.round(t.value)} MiB (target ≤ 500 MiB)`;

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const table = lines.join('\n');
console.log(`\n${table}\n\nMachine: ${machine}. Times are medians of ${runs} run(s), spread in brackets.\n`);
for (const t of targets) console.log(t.text);

const report = { date: new Date().toISOString(), machine, runs, quick, results, targets };
mkdirSync(path.join(benchDir, 'results'), { recursive: true });
writeFileSync(path.join(benchDir, 'results', quick ? 'quick.json' : 'latest.json'), JSON.stringify(report, null, 2) + '\n');
if (!quick) {
  const doc = path.join(repoRoot, 'README.md');
  if (existsSync(doc)) {
    const text = readFileSync(doc, 'utf8');
    const block = `<!-- bench:start -->\n${table}\n\nMachine: ${machine}; ${new Date().toISOString().slice(0, 10)}; medians of ${runs} runs, spread in brackets.\n\n${targets.map((t) => `- ${t.text.replace(/^(MET|MISSED)\s*/, (m) => `**${m.trim()}**: `)}`).join('\n')}\n<!-- bench:end -->`;
    writeFileSync(doc, text.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, block));
  }
}
void statSync;
