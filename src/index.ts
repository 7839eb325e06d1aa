// The package's programmatic entry (`import … from 'kubedrill'`): what a script or another tool
// needs to load packs, grade a task against its own ports and read the models. The CLI is
// src/cli.tsx; the JSONPath engine has its own subpath, `kubedrill/jsonpath`.
export * from './models/index.js';
export { loadCatalog, findTask, filterTasks, type Catalog, type CatalogOptions, type TaskFilter } from './packs/catalog.js';
export { loadPacks, formatProblem, type LoadedPack, type LoadResult, type LoadOptions, type PackProblem } from './packs/load.js';
export { gradeTask, scoreChecks, renderReport, renderReports, type GradeOptions, type GradingWorld, type ReportFormat } from './grading/index.js';
export { CHECKERS } from '../checkers/index.js';
