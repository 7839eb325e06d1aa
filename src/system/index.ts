export { createProcessRunner, runProcess, runInteractive, runInteractiveSync } from './process.js';
export type { ProcessOptions, ProcessResult, ProcessRunner, RunnerConfig } from './process.js';
export { createDebugLog, silentLog, formatRecord } from './debug-log.js';
export type { CommandRecord, DebugLog } from './debug-log.js';
export { ExternalError, MissingBinaryError, ProcessAbortedError, ProcessTimeoutError } from './errors.js';
export { lastLine, parseJsonOr, tail } from './output.js';
export { DEFAULT_GRACE_MS, STOP_SIGNALS, deliverPendingSignals, handleInterrupts, interruptedExitCode, restoreTerminal } from './signals.js';
export type { InterruptOptions, Interrupts, SignalSource } from './signals.js';
