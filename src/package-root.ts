import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The nearest directory above `from` holding a package.json: the repo root from src/ or from any build dir. */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
  }
  return dir;
}
