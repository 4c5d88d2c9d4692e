// Ratings engine: pure functions over vote counts (no I/O). The contract is README's "Ratings" section.
export * from "./counts";
export * from "./random";
export * from "./graph";
export * from "./bradley-terry";
export * from "./bootstrap";
export * from "./cluster-bootstrap";
export * from "./elo";
export * from "./ranks";
export * from "./win-rates";
export * from "./transitivity";
export * from "./robustness";
export * from "./stats";
export * from "./leaderboard";
export * from "./parse-clean-battles";
export * from "./style-control";
export * from "./style-features";
export * from "./category-shift";
