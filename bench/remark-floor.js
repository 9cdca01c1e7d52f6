// The remark floor: one core, remark-parse + remark-html on each item body,
// nothing else (no templates, no index pages, no writing). Prints JSON.
import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import remarkHtml from 'remark-html';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const contentDir = process.argv[2];
const files = fg.sync('news/**/*.md', { cwd: contentDir, absolute: true }).sort();
const bodies = files.map((file) => readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''));
const started = performance.now();
const processor = unified().use(remarkParse).use(remarkHtml);
let bytes = 0;
for (const body of bodies) bytes += String(processor.processSync(body)).length;
const ms = performance.now() - started;
console.log(JSON.stringify({ items: bodies.length, ms, bytes, maxRssKiB: process.resourceUsage().maxRSS }));
