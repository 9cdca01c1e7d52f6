import { startOf, type DiagnosticSink } from '../diagnostics.js';
import type { SourceFile } from '../load/read-sources.js';
import { reportNotUtf8 } from './not-utf8.js';
import { parseLocatedYaml } from './yaml-document.js';

/**
 * Reads `templates/i18n/<lang>.yaml` for every language: flat `key: text`
 * maps. The default language's file is required; another language's missing
 * keys fall back to it, each named in a warning.
 */
export function parseInterfaceStrings(
  files: readonly SourceFile[],
  languages: readonly string[],
  templatesDisplayPath: string,
  sink: DiagnosticSink,
): Map<string, Record<string, string>> {
  const byLanguage = new Map<string, Record<string, string>>();
  const fileFor = new Map(files.map((f) => [f.relativePath.replace(/^i18n\//, '').replace(/\.ya?ml$/, ''), f]));
  const defaultLanguage = languages[0] ?? 'en';
  for (const lang of languages) {
    const file = fileFor.get(lang);
    if (!file) {
      const at = startOf(`${templatesDisplayPath}/i18n/${lang}.yaml`);
      if (lang === defaultLanguage) sink.error(at, 'missing-interface-strings', `There is no interface-strings file for the default language "${lang}".`, `Create ${templatesDisplayPath}/i18n/${lang}.yaml (copy en.yaml and translate it).`);
      else sink.warning(at, 'missing-interface-strings', `There is no interface-strings file for "${lang}"; the default language's labels are used.`, `Create ${templatesDisplayPath}/i18n/${lang}.yaml.`);
      continue;
    }
    if (file.text === null) {
      reportNotUtf8(file, sink);
      continue;
    }
    const yaml = parseLocatedYaml({ file: file.displayPath, text: file.text, lineOffset: 0 }, sink);
    if (yaml.broken) continue;
    const strings: Record<string, string> = {};
    const value = yaml.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      sink.error(startOf(file.displayPath), 'not-a-mapping', 'Interface strings must be "key: text" lines.', 'See templates/i18n/en.yaml.');
      continue;
    }
    for (const [key, text] of Object.entries(value)) {
      if (typeof text !== 'string') {
        sink.error(yaml.locateValue([key]), 'wrong-type', `Interface string "${key}" must be text.`, 'Put it in quotes.');
        continue;
      }
      strings[key] = text;
    }
    byLanguage.set(lang, strings);
  }
  const defaults = byLanguage.get(defaultLanguage) ?? {};
  for (const lang of languages) {
    if (lang === defaultLanguage) continue;
    const own = byLanguage.get(lang);
    const file = fileFor.get(lang);
    if (own && file) {
      for (const key of Object.keys(defaults)) {
        if (!(key in own)) sink.warning(startOf(file.displayPath), 'missing-interface-string', `Interface string "${key}" is missing for "${lang}"; the ${defaultLanguage} text is used.`, `Add "${key}: …" to ${file.displayPath}.`);
      }
    }
    byLanguage.set(lang, { ...defaults, ...(own ?? {}) });
  }
  return byLanguage;
}
