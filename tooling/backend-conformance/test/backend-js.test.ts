// backend-js runs the conformance suite here rather than in its own package: autograd, layers and
// optim test on backend-js, and the suite depends on autograd, so the reverse edge would be a cycle.
import '@nabla/backend-js';
import { runConformance } from '../src/index.js';

runConformance({ backend: 'js' });
