import { moduleCases } from './suites/module.suite.js';
import { runSuiteOnJs } from './run-suite.js';

runSuiteOnJs('Module', moduleCases);
