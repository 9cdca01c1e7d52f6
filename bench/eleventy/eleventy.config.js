// Eleventy 3 building a site equivalent to Communiqué's on the bench corpus:
// one page per item, one page per term (its newest items), and the news stream
// paginated by 20. Input is the corpus's content/ folder; the layouts and list
// pages are copied in by bench/run.js (site/ → content/_eleventy/).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const TAG_FIELDS = ['issuedBy', 'fieldsOfWork', 'countries', 'meetings'];

export default function (eleventyConfig) {
  const input = eleventyConfig.directories?.input ?? process.env.ELEVENTY_INPUT;
  eleventyConfig.ignores.add('taxonomies/**');
  eleventyConfig.addCollection('items', (api) =>
    api.getFilteredByGlob('**/news/**/*.md').sort((a, b) => b.date - a.date),
  );
  eleventyConfig.addCollection('termPages', (api) => {
    const items = api.getFilteredByGlob('**/news/**/*.md').sort((a, b) => b.date - a.date);
    const byTerm = new Map();
    for (const item of items) {
      for (const field of TAG_FIELDS) {
        const value = item.data[field];
        for (const id of Array.isArray(value) ? value : value ? [value] : []) {
          if (!byTerm.has(id)) byTerm.set(id, []);
          byTerm.get(id).push(item);
        }
      }
    }
    const pages = [];
    const dir = path.join(input, 'taxonomies');
    for (const file of readdirSync(dir).sort()) {
      const vocabulary = file.replace(/\.ya?ml$/, '');
      const walk = (terms) => {
        for (const term of terms) {
          const tagged = byTerm.get(term.id) ?? [];
          pages.push({ vocabulary, id: term.id, name: term.name, count: tagged.length, items: tagged.slice(0, 20) });
          if (term.children) walk(term.children);
        }
      };
      walk(parse(readFileSync(path.join(dir, file), 'utf8')).terms);
    }
    return pages;
  });
  eleventyConfig.addFilter('isoDate', (date) => new Date(date).toISOString().slice(0, 10));
  return { markdownTemplateEngine: false, htmlTemplateEngine: 'liquid', dir: { includes: '_eleventy/_includes' } };
}
