// The context environment's face for environments/index.ts.
export { openContextEnvironment } from './environment.js';
