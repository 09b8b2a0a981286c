import type { Actor, LocalizedText } from '../../platform/module/index.ts';

/**
 * What other modules show on an indicator's figures page without the reporting system knowing
 * them (the lineage of issue #16: the tasks that move an indicator). A module created after this
 * one registers a source through the door (`registerIndicatorLinks`); arrows keep pointing down.
 */
export interface IndicatorLink {
  href: string;
  text: string;
  /** A short line under the link (a status, a deadline), in the reader's language. */
  detail?: string;
}

export interface IndicatorLinkSource {
  /** The heading of the section. */
  title: LocalizedText;
  /** The links for this reader (authorised by the source: none for someone who may not see them). */
  links(actor: Actor | undefined, indicatorCode: string, locale: 'vi' | 'en'): Promise<IndicatorLink[]>;
}

export interface IndicatorLinks {
  register(source: IndicatorLinkSource): void;
  /** Every source's section for the indicator, in registration order; sections without links are left out. */
  sections(actor: Actor | undefined, indicatorCode: string, locale: 'vi' | 'en'): Promise<{ title: string; links: IndicatorLink[] }[]>;
}

export function createIndicatorLinks(): IndicatorLinks {
  const sources: IndicatorLinkSource[] = [];
  return {
    register: (source) => void sources.push(source),
    async sections(actor, indicatorCode, locale) {
      const all = await Promise.all(sources.map(async (s) => ({ title: s.title[locale], links: await s.links(actor, indicatorCode, locale) })));
      return all.filter((s) => s.links.length > 0);
    },
  };
}
