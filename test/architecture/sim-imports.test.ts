/**
 * `sim/` never imports upward: nothing under sim/ reaches (directly or through what it imports)
 * the scenario files, the runner, the reports, the experiments, the trainer, the servers or the
 * CLI, nor Node's built-in modules. The one folder outside sim/ it may use is hardware-emu/ (the
 * device behaviours and codecs the smart lanes and scanners read through; docs/DESIGN.md).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ALLOWED = ['sim', 'hardware-emu'];
const BUILTINS = new Set(builtinModules);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The module specifiers a file imports or re-exports (static and dynamic), as the TypeScript parser reads them. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** Every problem in what `start` files reach: an import outside sim/ and hardware-emu/, or a Node built-in. */
function upwardImports(start: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      const from = relative(ROOT, file);
      if (spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0])) {
        problems.push(`${from} imports the Node built-in '${spec}'`);
        continue;
      }
      if (!spec.startsWith('.')) continue; // a package (xstate, zod...)
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      const top = relative(ROOT, target).split(sep)[0];
      if (!ALLOWED.includes(top)) problems.push(`${from} imports ${relative(ROOT, target)} (${top}/ is above sim/)`);
      else queue.push(target);
    }
  }
  return problems.sort();
}

describe('sim/ never imports upward', () => {
  it('no file under sim/, nor anything it imports, reaches outside sim/ and hardware-emu/ or into Node built-ins', () => {
    expect(upwardImports(tsFiles(join(ROOT, 'sim')))).toEqual([]);
  });
  it('the check sees an upward import, a re-export and a Node built-in', () => {
    const dir = join(ROOT, 'sim', 'training');
    const probe = (text: string) => ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
    expect(probe("import type { X } from '../../train/api-types.js';\nexport * from './a.js';\nconst m = await import('node:fs');")).toEqual([
      '../../train/api-types.js',
      './a.js',
      'node:fs',
    ]);
    expect(relative(ROOT, resolve(dir, '../../train/api-types.ts')).split(sep)[0]).toBe('train');
  });
});
