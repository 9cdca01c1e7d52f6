import { Liquid } from 'liquidjs';

/** Template sources by path relative to the templates folder, e.g. `item.liquid`, `layouts/base.liquid`. */
export type TemplateSources = Readonly<Record<string, string>>;

export interface TemplateEngine {
  /** Renders `name` (without `.liquid`) with `view`; throws TemplateError on a template mistake. */
  render(name: string, view: object): string;
  has(name: string): boolean;
}

export class TemplateError extends Error {
  constructor(
    readonly template: string,
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/**
 * LiquidJS over templates held in memory (the load stage read them): output
 * is HTML-escaped unless a template asks for `| raw`, and an undefined
 * variable or filter is an error rather than an empty string.
 */
export function createTemplateEngine(sources: TemplateSources): TemplateEngine {
  const liquid = new Liquid({
    templates: { ...sources },
    extname: '.liquid',
    strictVariables: true,
    strictFilters: true,
    lenientIf: true,
    outputEscape: 'escape',
    ownPropertyOnly: true,
    cache: true,
    greedy: false,
  });
  const parsed = new Map<string, ReturnType<Liquid['parse']>>();
  return {
    has: (name) => sources[`${name}.liquid`] !== undefined,
    render(name, view) {
      const file = `${name}.liquid`;
      try {
        let template = parsed.get(file);
        if (!template) {
          template = liquid.parse(sources[file] ?? '', file);
          parsed.set(file, template);
        }
        return liquid.renderSync(template, view) as string;
      } catch (error) {
        throw toTemplateError(error, file);
      }
    },
  };
}

function toTemplateError(error: unknown, file: string): TemplateError {
  if (error instanceof TemplateError) return error;
  const liquidError = error as { message?: string; token?: { file?: string; getPosition?: () => [number, number] }; originalError?: unknown };
  const position = liquidError.token?.getPosition?.() ?? [1, 1];
  const where = liquidError.token?.file ?? file;
  const message = (liquidError.message ?? String(error)).split('\n')[0]?.replace(/, file:.*$/, '') ?? 'template error';
  return new TemplateError(where, message, position[0], position[1]);
}
