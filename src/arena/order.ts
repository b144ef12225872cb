// Which provider of a battle is shown as "A". The coin is HMAC-SHA256 keyed
// with a random salt made for that battle and stored with it (never returned
// by the API or the blind view): an auditor with the database can re-derive
// every order, while someone who knows the code, the run and the provider
// names cannot. A seed or a hash of public names would not do: the run id
// and the battle id are derivable from what a reviewer may know.
import { createHmac, randomBytes } from 'node:crypto';

/** 128 random bits, hex. */
export const newSalt = (): string => randomBytes(16).toString('hex');

/** The providers [A, B] as shown, for the battle `battleId` of the sorted pair [p, q]: swapped when the lowest bit of HMAC-SHA256(salt, battleId) is 1. */
export function shownOrder(salt: string, battleId: string, [p, q]: readonly [string, string]): [string, string] {
  const swap = (createHmac('sha256', Buffer.from(salt, 'hex')).update(battleId).digest()[0] & 1) === 1;
  return swap ? [q, p] : [p, q];
}
