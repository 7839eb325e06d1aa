export { gradeTask, gradingWorld, scoreChecks, type GradeOptions, type GradingWorld } from './grade-task.js';
export { cachingCluster, type CachingCluster } from './caching-cluster.js';
export { renderReport, renderReports, type ReportFormat, type RenderOptions } from './reporters/index.js';
