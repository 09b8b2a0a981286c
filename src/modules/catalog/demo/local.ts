import type { ProcedureDocument } from '../catalog.schemas.ts';
import { build, type ProcedureSpec } from './builder.ts';

/**
 * Procedures that provinces publish as their own variants (`<code>.<agency code>`): the
 * People's Committee of the province publishes the procedure as it applies there, with its
 * own agencies, and where local rules differ (fees set by the provincial People's Council,
 * shortened processing times) its own figures. Demo data for the two demo provinces.
 */

/** Who handles a local procedure, resolved per province below. */
export type Sector = 'commune' | 'commune_police' | 'justice' | 'construction' | 'police' | 'province' | 'notary';

export interface LocalTemplate extends Omit<ProcedureSpec, 'code' | 'agency' | 'receiving' | 'level'> {
  base: string;
  sector: Sector;
  /** Hồ Chí Minh City's own figures where they differ. */
  h29?: Partial<Pick<ProcedureSpec, 'time' | 'fee' | 'cases'>>;
  /** Published in Quảng Ninh only (no such unit in the demo directory of the other province). */
  onlyH49?: boolean;
}

interface ProvinceUnits {
  key: 'h49' | 'h29';
  committee: string;
  justice: string;
  construction: string;
  police: string;
  /** Trung tâm Phục vụ hành chính công, where the province has one in the directory. */
  serviceCentre: string | null;
  wards: string[];
  notary: string | null;
}

export const DEMO_PROVINCES: ProvinceUnits[] = [
  {
    key: 'h49',
    committee: '000.00.00.H49',
    justice: '000.00.01.H49',
    construction: '000.00.02.H49',
    police: '000.00.03.H49',
    serviceCentre: '000.00.04.H49',
    wards: ['000.00.51.H49', '000.00.52.H49', '000.00.53.H49'],
    notary: '000.01.01.H49',
  },
  {
    key: 'h29',
    committee: '000.00.00.H29',
    justice: '000.00.01.H29',
    construction: '000.00.02.H29',
    police: '000.00.03.H29',
    serviceCentre: null,
    wards: ['000.00.51.H29', '000.00.52.H29'],
    notary: null,
  },
];

function agencies(sector: Sector, p: ProvinceUnits): { agency: string; receiving: string[]; level: ProcedureSpec['level'] } {
  const atCentre = (unit: string) => (p.serviceCentre ? [p.serviceCentre, unit] : [unit]);
  switch (sector) {
    case 'commune':
      // The province publishes; every ward or commune People's Committee receives and decides for its residents.
      return { agency: p.committee, receiving: p.wards, level: 'commune' };
    case 'commune_police':
      return { agency: p.police, receiving: [p.police], level: 'commune' };
    case 'justice':
      return { agency: p.justice, receiving: atCentre(p.justice), level: 'province' };
    case 'construction':
      return { agency: p.construction, receiving: atCentre(p.construction), level: 'province' };
    case 'police':
      return { agency: p.police, receiving: [p.police], level: 'province' };
    case 'province':
      return { agency: p.committee, receiving: atCentre(p.committee), level: 'province' };
    case 'notary':
      if (!p.notary) throw new Error('no notary office in this demo province');
      return { agency: p.notary, receiving: [p.notary], level: 'province' };
  }
}

/** The variants of each template for the demo provinces. */
export function expandLocal(templates: readonly LocalTemplate[]): ProcedureDocument[] {
  const documents: ProcedureDocument[] = [];
  for (const template of templates) {
    const { base, sector, h29, onlyH49, ...rest } = template;
    for (const province of DEMO_PROVINCES) {
      if (onlyH49 && province.key !== 'h49') continue;
      const overrides = province.key === 'h29' ? (h29 ?? {}) : {};
      const spec: ProcedureSpec = { ...rest, ...overrides, code: `${base}.${province.committee}`, ...agencies(sector, province) };
      if (overrides.cases) delete spec.time;
      documents.push(build(spec));
    }
  }
  return documents;
}
