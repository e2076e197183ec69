/** The colours the console offers for labels (any other #rrggbb is taken too). */
export const PALETTE = [
  "#b91c1c",
  "#c2410c",
  "#a16207",
  "#15803d",
  "#0f766e",
  "#1d4ed8",
  "#6d28d9",
  "#be185d",
  "#475569",
] as const;
