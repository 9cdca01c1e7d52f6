import path from 'node:path';
import { createDiagnosticSink, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { loadContentSources, toPosix } from './load/read-sources.js';
import { loadTemplateSources } from './load/read-templates.js';
import { resolveSiteConfig } from './model/config.js';
import { resolveItems } from './model/items.js';
import { buildSiteModel } from './model/site-model.js';
import type { SiteModel } from './model/types.js';
import { buildVocabularies } from './model/vocabularies.js';
import { parseInterfaceStrings } from './parse/interface-strings.js';
import { parseItemFile, type ParsedItem } from './parse/item.js';
import { parseSiteConfig } from './parse/site-config.js';
import { parseVocabularyFile } from './parse/vocabulary.js';
import { renderBodySafely } from './render/body-guard.js';
import type { RenderedBody } from './render/markdown.js';
import { renderSite, type OutputFile } from './render/render-site.js';
import { recoverInterruptedBuild, writeOutputAtomically, type WriteHooks } from './write/atomic-output.js';

export interface BuildOptions {
  /** Folder relative paths are resolved against, and diagnostics are shown relative to. Default: process.cwd(). */
  readonly cwd?: string;
  /** Default `content`. */
  readonly contentDir?: string;
  /** Default `templates`. */
  readonly templatesDir?: string;
  /** Default `dist`. */
  readonly outDir?: string;
  /** Overrides site.yaml's baseUrl. */
  readonly baseUrl?: string | undefined;
  /** Include `draft: true` items. Default false. */
  readonly drafts?: boolean;
  /** Include items dated after the build date. Default false. */
  readonly future?: boolean;
  /** `YYYY-MM-DD`. Required: the CLI derives it from SOURCE_DATE_EPOCH or today. */
  readonly buildDate: string;
  /** Write the site (build) or only validate and render in memory (check). Default true. */
  readonly write?: boolean;
  /** HTML added before `</body>` of every page (dev server only). */
  readonly injectHtml?: string;
  readonly hooks?: WriteHooks;
}

export interface BuildResult {
  /** True when there was no error and (if writing) the site was written. */
  readonly ok: boolean;
  /** Every problem found, sorted by file and line. */
  readonly diagnostics: Diagnostic[];
  readonly pageCount: number;
  readonly files: readonly OutputFile[];
  readonly model: SiteModel | null;
  readonly durationMs: number;
}

/**
 * Runs the pipeline load → parse → model → render → write. Content problems
 * never throw: they are collected, and if any is an error nothing is written
 * and the previous output stays as it was.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const contentDir = path.resolve(cwd, options.contentDir ?? 'content');
  const templatesDir = path.resolve(cwd, options.templatesDir ?? 'templates');
  const outDir = path.resolve(cwd, options.outDir ?? 'dist');
  const sink = createDiagnosticSink();
  const finish = (model: SiteModel | null, files: readonly OutputFile[], ok: boolean): BuildResult => ({
    ok: ok && !hasErrors(sink.list),
    diagnostics: sortDiagnostics(sink.list),
    pageCount: model ? model.pages.length : 0,
    files,
    model,
    durationMs: performance.now() - started,
  });

  // A killed build's leftovers are cleaned (and a retired site put back) even if this build then fails.
  if (options.write ?? true) await recoverInterruptedBuild(outDir);

  // load
  const [content, templateSources] = await Promise.all([loadContentSources(contentDir, cwd), loadTemplateSources(templatesDir, cwd)]);
  const contentDisplay = toPosix(path.relative(cwd, contentDir)) || '.';
  const templatesDisplay = toPosix(path.relative(cwd, templatesDir)) || '.';

  // parse
  const site = parseSiteConfig(content.site, contentDisplay, sink);
  const languageCodes = site ? site.data.languages.map((l) => l.code) : ['en'];
  const vocabularyFiles = content.vocabularies.map((file) => parseVocabularyFile(file, sink)).filter((v) => v !== null);
  const parsedItems = content.items.map((file) => parseItemFile(file, languageCodes, sink)).filter((i): i is ParsedItem => i !== null);
  const strings = parseInterfaceStrings(templateSources.strings, languageCodes, templatesDisplay, sink);
  if (!site) return finish(null, [], false);

  // model
  const config = resolveSiteConfig(site.data, { baseUrl: options.baseUrl });
  const vocabularies = buildVocabularies(vocabularyFiles, languageCodes, sink);
  const vocabularyById = new Map(vocabularies.map((v) => [v.id, v]));
  const items = resolveItems(parsedItems, { vocabularies: vocabularyById, defaultLanguage: config.defaultLanguage, basePath: config.basePath, sink });
  const model = buildSiteModel(
    { config, configYaml: site.yaml, configFile: site.file, vocabularies, items },
    { includeDrafts: options.drafts ?? false, includeFuture: options.future ?? false, buildDate: options.buildDate },
    sink,
  );

  // render: every body is rendered (check validates drafts and scheduled items too)
  const bodies = new Map<string, RenderedBody>();
  for (const item of parsedItems) {
    const body = renderBodySafely({ displayPath: item.source.displayPath, relativePath: item.source.relativePath, body: item.body, bodyStartLine: item.bodyStartLine }, config.rawHtml, sink);
    if (body) bodies.set(item.source.displayPath, body);
  }
  if (hasErrors(sink.list)) return finish(model, [], false);
  const itemSources = new Map(parsedItems.map((item) => [item.source.displayPath, item.source.text ?? '']));
  const files = renderSite(
    {
      model,
      bodies,
      itemSources,
      templates: templateSources.templates,
      templatesDisplayPath: templatesDisplay,
      assets: templateSources.assets,
      strings,
      ...(options.injectHtml ? { injectHtml: options.injectHtml } : {}),
    },
    sink,
  );
  if (hasErrors(sink.list)) return finish(model, [], false);

  // write
  if (options.write ?? true) await writeOutputAtomically(outDir, files, options.hooks);
  return finish(model, files, true);
}
