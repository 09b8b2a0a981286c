import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesFor } from './composition.ts';
import { MODULES } from './modules.ts';

const modulesDir = path.resolve(import.meta.dirname, '..', 'modules');

describe('the module list of the composition root', () => {
  it('holds every folder of src/modules once, one line each, under the folder’s name, after the modules it needs', () => {
    const source = fs.readFileSync(path.join(import.meta.dirname, 'modules.ts'), 'utf8');
    for (const m of MODULES) expect(source.split('\n').filter((line) => line.includes(`${m.name}Module`))).toHaveLength(1);
    const folders = fs.readdirSync(modulesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    const listed = MODULES.map((m) => m.name).filter((name) => name !== 'web');
    expect([...listed].sort()).toEqual(folders);
    expect(new Set(listed).size).toBe(listed.length);
    expect(() => modulesFor()).not.toThrow();
  });

  it('brings the modules a module needs, in order, when a test asks for one', () => {
    expect(modulesFor(['dossiers']).map((m) => m.name)).toEqual(['calendar', 'agencies', 'identity', 'catalog', 'dossiers']);
    expect(modulesFor(['exchange']).map((m) => m.name)).toEqual(['agencies', 'identity', 'exchange']);
    expect(() => modulesFor(['nosuchmodule'])).toThrow(/no module is named "nosuchmodule"/);
  });

  it('is the only file outside src/modules that names a module, apart from the server and the test harness', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && /(from |import\()'[./]*\/modules\//.test(fs.readFileSync(file, 'utf8'))) offenders.push(path.relative(path.resolve(modulesDir, '..'), file));
      }
    };
    for (const top of ['app', 'cli', 'platform']) walk(path.resolve(modulesDir, '..', top));
    expect(offenders).toContain('app/modules.ts');
    expect(offenders.filter((f) => !['app/modules.ts', 'app/server.ts', 'app/testing.ts'].includes(f))).toEqual([]);
  });
});
