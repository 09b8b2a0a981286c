export { canonicalAddress, embeddedIpv4, isInternalAddress } from './addresses.ts';
export { allowEntryProblem, createAllowList, parseAllowList, type AllowList } from './allow-list.ts';
export { createOutboundGuard, OutboundRefusedError, type OutboundGuard, type OutboundOptions, type OutboundPost, type ResolvedAddress, type ResolveHost } from './outbound.ts';
