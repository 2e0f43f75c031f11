import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateOpenApi } from 'src/apiserver/openapi/generate';
import { createRegistry } from 'src/registry/index';
import { documentText, OPENAPI_FOLDER, V2_FILE, v3FileName } from 'src/schema/openapi-files';

// `npm run openapi`: regenerates openapi/ from the registry, client-node's models and the
// patch-metadata table. Stale documents (of group-versions no longer served) are removed.

/** Writes every document under `folder`, replacing what was there; returns the files written. */
export function writeOpenApi(folder = OPENAPI_FOLDER): string[] {
  const docs = generateOpenApi(createRegistry().resources);
  const files = new Map<string, string>([[V2_FILE, documentText(docs.v2)]]);
  for (const [key, doc] of docs.v3) {
    files.set(v3FileName(key), documentText(doc));
  }
  for (const dir of ['v2', 'v3']) {
    fs.rmSync(path.join(folder, dir), { recursive: true, force: true });
    fs.mkdirSync(path.join(folder, dir), { recursive: true });
  }
  for (const [file, text] of files) {
    fs.writeFileSync(path.join(folder, file), text);
  }
  return [...files.keys()].sort();
}

if (require.main === module) {
  for (const file of writeOpenApi()) {
    const size = fs.statSync(path.join(OPENAPI_FOLDER, file)).size;
    process.stdout.write(`${path.join('openapi', file)}\t${Math.round(size / 1024)} KiB\n`);
  }
}
