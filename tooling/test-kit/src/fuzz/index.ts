export { RANDOM_SEED, fuzz, fuzzAsync } from './seeds.js';
export { byteMutation, mutateBytes, mutateText, textMutation, type ByteMutation, type TextMutation } from './mutations.js';
