import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from './build.js';
import { resolveBuildDate } from './build-date.js';
import { formatDiagnostic, formatGithubAnnotation, summarizeDiagnostics, type Diagnostic } from './diagnostics.js';
import { refuseOutputDir } from './write/output-guard.js';
import { PAUSE_VARIABLE, createPauseHooks } from './write/test-pause.js';

const USAGE = `Usage: communique <command> [options]

Commands:
  build    Validate content/ and write the site to dist/
  check    Validate everything; write nothing

Options:
  --content DIR     content folder (default: content)
  --templates DIR   templates folder (default: templates)
  --out DIR         output folder (default: dist)
  --base-url URL    override site.yaml's baseUrl
  --drafts          include items with draft: true
  --future          include items dated after the build date
  -h, --help        show this help

Exit codes: 0 success, 1 content errors (nothing written), 2 bad usage.
The build date is today (UTC), or SOURCE_DATE_EPOCH when set.`;

class UsageError extends Error {}

const OPTIONS = {
  content: { type: 'string' },
  templates: { type: 'string' },
  out: { type: 'string' },
  'base-url': { type: 'string' },
  drafts: { type: 'boolean' },
  future: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs the CLI; returns the exit code. Only this module talks to the console. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (command !== 'build' && command !== 'check') return usage(command ? `Unknown command "${command}".` : 'No command given.');
  if (rest.length > 0) return usage(`Unexpected argument "${rest[0]}".`);
  const cwd = process.cwd();
  const contentDir = values.content ?? 'content';
  const templatesDir = values.templates ?? 'templates';
  const outDir = values.out ?? 'dist';
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(baseUrl)) return usage(`--base-url "${baseUrl}" is not an http(s) address.`);
  const buildDate = resolveBuildDate(env['SOURCE_DATE_EPOCH']);
  if (buildDate === null) return usage(`SOURCE_DATE_EPOCH "${env['SOURCE_DATE_EPOCH']}" is not a number of seconds.`);
  if (command === 'build') {
    const refusal = refuseOutputDir({ outDir: path.resolve(cwd, outDir), cwd, contentDir: path.resolve(cwd, contentDir), templatesDir: path.resolve(cwd, templatesDir) });
    if (refusal) return usage(`${refusal} The build replaces that whole folder, so it refuses. Choose another --out.`);
  }
  const result = await build({
    cwd,
    contentDir,
    templatesDir,
    outDir,
    baseUrl,
    drafts: values.drafts ?? false,
    future: values.future ?? false,
    buildDate,
    write: command === 'build',
    hooks: createPauseHooks(env[PAUSE_VARIABLE]),
  });
  printDiagnostics(result.diagnostics, env['GITHUB_ACTIONS'] === 'true');
  if (command === 'check') {
    console.log(result.diagnostics.length ? summarizeDiagnostics(result.diagnostics) : 'No problems found.');
    return result.ok ? 0 : 1;
  }
  if (!result.ok) {
    console.error(`Build failed: ${summarizeDiagnostics(result.diagnostics)}. Nothing was written; ${outDir}/ is as it was.`);
    return 1;
  }
  console.log(`Built ${result.pageCount} pages (${result.files.length} files) into ${outDir}/ in ${(result.durationMs / 1000).toFixed(2)} s.`);
  return 0;
}

function printDiagnostics(diagnostics: readonly Diagnostic[], github: boolean): void {
  for (const diagnostic of diagnostics) {
    const line = formatDiagnostic(diagnostic);
    if (diagnostic.severity === 'error') console.error(line);
    else console.warn(line);
  }
  if (github) for (const diagnostic of diagnostics) console.log(formatGithubAnnotation(diagnostic));
}

function usage(message: string): number {
  console.error(`${message}\n\n${USAGE}`);
  return 2;
}

void UsageError;

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('Communiqué crashed. This is a bug in Communiqué, not in your content; please report it with the trace below.');
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 70;
  },
);
