import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AssetFile } from '../render/render-site.js';
import { discoverFiles, readSourceFile, type SourceFile } from './read-sources.js';

export interface TemplateSourcesLoaded {
  readonly templatesDir: string;
  /** Liquid templates by path relative to the templates folder. */
  readonly templates: Record<string, string>;
  /** Files under `assets/`, copied into the site. */
  readonly assets: AssetFile[];
  /** `i18n/<lang>.yaml` interface-string files. */
  readonly strings: SourceFile[];
}

/** Reads the templates folder: the only place template files are read. */
export async function loadTemplateSources(templatesDir: string, cwd: string): Promise<TemplateSourcesLoaded> {
  const [templatePaths, assetPaths, stringPaths] = await Promise.all([
    discoverFiles(templatesDir, ['**/*.liquid']),
    discoverFiles(templatesDir, ['assets/**/*']),
    discoverFiles(templatesDir, ['i18n/*.yaml', 'i18n/*.yml']),
  ]);
  const templates: Record<string, string> = {};
  await Promise.all(
    templatePaths.map(async (relativePath) => {
      templates[relativePath] = (await readFile(path.join(templatesDir, relativePath), 'utf8')).replace(/\r\n?/g, '\n');
    }),
  );
  const assets = await Promise.all(
    assetPaths.map(async (relativePath) => ({ relativePath: relativePath.replace(/^assets\//, ''), bytes: new Uint8Array(await readFile(path.join(templatesDir, relativePath))) })),
  );
  const strings = await Promise.all(stringPaths.map((p) => readSourceFile(templatesDir, p, cwd)));
  return { templatesDir, templates, assets, strings };
}
