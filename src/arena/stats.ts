// Arena statistics from stored votes: Bradley–Terry ratings (ties and
// "both bad" count as half wins) with bootstrap 95% intervals and separable
// ranks, online Elo as a secondary view, inter-rater agreement (Cohen's kappa
// per reviewer pair, Fleiss' kappa across reviewers), and for every LLM
// judge: its own ratings, its position-bias flip rate and its agreement with
// the human majority. All computation is in src/stats.
import type { Battle, Winner } from '../stats/battle.js';
import { bradleyTerry, DEFAULT_BT_ROUNDS, type Rating } from '../stats/bradley-terry.js';
import { onlineElo, type EloRating } from '../stats/elo.js';
import { cohenKappa, fleissKappaFromLabels, percentAgreement } from '../stats/agreement.js';
import type { Seed } from '../stats/random.js';
import type { Verdict, VoteRow } from './store.js';

type Vote = Pick<VoteRow, 'battle_id' | 'voter' | 'voter_kind' | 'verdict' | 'detail_json'> & { provider_a: string; provider_b: string };

export interface WinShare {
  provider: string;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
  /** (wins + ties / 2) / battles. */
  winRate: number;
}

export interface JudgeSummary {
  judge: string;
  /** Battles with a readable verdict. */
  battles: number;
  unparseable: number;
  /** Share of battles whose verdict changed when the answers were swapped (position bias). */
  flipRate: number | null;
  flips: number;
  winRates: WinShare[];
  ratings: Rating[];
  /** Against the human majority on battles both judged. */
  humanAgreement: { battles: number; agreement: number | null; kappa: number | null };
}

export interface ArenaStats {
  battles: number;
  humanVotes: number;
  reviewers: Array<{ reviewer: string; votes: number }>;
  ratings: Rating[];
  elo: EloRating[];
  winRates: WinShare[];
  agreement: {
    pairs: Array<{ a: string; b: string; battles: number; agreement: number | null; kappa: number | null }>;
    fleiss: { battles: number; kappa: number | null };
  };
  judges: JudgeSummary[];
}

const WINNER: Record<string, Winner> = { a: 'model_a', b: 'model_b', tie: 'tie', both_bad: 'tie' };
const rated = (v: Vote) => v.verdict !== 'unparseable';
const finite = (x: number) => (Number.isFinite(x) ? x : null);

export function toBattle(v: Pick<Vote, 'provider_a' | 'provider_b' | 'verdict'>): Battle {
  return { modelA: v.provider_a, modelB: v.provider_b, winner: WINNER[v.verdict] };
}

export function winShares(votes: readonly Pick<Vote, 'provider_a' | 'provider_b' | 'verdict'>[]): WinShare[] {
  const t = new Map<string, WinShare>();
  const get = (p: string) => t.get(p) ?? t.set(p, { provider: p, battles: 0, wins: 0, losses: 0, ties: 0, winRate: 0 }).get(p)!;
  for (const v of votes) {
    const [a, b] = [get(v.provider_a), get(v.provider_b)];
    a.battles++;
    b.battles++;
    if (v.verdict === 'a') [a.wins, b.losses] = [a.wins + 1, b.losses + 1];
    else if (v.verdict === 'b') [b.wins, a.losses] = [b.wins + 1, a.losses + 1];
    else [a.ties, b.ties] = [a.ties + 1, b.ties + 1];
  }
  return [...t.values()].map((w) => ({ ...w, winRate: (w.wins + w.ties / 2) / w.battles })).sort((x, y) => y.winRate - x.winRate || x.provider.localeCompare(y.provider));
}

/** The verdict most human voters gave a battle; none when the top count is shared. */
export function majority(verdicts: readonly Verdict[]): Verdict | undefined {
  const counts = new Map<Verdict, number>();
  for (const v of verdicts) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts].sort((x, y) => y[1] - x[1]);
  return sorted.length && (sorted.length === 1 || sorted[0][1] > sorted[1][1]) ? sorted[0][0] : undefined;
}

export function arenaStats(votes: readonly Vote[], battles: number, o: { seed?: Seed; rounds?: number } = {}): ArenaStats {
  const bt = { seed: o.seed ?? 0, rounds: o.rounds ?? DEFAULT_BT_ROUNDS };
  const human = votes.filter((v) => v.voter_kind === 'human' && rated(v));
  const byBattle = group(human, (v) => v.battle_id);
  const reviewers = [...group(human, (v) => v.voter)].map(([reviewer, vs]) => ({ reviewer, votes: vs.length })).sort((x, y) => x.reviewer.localeCompare(y.reviewer));

  const pairs = [];
  for (let i = 0; i < reviewers.length; i++)
    for (let j = i + 1; j < reviewers.length; j++) {
      const [a, b] = [reviewers[i].reviewer, reviewers[j].reviewer];
      const la: Verdict[] = [];
      const lb: Verdict[] = [];
      for (const vs of byBattle.values()) {
        const va = vs.find((v) => v.voter === a);
        const vb = vs.find((v) => v.voter === b);
        if (va && vb) la.push(va.verdict), lb.push(vb.verdict);
      }
      if (la.length) pairs.push({ a, b, battles: la.length, agreement: finite(percentAgreement(la, lb)), kappa: finite(cohenKappa(la, lb)) });
    }
  const multi = [...byBattle.values()].filter((vs) => vs.length >= 2).map((vs) => vs.map((v) => v.verdict));

  const majorities = new Map([...byBattle].map(([id, vs]) => [id, majority(vs.map((v) => v.verdict))]));
  const judges = [
    ...group(
      votes.filter((v) => v.voter_kind === 'judge'),
      (v) => v.voter,
    ),
  ].map(([judge, vs]) => judgeSummary(judge, vs, majorities, bt));

  return {
    battles,
    humanVotes: human.length,
    reviewers,
    ratings: bradleyTerry(human.map(toBattle), bt),
    elo: onlineElo(human.map(toBattle)),
    winRates: winShares(human),
    agreement: { pairs, fleiss: { battles: multi.length, kappa: multi.length ? finite(fleissKappaFromLabels(multi)) : null } },
    judges,
  };
}

function judgeSummary(judge: string, votes: Vote[], majorities: Map<string, Verdict | undefined>, bt: { seed: Seed; rounds: number }): JudgeSummary {
  const readable = votes.filter(rated);
  const flips = readable.filter((v) => (v.detail_json ? JSON.parse(v.detail_json).flipped === true : false)).length;
  const j: Verdict[] = [];
  const h: Verdict[] = [];
  for (const v of readable) {
    const m = majorities.get(v.battle_id);
    if (m) j.push(v.verdict), h.push(m);
  }
  return {
    judge,
    battles: readable.length,
    unparseable: votes.length - readable.length,
    flipRate: readable.length ? flips / readable.length : null,
    flips,
    winRates: winShares(readable),
    ratings: bradleyTerry(readable.map(toBattle), bt),
    humanAgreement: { battles: j.length, agreement: j.length ? finite(percentAgreement(j, h)) : null, kappa: j.length ? finite(cohenKappa(j, h)) : null },
  };
}

function group<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) (m.get(key(x)) ?? m.set(key(x), []).get(key(x))!).push(x);
  return m;
}
