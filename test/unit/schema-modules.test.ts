/**
 * Every schema module loads on its own, whatever is imported first. A module that read
 * another's ref while loading would get it uninitialized whenever an import circle reached
 * that module first: Node throws (`Cannot access 'Chatroom' before initialization`); Vite's
 * module runner, which vitest loads sources with, quietly hands over `undefined` instead
 * (its export getters swallow the error), and the hole shows only when the schema is built.
 * So each module is imported alone into a fresh registry, and the types it reached are built.
 */
import { readdirSync } from 'node:fs';
import SchemaBuilder from '@pothos/core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

const dir = new URL('../../src/schema/', import.meta.url);
const modules = readdirSync(dir).filter((name) => name.endsWith('.ts')).sort();

// Each fresh registry loads the plugin files again, while @pothos/core stays the one Node loaded.
const reRegistration = SchemaBuilder.allowPluginReRegistration;
beforeAll(() => {
  SchemaBuilder.allowPluginReRegistration = true;
});
afterAll(() => {
  SchemaBuilder.allowPluginReRegistration = reRegistration;
});

it('finds the schema modules', () => {
  expect(modules).toContain('chatroom.ts');
});

it.each(modules)('imports src/schema/%s alone', async (name) => {
  vi.resetModules();
  await import(new URL(name, dir).href);
  // The same registry's builder: the one the module just added its types to.
  const { builder } = await import('../../src/schema/builder.js');
  expect(() => builder.toSchema()).not.toThrow();
});
