import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../lib/build.js';
import type { Page, SiteModel } from '../../lib/model/types.js';
import { buildPageView, itemPageKeyData, type ViewContext } from '../../lib/render/views.js';
import { copyFixture, removeDir, repoRoot } from '../helpers/site.js';

/*
 * A publish keeps an item page without making its view when the page's key data (`itemPageKeyData`) is unchanged.
 * That is sound only if every change to what the view shows changes the key data. Each edit below changes one thing
 * an item page can show; for every item page, a view that changed must come with key data that changed.
 */

const BUILD_DATE = '2026-01-15';
const OBSERVERS = 'content/news/2016-11-02-election-observers.md';
const MIGRATION = 'content/news/2016-12-01-migration-conference.md';

type Edit = (dir: string) => void;

function rewrite(dir: string, file: string, change: (text: string) => string): void {
  const target = path.join(dir, file);
  const before = readFileSync(target, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  writeFileSync(target, after);
}

const addLine = (field: string, line: string) => (text: string) => text.replace(new RegExp(`^${field}: .*$`, 'm'), (whole) => `${whole}\n${line}`);

const EDITS: Record<string, Edit> = {
  'its fields of work': (dir) => rewrite(dir, OBSERVERS, (text) => text.replace('fieldsOfWork: [elections]', 'fieldsOfWork: [elections, migration]')),
  'its countries': (dir) => rewrite(dir, OBSERVERS, addLine('fieldsOfWork', 'countries: [moldova]')),
  'its type': (dir) => rewrite(dir, OBSERVERS, addLine('fieldsOfWork', 'type: press-release')),
  'its issuer': (dir) => rewrite(dir, OBSERVERS, (text) => text.replace('issuedBy: mission-to-moldova', 'issuedBy: conflict-prevention-centre')),
  'a term name': (dir) => rewrite(dir, 'content/taxonomies/fields-of-work.yaml', (text) => text.replace('en: Elections,', 'en: Elections and referendums,')),
  'a term closed': (dir) => rewrite(dir, 'content/taxonomies/field-operations.yaml', (text) => text.replace(/^(\s*- id: mission-to-moldova)$/m, '$1\n    closed: true')),
  // The Conflict Prevention Centre no longer under the Secretariat: only its items' issuer chain shows it.
  'the issuer’s place in its hierarchy': (dir) =>
    rewrite(dir, 'content/taxonomies/structures.yaml', (text) => text.replace(/    children:\n      - id: conflict-prevention-centre\n        name: (.*)\n/, '  - id: conflict-prevention-centre\n    name: $1\n')),
  'its meetings': (dir) => rewrite(dir, OBSERVERS, addLine('fieldsOfWork', 'meetings: [summit-meetings]')),
  'a related item’s title': (dir) => rewrite(dir, MIGRATION, (text) => text.replace(/^title: .*$/m, 'title: Conference on migration and borders held in Vienna')),
  'a translation added': (dir) => writeFileSync(path.join(dir, MIGRATION.replace(/\.md$/, '.fr.md')), '---\ntitle: Conférence sur les migrations\nsummary: Des experts ont débattu.\n---\n\nDes experts se sont réunis.\n'),
  'the site title': (dir) => rewrite(dir, 'content/site.yaml', (text) => text.replace('en: Test Newsroom', 'en: Test Newsroom Online')),
};

async function modelOf(dir: string): Promise<SiteModel> {
  const result = await build({ cwd: dir, buildDate: BUILD_DATE, write: false });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.model as SiteModel;
}

/** Each item page's whole view (as JSON, structured data included) and key data, by path. */
function itemPages(model: SiteModel): Map<string, { view: string; key: string }> {
  const context: ViewContext = { model, strings: new Map(), bodies: new Map(), stylesheetPath: '/assets/style.css', assetPaths: {}, navigationHtml: new Map() };
  const pages = new Map<string, { view: string; key: string }>();
  for (const page of model.pages) {
    if (page.kind !== 'item') continue;
    pages.set(page.path, { view: JSON.stringify(buildPageView(page, context)), key: itemPageKeyData(page as Extract<Page, { kind: 'item' }>, context) });
  }
  return pages;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('an item page’s key data', () => {
  for (const [name, edit] of Object.entries(EDITS)) {
    it(`changes with every item page whose view changes: ${name}`, async () => {
      const dir = copyFixture('languages-two');
      dirs.push(dir);
      cpSync(path.join(repoRoot, 'content/taxonomies/meetings.yaml'), path.join(dir, 'content/taxonomies/meetings.yaml'));
      const before = itemPages(await modelOf(dir));
      edit(dir);
      const after = itemPages(await modelOf(dir));
      let viewsChanged = 0;
      let keysKept = 0;
      for (const [page, { view, key }] of after) {
        const old = before.get(page);
        if (!old) continue;
        if (old.view !== view) {
          viewsChanged += 1;
          expect(key, `${page}: its view changed, its key data did not`).not.toBe(old.key);
        } else if (old.key === key) keysKept += 1;
      }
      // Not vacuous: the edit changed some page's view, and the key data of pages it did not change stayed the same.
      expect(viewsChanged).toBeGreaterThan(0);
      if (name !== 'the site title') expect(keysKept).toBeGreaterThan(0);
    });
  }
});
