import { formatDiagnostic, summarizeDiagnostics } from './diagnostics.js';
import { PortInUseError, startDevServer, type BuildOutcome } from './dev/server.js';
import { createNewsItem, formatArgumentProblem } from './scaffold/new-item.js';

/** Option values as parsed by the CLI (only those a command accepts are set). */
interface CommandValues {
  readonly content?: string | undefined;
  readonly templates?: string | undefined;
  readonly drafts?: boolean | undefined;
  readonly future?: boolean | undefined;
  readonly port?: string | undefined;
  readonly 'issued-by'?: string | undefined;
  readonly field?: string[] | undefined;
  readonly country?: string[] | undefined;
  readonly meeting?: string[] | undefined;
  readonly date?: string | undefined;
}

interface CommandInput {
  readonly values: CommandValues;
  /** `YYYY-MM-DD`, from SOURCE_DATE_EPOCH or today. */
  readonly buildDate: string;
  /** Prints a usage error with the help text; returns exit code 2. */
  readonly usage: (message: string) => number;
}

/** `communique new "Title" …`: 0 created, 1 file exists or taxonomies broken, 2 bad arguments. */
export async function runNew(input: CommandInput & { readonly title: string }): Promise<number> {
  const { values } = input;
  const result = await createNewsItem({
    title: input.title,
    issuedBy: values['issued-by'],
    fieldsOfWork: values.field ?? [],
    countries: values.country ?? [],
    meetings: values.meeting ?? [],
    date: values.date ?? input.buildDate,
    ...(values.content ? { contentDir: values.content } : {}),
  });
  switch (result.kind) {
    case 'created':
      for (const warning of result.warnings) console.warn(formatArgumentProblem(warning));
      console.log(result.path);
      console.error(`Created a draft. Write its summary and text, delete "draft: true" when it is ready, and preview it with: npm run dev -- --drafts`);
      return 0;
    case 'exists':
      console.error(`${result.path} already exists; it was left as it is. Give another title or --date.`);
      return 1;
    case 'content-errors':
      for (const diagnostic of result.diagnostics) console.error(formatDiagnostic(diagnostic));
      console.error(`site.yaml or the taxonomies have errors (${summarizeDiagnostics(result.diagnostics)}), so the ids cannot be checked. Nothing was written.`);
      return 1;
    case 'invalid-arguments':
      return input.usage(`${result.problems.map(formatArgumentProblem).join('\n')}\nNothing was written.`);
  }
}

/** `communique dev`: serves until interrupted. Exit 2 when the port is unusable. */
export async function runDev(input: CommandInput & { readonly currentBuildDate: () => string }): Promise<number> {
  const { values } = input;
  const port = values.port === undefined ? 4000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || (values.port !== undefined && !/^\d+$/.test(values.port))) {
    return input.usage(`--port "${values.port}" is not a port number (0–65535).`);
  }
  let server;
  try {
    server = await startDevServer({
      port,
      buildDate: input.currentBuildDate,
      drafts: values.drafts ?? false,
      future: values.future ?? false,
      ...(values.content ? { contentDir: values.content } : {}),
      ...(values.templates ? { templatesDir: values.templates } : {}),
      onBuild: printOutcome,
    });
  } catch (error) {
    if (error instanceof PortInUseError) return input.usage(`Port ${error.port} is already in use. Stop the other server or choose another --port.`);
    throw error;
  }
  console.log(`Serving ${server.url} (drafts ${values.drafts ? 'shown' : 'hidden'}, scheduled items ${values.future ? 'shown' : 'hidden'}). Watching the content and templates; press Ctrl+C to stop.`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

function printOutcome(outcome: BuildOutcome): void {
  const when = outcome.changed.length ? `${outcome.changed.join(', ')} changed: ` : '';
  if (outcome.crash) {
    console.error(`${when}Communiqué crashed while rebuilding. This is a bug in Communiqué, not in your content; the server keeps running.\n${outcome.crash}`);
    return;
  }
  const result = outcome.result;
  if (!result) return;
  for (const diagnostic of result.diagnostics) {
    const line = formatDiagnostic(diagnostic);
    if (diagnostic.severity === 'error') console.error(line);
    else console.warn(line);
  }
  if (result.ok) console.log(`${when}${when ? 'rebuilt' : 'Built'} ${result.pageCount} pages in ${(result.durationMs / 1000).toFixed(2)} s.`);
  else console.error(`${when}${summarizeDiagnostics(result.diagnostics)}. The browser shows them too; fix and save to rebuild.`);
}
