// Battle scheduler: pure scoring and choice (no I/O). The data access lives in lib/server/battles.
export * from "./weights";
export * from "./standings";
export * from "./choose";
export * from "./reading-time";
