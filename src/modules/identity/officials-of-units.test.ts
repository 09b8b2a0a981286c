import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createIdentityTestEnv, seedDemo, type IdentityTestEnv } from './identity.testing.ts';

// The door's "officials of unit X" for modules that have authorised their actor: exact units,
// roles included, and no cap that hides a unit (the former listing stopped at 500 officials).

let env: IdentityTestEnv;
const PROVINCE = '000.00.00.H49';
const JUSTICE = '000.00.01.H49';

beforeAll(async () => {
  env = await createIdentityTestEnv();
  await seedDemo(env);
  // 600 officials of the province, named to sort before the justice department's one.
  await sql`
    INSERT INTO accounts (kind, email, full_name, password_hash, agency_code, roles)
    SELECT 'official', 'bulk' || n || '@demo.egov.vn', 'A ' || lpad(n::text, 4, '0'), '!', ${PROVINCE}, ARRAY['clerk']
    FROM generate_series(1, 600) AS n`.execute(env.db);
  await sql`UPDATE accounts SET status = 'disabled' WHERE email = 'bulk1@demo.egov.vn'`.execute(env.db);
});

afterAll(async () => {
  await env?.close();
});

describe('officials of units', () => {
  it('lists exactly the units asked, with roles, active ones by default', async () => {
    const justice = await env.api.officialsOfUnits([JUSTICE]);
    expect(justice.map((o) => [o.email, o.roles])).toEqual([['chuyenvien.h49@demo.egov.vn', ['specialist']]]);
    const province = await env.api.officialsOfUnits([PROVINCE]);
    expect(province.length).toBe(599 + 3);
    expect(province.every((o) => o.agencyCode === PROVINCE && o.status === 'active')).toBe(true);
    expect((await env.api.officialsOfUnits([PROVINCE], { activeOnly: false })).length).toBe(600 + 3);
    expect(await env.api.officialsOfUnits([])).toEqual([]);
  });

  it('tells which units are staffed, however many officials there are', async () => {
    expect((await env.api.staffedUnits([PROVINCE, JUSTICE, '000.00.02.H49'])).sort()).toEqual([PROVINCE, JUSTICE]);
    await sql`UPDATE accounts SET status = 'disabled' WHERE agency_code = ${JUSTICE}`.execute(env.db);
    expect(await env.api.staffedUnits([JUSTICE])).toEqual([]);
  });
});
