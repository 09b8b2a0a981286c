import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Real files that live outside the repository, in `../shared/fixtures/<kind>` beside it, and
 * are read from there, never copied (packages from the Government Office's SDK, …). A bare
 * clone lacks them: the tests that read them are then skipped, under one notice. CI must run
 * them, so `.ci/run` checks the folders first and sets EGOV_REQUIRE_FIXTURES=1, which turns
 * an absent folder into an error instead of a skip.
 */

/** The folders of ../shared/fixtures that tests read. Add a kind here, and to `.ci/run`, when a test reads a new one. */
export const FIXTURE_KINDS = ['edxml', 'vxp', 'dvcqg'] as const;
export type FixtureKind = (typeof FIXTURE_KINDS)[number];

export const REQUIRE_FIXTURES_ENV = 'EGOV_REQUIRE_FIXTURES';

export interface FixtureOptions {
  /** The folder holding the kinds; default `../shared/fixtures` beside the repository. */
  root?: string;
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
}

export interface SharedFixtures {
  kind: FixtureKind;
  dir: string;
  present: boolean;
  /** The names of the folder's files ending with `extension`, sorted; none when absent. */
  files(extension: string): string[];
  read(name: string): Buffer;
  /**
   * A `describe.skipIf(!fixtures.present)` title: the subject when present, else the skip
   * notice naming the missing folder, so a skipped suite says why in one line.
   */
  suite(subject: string): string;
}

const label = (kind: FixtureKind) => `../shared/fixtures/${kind}`;
const skipNotice = (kind: FixtureKind) => `SKIPPED: ${label(kind)} not found (a bare clone); CI requires it`;

/** Where a kind of shared fixtures is, and whether it is there; throws if required (CI) and absent. */
export function sharedFixtures(kind: FixtureKind, options: FixtureOptions = {}): SharedFixtures {
  const dir = join(options.root ?? defaultRoot(), kind);
  const present = isDirectory(dir);
  if (!present && (options.env ?? process.env)[REQUIRE_FIXTURES_ENV] === '1') {
    throw new Error(`${label(kind)} not found at ${dir}: ${REQUIRE_FIXTURES_ENV}=1 (set by .ci/run) requires it, so that no fixture test is skipped`);
  }
  return {
    kind,
    dir,
    present,
    files: (extension) => (present ? readdirSync(dir).filter((name) => name.endsWith(extension)).sort() : []),
    read: (name) => readFileSync(join(dir, name)),
    suite: (subject) => (present ? `${subject} (${label(kind)})` : `${skipNotice(kind)} — ${subject}`),
  };
}

/** One line per missing kind, printed once per test run (see fixtures-notice.setup.ts); throws if required and one is missing. */
export function missingFixturesNotice(options: FixtureOptions = {}): string[] {
  return FIXTURE_KINDS.filter((kind) => !sharedFixtures(kind, options).present).map((kind) => `${skipNotice(kind)}. The tests that read it are skipped.`);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function defaultRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
    dir = parent;
  }
  return resolve(dir, '..', 'shared', 'fixtures');
}
