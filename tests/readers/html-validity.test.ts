import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HtmlValidate, StaticConfigLoader, type ConfigData } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { type BuiltSite, htmlPages, textOf, useReaderSites } from '../helpers/readers.js';
import { repoRoot } from '../helpers/site.js';

// The repository's own rule set, loaded explicitly: html-validate looks for its config beside each file, and the builds live in temp folders.
const config = JSON.parse(readFileSync(path.join(repoRoot, '.htmlvalidate.json'), 'utf8')) as ConfigData;
const validator = new HtmlValidate(new StaticConfigLoader(config));

async function errorsOf(site: BuiltSite): Promise<string[]> {
  const errors: string[] = [];
  for (const file of htmlPages(site.tree)) {
    const report = await validator.validateString(textOf(site.tree, file), file);
    for (const result of report.results) {
      for (const message of result.messages) errors.push(`${file}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`);
    }
  }
  return errors;
}

const sites = useReaderSites();

describe('valid HTML (html-validate, recommended + document + a11y presets)', () => {
  it('finds no error on any page of the sample site', async () => {
    expect(sites.sample.result.code, sites.sample.result.stderr).toBe(0);
    expect(htmlPages(sites.sample.tree).length).toBeGreaterThan(150);
    expect(await errorsOf(sites.sample)).toEqual([]);
  });

  it('finds no error on any page of the multi-item fixture (paginated lists, years, several item kinds)', async () => {
    expect(sites.fixture.result.code, sites.fixture.result.stderr).toBe(0);
    const pages = htmlPages(sites.fixture.tree);
    expect(pages).toEqual(expect.arrayContaining(['news/page/1/index.html', 'news/page/2/index.html']));
    expect(await errorsOf(sites.fixture)).toEqual([]);
  });

  it('uses a rule set that does report real mistakes', async () => {
    const report = await validator.validateString('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main><h1>x</h1><h3>skipped</h3><img src="a.png"><a href="#"></a></main></body></html>', 'broken.html');
    const rules = report.results.flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(rules).toEqual(expect.arrayContaining(['heading-level', 'wcag/h37', 'wcag/h30']));
  });
});
