// Fails when the relative imports under a folder form a cycle (DESIGN.md: layers import downwards only,
// and a cycle inside a layer makes module initialisation order fragile). Prints every cycle found.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'src');
const importPattern =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : listSources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(importPattern)) {
    const specifier = match[1] ?? match[2];
    // `import type` edges vanish at run time; they cannot cause an initialisation cycle.
    if (specifier && !/^\s*(?:import|export)\s+type\s/.test(match[0].trimStart())) {
      found.push(resolve(dirname(file), specifier));
    }
  }
  return found;
}

const files = listSources(root);
const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => target !== file)]));
const state = new Map<string, 'visiting' | 'done'>();
const cycles: string[][] = [];

function visit(file: string, stack: string[]): void {
  state.set(file, 'visiting');
  for (const next of graph.get(file) ?? []) {
    if (!graph.has(next)) continue;
    const seen = state.get(next);
    if (seen === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
    else if (seen === undefined) visit(next, [...stack, next]);
  }
  state.set(file, 'done');
}

for (const file of files) if (!state.has(file)) visit(file, [file]);

if (cycles.length > 0) {
  for (const cycle of cycles)
    console.error(`import cycle: ${cycle.map((f) => relative(process.cwd(), f)).join(' -> ')}`);
  process.exit(1);
}
console.log(`no import cycles among ${files.length} files under ${relative(process.cwd(), root) || '.'}`);
