// Provider secrets set through the API are write-only: kept in a file of
// their own (mode 0600, one NAME=json-string per line) and in this process's
// environment, where ${env:NAME} references resolve. Never in the database,
// never in an API answer, never in a log line.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretSource } from '../api/contract.js';
import { writeOutputFile } from '../report/write-file.js';
import { ApiError } from './errors.js';

/** Only names that look like secrets, so the API cannot set PATH or NODE_OPTIONS. */
const SECRET_NAME = /^[A-Z][A-Z0-9_]*_(API_KEY|KEY|SECRET|SECRET_KEY|TOKEN|AK|SK)$/;
const RESERVED = /^(NODE|NPM|HENG|LD|PATH|HOME)_?/;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !RESERVED.test(name);
}

export class SecretsFile {
  private values = new Map<string, string>();
  /** Variables this file put into the environment; any other one set there was exported by the operator. */
  private ours = new Set<string>();

  constructor(readonly file: string) {}

  /** Reads the file (if any) into the environment; variables already exported win. */
  load(): void {
    if (!existsSync(this.file)) return;
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (!m) continue;
      let value: unknown;
      try {
        value = JSON.parse(m[2]);
      } catch {
        continue;
      }
      if (typeof value !== 'string') continue;
      this.values.set(m[1], value);
      if (process.env[m[1]] === undefined) {
        process.env[m[1]] = value;
        this.ours.add(m[1]);
      }
    }
  }

  /** Set in the environment by someone other than this file. */
  exported(name: string): boolean {
    return process.env[name] !== undefined && !this.ours.has(name);
  }

  isSet(name: string): boolean {
    return !!process.env[name];
  }

  /** Where the value in force comes from: exported by the operator, set over the API (this file), or nowhere. */
  source(name: string): SecretSource | null {
    if (!process.env[name]) return null;
    return this.ours.has(name) ? 'api' : 'exported';
  }

  set(name: string, value: string): void {
    if (!isSecretName(name)) throw new ApiError(400, `"${name}" is not a name the API may set`, 'apiKey', 'reference a variable named like QWEN_API_KEY (…_API_KEY, …_KEY, …_SECRET, …_TOKEN)');
    if (!value || /[\r\n]/.test(value)) throw new ApiError(400, 'a secret must be one non-empty line', 'value');
    // What the operator exported wins (docs/auth.md): the API never replaces it, in the environment or later from the file.
    if (this.exported(name))
      throw new ApiError(
        409,
        `${name} is exported in the server's environment, and an exported variable wins over one set here`,
        'apiKey',
        `unset ${name} where heng serve is started to manage it over the API`,
      );
    this.values.set(name, value);
    process.env[name] = value;
    this.ours.add(name);
    this.save();
  }

  private save(): void {
    mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    const text = [...this.values].map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n') + '\n';
    writeOutputFile(this.file, text, { mode: 0o600, field: '--secrets' });
  }
}
