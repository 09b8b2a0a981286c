import { appendAuditInTx } from '../../platform/audit/index.ts';
import { WorkingCalendar } from '../../platform/calendar/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { periodWindow, sendDeadline } from './reporting.periods.ts';
import * as repo from './reporting.repository.ts';
import { MONTHLY_REGIME, SEED_INDICATORS } from './reporting.seed-data.ts';
import { NATION_CODE, provinceUnitCode, saveIndicators, saveRegime, syncUnitsFromAgencies } from './reporting.setup.ts';
import { addToRollupsInTx } from './rollups.repository.ts';
import { tables } from './reporting.tables.ts';
import * as subs from './submissions.repository.ts';
import { valueKey } from './reporting.types.ts';
import type { ReportingDeps } from './reporting.access.ts';
import { sendReminders } from './timeliness.service.ts';

/** Provinces of the demo (those whose communes have demo agencies). */
const DEMO_PROVINCES = ['22', '79'];

/**
 * The unit tree and the indicators (production and demo alike), then the demo: the monthly
 * socio-economic regime for two provinces and their communes, with 2025 and January–November
 * 2026 accepted and rolled up, November's laggards (one late, one that never sent and got its
 * reminders on the deadline day), and December in progress.
 */
export async function seedReporting(deps: ReportingDeps, agencies: AgenciesApi, log: (line: string) => void, options: { demo: boolean }): Promise<void> {
  const db = deps.db;
  const { units } = await syncUnitsFromAgencies(db, agencies, null);
  await saveIndicators(db, null, SEED_INDICATORS);
  log(`reporting: ${units} units, ${SEED_INDICATORS.length} indicators`);
  if (!options.demo) return;
  const provinces = DEMO_PROVINCES.map(provinceUnitCode);
  // The demo's wards are those with a People's Committee in the demo directory (officials act for them).
  const communes = (await Promise.all(provinces.map((p) => repo.listChildren(db, p)))).flat().filter((c) => !c.retiredAt && c.agencyCode);
  const unitCodes = [...provinces, ...communes.map((c) => c.code)];
  if (await repo.findRegime(db, MONTHLY_REGIME.code)) return;
  await saveRegime(db, null, { ...MONTHLY_REGIME, receivingUnitCode: NATION_CODE, units: unitCodes });
  await db.transaction().execute(async (tx) => {
    for (const code of unitCodes) {
      await tables(tx).updateTable('reporting_units').set({ contact_email: `baocao.${code.toLowerCase().replace(/\./g, '-')}@demo.egov.vn` }).where('code', '=', code).execute();
    }
    const calendar = new WorkingCalendar();
    const months = [...Array.from({ length: 12 }, (_, i) => `2025-M${String(i + 1).padStart(2, '0')}`), ...Array.from({ length: 11 }, (_, i) => `2026-M${String(i + 1).padStart(2, '0')}`)];
    let accepted = 0;
    for (const period of months) {
      const deadline = sendDeadline(calendar, periodWindow('monthly', period)!, MONTHLY_REGIME.deadlineWorkingDays);
      const onTime = new Date(`${deadline}T03:00:00Z`);
      for (const province of provinces) {
        const own = communes.filter((c) => c.parentCode === province);
        const sent: number[] = [];
        let all = true;
        for (const [index, commune] of own.entries()) {
          // November 2026: the last commune of each province has not sent, the one before sent late.
          if (period === '2026-M11' && index === own.length - 1) {
            all = false;
            await createDemo(tx, commune.code, period, 'draft', demoValues(commune.code, period), null);
            continue;
          }
          const late = period === '2026-M11' && index === own.length - 2;
          const sentAt = late ? new Date(onTime.getTime() + 3 * 86_400_000) : onTime;
          const id = await createDemo(tx, commune.code, period, 'accepted', demoValues(commune.code, period), sentAt);
          sent.push(id);
          accepted++;
        }
        await addToRollupsInTx(tx, { regime: MONTHLY_REGIME.code, period, ancestors: await repo.pathToRoot(tx, province) }, sent);
        if (all) await createDemo(tx, province, period, 'accepted', {}, onTime, { situation: 'Tình hình kinh tế - xã hội ổn định, các chỉ tiêu chủ yếu tăng so với cùng kỳ.' });
      }
    }
    // December 2026, in progress: one commune has a draft.
    const first = communes[0];
    if (first) await createDemo(tx, first.code, '2026-M12', 'draft', { POPULATION: demoValues(first.code, '2026-M12').POPULATION! }, null);
    await appendAuditInTx(tx, { actor: null, action: 'reporting.demo_seeded', entityType: 'reporting_regime', entityId: MONTHLY_REGIME.code, data: { accepted } });
    log(`reporting: demo regime ${MONTHLY_REGIME.code} with ${unitCodes.length} units, ${accepted} accepted commune reports`);
  });
  // The reminders of November as the daily `egov reporting remind` sent them on its deadline day
  // to the units that had not sent (queued in the outbox, delivered once the platform runs).
  const november = sendDeadline(new WorkingCalendar(), periodWindow('monthly', '2026-M11')!, MONTHLY_REGIME.deadlineWorkingDays);
  const { sent } = await sendReminders(deps, new Date(`${november}T01:00:00Z`), 0);
  log(`reporting: ${sent} demo reminder(s) of 2026-M11 queued (deadline ${november})`);
}

async function createDemo(tx: Executor, unit: string, period: string, state: 'draft' | 'accepted', values: Record<string, number>, sentAt: Date | null, narrative: Record<string, string> = {}): Promise<number> {
  const submission = await subs.createSubmissionInTx(tx, MONTHLY_REGIME.code, period, unit);
  await subs.replaceValuesInTx(tx, submission.id, values);
  await subs.updateSubmissionInTx(tx, submission.id, { state, narrative, sentAt, acceptedAt: sentAt, rolledUp: state === 'accepted' && Object.keys(values).length > 0 });
  return submission.id;
}

/** Plausible figures for a commune and month, the same on every run (seeded by the codes). */
export function demoValues(unit: string, period: string): Record<string, number> {
  let seed = 0;
  for (const ch of `${unit}${period.slice(5)}`) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 10_000) / 10_000;
  const growth = period.startsWith('2026') ? 1.07 : 1;
  const population = 18_000 + Math.round(random() * 40_000);
  const female = Math.round(population * (0.49 + random() * 0.03));
  const urban = Math.round(population * (0.3 + random() * 0.6));
  const households = Math.round(population / 3.6);
  const received = 150 + Math.round(random() * 500);
  const plan = Math.round(800_000 + random() * 2_000_000);
  const month = Number(period.slice(6));
  return {
    POPULATION: population,
    [valueKey('POPULATION', 'sex=male')]: population - female,
    [valueKey('POPULATION', 'sex=female')]: female,
    [valueKey('POPULATION', 'area=urban')]: urban,
    [valueKey('POPULATION', 'area=rural')]: population - urban,
    HOUSEHOLDS: households,
    POOR_HOUSEHOLDS: Math.round(households * (0.005 + random() * 0.04)),
    BUDGET_REVENUE: Math.round(plan * (month / 12) * (0.85 + random() * 0.3) * growth),
    BUDGET_REVENUE_PLAN: plan,
    NEW_ENTERPRISES: Math.round(random() * 25 * growth),
    NEW_JOBS: 40 + Math.round(random() * 80),
    HEALTH_INSURANCE_COVERAGE: Math.round((88 + random() * 11) * 10) / 10,
    DOSSIERS_RECEIVED: received,
    DOSSIERS_ON_TIME: Math.round(received * (0.93 + random() * 0.07)),
    TRAFFIC_ACCIDENTS: Math.round(random() * 6),
    MAX_DAILY_RAINFALL: Math.round(random() * (month >= 6 && month <= 10 ? 250 : 60) * 10) / 10,
    LOWEST_TEMPERATURE: Math.round(((month <= 2 || month === 12 ? 9 : 19) + random() * 8) * 10) / 10,
  };
}
