/** An entry of the agency directory. */
export interface Agency {
  /** QĐ 20/2020 electronic identifier, e.g. `000.00.00.H49`. */
  code: string;
  name: string;
  nameEn: string | null;
  level: number;
  level1: string;
  parentCode: string | null;
  /** Two-digit province code for a provincial People's Committee and its units; null for central bodies. */
  provinceCode: string | null;
  communeCode: string | null;
  /** False when the code was not checked against an official source. */
  codeConfirmed: boolean;
  isDemo: boolean;
}

export interface Province {
  code: string;
  name: string;
  kind: 'city' | 'province';
}

export interface Commune {
  code: string;
  name: string;
  provinceCode: string;
  isDemo: boolean;
}

/** An agency's IT system allowed to call the integration APIs. */
export interface IntegrationClient {
  clientId: string;
  agencyCode: string;
  name: string;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  /** IANA time zone in which the client's local timestamps are read (VXP transport). */
  timeZone: string;
  /** Secrets that still verify signatures (one, or two during a rotation overlap). */
  activeSecrets: { hint: string; createdAt: Date; validUntil: Date | null }[];
}
