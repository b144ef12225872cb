// A pairwise comparison between two models (an arena battle or a pairwise
// judge verdict). Shared by Bradley–Terry and online Elo.
export type Winner = 'model_a' | 'model_b' | 'tie';

export interface Battle {
  modelA: string;
  modelB: string;
  winner: Winner;
}

/** Score of model A in a battle: 1 win, 0 loss, ½ tie. */
export function scoreOfA(winner: Winner): number {
  return winner === 'model_a' ? 1 : winner === 'model_b' ? 0 : 0.5;
}

/** Every model that appears, sorted: ratings never depend on input order. */
export function modelsOf(battles: readonly Battle[]): string[] {
  const names = new Set<string>();
  for (const { modelA, modelB } of battles) names.add(modelA).add(modelB);
  return [...names].sort();
}
