/** Self-contained offline HTML reports for `ctwin compare`, `ctwin run` and `ctwin sweep`. */
export { renderComparisonHtml } from './compare-report.js';
export { renderSweepHtml } from './sweep-report.js';
