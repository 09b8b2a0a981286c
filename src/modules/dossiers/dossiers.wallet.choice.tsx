import { formatDate } from '../../platform/i18n/index.ts';
import type { PageContext } from '../../platform/ui/index.ts';
import { walletMessages } from './dossiers.wallet.messages.ts';
import type { WalletDocument } from './dossiers.wallet.ts';

/**
 * "Choose from my wallet" under a component's file input: a plain select sent with the same
 * multipart form (works without JavaScript). Nothing when the wallet is empty.
 */
export function WalletChoice({ ctx, index, documents }: { ctx: PageContext; index: number; documents: readonly WalletDocument[] }) {
  if (documents.length === 0) return null;
  const t = walletMessages.for(ctx.locale);
  const id = `f-wallet-${index}`;
  return (
    <div class="wallet-choice">
      <label for={id}>{t('chooseLabel')}</label>
      <select id={id} name={`w${index}`}>
        <option value="">{t('chooseNone')}</option>
        {documents.map((d) => (
          <option key={d.id} value={String(d.id)}>
            {d.title} ({d.dossierCode ?? ''}, {formatDate(d.issuedAt)})
          </option>
        ))}
      </select>
    </div>
  );
}

/** A `w<index>` field with a wallet document id; undefined for anything else (an empty choice included). */
export function walletChoiceOf(fieldname: string, value: unknown): { index: number; walletId: number } | undefined {
  const index = /^w(\d{1,3})$/.exec(fieldname)?.[1];
  if (index === undefined || typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return undefined;
  return { index: Number(index), walletId: Number(value) };
}
