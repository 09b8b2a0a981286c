import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintFromString, loadConfig } from '@redocly/openapi-core';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../platform/http/index.ts';
import { MODULES } from './modules.ts';
import { createTestPlatform, type TestPlatform } from './testing.ts';

// The OpenAPI document as the composed application serves it (every module's routes) is
// what integrators generate clients from: it must pass `redocly lint` with the repository's
// redocly.yaml (recommended rules, each waiver with its reason), and the TypeScript types
// openapi-typescript makes of it must type a real call.

const ROOT = path.resolve(import.meta.dirname, '../..');
let platform: TestPlatform;
let app: HttpApp;
let source: string;

beforeAll(async () => {
  platform = await createTestPlatform({ modules: MODULES.map((m) => m.name) });
  app = await platform.http();
  const response = await app.inject('/api/openapi.json');
  expect(response.statusCode).toBe(200);
  source = response.body;
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

describe('the served OpenAPI document', () => {
  it('passes redocly lint (recommended, redocly.yaml): no error, no unwaived warning', async () => {
    const config = await loadConfig({ configPath: path.join(ROOT, 'redocly.yaml') });
    const problems = await lintFromString({ source, absoluteRef: path.join(ROOT, 'openapi.json'), config });
    const report = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    expect(report).toEqual([]);
  });

  it('declares the security of every operation and the schemes the platform uses', () => {
    const document = JSON.parse(source) as { paths: Record<string, Record<string, { security?: unknown[] }>>; components: { securitySchemes: Record<string, unknown> } };
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['egovSession', 'egovSignedRequest', 'vxpSignedRequest']);
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(50);
    for (const operation of operations) expect(operation.security).toBeInstanceOf(Array);
    expect(document.paths['/api/v1/sync/dossiers']?.post?.security).toEqual([{ egovSignedRequest: [] }]);
    expect(document.paths['/api/v1/me']?.get?.security).toEqual([{ egovSession: [] }]);
    expect(document.paths['/api/v1/procedures']?.get?.security).toEqual([]);
  });

  it('generates TypeScript types (openapi-typescript) that type a call, and refuse a wrong one', async () => {
    const types = astToString(await openapiTS(JSON.parse(source) as OpenAPI3));
    const dir = await mkdtemp(path.join(tmpdir(), 'egov-openapi-'));
    try {
      await writeFile(path.join(dir, 'api.ts'), types);
      const call = (args: string, use: string) => `import type { operations, paths } from './api.ts';
declare function fetch(url: string): Promise<{ json(): Promise<unknown> }>;
type GetAgency = operations['getAgenciesByCode'];
type Agency = GetAgency['responses'][200]['content']['application/json'];
async function getAgency(params: GetAgency['parameters']['path']): Promise<Agency> {
  const response = await fetch(\`/api/v1/agencies/\${encodeURIComponent(params.code)}\`);
  return (await response.json()) as Agency;
}
type SyncItems = paths['/api/v1/sync/dossiers']['post']['requestBody']['content']['application/json']['items'];
export const items: SyncItems = [];
export async function run(): Promise<string> {
  const agency = await getAgency(${args});
  return ${use};
}
`;
      await writeFile(path.join(dir, 'good.ts'), call(`{ code: '000.00.00.H49' }`, 'agency.name'));
      await writeFile(path.join(dir, 'bad.ts'), call(`{ agency: '000.00.00.H49' }`, 'agency.title'));
      const options: ts.CompilerOptions = {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        allowImportingTsExtensions: true,
        lib: ['lib.es2022.d.ts'],
        types: [],
      };
      const program = ts.createProgram([path.join(dir, 'good.ts'), path.join(dir, 'bad.ts')], options);
      const diagnostics = (file: string) => {
        const sourceFile = program.getSourceFile(path.join(dir, file));
        return [...program.getGlobalDiagnostics(), ...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      };
      expect(diagnostics('good.ts')).toEqual([]);
      const refused = diagnostics('bad.ts').join('\n');
      expect(refused).toContain("'agency' does not exist");
      expect(refused).toContain("Property 'title' does not exist");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the API documentation page (/api/docs)', () => {
  const operationIds = () => {
    const document = JSON.parse(source) as { paths: Record<string, Record<string, { operationId: string }>> };
    return Object.values(document.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
  };

  it.each([
    ['vi', 'Tài liệu API', 'English', 'Quay lại trang chủ'],
    ['en', 'API documentation', 'Tiếng Việt', 'Back to the home page'],
  ] as const)('in %s: framed by the site (title, language switch, way back), every operation of the document', async (lang, title, switchTo, back) => {
    const response = await app.inject({ url: '/api/docs', headers: { cookie: `lang=${lang}` } });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toMatch(new RegExp(`^<!doctype html><html lang="${lang}">`));
    expect(html).toContain(`<title>${title} · `);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(`href="/lang/${lang === 'vi' ? 'en' : 'vi'}?next=%2Fapi%2Fdocs"`);
    expect(html).toContain(switchTo);
    expect(html).toContain(back);
    expect(html).toContain('href="/api/openapi.json"');
    expect(html).not.toContain('<script');
    for (const id of operationIds()) expect(html).toContain(`<article class="api-operation" id="${id}"`);
    expect(html).toContain('id="scheme-egovSignedRequest"');
  });

  it('the former Swagger UI addresses: the page, and the same document as JSON', async () => {
    const response = await app.inject('/api/docs/');
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/api/docs');
    expect((await app.inject('/api/docs/json')).body).toBe(source);
  });
});
