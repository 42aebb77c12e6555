// The whole suite on backend-js with elementwise fusion off (every op its own kernel), so both
// execution modes stay conformant; the other files run with fusion on, the default.
import '@nabla/backend-js';
import { runConformance } from '../src/index.js';

runConformance({ backend: 'js', fusion: false });
