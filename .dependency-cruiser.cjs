/**
 * Boundary check (`npm run boundaries`, part of `npm run lint`):
 * - no import cycles;
 * - a module imports another module only through its index.ts;
 * - the platform knows no module; code outside a platform folder enters it through its index.ts.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycles make modules inseparable.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'module-only-through-index',
      severity: 'error',
      comment: 'Modules talk only through each other\'s index.ts (or events).',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/([^/]+)/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'outside-enters-module-through-index',
      severity: 'error',
      comment: 'Code outside a module uses only its index.ts.',
      from: { pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/.+', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'modules-wired-only-by-the-composition-root',
      severity: 'error',
      comment:
        'Adding a module touches its folder and one line of src/app/modules.ts (docs/NEW-MODULE.md): outside src/modules only the composition root (and the public shell src/web) imports modules.',
      from: { path: '^src/', pathNot: ['^src/modules/', '^src/app/(modules|server|testing)\\.ts$', '^src/web/'] },
      to: { path: '^src/modules/' },
    },
    {
      name: 'platform-knows-no-module',
      severity: 'error',
      comment: 'The shared kernel knows no domain module, no app wiring and no web page.',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|app|web|cli)/' },
    },
    {
      name: 'platform-folder-through-index',
      severity: 'error',
      comment: 'Code outside the platform enters a platform folder through its index.ts.',
      from: { pathNot: '^src/platform/' },
      to: { path: '^src/platform/[^/]+/.+', pathNot: '^src/platform/[^/]+/index\\.tsx?$' },
    },
    {
      name: 'platform-folders-through-index',
      severity: 'error',
      comment: 'Platform folders use each other through their index.ts too.',
      from: { path: '^src/platform/([^/]+)/' },
      to: { path: '^src/platform/[^/]+/.+', pathNot: ['^src/platform/$1/', '^src/platform/[^/]+/index\\.tsx?$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
    exclude: { path: '\\.test\\.tsx?$' },
  },
};
