import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest, HttpApp } from '../../platform/http/index.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, ResponsiveTable, sendPage, TextField, type PageContext } from '../../platform/ui/index.ts';
import type { SynonymRow } from './search.repository.ts';
import { searchMessages } from './search-words.messages.ts';
import type { SearchWordsService } from './search-words.service.ts';

const hidden = { hide: true };
const WordBody = Type.Object({
  phrase: Type.String({ maxLength: 200 }),
  meaning: Type.String({ maxLength: 400 }),
});
const DeleteBody = Type.Object({ phrase: Type.String({ maxLength: 200 }) });
const WordsQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 200 })),
  deleted: Type.Optional(Type.String({ maxLength: 200 })),
  edit: Type.Optional(Type.String({ maxLength: 200 })),
});

type WordErrors = { phrase?: string; meaning?: string };

/** /admin/search-words: the synonym dictionary, a list with a delete button per entry and one form to add or change an entry. */
export function registerSearchWordsPages(app: HttpApp, words: SearchWordsService): void {
  app.get('/admin/search-words', { schema: { ...hidden, querystring: WordsQuery } }, async (request, reply) => {
    const entries = await words.list(request.actor);
    const t = searchMessages.for(request.locale);
    const { saved, deleted, edit } = request.query;
    const notice = saved ? t('wordsSaved', { phrase: saved }) : deleted ? t('wordsDeleted', { phrase: deleted }) : undefined;
    const editing = edit ? entries.find((e) => e.phrase === edit) : undefined;
    return sendPage(reply, <WordsPage ctx={pageContext(request, reply)} entries={entries} form={{ phrase: editing?.phrase ?? '', meaning: editing?.meaning ?? '' }} errors={{}} notice={notice} />);
  });

  app.post('/admin/search-words', { schema: { ...hidden, body: WordBody } }, async (request, reply) => {
    const form = { phrase: request.body.phrase, meaning: request.body.meaning };
    const result = await words.save(request.actor, form);
    if (!result.ok) {
      const t = searchMessages.for(request.locale);
      const errors: WordErrors = {};
      if (result.problems.phrase) errors.phrase = t(result.problems.phrase);
      if (result.problems.meaning) errors.meaning = t(result.problems.meaning);
      return renderWithErrors(request, reply, form, errors);
    }
    return reply.redirect(`/admin/search-words?saved=${encodeURIComponent(form.phrase.trim())}`, 303);
  });

  app.post('/admin/search-words/delete', { schema: { ...hidden, body: DeleteBody } }, async (request, reply) => {
    await words.remove(request.actor, request.body.phrase);
    return reply.redirect(`/admin/search-words?deleted=${encodeURIComponent(request.body.phrase.trim())}`, 303);
  });

  async function renderWithErrors(request: FastifyRequest, reply: FastifyReply, form: { phrase: string; meaning: string }, errors: WordErrors) {
    const entries = await words.list(request.actor);
    return sendPage(reply, <WordsPage ctx={pageContext(request, reply)} entries={entries} form={form} errors={errors} />, 400);
  }
}

function WordsPage(props: { ctx: PageContext; entries: SynonymRow[]; form: { phrase: string; meaning: string }; errors: WordErrors; notice?: string | undefined }) {
  const { ctx, errors } = props;
  const t = searchMessages.for(ctx.locale);
  const fieldErrors = Object.fromEntries(Object.entries(errors).filter(([, v]) => v)) as Record<string, string>;
  return (
    <Layout ctx={ctx} title={t('wordsTitle')}>
      <h1>{t('wordsTitle')}</h1>
      <p>{t('wordsIntro')}</p>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <section aria-labelledby="words-form-title">
        <h2 id="words-form-title">{t('wordsAddTitle')}</h2>
        <p class="hint">{t('wordsAddHint')}</p>
        <ErrorSummary ctx={ctx} errors={fieldErrors} />
        <Form ctx={ctx} action="/admin/search-words" id="search-word-form">
          <TextField ctx={ctx} name="phrase" label={t('wordsPhrase')} hint={t('wordsPhraseHint')} value={props.form.phrase} error={errors.phrase} maxLength={60} required />
          <TextField ctx={ctx} name="meaning" label={t('wordsMeaning')} hint={t('wordsMeaningHint')} value={props.form.meaning} error={errors.meaning} maxLength={200} required />
          <Button>{t('wordsSave')}</Button>
        </Form>
      </section>
      <section aria-labelledby="words-list-title">
        <h2 id="words-list-title">{t('wordsCount', { count: props.entries.length })}</h2>
        <ResponsiveTable head={[t('wordsPhrase'), t('wordsMeaning'), t('wordsUpdated'), t('wordsActions')]}>
          {props.entries.map((e) => (
            <tr key={e.phraseKey}>
              <td lang="vi">{e.phrase}</td>
              <td lang="vi">{e.meaning}</td>
              <td>{e.updatedBy ? formatDate(e.updatedAt) : t('wordsShipped')}</td>
              <td>
                <a href={`/admin/search-words?edit=${encodeURIComponent(e.phrase)}#search-word-form`}>{t('wordsEdit', { phrase: e.phrase })}</a>
                <Form ctx={ctx} action="/admin/search-words/delete">
                  <input type="hidden" name="phrase" value={e.phrase} />
                  <button type="submit" class="button button-secondary">
                    {t('wordsDelete', { phrase: e.phrase })}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </ResponsiveTable>
      </section>
    </Layout>
  );
}
