// The fused LSTM cell kernels on Dawn (lavapipe here); the suite also runs in Chromium (test-browser).
import { acquireBackend } from './gpu.js';
import { describeLstmCell } from './lstm-cell-suite.js';

describeLstmCell(await acquireBackend());
