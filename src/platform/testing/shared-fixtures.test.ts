import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { missingFixturesNotice, REQUIRE_FIXTURES_ENV, sharedFixtures } from './index.ts';

// Every case points the helper at a temporary folder: the real ../shared/fixtures is never touched.
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'egov-fixtures-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('sharedFixtures', () => {
  it('finds a present folder: reads its files and titles a suite with the subject alone', () => {
    mkdirSync(join(root, 'edxml'));
    writeFileSync(join(root, 'edxml', 'b.edxml'), 'B');
    writeFileSync(join(root, 'edxml', 'a.edxml'), 'A');
    writeFileSync(join(root, 'edxml', 'README.md'), 'not a package');
    const edxml = sharedFixtures('edxml', { root, env: {} });
    expect(edxml).toMatchObject({ kind: 'edxml', dir: join(root, 'edxml'), present: true });
    expect(edxml.read('a.edxml').toString()).toBe('A');
    expect(edxml.files('.edxml')).toEqual(['a.edxml', 'b.edxml']);
    expect(edxml.suite('real edXML packages')).toBe('real edXML packages (../shared/fixtures/edxml)');
  });

  it('reports an absent folder as absent, lists no file, and titles a suite as one skip notice naming the folder', () => {
    const edxml = sharedFixtures('edxml', { root, env: {} });
    expect(edxml).toMatchObject({ dir: join(root, 'edxml'), present: false });
    expect(edxml.files('.edxml')).toEqual([]);
    expect(edxml.suite('real edXML packages')).toBe('SKIPPED: ../shared/fixtures/edxml not found (a bare clone); CI requires it — real edXML packages');
  });

  it('takes a file, not a folder, as absent', () => {
    writeFileSync(join(root, 'edxml'), 'a file where the folder should be');
    expect(sharedFixtures('edxml', { root, env: {} }).present).toBe(false);
  });

  it(`throws when ${REQUIRE_FIXTURES_ENV}=1 (CI) and the folder is absent, naming the folder and the variable`, () => {
    expect(() => sharedFixtures('edxml', { root, env: { [REQUIRE_FIXTURES_ENV]: '1' } })).toThrow(
      `../shared/fixtures/edxml not found at ${join(root, 'edxml')}: ${REQUIRE_FIXTURES_ENV}=1 (set by .ci/run) requires it, so that no fixture test is skipped`,
    );
    // Present, the requirement is met; any other value of the variable does not require.
    mkdirSync(join(root, 'edxml'));
    expect(sharedFixtures('edxml', { root, env: { [REQUIRE_FIXTURES_ENV]: '1' } }).present).toBe(true);
    rmSync(join(root, 'edxml'), { recursive: true });
    expect(sharedFixtures('edxml', { root, env: { [REQUIRE_FIXTURES_ENV]: '0' } }).present).toBe(false);
  });

  it('looks by default in ../shared/fixtures beside the repository', () => {
    const edxml = sharedFixtures('edxml', { env: {} });
    expect(edxml.dir).toBe(resolve(import.meta.dirname, '../../..', '..', 'shared', 'fixtures', 'edxml'));
  });

  it(`reads ${REQUIRE_FIXTURES_ENV} from the environment of the process by default`, () => {
    vi.stubEnv(REQUIRE_FIXTURES_ENV, '1');
    try {
      expect(() => sharedFixtures('edxml', { root })).toThrow(`${REQUIRE_FIXTURES_ENV}=1`);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('missingFixturesNotice', () => {
  it('is one line per missing folder, and nothing when all are present', () => {
    expect(missingFixturesNotice({ root, env: {} })).toEqual([
      'SKIPPED: ../shared/fixtures/edxml not found (a bare clone); CI requires it. The tests that read it are skipped.',
      'SKIPPED: ../shared/fixtures/vxp not found (a bare clone); CI requires it. The tests that read it are skipped.',
      'SKIPPED: ../shared/fixtures/dvcqg not found (a bare clone); CI requires it. The tests that read it are skipped.',
    ]);
    mkdirSync(join(root, 'edxml'));
    expect(missingFixturesNotice({ root, env: {} })).toEqual([
      'SKIPPED: ../shared/fixtures/vxp not found (a bare clone); CI requires it. The tests that read it are skipped.',
      'SKIPPED: ../shared/fixtures/dvcqg not found (a bare clone); CI requires it. The tests that read it are skipped.',
    ]);
    mkdirSync(join(root, 'vxp'));
    mkdirSync(join(root, 'dvcqg'));
    expect(missingFixturesNotice({ root, env: {} })).toEqual([]);
  });

  it('knows the captures of the VXP SDK as a kind of its own', () => {
    mkdirSync(join(root, 'vxp'));
    writeFileSync(join(root, 'vxp', 'sdk-requests.json'), '[]');
    const vxp = sharedFixtures('vxp', { root, env: {} });
    expect(vxp).toMatchObject({ kind: 'vxp', present: true });
    expect(vxp.files('.json')).toEqual(['sdk-requests.json']);
    expect(vxp.suite('the SDK captures')).toBe('the SDK captures (../shared/fixtures/vxp)');
  });

  it(`throws when ${REQUIRE_FIXTURES_ENV}=1 and a folder is missing`, () => {
    expect(() => missingFixturesNotice({ root, env: { [REQUIRE_FIXTURES_ENV]: '1' } })).toThrow('../shared/fixtures/edxml not found');
  });
});
