/**
 * The text of a new item: front matter with a comment above every field, so
 * an editor who has never seen the format can fill it in, then a body.
 */
export interface NewItemFields {
  readonly title: string;
  readonly date: string;
  readonly issuedBy: string;
  readonly fieldsOfWork: readonly string[];
  readonly countries: readonly string[];
  readonly meetings: readonly string[];
}

/** Renders the Markdown file for a new item. Every value is written so YAML reads it back unchanged. */
export function renderNewItem(fields: NewItemFields): string {
  const list = (ids: readonly string[]): string => `[${ids.map(yamlScalar).join(', ')}]`;
  return [
    '---',
    '# The headline, as it appears on the page, in lists and in feeds.',
    `title: ${JSON.stringify(fields.title)}`,
    '# Publication date, YYYY-MM-DD. A later date schedules the item: the first build on or after that day publishes it.',
    `date: ${fields.date}`,
    '# One or two sentences for lists, feeds and search results.',
    'summary: "Write a one- or two-sentence summary here."',
    '# news-item, press-release, statement or feature.',
    'type: news-item',
    '# Who issues it: an id from content/taxonomies/structures.yaml or field-operations.yaml.',
    `issuedBy: ${yamlScalar(fields.issuedBy)}`,
    '# Ids from content/taxonomies/fields-of-work.yaml, e.g. [policing, elections].',
    `fieldsOfWork: ${list(fields.fieldsOfWork)}`,
    '# Ids from participating-states.yaml or partners-for-co-operation.yaml, e.g. [ukraine].',
    `countries: ${list(fields.countries)}`,
    '# Ids from content/taxonomies/meetings.yaml, if the item is about a meeting.',
    `meetings: ${list(fields.meetings)}`,
    '# A draft is left out of the site. Delete this line when the item is ready to publish.',
    'draft: true',
    '---',
    '',
    'Write the text of the item here, in Markdown: a blank line between paragraphs, ## for a subheading.',
    '',
  ].join('\n');
}

/** Ids are a-z, 0-9 and hyphens; quote the few that YAML would read as something else. */
function yamlScalar(id: string): string {
  return /^[a-z0-9-]+$/.test(id) && !/^(?:true|false|null|yes|no|on|off|[0-9-]+)$/.test(id) ? id : JSON.stringify(id);
}
