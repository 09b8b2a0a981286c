import path from 'node:path';
import { createRequire } from 'node:module';
import type { StaticRoot } from '../http/index.ts';

const require = createRequire(import.meta.url);

/** Self-hosted assets: our stylesheet and the Be Vietnam Pro font files (no CDN). */
export function uiStaticRoots(): StaticRoot[] {
  const fontPackage = path.dirname(require.resolve('@fontsource/be-vietnam-pro/package.json'));
  return [
    { prefix: '/assets/', root: path.join(import.meta.dirname, 'assets') },
    { prefix: '/fonts/', root: path.join(fontPackage, 'files') },
  ];
}
