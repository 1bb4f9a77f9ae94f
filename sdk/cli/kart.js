#!/usr/bin/env node
// The `kart` command: loads the TypeScript CLI through tsx, so no build step stands between a checkout and a run.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
