import { formatDiagnostic, summarizeDiagnostics, type Diagnostic } from '../diagnostics.js';
import { RELOAD_SCRIPT } from './reload-client.js';
import { escapeHtml } from '../render/xml.js';

/**
 * The page the dev server shows instead of the site while the content has
 * errors: every diagnostic, in the same words as the terminal. It reloads by
 * itself once the files are fixed.
 */
export function renderErrorPage(diagnostics: readonly Diagnostic[], crash?: string): string {
  const items = diagnostics
    .map((d) => `<li class="${d.severity}"><code>${escapeHtml(formatDiagnostic(d))}</code></li>`)
    .join('\n');
  const heading = crash ? 'Communiqué crashed while rebuilding' : `The site cannot be built: ${escapeHtml(summarizeDiagnostics(diagnostics))}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Errors – Communiqué preview</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
h1 { color: #a4000f; font-size: 1.4rem; }
ul { padding: 0; list-style: none; }
li { margin: 0 0 .75rem; padding: .5rem .75rem; border-left: 4px solid #a4000f; background: #fdf2f2; }
li.warning { border-color: #8a5a00; background: #fff8e6; }
code { white-space: pre-wrap; word-break: break-word; }
</style>
</head>
<body>
<h1>${heading}</h1>
<p>Fix the files below and save: this page reloads by itself. The same list is in the terminal.</p>
${crash ? `<pre>${escapeHtml(crash)}</pre>` : `<ul>\n${items}\n</ul>`}
${RELOAD_SCRIPT}</body>
</html>
`;
}
