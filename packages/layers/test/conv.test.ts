import { convCases } from './suites/conv.suite.js';
import { runSuiteOnJs } from './run-suite.js';

runSuiteOnJs('Conv and pooling', convCases);
