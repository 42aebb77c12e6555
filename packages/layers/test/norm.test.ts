import { normCases } from './suites/norm.suite.js';
import { runSuiteOnJs } from './run-suite.js';

runSuiteOnJs('Normalisation layers', normCases);
