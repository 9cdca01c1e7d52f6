import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from './build.js';
import { resolveBuildDate } from './build-date.js';
import { formatDiagnostic, formatGithubAnnotation, summarizeDiagnostics, type Diagnostic } from './diagnostics.js';
import { formatTimings } from './stage-clock.js';
import { refuseOutputDir } from './write/output-guard.js';
import { PAUSE_VARIABLE, createPauseHooks } from './write/test-pause.js';
import { limitHeapGrowth } from './heap-growth.js';

const USAGE = `Usage: communique <command> [options]

Commands:
  build                 Validate content/ and write the site to dist/
  check                 Validate everything; write nothing
  new "Title"           Create content/news/YYYY-MM-DD-<slug>.md with commented front matter
  dev                   Build, serve on http://127.0.0.1:4000/, rebuild and reload on every change

Options (build, check, dev):
  --content DIR         content folder (default: content)
  --templates DIR       templates folder (default: templates)
  --out DIR             output folder (default: dist; build only)
  --base-url URL        override site.yaml's baseUrl (build, check)
  --drafts              include items with draft: true
  --future              include items dated after the build date
  --cache DIR           build cache folder (default: .cache/communique; build only)
  --no-cache            build without reading or writing the cache (build only)
  --timings             print how long each stage took (build only)
  --port N              port for dev (default: 4000)

Options (new):
  --issued-by ID        who issues the item (required): an id from structures.yaml or field-operations.yaml
  --field ID            a field of work; repeat for several
  --country ID          a participating State or Partner; repeat for several
  --meeting ID          a meeting; repeat for several
  --date YYYY-MM-DD     the item's date (default: the build date)
  --content DIR         content folder (default: content)

  -h, --help            show this help

Exit codes: 0 success, 1 content errors (nothing written), 2 bad usage.
The build date is today (UTC), or SOURCE_DATE_EPOCH when set.`;

const OPTIONS = {
  content: { type: 'string' },
  templates: { type: 'string' },
  out: { type: 'string' },
  'base-url': { type: 'string' },
  drafts: { type: 'boolean' },
  future: { type: 'boolean' },
  port: { type: 'string' },
  'issued-by': { type: 'string' },
  field: { type: 'string', multiple: true },
  country: { type: 'string', multiple: true },
  meeting: { type: 'string', multiple: true },
  date: { type: 'string' },
  cache: { type: 'string' },
  'no-cache': { type: 'boolean' },
  timings: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTIONS;
const COMMAND_OPTIONS: Record<string, readonly OptionName[]> = {
  build: ['content', 'templates', 'out', 'base-url', 'drafts', 'future', 'cache', 'no-cache', 'timings', 'help'],
  check: ['content', 'templates', 'out', 'base-url', 'drafts', 'future', 'help'],
  new: ['content', 'issued-by', 'field', 'country', 'meeting', 'date', 'help'],
  dev: ['content', 'templates', 'drafts', 'future', 'port', 'help'],
};

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
  const allowed = command === undefined ? undefined : COMMAND_OPTIONS[command];
  if (!allowed) return usage(command ? `Unknown command "${command}".` : 'No command given.');
  const misplaced = (Object.keys(values) as OptionName[]).find((name) => !allowed.includes(name));
  if (misplaced) return usage(`"${command}" does not take --${misplaced}.`);
  const buildDate = resolveBuildDate(env['SOURCE_DATE_EPOCH']);
  if (buildDate === null) return usage(`SOURCE_DATE_EPOCH "${env['SOURCE_DATE_EPOCH']}" is not a number of seconds.`);
  if (command === 'new') {
    if (rest.length !== 1) return usage(rest.length === 0 ? 'Give the title in quotes: communique new "Title".' : `Unexpected argument "${rest[1]}": put the whole title in quotes.`);
    const { runNew } = await import('./cli-commands.js');
    return runNew({ title: rest[0] ?? '', values, buildDate, usage });
  }
  if (rest.length > 0) return usage(`Unexpected argument "${rest[0]}".`);
  if (command === 'dev') {
    // A preview left running past midnight shows what a build would show today: the date is taken at each rebuild.
    const sourceDateEpoch = env['SOURCE_DATE_EPOCH'];
    // Loaded only for the commands that use them: a build (CI's, on every merge) does not load the dev server.
    const { runDev } = await import('./cli-commands.js');
    return runDev({ values, buildDate, usage, currentBuildDate: () => resolveBuildDate(sourceDateEpoch) ?? buildDate });
  }
  const cwd = process.cwd();
  const contentDir = values.content ?? 'content';
  const templatesDir = values.templates ?? 'templates';
  const outDir = values.out ?? 'dist';
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(baseUrl)) return usage(`--base-url "${baseUrl}" is not an http(s) address.`);
  if (values.cache !== undefined && values['no-cache']) return usage('--cache and --no-cache cannot be used together.');
  const cacheDir = values['no-cache'] ? null : (values.cache ?? '.cache/communique');
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
    cacheDir,
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
  if (result.upToDate) {
    console.log(`Nothing changed since the last build: ${outDir}/ is up to date (${result.pageCount} pages).`);
    return 0;
  }
  console.log(`Built ${result.pageCount} pages (${result.fileCount} files) into ${outDir}/ in ${(result.durationMs / 1000).toFixed(2)} s.`);
  if (result.pagesReused) console.log(`${result.pagesReused} pages and feeds were unchanged since the last build and were not rendered again.`);
  if (values.timings) console.log(`Stages: ${formatTimings(result.timings)}.`);
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

limitHeapGrowth();
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
