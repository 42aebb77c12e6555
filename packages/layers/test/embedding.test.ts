import { embeddingCases } from './suites/embedding.suite.js';
import { runSuiteOnJs } from './run-suite.js';

runSuiteOnJs('Embedding, Dropout and initialisers', embeddingCases);
