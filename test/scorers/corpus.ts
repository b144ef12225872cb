// Reads the extraction corpora in ./fixtures (one JSON object per line).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export function readCorpus<T>(name: string): T[] {
  const text = fs.readFileSync(path.join(here, 'fixtures', name), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new Error(`${name} line ${i + 1} is not JSON`);
      }
    });
}
