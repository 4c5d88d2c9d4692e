import { EventEmitter } from "node:events";

// Wakes this process's generation worker at once when a job is started or a failure retried here (other
// instances find the work at their next poll).
const globalForSignal = globalThis as unknown as { arenaGenerationSignal?: EventEmitter };
export const generationSignal = (globalForSignal.arenaGenerationSignal ??= new EventEmitter().setMaxListeners(100));
export const wakeGenerationWorkers = () => generationSignal.emit("wake");
