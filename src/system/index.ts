export { createProcessRunner, runProcess, runInteractive } from './process.js';
export type { ProcessOptions, ProcessResult, ProcessRunner, RunnerConfig } from './process.js';
export { createDebugLog, silentLog, formatRecord } from './debug-log.js';
export type { CommandRecord, DebugLog } from './debug-log.js';
export { ExternalError, MissingBinaryError, ProcessAbortedError, ProcessTimeoutError, tail } from './errors.js';
