import { activationCases } from './suites/activations.suite.js';
import { runSuiteOnJs } from './run-suite.js';

runSuiteOnJs('Activations', activationCases);
