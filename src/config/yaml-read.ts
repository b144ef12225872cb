// YAML text → plain value plus the line of every path, with bounds on size,
// keys and aliases. The yaml library's own duplicate-key check compares every
// key with every other (40,000 keys: 30 s); ours is one Set per map. The
// result is plain data (structured-cloneable), so it can be computed on a
// worker thread (./parse-off-thread.ts) and used on the main one.
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { InputError } from '../errors.js';

export interface YamlLimits {
  /** UTF-8 bytes of the text. */
  maxBytes: number;
  /** Mapping keys in the whole document. */
  maxKeys: number;
  /** Alias nodes (*name) in the document; also bounds how far they expand. */
  maxAliases: number;
}

/** Generous for a hand-written config with inline items; far below what blocks a server. */
export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: 4 * 1024 * 1024, maxKeys: 100_000, maxAliases: 1000 };

export interface YamlRead {
  value: unknown;
  /** Path (joined by PATH_SEP) → 1-based line of its value, or of its key when the value is empty. */
  lines: Array<[string, number]>;
}

export const PATH_SEP = '\u0001';

export function readYaml(text: string, file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlRead {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) throw new InputError(`the YAML is ${bytes} bytes; at most ${limits.maxBytes} are accepted`, { file }, 'move inline items into a dataset file');
  if (text.includes('\0')) throw new InputError('the YAML holds a NUL character', { file });
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line;
    throw new InputError(`malformed YAML: ${e.message.split('\n')[0]}`, { file, line }, 'check indentation and quoting near this line');
  }
  const lineAt = (n: { range?: unknown } | null | undefined) => (isNode(n) && n.range ? lc.linePos(n.range[0]).line : undefined);
  let keys = 0;
  let aliases = 0;
  visit(doc, {
    Alias(_k, node) {
      if (++aliases > limits.maxAliases)
        throw new InputError(`more than ${limits.maxAliases} YAML aliases`, { file, line: lineAt(node) }, 'aliases that expand into each other are refused (billion laughs)');
    },
    Map(_k, map) {
      const seen = new Set<string>();
      keys += map.items.length;
      if (keys > limits.maxKeys) throw new InputError(`more than ${limits.maxKeys} keys in the YAML`, { file, line: lineAt(map) }, 'move inline items into a dataset file');
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(String(pair.key));
        if (seen.has(key)) throw new InputError(`duplicate key "${key}"`, { file, line: lineAt(pair.key as Node) }, 'each key may appear once in a mapping');
        seen.add(key);
      }
    },
  });
  let value: unknown;
  try {
    // Aliases are counted above; this bounds how often their expansions may repeat.
    value = doc.toJS({ maxAliasCount: limits.maxAliases });
  } catch (err) {
    throw new InputError(`the YAML cannot be read: ${(err as Error).message}`, { file }, 'aliases that expand into each other are refused (billion laughs)');
  }
  const lines: Array<[string, number]> = [];
  const walk = (node: unknown, at: Array<string | number>) => {
    if (isAlias(node)) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const p = [...at, k];
        const line = lineAt(pair.value as Node) ?? lineAt(pair.key as Node);
        if (line !== undefined) lines.push([p.join(PATH_SEP), line]);
        walk(pair.value, p);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const line = lineAt(item as Node);
        if (line !== undefined) lines.push([[...at, i].join(PATH_SEP), line]);
        walk(item, [...at, i]);
      });
    }
  };
  const rootLine = lineAt(doc.contents);
  if (rootLine !== undefined) lines.push(['', rootLine]);
  walk(doc.contents, []);
  return { value, lines };
}

/** The line of a path, or of its nearest ancestor that has one. */
export function lineLookup(lines: YamlRead['lines']): (p: ReadonlyArray<string | number>) => number | undefined {
  const map = new Map(lines);
  return (p) => {
    for (let n = p.length; n >= 0; n--) {
      const line = map.get(p.slice(0, n).join(PATH_SEP));
      if (line !== undefined) return line;
    }
    return undefined;
  };
}
