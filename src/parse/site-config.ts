import { startOf, type DiagnosticSink } from '../diagnostics.js';
import { checkLocalizedText } from './localized-checks.js';
import type { SourceFile } from '../load/read-sources.js';
import { reportNotUtf8 } from './not-utf8.js';
import { SITE_KEYS, siteSchema, type SiteInput } from './schemas.js';
import { reportUnknownKeys, validateWithSchema } from './validate.js';
import { parseLocatedYaml, type LocatedYaml } from './yaml-document.js';

export interface ParsedSiteConfig {
  readonly data: SiteInput;
  readonly yaml: LocatedYaml | null;
  readonly file: string;
}

/** Parses `content/site.yaml`; a missing file is an error because the base URL and languages live there. */
export function parseSiteConfig(source: SourceFile | null, contentDisplayPath: string, sink: DiagnosticSink): ParsedSiteConfig | null {
  if (!source) {
    sink.error(startOf(`${contentDisplayPath}/site.yaml`), 'missing-site-config', 'There is no site.yaml in the content folder.', 'Create it with at least "title:" and "baseUrl:" (see the README).');
    return null;
  }
  const file = source.displayPath;
  if (source.text === null) {
    reportNotUtf8(source, sink);
    return null;
  }
  const yaml = parseLocatedYaml({ file, text: source.text, lineOffset: 0 }, sink);
  if (yaml.broken) return null;
  reportUnknownKeys(yaml, [], SITE_KEYS, sink, 'site.yaml');
  const data = validateWithSchema(siteSchema, { yaml, sink, missingFieldAt: startOf(file), documentName: 'site configuration' });
  if (!data) return null;
  const codes = new Set<string>();
  data.languages.forEach((language, index) => {
    if (codes.has(language.code)) {
      sink.error(yaml.locateValue(['languages', index, 'code']), 'duplicate-language', `Language "${language.code}" is listed twice.`, 'Remove one of them.');
    }
    codes.add(language.code);
  });
  const languages = data.languages.map((l) => l.code);
  for (const key of ['title', 'shortTitle', 'description'] as const) checkLocalizedText(data[key], [key], yaml, languages, sink);
  data.navigation.forEach((group, index) => checkLocalizedText(group.title, ['navigation', index, 'title'], yaml, languages, sink));
  return { data, yaml, file };
}
