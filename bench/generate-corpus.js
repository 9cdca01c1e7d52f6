// Deterministic synthetic corpus for `npm run bench`: N news items of about
// 5 KB each (paragraphs, quotes, lists, links), tagged from the real
// vocabularies in content/taxonomies with a skewed (Zipf-like) spread, dated
// over 20 years. The same seed and N always give the same bytes.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..');

/** mulberry32: small, fast, seedable. */
export function createRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  // Zipf-like: a few terms are used a lot, most rarely, as in a real newsroom.
  const zipf = (list) => list[Math.min(list.length - 1, Math.floor(list.length * Math.pow(next(), 2.2)))];
  return { next, int, pick, zipf };
}

function termIds(terms, out = []) {
  for (const term of terms) {
    out.push({ id: term.id, name: term.name });
    if (term.children) termIds(term.children, out);
  }
  return out;
}

/** Vocabulary id → terms, read from the real taxonomy files. */
export function readVocabularies() {
  const dir = path.join(repoRoot, 'content/taxonomies');
  const vocabularies = {};
  for (const file of readdirSync(dir).sort()) {
    const data = parse(readFileSync(path.join(dir, file), 'utf8'));
    vocabularies[file.replace(/\.ya?ml$/, '')] = termIds(data.terms);
  }
  return vocabularies;
}

const WORDS = (
  'the OSCE participating States mission field operation office human rights rule of law police reform border management ' +
  'trafficking anti-corruption media freedom journalists elections observation democratic institutions gender equality ' +
  'civil society youth education environment water energy security co-operation dialogue conference workshop training ' +
  'experts officials government national local community project programme support capacity strengthen promote ' +
  'implementation commitments assessment recommendations report ministry parliament judiciary prosecutors cybersecurity ' +
  'confidence-building measures arms control small weapons ammunition stockpiles demining explosive hazards migration ' +
  'tolerance non-discrimination minorities integration roma sinti hate crime legislation monitoring good governance'
).split(' ');

function sentence(random) {
  const length = random.int(10, 26);
  const words = [];
  for (let i = 0; i < length; i += 1) words.push(random.pick(WORDS));
  const text = words.join(' ');
  return text[0].toUpperCase() + text.slice(1) + '.';
}

function paragraph(random, min = 3, max = 6) {
  const count = random.int(min, max);
  const parts = [];
  for (let i = 0; i < count; i += 1) {
    let s = sentence(random);
    if (random.next() < 0.15) s = s.replace(/ (\w+) (\w+)/, ' [$1 $2](https://www.osce.org/$1)');
    if (random.next() < 0.1) s = s.replace(/ (\w+)/, ' **$1**');
    parts.push(s);
  }
  return parts.join(' ');
}

function body(random, earlier) {
  const blocks = [];
  while (blocks.join('\n\n').length < 4300) {
    const roll = random.next();
    if (roll < 0.62) blocks.push(paragraph(random));
    else if (roll < 0.74) blocks.push(`> “${paragraph(random, 1, 2)}” said ${random.pick(['the Head of Mission', 'the Secretary General', 'the Chairperson-in-Office', 'the Special Representative'])}.`);
    else if (roll < 0.86) {
      const lines = [];
      const ordered = random.next() < 0.3;
      for (let i = 0, n = random.int(3, 6); i < n; i += 1) lines.push(`${ordered ? `${i + 1}.` : '-'} ${sentence(random)}`);
      blocks.push(lines.join('\n'));
    } else if (roll < 0.93) blocks.push(`## ${sentence(random).slice(0, 60).replace(/\.$/, '')}`);
    else if (earlier.length > 0) blocks.push(`See also [an earlier item](${earlier[random.int(0, earlier.length - 1)]}). ${sentence(random)}`);
  }
  return blocks.join('\n\n') + '\n';
}

function yamlList(ids) {
  return `[${ids.join(', ')}]`;
}

function distinct(random, list, count) {
  const out = new Set();
  for (let guard = 0; out.size < count && guard < 50; guard += 1) out.add(random.zipf(list).id);
  return [...out];
}

/**
 * Writes `<dir>/content` (site.yaml, taxonomies, news/YYYY/*.md) and
 * `<dir>/templates` (the repository's), and returns the item files written.
 */
export function generateCorpus(dir, count, seed = 20260115) {
  const random = createRandom(seed + count);
  const vocabularies = readVocabularies();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'content/news'), { recursive: true });
  cpSync(path.join(repoRoot, 'content/site.yaml'), path.join(dir, 'content/site.yaml'));
  cpSync(path.join(repoRoot, 'content/taxonomies'), path.join(dir, 'content/taxonomies'), { recursive: true });
  cpSync(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  const start = Date.UTC(2005, 0, 1);
  const span = Date.UTC(2025, 0, 1) - start;
  const dates = Array.from({ length: count }, () => start + Math.floor(random.next() * span)).sort((a, b) => a - b);
  const files = [];
  const earlierLinks = [];
  for (let i = 0; i < count; i += 1) {
    const item = generateItem(random, vocabularies, dates[i], i, earlierLinks);
    const target = path.join(dir, 'content', item.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, item.text);
    files.push(item.path);
    if (random.next() < 0.3) earlierLinks.push(`../${item.path.slice('news/'.length)}`);
  }
  return { files, vocabularies };
}

/** One item: front matter from the real vocabularies, ~5 KB of Markdown. */
export function generateItem(random, vocabularies, time, index, earlierLinks = []) {
  const date = new Date(time).toISOString().slice(0, 10);
  const title = sentence(random).slice(0, 90).replace(/\.$/, '');
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50).replace(/-$/, '')}-${index}`;
  const issuer = random.next() < 0.5 ? random.zipf(vocabularies['structures']).id : random.zipf(vocabularies['field-operations']).id;
  const fields = distinct(random, vocabularies['fields-of-work'], random.int(1, 3));
  const countryPool = random.next() < 0.85 ? vocabularies['participating-states'] : vocabularies['partners-for-co-operation'];
  const countries = distinct(random, countryPool, random.int(0, 3));
  const meetings = random.next() < 0.12 ? distinct(random, vocabularies['meetings'], 1) : [];
  const year = date.slice(0, 4);
  const lines = [
    '---',
    `title: "${title}"`,
    `date: ${date}`,
    `summary: "${sentence(random)} ${sentence(random)}"`,
    `type: ${random.pick(['news-item', 'news-item', 'news-item', 'press-release', 'statement', 'feature'])}`,
    `issuedBy: ${issuer}`,
    `fieldsOfWork: ${yamlList(fields)}`,
  ];
  if (countries.length > 0) lines.push(`countries: ${yamlList(countries)}`);
  if (meetings.length > 0) lines.push(`meetings: ${yamlList(meetings)}`);
  lines.push('---', '');
  // Links to earlier items are relative to news/YYYY/.
  const links = earlierLinks.slice(-50);
  return { path: `news/${year}/${date}-${slug}.md`, text: `${lines.join('\n')}\n${body(random, links)}` };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 1000);
  const dir = path.resolve(process.argv[3] ?? path.join(here, 'corpus', `n${count}`));
  const { files } = generateCorpus(dir, count);
  console.log(`Wrote ${files.length} items to ${dir}`);
}
