// The layer order of src/ as data (docs/design.md explains it). A module may
// import its own layer and the ones below; a layer that lists several paths
// holds peers, which may import each other. A path is a folder ("src/x/") or
// one file: the most specific path wins, so a leaf file of a folder can sit
// below the rest of its folder when lower layers need it.
export interface Rules {
  layers: Array<{ name: string; paths: string[] }>;
  /** Edges banned even though they go down the order. */
  forbidden: Array<{ from: string; to: string; why: string }>;
  /** Folders whose `import()` may go up: the composition root's lazy loads. */
  lazyUp: string[];
  /** Files web/src may import from src/ (the shared pure modules). */
  web: string[];
  /** Upward imports that are waiting for a change elsewhere; each says why. */
  allow: Array<{ from: string; to: string; reason: string }>;
}

export const RULES: Rules = {
  layers: [
    { name: 'base', paths: ['src/types.ts', 'src/errors.ts', 'src/version.ts', 'src/package-root.ts'] },
    { name: 'registry', paths: ['src/registry/'] },
    // Leaves with no imports above base, used across the tree.
    {
      name: 'leaves',
      paths: [
        'src/stats/',
        'src/sandbox/',
        'src/tasks/hash.ts',
        'src/tasks/template.ts',
        'src/report/format.ts',
        'src/report/write-file.ts',
        'src/engine/limits.ts',
        'src/engine/cache.ts',
        'src/engine/pool.ts',
        'src/engine/writer.ts',
        'src/arena/terminal.ts',
        'src/safety/taxonomy.ts',
      ],
    },
    // Pure schemas and the scorecard arithmetic (shared with web/src).
    { name: 'specs', paths: ['src/cost/workload.ts', 'src/cost/deployment.ts', 'src/scorecard/spec.ts', 'src/scorecard/compute.ts', 'src/providers/config.ts', 'src/config/run-options.ts'] },
    { name: 'store', paths: ['src/store/'] },
    // The REST contract (zod, pure): the shapes the auth repositories hand out and the web app reads.
    { name: 'api', paths: ['src/api/', 'src/auth/roles.ts'] },
    { name: 'records', paths: ['src/auth/', 'src/arena/'] },
    { name: 'datasets', paths: ['src/datasets/'] },
    { name: 'config', paths: ['src/config/'] },
    { name: 'providers', paths: ['src/providers/'] },
    { name: 'scorers', paths: ['src/scorers/'] },
    { name: 'tasks', paths: ['src/tasks/'] },
    { name: 'benchmarks', paths: ['src/benchmarks/', 'src/datasets/pull.ts'] },
    { name: 'judges', paths: ['src/judges/'] },
    { name: 'engine', paths: ['src/engine/'] },
    { name: 'safety', paths: ['src/safety/'] },
    { name: 'analysis', paths: ['src/compare/', 'src/cost/', 'src/capacity/'] },
    // A run's figures and the summary every surface reads.
    { name: 'summary', paths: ['src/summary/'] },
    // A run's life (begin, finish, fail, cancel), the local run and the safety assessment.
    { name: 'runs', paths: ['src/runs/'] },
    { name: 'queue', paths: ['src/queue/'] },
    // Peers: the scorecard reads the report model, the report renders the procurement scorecard.
    { name: 'report', paths: ['src/report/', 'src/scorecard/'] },
    { name: 'server', paths: ['src/server/'] },
    { name: 'cli', paths: ['src/cli/'] },
  ],
  forbidden: [
    { from: 'src/scorers/', to: 'src/sandbox/', why: 'scorers reach the sandbox through the registry (src/registry/scorers.ts)' },
    { from: 'src/providers/', to: 'src/engine/', why: 'providers never import the engine' },
  ],
  lazyUp: ['src/registry/'],
  web: ['src/types.ts', 'src/scorecard/compute.ts', 'src/scorecard/spec.ts', 'src/api/contract.ts', 'src/report/basis.ts'],
  allow: [],
};
