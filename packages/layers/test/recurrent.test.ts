import { recurrentCases } from './suites/recurrent.suite.js';
import { runSuiteOnJs } from './run-suite.js';

runSuiteOnJs('Recurrent layers', recurrentCases);
