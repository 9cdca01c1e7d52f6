import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { repoRoot } from './site.js';

const schemaFile = (name: string): { fileName: string; contents: string } => ({ fileName: name, contents: readFileSync(path.join(repoRoot, 'tests/fixtures/schemas', name), 'utf8') });

/**
 * Validates a sitemap with xmllint against the sitemaps.org 0.9 schema, plus
 * the declaration of Google's `xhtml:link` alternates (which the sitemaps.org
 * schema demands for any element of another namespace).
 */
export async function validateSitemap(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: [{ fileName: 'sitemap.xml', contents: xml }],
    schema: [schemaFile('multilingual-sitemap.xsd')],
    preload: [schemaFile('sitemap.xsd'), schemaFile('xhtml-link.xsd')],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}
