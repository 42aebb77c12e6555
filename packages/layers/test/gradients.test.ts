import { gradientCases } from './suites/gradients.suite.js';
import { runSuiteOnJs } from './run-suite.js';

runSuiteOnJs('Gradients through layers', gradientCases);
