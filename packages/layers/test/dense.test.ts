import { denseCases } from './suites/dense.suite.js';
import { runSuiteOnJs } from './run-suite.js';

runSuiteOnJs('Dense', denseCases);
