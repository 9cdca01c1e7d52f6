import { readFileSync } from 'node:fs';
import { validateWorkflow } from '@action-validator/core';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/site.js';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly id?: string;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, { readonly steps: readonly Step[]; readonly needs?: string; readonly environment?: { name: string } }>;
}

const readWorkflow = (name: string): Workflow => parse(readFileSync(path.join(repoRoot, '.github/workflows', name), 'utf8')) as Workflow;
const runsOf = (workflow: Workflow): string[] => Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run.trim()] : [])));
const usesOf = (workflow: Workflow): string[] => Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.uses ? [step.uses.replace(/@.*$/, '')] : [])));

/** The command lines of the ```sh block right after `<!-- ci:<marker> -->` in the README. */
function documentedCommands(doc: string, marker: string): string[] {
  const text = readFileSync(path.join(repoRoot, doc), 'utf8');
  const match = new RegExp(`<!-- ci:${marker} -->\\s*\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!match?.[1]) throw new Error(`${doc} has no <!-- ci:${marker} --> block`);
  return match[1].trim().split('\n').map((line) => line.trim());
}

describe('the GitHub workflows', () => {
  // They never run here, so the schema GitHub's own editor uses (SchemaStore's, through action-validator) checks
  // every key, value and nesting instead.
  it('are valid workflows by the GitHub Actions workflow schema', () => {
    for (const name of ['check.yml', 'publish.yml']) {
      const text = readFileSync(path.join(repoRoot, '.github/workflows', name), 'utf8');
      expect(validateWorkflow(text).errors, name).toEqual([]);
      const misspelt = text.replace('runs-on:', 'runs_on:');
      expect(misspelt).not.toBe(text);
      expect(validateWorkflow(misspelt).errors.length, `${name} with runs_on`).toBeGreaterThan(0);
    }
  });

  it('check.yml runs on pull requests and runs exactly the documented commands', () => {
    const workflow = readWorkflow('check.yml');
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(runsOf(workflow)).toEqual(documentedCommands('README.md', 'check'));
  });

  it('publish.yml runs on push to main and runs exactly the documented commands, check before build', () => {
    const workflow = readWorkflow('publish.yml');
    expect(workflow.on['push']).toEqual({ branches: ['main'] });
    const runs = runsOf(workflow);
    expect(runs).toEqual(documentedCommands('README.md', 'publish'));
    expect(runs.indexOf('npm run check')).toBeLessThan(runs.findIndex((run) => run.startsWith('npm run build')));
  });

  it('publish.yml deploys dist/ with the official Pages actions and keeps the build cache', () => {
    const workflow = readWorkflow('publish.yml');
    const uses = usesOf(workflow);
    for (const action of ['actions/checkout', 'actions/setup-node', 'actions/cache', 'actions/configure-pages', 'actions/upload-pages-artifact', 'actions/deploy-pages']) {
      expect(uses, action).toContain(action);
    }
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact'))?.with).toEqual({ path: 'dist' });
    // The last output too: pages and search shards are read back from it (the manifest in the cache describes it).
    expect(String(steps.find((s) => s.uses?.startsWith('actions/cache'))?.with?.['path']).split('\n').filter(Boolean)).toEqual(['.cache/communique', 'dist', '.dist.builds']);
    // The cache is restored before the build runs (actions/cache saves it after the job).
    const cacheAt = steps.findIndex((s) => s.uses?.startsWith('actions/cache'));
    const buildAt = steps.findIndex((s) => s.run?.startsWith('npm run build'));
    expect(cacheAt).toBeGreaterThan(-1);
    expect(cacheAt).toBeLessThan(buildAt);
    // The base URL the build receives is the one Pages serves the site at.
    const pagesId = steps.find((s) => s.uses?.startsWith('actions/configure-pages'))?.id;
    expect(steps[buildAt]?.env?.['BASE_URL']).toBe(`\${{ steps.${pagesId}.outputs.base_url }}`);
    expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    expect(workflow.jobs['deploy']?.needs).toBe('build');
    expect(workflow.jobs['deploy']?.environment?.name).toBe('github-pages');
  });

  it('uses only npm scripts that exist and CLI commands the docs for editors describe', () => {
    const scripts = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const editors = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const run of [...runsOf(readWorkflow('check.yml')), ...runsOf(readWorkflow('publish.yml'))]) {
      const script = /^npm run (\S+)/.exec(run)?.[1];
      if (!script) continue;
      expect(scripts[script], run).toContain(`node bin/communique.js ${script}`);
      if (script === 'check') expect(editors).toContain('npm run check');
    }
  });
});
