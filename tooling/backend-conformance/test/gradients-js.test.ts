// runConformance({ backend: 'js' }) (backend-js.test.ts) already runs the gradient section in
// float64; this file exercises the float32 path (step and tolerances) on the same backend.
import '@nabla/backend-js';
import { describeGradientConformance } from '../src/gradients.js';

describeGradientConformance({ backend: 'js', float32: true });
