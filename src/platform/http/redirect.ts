// Redirects built from what a visitor sent (`next`, Referer) must stay on this site.
// Checking the text is not enough: a browser parses Location with the WHATWG URL parser,
// which drops tabs and newlines anywhere, reads "\" as "/" and resolves dot segments, so
// `/\t/evil.example`, `/\evil.example` and `/.//evil.example` all become `//evil.example`.
// We parse the target the same way, against a placeholder origin, and keep it only when it
// stays there.

const PLACEHOLDER = 'http://redirect.invalid';
const PLACEHOLDER_ORIGIN = new URL(PLACEHOLDER).origin;

/** Longer than any page of ours; a longer `next` is not worth parsing. */
const MAX_TARGET_LENGTH = 2048;

// C0, DEL, C1 and the Unicode line separators: never part of a path we would link to.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The target as a path of this site (`/x?y#z`, percent-encoded as a browser would send it),
 * or `fallback` when it is absent, not a relative path, or would lead a browser elsewhere.
 * The result never holds a control character, so it can always go into a Location header.
 */
export function safeRedirect(target: string | undefined, fallback = '/'): string {
  if (typeof target !== 'string' || target.length > MAX_TARGET_LENGTH || !target.startsWith('/') || CONTROL.test(target)) return fallback;
  const path = pathOnPlaceholder(target);
  // Serialising may bring back what parsing removed (`/.//evil` has the path `//evil`):
  // the result must itself resolve here, to itself.
  if (path === undefined || pathOnPlaceholder(path) !== path) return fallback;
  return path;
}

function pathOnPlaceholder(target: string): string | undefined {
  let url: URL;
  try {
    url = new URL(target, PLACEHOLDER);
  } catch {
    return undefined;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || url.username !== '' || url.password !== '') return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * The page a Referer names, when it is a page of this site (its host is one of `ownHosts`:
 * the Host the request came to, the public URL's); else `fallback`. The scheme is not
 * compared: behind a TLS-terminating proxy the request itself arrives over http.
 */
export function sameSiteReferer(referer: string | undefined, ownHosts: readonly (string | undefined)[], fallback = '/'): string {
  if (typeof referer !== 'string' || referer.length > MAX_TARGET_LENGTH) return fallback;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return fallback;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !ownHosts.some((host) => host !== undefined && host.toLowerCase() === url.host)) return fallback;
  return safeRedirect(`${url.pathname}${url.search}`, fallback);
}
