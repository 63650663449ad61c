#!/usr/bin/env node
// `npx yingji ...`: runs the TypeScript CLI (bin/yingji.ts) through tsx, no build step.
import { register } from 'tsx/esm/api';

register();
await import('./yingji.ts');
