import '../src/index.js';
import { runConformance } from '@nabla/backend-conformance';

runConformance({ backend: 'wasm' });
