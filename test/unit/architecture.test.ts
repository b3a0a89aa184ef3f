/**
 * The house as its imports draw it (issue 21): no import circle in src/ but between Pothos
 * type modules that refer to each other (each imports alone: test/unit/schema-modules.test.ts),
 * nothing in easemob/ or plugins/ reaching up to the context, and easemob/ knowing nothing
 * of GraphQL or of requests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : /\.(ts|js|mjs)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );

/** Each file of src/ (relative to it) → what it imports: files of src/ by the same name, packages by theirs. */
function importGraph(): Map<string, { local: string[]; packages: string[] }> {
  const graph = new Map<string, { local: string[]; packages: string[] }>();
  for (const file of files(src)) {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'/g)].map(
      (m) => (m[1] ?? m[2])!,
    );
    const local = specifiers.filter((s) => s.startsWith('.')).map((s) => relative(src, join(dirname(file), s)).replace(/\.js$/, '.ts'));
    graph.set(relative(src, file), { local, packages: specifiers.filter((s) => !s.startsWith('.')) });
  }
  return graph;
}

/** Strongly connected components of more than one file (Tarjan's algorithm): the import circles. */
function circles(graph: Map<string, { local: string[] }>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    order.set(file, index);
    low.set(file, index++);
    stack.push(file);
    for (const next of graph.get(file)?.local ?? []) {
      if (!graph.has(next)) continue;
      if (!order.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, order.get(next)!));
    }
    if (low.get(file) !== order.get(file)) return;
    const component: string[] = [];
    let member: string;
    do component.push((member = stack.pop()!));
    while (member !== file);
    if (component.length > 1) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return found;
}

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('reads every file and resolves every local import to a file of src/', () => {
    expect(graph.size).toBeGreaterThan(60);
    const dangling = [...graph].flatMap(([file, { local }]) => local.filter((to) => !graph.has(to)).map((to) => `${file} -> ${to}`));
    expect(dangling).toEqual([]);
  });

  it('has no import circle but among Pothos type modules', () => {
    const schemaTypes = (component: string[]) => component.every((file) => file.startsWith('schema/'));
    expect(circles(graph).filter((component) => !schemaTypes(component))).toEqual([]);
  });

  it('has no arrow from easemob/ or plugins/ up to the context', () => {
    const up = [...graph].filter(([file, { local }]) => /^(easemob|plugins)\//.test(file) && local.includes('context.ts'));
    expect(up.map(([file]) => file)).toEqual([]);
  });

  it('keeps easemob/ apart from GraphQL and requests, not even as a type', () => {
    const aware = /^(context\.ts|request-scope\.ts|gateway\.ts|plugins\/|schema\/)/;
    const leaks = [...graph]
      .filter(([file]) => file.startsWith('easemob/'))
      .flatMap(([file, { local, packages }]) => [
        ...local.filter((to) => aware.test(to)).map((to) => `${file} -> ${to}`),
        ...packages.filter((name) => /^(graphql|graphql-yoga|@pothos\/|@envelop\/)/.test(name)).map((name) => `${file} -> ${name}`),
      ]);
    expect(leaks).toEqual([]);
  });

  it('keeps every yoga plugin in plugins/', () => {
    const outside = [...graph.keys()].filter(
      (file) => !file.startsWith('plugins/') && !file.startsWith('schema/') && /export function use[A-Z]/.test(readFileSync(join(src, file), 'utf8')),
    );
    expect(outside).toEqual([]);
  });
});
