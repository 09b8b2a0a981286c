#!/usr/bin/env node
// The `egov` command. Pages are TSX, which Node's type stripping does not handle,
// so the tsx loader (esbuild) is registered before the CLI is imported.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));
