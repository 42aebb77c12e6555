export { default } from '@nabla/eslint-config';
