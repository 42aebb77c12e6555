import '@nabla/backend-js';
import { runConformance } from '@nabla/backend-conformance';
runConformance({ backend: 'js' });
