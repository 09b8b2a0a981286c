import { missingFixturesNotice } from './shared-fixtures.ts';

/**
 * Vitest global set-up of the unit project: prints the skip notice of each missing
 * ../shared/fixtures folder once per run (vitest's summary shows no suite titles), or fails
 * the run before any test when EGOV_REQUIRE_FIXTURES=1 (CI) and one is missing.
 */
export default function setup(): void {
  for (const line of missingFixturesNotice()) process.stdout.write(`${line}\n`);
}
