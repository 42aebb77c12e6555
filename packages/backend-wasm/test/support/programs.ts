/** The one-op programs tensor-core sends, as direct backend calls for kernel tests (shared by every backend). */
export { binaryK, castK, clipK, unaryK, whereK } from '@nabla/test-kit/programs';
