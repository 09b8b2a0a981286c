import type { Locale } from '../../platform/i18n/index.ts';
import type { Agency } from './agencies.types.ts';

/** The agency's name in the page's language: the directory's English name on English pages when it holds one. */
export function agencyName(agency: Pick<Agency, 'name' | 'nameEn'>, locale: Locale): string {
  return locale === 'en' && agency.nameEn ? agency.nameEn : agency.name;
}
