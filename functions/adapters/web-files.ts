import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { WebFiles } from '../shared/web';

/** The console's files from a folder: `web/` in the repository locally, beside the bundle on Lambda. */
export class FolderWebFiles implements WebFiles {
  private readonly root: string;

  constructor(root: string) {
    this.root = normalize(root).replace(/[\\/]+$/, '');
  }

  async read(name: string): Promise<Buffer | undefined> {
    const path = normalize(join(this.root, name));
    if (!path.startsWith(this.root + sep)) return undefined;
    try {
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw error;
    }
  }
}
