import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeSite } from './site.js';

/** site.yaml of a one-language site with no navigation: the smallest valid site. */
export const MINI_SITE_YAML = 'title: Mini\nbaseUrl: https://example.org/\nlanguages:\n  - code: en\n    name: English\n    locale: en-GB\n';

/** One vocabulary with one issuer, `secretariat`. */
export const MINI_STRUCTURES_YAML = 'title: Structures\nterms:\n  - id: secretariat\n    name: Secretariat\n';

/**
 * A minimal site (sample templates, one vocabulary, no items) that builds in a
 * fraction of the sample site's time, for tests that build many times.
 */
export function writeMiniSite(files: Readonly<Record<string, string>> = {}): string {
  return writeSite({ 'content/site.yaml': MINI_SITE_YAML, 'content/taxonomies/structures.yaml': MINI_STRUCTURES_YAML, ...files }, { sampleTaxonomies: false });
}

/** Replaces one file of a site folder. */
export function putFile(site: string, relative: string, text: string): void {
  const target = path.join(site, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}
