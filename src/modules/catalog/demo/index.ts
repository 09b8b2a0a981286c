import type { ProcedureDocument } from '../catalog.schemas.ts';
import { centralEconomy } from './central-economy.ts';
import { centralJusticeAndSecurity } from './central-justice-security.ts';
import { expandLocal } from './local.ts';
import { localCivil } from './local-civil.ts';
import { localEconomy } from './local-economy.ts';

/**
 * The demo catalogue: procedures of central bodies and the variants Quảng Ninh (H49) and
 * Hồ Chí Minh City (H29) publish. Written for the demo, not copied from the national
 * database: codes follow its format but are not claimed to be official.
 */
export const DEMO_CATALOGUE: readonly ProcedureDocument[] = [...centralJusticeAndSecurity, ...centralEconomy, ...expandLocal([...localCivil, ...localEconomy])];
