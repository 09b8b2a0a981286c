import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../platform/errors/index.ts';
import { offloadLargeBodies, type HttpApp } from '../../platform/http/index.ts';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../platform/db/index.ts';
import { integrationClientOf, vouchForCaller } from '../../platform/integration/index.ts';
import type { CatalogueServices } from './statussync.catalogue.ts';
import { SyncErrors } from './statussync.errors.ts';
import { text } from './statussync.items.ts';
import { errorAnswer, LEGACY_CODES, syncAnswer, type LegacyAnswer } from './statussync.legacy-answers.ts';
import { syncMessages } from './statussync.messages.ts';
import type { SessionCaller, Sessions } from './statussync.sessions.ts';
import type { SyncService } from './statussync.service.ts';
import { formatLocalTimestamp } from './local-time.ts';

/**
 * The DVCQG wire contract, as one-stop systems speak it to the national portal (fixtures
 * README): `POST <base>/login` with `{username, password}` (an integration client's id and
 * secret) gives a `session`; every service is a `POST` of one flat JSON object carrying the
 * session, served at `<base>` and any path below it (clients configure an integration and a
 * share endpoint). `<base>` is `/api/dvcqg`, and `/mapi` for clients set up with the data-
 * sharing axis's paths (`/mapi/login`, `/mapi/g`). Gateways post bare arrays to
 * `<base>/SynsTTHCC/<service>?MaDinhDanhDV=…&isUpdating=…`, signed with the platform's
 * X-Egov-* headers. Every answer is HTTP 200 (clients drop anything ≥ 400 unread).
 */

export const LEGACY_BODY_LIMIT = 32 * 1024 * 1024;
export const LEGACY_PREFIXES = ['/api/dvcqg', '/mapi'] as const;

export interface LegacyDeps {
  sessions: Sessions;
  sync: SyncService;
  catalogue: CatalogueServices;
  /** The time zone of a signed client's clock (gateway mode). */
  clientTimeZone(clientId: string): Promise<string>;
}

const t = syncMessages.for('vi');
const SESSION_IN_BODY = 'Authentication: the `session` field of the body, from POST <base>/login with an integration client\'s id and secret (no header, no cookie); a refused session answers error_code "-1".';
const tags = ['Status sync: DVCQG contract'];
const ok = (message: string, extra: Partial<LegacyAnswer> = {}): LegacyAnswer => ({ error_code: LEGACY_CODES.ok, message, ...extra });

type Body = Record<string, unknown>;
const bodyOf = (request: FastifyRequest): Body => (request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Body) : {});

function modeOf(value: unknown): 'create' | 'upsert' {
  const v = text(value)?.toLowerCase();
  if (v === undefined || v === 'false') return 'create';
  if (v === 'true') return 'upsert';
  throw SyncErrors.isUpdatingInvalid();
}

export async function registerLegacyContract(app: HttpApp, deps: LegacyDeps): Promise<void> {
  const { sessions, sync, catalogue } = deps;

  async function login(request: FastifyRequest): Promise<LegacyAnswer> {
    const body = bodyOf(request);
    // `dstcode` (header or query parameter) names the portal on the data-sharing axis: ignored.
    const { session } = await sessions.login(text(body.username) ?? '', typeof body.password === 'string' ? body.password : '', request.ip);
    return ok(t('loginOk'), { session });
  }

  async function service(request: FastifyRequest): Promise<LegacyAnswer> {
    const body = bodyOf(request);
    const name = text(body.service);
    if (name === undefined && body.username !== undefined) return login(request);
    const caller = await sessions.verify(body.session);
    switch (name?.toLowerCase()) {
      case 'dongbohosomc':
        return syncAnswer(await sync.syncDossiers(caller, body.madonvi, modeOf(body.isUpdating), body.data), 'syncOk');
      case 'capnhattiendohosomc':
        return syncAnswer(await sync.syncProgress(caller, body.madonvi, body.data), 'progressOk');
      case 'tracuuhoso': {
        const found = await sync.lookup(caller, body.mahoso ?? body.MaHoSo);
        if (!found) return ok(t('lookupNone'), { result: [] });
        return ok(t('lookupOk'), { result: [{ MaHoSo: found.code, TrangThaiHoSo: String(found.status), ThoiDiemCapNhat: formatLocalTimestamp(found.stateAt, caller.timeZone) }] });
      }
      case 'laythutuc': {
        const code = text(body.maTTHC ?? body.MaTTHC) ?? '';
        const found = await catalogue.procedure(code, caller.agencyCode);
        return found ? ok(t('listOk'), { result: [found] }) : ok(t('procedureNone', { code }), { result: [] });
      }
      case 'laydanhsachtthc':
        return ok(t('listOk'), { result: await catalogue.procedures() });
      case 'laydanhmuccoquan':
        return ok(t('listOk'), { result: await catalogue.agencies() });
      case 'laydanhmuclinhvuc':
        return ok(t('listOk'), { result: await catalogue.fields() });
      default:
        throw SyncErrors.serviceUnknown(name ?? '');
    }
  }

  async function gatewayCaller(request: FastifyRequest): Promise<SessionCaller> {
    const client = integrationClientOf(request);
    return { clientId: client.clientId, agencyCode: client.agencyCode, timeZone: await deps.clientTimeZone(client.clientId) };
  }
  const query = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;

  // Batches of items go to the ingestion thread when the process has one; lookups stay here.
  const bulk = offloadLargeBodies(app, { vouch: vouchForCaller });
  const bulkHooks = bulk ? { preParsing: [bulk] } : {};

  for (const prefix of LEGACY_PREFIXES) {
    await app.register(
      async (scope: FastifyInstance) => {
        // Clients send JSON with whatever content type (or none): every body is read as JSON, within the limit.
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: LEGACY_BODY_LIMIT }, (_request, body, done) => {
          try {
            done(null, JSON.parse(body as string) as unknown);
          } catch (error) {
            done(Object.assign(error as Error, { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON' }), undefined);
          }
        });
        // Every failure — a refused session or signature, an unreadable body, a database
        // outage — is an answer the clients read: HTTP 200 and an error_code.
        scope.setErrorHandler((error, request, reply: FastifyReply) => {
          const answer = errorAnswer(error);
          const unavailable = isDomainError(error) && error.kind === 'unavailable';
          if (answer.error_code === LEGACY_CODES.retryLater && !unavailable) request.log.error({ err: error }, 'dvcqg call failed');
          else request.log.info({ error_code: answer.error_code }, 'dvcqg call refused');
          if (unavailable) reply.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
          return reply.status(200).send(answer);
        });
        scope.setNotFoundHandler((_request, reply) => reply.status(200).send(errorAnswer(SyncErrors.serviceUnknown(''))));

        // Every answer is HTTP 200 (x-egov-always-200). The session travels in the body, which no
        // OpenAPI security scheme can say: `security: []` at the HTTP level, the rest in words.
        const route = (summary: string, description: string) => ({
          config: { csrf: false },
          bodyLimit: LEGACY_BODY_LIMIT,
          schema: { tags, summary, description: `${description} ${SESSION_IN_BODY}`, security: [], 'x-egov-always-200': true as const },
        });
        scope.post('/login', route('Log in (username: client id, password: secret) → session', 'Body {"username", "password"}; answer {"error_code": "0", "message", "session"}. The session lives 8 hours, goes in the body of every call, and can be revoked. A dstcode header or query parameter is accepted and ignored. Failed logins are throttled per client id and per address.'), login);
        if (prefix === '/mapi') scope.post('/g', { ...bulkHooks, ...route('A service call (the data-sharing axis path)', 'As POST /api/dvcqg.') }, service);
        const call = { ...bulkHooks, ...route(
          'A service call: {"session", "madonvi", "service", …}',
          'Services DongBoHoSoMC (isUpdating "True"/"False", data an array of dossiers), CapNhatTienDoHoSoMC (data an array of progress entries), TraCuuHoSo (mahoso or MaHoSo), LayThuTuc (maTTHC or MaTTHC, short or long code), LayDanhSachTTHC, LayDanhMucCoQuan, LayDanhMucLinhVuc. Always HTTP 200: error_code "0" and a message containing "thành công" on success; "3" and "đã tồn tại" for a create of an existing dossier; "1" invalid item or field (named in the message), "4" another agency, "5" unknown dossier, "-1" session, "-2" throttled, "-9" retry later. Lookups put their rows in result. See docs/integration.md.',
        ) };
        scope.post('/', call, service);
        scope.post('/*', { ...call, schema: { ...call.schema, hide: true } }, service);

        const signed = (summary: string, description: string) => ({ ...bulkHooks, config: { csrf: false, signed: true }, bodyLimit: LEGACY_BODY_LIMIT, schema: { tags, summary, description, 'x-egov-always-200': true as const } });
        scope.post(
          '/SynsTTHCC/DongBoHoSoMC',
          signed('Gateway mode: a bare array of dossiers (query MaDinhDanhDV, isUpdating)', 'Signed with the X-Egov-* headers (no session). Answers as the service call.'),
          async (request) => {
            const caller = await gatewayCaller(request);
            const q = query(request);
            return syncAnswer(await sync.syncDossiers(caller, q.MaDinhDanhDV ?? q.madonvi, modeOf(q.isUpdating), request.body), 'syncOk');
          },
        );
        scope.post(
          '/SynsTTHCC/CapNhatTienDoHoSoMC',
          signed('Gateway mode: a bare array of progress entries (query MaDinhDanhDV)', 'Signed with the X-Egov-* headers (no session). Answers as the service call.'),
          async (request) => {
            const caller = await gatewayCaller(request);
            const q = query(request);
            return syncAnswer(await sync.syncProgress(caller, q.MaDinhDanhDV ?? q.madonvi, request.body), 'progressOk');
          },
        );
      },
      { prefix },
    );
  }
}
