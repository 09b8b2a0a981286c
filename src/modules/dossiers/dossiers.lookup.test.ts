import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../../platform/errors/index.ts';
import { createDossiersModule } from './index.ts';
import { LOOKUP_PER_ADDRESS_LIMIT, LOOKUP_PER_CODE_FAILURE_LIMIT } from './dossiers.limits.ts';
import { actors, birthAnswers, BIRTH, PDF_BYTES, setUpDossiers, WARD } from './dossiers.test-support.ts';

type Outcome = 'found' | 'not_found' | 'throttled';

async function outcome(lookup: Promise<unknown>): Promise<Outcome> {
  try {
    await lookup;
    return 'found';
  } catch (error) {
    if (isDomainError(error) && error.code === 'dossiers.lookup_throttled') return 'throttled';
    if (isDomainError(error) && error.code === 'dossiers.not_found') return 'not_found';
    throw error;
  }
}

const count = (outcomes: Outcome[], which: Outcome) => outcomes.filter((o) => o === which).length;

describe('public lookup budgets', () => {
  let env: Awaited<ReturnType<typeof setUpDossiers>>;
  /** A second module instance over the same database: another `serve` process. */
  let second: ReturnType<typeof createDossiersModule>['api'];

  beforeAll(async () => {
    env = await setUpDossiers();
    second = createDossiersModule(env.ctx, env.deps).api;
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  async function fileDossier(): Promise<string> {
    const stored = await env.ctx.files.put(PDF_BYTES);
    const uploads = [0, 1].map((componentIndex) => ({ componentIndex, sha256: stored.sha256, size: stored.size, contentType: 'application/pdf', originalName: 'a.pdf' }));
    // The applicant's phone ends in 5678.
    return (await env.api.submitApplication(actors.citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers(), uploads })).code;
  }

  it('checks at most the budget of 60 parallel guesses of the phone ending from three addresses', async () => {
    const code = await fileDossier();
    const guesses = Array.from({ length: 59 }, (_, i) => String(1000 + i));
    guesses.push('5678'); // the right answer, sent last
    const outcomes = await Promise.all(guesses.map((g, i) => outcome((i % 2 ? second : env.api).lookup(code, g, `10.50.0.${i % 3}`))));
    // Every answer checked was counted before it was checked: never more than the budget.
    expect(count(outcomes, 'not_found') + count(outcomes, 'found')).toBeLessThanOrEqual(LOOKUP_PER_CODE_FAILURE_LIMIT);
    expect(count(outcomes, 'throttled')).toBeGreaterThanOrEqual(60 - LOOKUP_PER_CODE_FAILURE_LIMIT);
  });

  it('refuses the right answer once parallel wrong guesses have spent the budget', async () => {
    const code = await fileDossier();
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => outcome((i % 2 ? second : env.api).lookup(code, String(2000 + i), `10.51.0.${i % 3}`))));
    expect(count(outcomes, 'not_found')).toBe(LOOKUP_PER_CODE_FAILURE_LIMIT);
    expect(await outcome(env.api.lookup(code, '5678', '10.51.1.1'))).toBe('throttled');
    expect(await outcome(second.lookup(code, '001090000001', '10.51.1.2'))).toBe('throttled');
  });

  it('does not spend the budget on right answers', async () => {
    const code = await fileDossier();
    for (let i = 0; i < LOOKUP_PER_CODE_FAILURE_LIMIT * 2; i++) expect(await outcome(env.api.lookup(code, '5678', `10.52.0.${i}`))).toBe('found');
    for (let i = 0; i < LOOKUP_PER_CODE_FAILURE_LIMIT - 1; i++) expect(await outcome(env.api.lookup(code, String(3000 + i), `10.52.1.${i}`))).toBe('not_found');
    expect(await outcome(env.api.lookup(code, '5678', '10.52.2.1'))).toBe('found');
  });

  it('shares the per-address budget between processes, also for parallel lookups', async () => {
    // Unknown codes, a different one each time: only the address budget can refuse them.
    const unknown = (i: number) => `${WARD}-000101-${String(5000 + i)}`;
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => outcome((i % 2 ? second : env.api).lookup(unknown(i), '0000', '10.60.0.1'))));
    expect(count(outcomes, 'not_found')).toBe(LOOKUP_PER_ADDRESS_LIMIT);
    expect(count(outcomes, 'throttled')).toBe(40 - LOOKUP_PER_ADDRESS_LIMIT);
    // Sequentially, alternating processes: the budget is one, not one per process.
    for (let i = 0; i < LOOKUP_PER_ADDRESS_LIMIT; i++) expect(await outcome((i % 2 ? second : env.api).lookup(unknown(100 + i), '0000', '10.60.0.2'))).toBe('not_found');
    expect(await outcome(env.api.lookup(unknown(200), '0000', '10.60.0.2'))).toBe('throttled');
    expect(await outcome(second.lookup(unknown(201), '0000', '10.60.0.2'))).toBe('throttled');
    expect(await outcome(second.lookup(unknown(202), '0000', '10.60.0.3'))).toBe('not_found');
  });

  it('counts IPv6 addresses by their /64, the block one subscriber gets', async () => {
    const unknown = (i: number) => `${WARD}-000102-${String(5000 + i)}`;
    for (let i = 0; i < LOOKUP_PER_ADDRESS_LIMIT; i++) expect(await outcome(env.api.lookup(unknown(i), '0000', `2001:db8:1:2::${(i + 1).toString(16)}`))).toBe('not_found');
    expect(await outcome(env.api.lookup(unknown(100), '0000', '2001:db8:1:2:ffff:1:2:3'))).toBe('throttled');
    expect(await outcome(env.api.lookup(unknown(101), '0000', '2001:0db8:0001:0003::1'))).toBe('not_found');
    // An IPv4 address written as IPv6 is the IPv4 address.
    for (let i = 0; i < LOOKUP_PER_ADDRESS_LIMIT; i++) await outcome(env.api.lookup(unknown(200 + i), '0000', '192.0.2.7'));
    expect(await outcome(env.api.lookup(unknown(300), '0000', '::ffff:192.0.2.7'))).toBe('throttled');
  });
});
