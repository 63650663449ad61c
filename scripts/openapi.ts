// Writes docs/openapi.json from the route table and the request schemas (lib/openapi.ts).
// test/unit/docs/openapi.test.ts fails when the committed file is not what this writes.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../lib/openapi';

const file = new URL('../docs/openapi.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
