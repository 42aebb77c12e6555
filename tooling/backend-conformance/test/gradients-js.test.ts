import '@nabla/backend-js';
import { describeGradientConformance } from '../src/gradients.js';

describeGradientConformance({ backend: 'js' });
describeGradientConformance({ backend: 'js', float32: true });
