import { sql, type Db, type Tx } from '../../platform/db/index.ts';
import type { Fact, FactConsumer } from '../../platform/events/index.ts';
import { bumpGenerationInTx } from './catalog.repository.ts';
import { foldText } from './search-text.ts';

/** What the search page shows of a help article. */
export interface HelpArticleHit {
  title: string;
  summary: string;
  url: string;
}

export interface HelpArticle extends HelpArticleHit {
  foldedTitle: string;
  words: ReadonlySet<string>;
}

/** The payload of `helpdesk.article_changed`, read by name: the catalogue does not import the helpdesk (which depends on it). */
interface ArticleChanged {
  id: number;
  title: string;
  summary: string;
  body: string;
  published: boolean;
  url: string;
  at: string;
}

/**
 * Published help articles for the procedure search, from the helpdesk's facts. Each change
 * bumps the catalogue's generation, so every server process reloads its search data (articles
 * change a few times a month, not per request).
 */
export const helpArticlesConsumer: FactConsumer = {
  name: 'catalog.help_articles',
  facts: ['helpdesk.article_changed'],
  startFrom: 'beginning',
  async handleBatch(facts: Fact[], tx: Tx): Promise<void> {
    // The last fact of each article decides.
    const latest = new Map<number, ArticleChanged>();
    for (const fact of facts) {
      const a = fact.payload as ArticleChanged;
      latest.set(a.id, a);
    }
    for (const a of latest.values()) {
      if (!a.published) {
        await sql`DELETE FROM search_help_articles WHERE id = ${a.id}`.execute(tx);
        continue;
      }
      await sql`
        INSERT INTO search_help_articles (id, title, summary, url, folded_title, folded_text, changed_at)
        VALUES (${a.id}, ${a.title}, ${a.summary}, ${a.url}, ${foldText(a.title)}, ${foldText(`${a.title} ${a.body}`)}, ${a.at})
        ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, url = excluded.url,
          folded_title = excluded.folded_title, folded_text = excluded.folded_text, changed_at = excluded.changed_at
      `.execute(tx);
    }
    if (latest.size > 0) await bumpGenerationInTx(tx);
  },
  async reset(tx: Tx): Promise<void> {
    await sql`DELETE FROM search_help_articles`.execute(tx);
    await bumpGenerationInTx(tx);
  },
};

export async function readHelpArticles(db: Db): Promise<HelpArticle[]> {
  const rows = await sql<{ title: string; summary: string; url: string; folded_title: string; folded_text: string }>`
    SELECT title, summary, url, folded_title, folded_text FROM search_help_articles ORDER BY changed_at DESC, id
  `.execute(db);
  return rows.rows.map((r) => ({ title: r.title, summary: r.summary, url: r.url, foldedTitle: r.folded_title, words: new Set(r.folded_text.split(' ')) }));
}

/** Most articles shown beside the procedures. */
export const HELP_ARTICLES_SHOWN = 3;

/**
 * The articles that answer a folded query: most of its words (two thirds, words of two letters
 * or more) in the article, a word of the title counting double; best first.
 */
export function matchHelpArticles(articles: readonly HelpArticle[], foldedQuery: string): HelpArticleHit[] {
  const words = [...new Set(foldedQuery.split(' ').filter((w) => w.length >= 2))];
  if (words.length === 0) return [];
  const needed = Math.max(1, Math.ceil((words.length * 2) / 3));
  const scored: { article: HelpArticle; score: number }[] = [];
  for (const article of articles) {
    const titleWords = new Set(article.foldedTitle.split(' '));
    const found = words.filter((w) => article.words.has(w));
    if (found.length < needed) continue;
    scored.push({ article, score: found.length + found.filter((w) => titleWords.has(w)).length });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, HELP_ARTICLES_SHOWN).map(({ article }) => ({ title: article.title, summary: article.summary, url: article.url }));
}
