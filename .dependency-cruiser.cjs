// The direction of dependencies in src/, checked by `npm run check` (`npm run check:deps`):
//   features -> core -> platform; a feature uses another only through its public entry (index.ts);
//   only the Worker's entry imports a Durable Object's module; no cycles, type imports included.
// The composition root (src/composition.ts, src/services-for.ts, src/app.ts, src/index.ts) may import
// anything; of it, only the Durable Objects import services-for.ts (their services).
const DURABLE_OBJECTS =
  "^src/features/(live/session-room|live/queue-room|routing/agent-presence|outbox/outbox-sweeper)\\.ts$";
const ROOT = "^src/(app|composition|services-for|index)\\.ts$";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "A cycle makes some module see another half-initialised; imports point one way.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "platform-is-the-bottom",
      severity: "error",
      comment: "The Worker's machinery knows nothing of the product: no core, no feature.",
      from: { path: "^src/platform/" },
      to: { path: "^src/(core|features)/" },
    },
    {
      name: "core-imports-no-feature",
      severity: "error",
      comment: "What several features share depends on none of them.",
      from: { path: "^src/core/" },
      to: { path: "^src/features/" },
    },
    {
      name: "features-through-their-entry",
      severity: "error",
      comment: "A feature uses another only through its public entry (index.ts).",
      from: { path: "^src/features/([^/]+)/" },
      to: {
        path: "^src/features/[^/]+/",
        pathNot: ["^src/features/$1/", "^src/features/[^/]+/index\\.ts$"],
      },
    },
    {
      name: "durable-objects-from-the-entry-only",
      severity: "error",
      comment:
        "Durable Object classes are exported by the Worker's entry; callers use their stubs.",
      from: { pathNot: "^src/index\\.ts$" },
      to: { path: DURABLE_OBJECTS },
    },
    {
      name: "nothing-imports-the-root",
      severity: "error",
      comment: "The composition root imports the features, never the other way.",
      from: { path: "^src/(core|platform|features)/", pathNot: DURABLE_OBJECTS },
      to: { path: ROOT },
    },
    {
      name: "objects-take-only-their-services",
      severity: "error",
      comment:
        "A Durable Object takes its services from services-for.ts, nothing else of the root.",
      from: { path: DURABLE_OBJECTS },
      to: { path: ROOT, pathNot: "^src/services-for\\.ts$" },
    },
    {
      name: "clients-stay-out-of-the-worker",
      severity: "error",
      comment: "src/client runs in browsers: wire shapes and protocol only, and the app's types.",
      from: { path: "^src/client/" },
      to: {
        path: "^src/",
        pathNot: [
          "^src/client/",
          "^src/features/live/(protocol|frames)\\.ts$",
          "^src/platform/replicas/bookmark\\.ts$",
          "^src/app\\.ts$",
        ],
        dependencyTypesNot: ["type-only"],
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(node_modules|public|worker-configuration\\.d\\.ts)" },
  },
};
