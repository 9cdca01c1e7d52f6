import type { DiagnosticSink } from '../diagnostics.js';
import type { LocalizedTextInput } from './schemas.js';
import type { LocatedYaml, YamlPath } from './yaml-document.js';

/**
 * Checks text given per language (`name: { en: Policing, fr: Police }`)
 * against the site's languages, first = default. A code the site does not
 * have is never shown (a typo such as `fe:`, or a language not yet in
 * site.yaml); text without the default language leaves the other languages
 * nothing to fall back to. Both are warnings: the site still builds.
 */
export function checkLocalizedText(
  input: LocalizedTextInput | undefined,
  path: YamlPath,
  yaml: LocatedYaml,
  languages: readonly string[],
  sink: DiagnosticSink,
): void {
  if (input === undefined || typeof input === 'string') return;
  for (const code of Object.keys(input)) {
    if (languages.includes(code)) continue;
    sink.warning(
      yaml.locateKey([...path, code]),
      'unknown-language',
      `"${code}" is not a language of this site (site.yaml lists ${languages.join(', ')}), so this text is never shown.`,
      `Correct the language code, or add "${code}" to "languages:" in site.yaml.`,
    );
  }
  const defaultLanguage = languages[0];
  const given = Object.keys(input).filter((code) => languages.includes(code));
  if (defaultLanguage !== undefined && given.length > 0 && !given.includes(defaultLanguage)) {
    sink.warning(
      yaml.locateValue(path),
      'missing-default-language-text',
      `There is no "${defaultLanguage}" text here, though "${defaultLanguage}" is the default language that the others fall back to.`,
      `Add "${defaultLanguage}: …".`,
    );
  }
}
