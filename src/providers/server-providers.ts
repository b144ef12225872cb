// Providers configured on a server (PUT /api/providers/{id}), kept in the
// store's server_providers table as heng.yaml provider entries. Entries hold
// secrets only as ${env:…} references; what an answer may show of them is
// src/server/provider-entries.ts.
import type { Kysely } from 'kysely';
import type { ProviderEntry } from '../config/schema.js';
import type { Database } from '../store/schema.js';

export interface ServerProvider {
  id: string;
  /** The entry as saved (decoded entry_json). */
  entry: Record<string, unknown>;
  updatedAt: string;
  /** Name of the user who saved it last. */
  updatedBy: string | null;
}

type Row = { id: string; entry_json: string; updated_at: string; updated_by: string | null };
const toProvider = (r: Row): ServerProvider => ({ id: r.id, entry: JSON.parse(r.entry_json) as Record<string, unknown>, updatedAt: r.updated_at, updatedBy: r.updated_by });

/** The configured-providers repository of one store. */
export class ServerProviders {
  private readonly db: Kysely<Database>;
  constructor(store: { readonly db: Kysely<Database> }) {
    this.db = store.db;
  }

  async list(): Promise<ServerProvider[]> {
    return (await this.db.selectFrom('server_providers').selectAll().orderBy('id').execute()).map(toProvider);
  }

  async get(id: string): Promise<ServerProvider | undefined> {
    const r = await this.db.selectFrom('server_providers').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toProvider(r);
  }

  /** Add or replace the entry with its id. */
  async save(entry: ProviderEntry, by: string): Promise<void> {
    const row = { id: entry.id, entry_json: JSON.stringify(entry), updated_at: new Date().toISOString(), updated_by: by };
    await this.db
      .insertInto('server_providers')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet({ entry_json: row.entry_json, updated_at: row.updated_at, updated_by: row.updated_by }))
      .execute();
  }

  /** False when there was no such provider. */
  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('server_providers').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
