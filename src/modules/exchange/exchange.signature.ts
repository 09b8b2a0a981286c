import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { createBatcher } from '../../platform/batch/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { level1Of } from '../agencies/index.ts';
import { documentText, type ByteRange, type EdxmlPackage } from './edxml/index.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import * as repo from './signatures.repository.ts';
import type { Principal, SignatureState } from './exchange.types.ts';

/**
 * Verifies the enveloped XML-DSig signature of an edXML package (QCVN 102:2016: the
 * Signature element of edXMLHeader) against public keys. `verified` only when the
 * signature checks under one of the keys AND it signs the whole package (one Reference
 * with URI="" and the enveloped-signature transform): a signature over some element
 * alone would let the rest of the package be changed (signature wrapping).
 * `signatureXml` is the Signature element as the parser found it (it must declare its
 * namespace itself, as signers do); xml-crypto re-reads the whole text for the digest.
 * `source` is where the parser found the XML document in the bytes (`ParsedEdxml.source`):
 * the text checked is the one the parser read, without stray bytes before or after it.
 */
export function verifyEnvelopedSignature(bytes: Buffer, signatureXml: string, keys: KeyObject[], source: ByteRange): Exclude<SignatureState, 'absent'> {
  if (keys.length === 0) return 'invalid';
  const text = documentText(bytes, source);
  for (const key of keys) {
    const signed = new SignedXml({ publicCert: key });
    try {
      signed.loadSignature(signatureXml);
      const references = signed.getReferences();
      const wholeDocument =
        references.length === 1 && references[0]?.uri === '' && references[0].transforms.includes('http://www.w3.org/2000/09/xmldsig#enveloped-signature');
      if (wholeDocument && signed.checkSignature(text)) return 'verified';
    } catch {
      // A malformed signature or a key of another type: try the next key, then give up.
    }
  }
  return 'invalid';
}

export interface CertificateInput {
  /** PEM: an X.509 certificate or an SPKI public key. */
  pem: string;
}

function readCertificate(pem: string): { fingerprint: string; notAfter: Date | null; pem: string } {
  const text = pem.trim();
  try {
    if (text.includes('BEGIN CERTIFICATE')) {
      const cert = new X509Certificate(text);
      return { fingerprint: createHash('sha256').update(cert.raw).digest('hex'), notAfter: new Date(cert.validTo), pem: text };
    }
    const key = createPublicKey(text);
    const der = key.export({ type: 'spki', format: 'der' });
    return { fingerprint: createHash('sha256').update(der).digest('hex'), notAfter: null, pem: text };
  } catch (error) {
    throw ExchangeErrors.certificateInvalid(error);
  }
}

function keyOf(pem: string): KeyObject | undefined {
  try {
    return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  } catch {
    return undefined;
  }
}

export interface SignatureService {
  /** `source`: where the parser found the XML document in `bytes` (`ParsedEdxml.source`). */
  check(input: { bytes: Buffer; pkg: EdxmlPackage; sender: string; source: ByteRange }): Promise<SignatureState>;
  /** The recipients whose policy refuses a package in this signature state (sorted as given). */
  refusing(recipients: string[], state: SignatureState): Promise<string[]>;
  registerCertificate(principal: Principal, input: CertificateInput): Promise<{ id: number; agencyCode: string; fingerprint: string; notAfter: Date | null; created: boolean }>;
  setPolicy(principal: Principal, input: { refuseUnsigned: boolean; refuseInvalid: boolean }): Promise<{ agencyCode: string; refuseUnsigned: boolean; refuseInvalid: boolean }>;
}

/**
 * How long a recipient's policy is reused by this process. Every unsigned or unverified
 * package needs its recipients' policies before anything is recorded, and they change
 * rarely, so reading them on every send would be a query per send for nothing. A change
 * made through this process applies at once; through another, within this time (as a
 * revoked integration client: platform/integration cachedResolver).
 */
export const POLICY_TTL_MS = 5_000;
const POLICY_CACHE_MAX = 20_000;

export function createSignatureService(db: Db, isWithin: (code: string, ancestor: string) => boolean, options: { now?: () => number } = {}): SignatureService {
  const now = options.now ?? Date.now;
  const policies = new Map<string, { until: number; refuseUnsigned: boolean; refuseInvalid: boolean }>();
  // Concurrent sends' missing policies are read in one query.
  const readPolicies = createBatcher<string[], void>(async (lists) => {
    const codes = [...new Set(lists.flat())];
    const found = new Map((await repo.policiesOf(db, codes)).map((p) => [p.agencyCode, p]));
    const until = now() + POLICY_TTL_MS;
    for (const code of codes) {
      const policy = found.get(code);
      policies.delete(code);
      policies.set(code, { until, refuseUnsigned: policy?.refuseUnsigned ?? false, refuseInvalid: policy?.refuseInvalid ?? false });
    }
    while (policies.size > POLICY_CACHE_MAX) policies.delete(policies.keys().next().value as string);
    return lists.map(() => undefined);
  });
  return {
    async refusing(recipients, state) {
      if (state === 'verified') return [];
      const stale = recipients.filter((code) => !((policies.get(code)?.until ?? 0) > now()));
      if (stale.length > 0) await readPolicies(stale);
      return recipients.filter((code) => {
        const policy = policies.get(code);
        return state === 'absent' ? policy?.refuseUnsigned === true : policy?.refuseInvalid === true;
      });
    },

    async check({ bytes, pkg, sender, source }) {
      if (pkg.signature === null) return 'absent';
      const level1 = level1Of(sender);
      if (!level1) return 'invalid';
      const certificates = (await repo.listActiveCertificates(db, level1)).filter((c) => c.agencyCode === sender || isWithin(sender, c.agencyCode));
      const keys = certificates.map((c) => keyOf(c.pem)).filter((k): k is KeyObject => k !== undefined);
      return verifyEnvelopedSignature(bytes, pkg.signature.xml, keys, source);
    },

    async registerCertificate(principal, input) {
      const certificate = readCertificate(input.pem);
      return db.transaction().execute(async (tx) => {
        const { record, created } = await repo.upsertCertificateInTx(tx, { agencyCode: principal.agencyCode, ...certificate, registeredBy: principal.principalId });
        if (created) {
          await appendAuditInTx(tx, {
            actor: principal.principalId,
            action: 'exchange.certificate_registered',
            entityType: 'agency',
            entityId: principal.agencyCode,
            data: { fingerprint: record.fingerprint, notAfter: record.notAfter?.toISOString() ?? null },
          });
        }
        return { id: record.id, agencyCode: record.agencyCode, fingerprint: record.fingerprint, notAfter: record.notAfter, created };
      });
    },

    async setPolicy(principal, input) {
      const policy = { agencyCode: principal.agencyCode, refuseUnsigned: input.refuseUnsigned, refuseInvalid: input.refuseInvalid };
      await db.transaction().execute(async (tx) => {
        await repo.upsertPolicyInTx(tx, { ...policy, updatedBy: principal.principalId });
        await appendAuditInTx(tx, { actor: principal.principalId, action: 'exchange.signature_policy_set', entityType: 'agency', entityId: principal.agencyCode, data: input });
      });
      policies.delete(principal.agencyCode);
      return policy;
    },
  };
}
