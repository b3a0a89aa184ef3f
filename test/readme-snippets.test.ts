/**
 * The README's client snippets as a frontend team copies them into an app made from Vite's
 * react-ts template (issue 23, 3): its codegen configuration, run on the example operations,
 * and its Apollo snippet, compiled with that template's compiler options (strict,
 * verbatimModuleSyntax, bundler resolution). Real graphql-codegen, real tsc.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The ```ts block of the README that begins with `opening`. */
function block(opening: string): string {
  const found = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((text) => text.startsWith(opening));
  if (!found) throw new Error(`the README has no ts block beginning with ${opening}`);
  return found;
}

/** tsconfig.app.json of `npm create vite@latest -- --template react-ts` (Vite 6), as a new app has it. */
const viteReactTs = {
  compilerOptions: {
    target: 'ES2022',
    useDefineForClassFields: true,
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    module: 'ESNext',
    skipLibCheck: true,
    moduleResolution: 'bundler',
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    moduleDetection: 'force',
    noEmit: true,
    jsx: 'react-jsx',
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noFallthroughCasesInSwitch: true,
    noUncheckedSideEffectImports: true,
  },
  include: ['src'],
};

const app = mkdtempSync(join(tmpdir(), 'readme-app-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe("the README's client snippets, in a Vite react-ts app", () => {
  it('generate typed documents with its codegen configuration, and compile with its Apollo snippet', async () => {
    symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
    cpSync(join(root, 'schema.graphql'), join(app, 'schema.graphql'));
    cpSync(join(root, 'examples/operations.graphql'), join(app, 'src/operations.graphql'), { recursive: true });
    // The examples the README shows (they read ../schema.graphql, which the app has too).
    for (const file of ['apollo.ts', 'schema.ts']) cpSync(join(root, 'examples', file), join(app, 'src', file));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(viteReactTs, null, 2));
    // The configuration as printed, on a copy of the schema rather than a running gateway.
    const codegen = block('// codegen.ts in your app');
    expect(codegen).toContain("schema: 'http://localhost:4000/graphql'");
    writeFileSync(join(app, 'codegen.ts'), codegen.replace("schema: 'http://localhost:4000/graphql'", "schema: 'schema.graphql'"));
    await run(join(app, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen.ts'], { cwd: app });
    // The Apollo snippet as printed; an app has its own sign-in, which it names `auth`.
    const snippet = block("import { addCreatedRoom, createApolloClient, removeDeletedRoom } from './apollo';");
    writeFileSync(join(app, 'src/rooms.ts'), `${snippet}\ndeclare const auth: { getAccessToken(): Promise<string> };\nexport {};\n`);
    const compiled = await run(join(app, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: app }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(compiled).toBe('');
  }, 120_000);
});
