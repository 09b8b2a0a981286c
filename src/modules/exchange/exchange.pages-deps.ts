import type { FastifyRequest } from 'fastify';
import type { AgenciesApi } from '../agencies/index.ts';
import type { ClerkService } from './exchange.clerk.ts';
import type { DeskService } from './exchange.desk.ts';
import type { RecipientListService } from './exchange.recipient-lists.ts';
import type { AgencyNamer } from './exchange.names.ts';
import type { ExchangeService } from './exchange.service.ts';
import type { ExchangeCaller } from './exchange.types.ts';

export interface ExchangePagesDeps {
  exchange: ExchangeService;
  clerk: ClerkService;
  desk: DeskService;
  recipientLists: RecipientListService;
  names: AgencyNamer;
  agencies: Pick<AgenciesApi, 'findAgency'>;
  maxPackageBytes: number;
}

export const officialOf = (request: FastifyRequest): ExchangeCaller => ({ kind: 'official', actor: request.actor });
